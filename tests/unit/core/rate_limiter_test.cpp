#include "core/rate_limiter.hpp"

#include <gtest/gtest.h>

#include <string>

namespace lkm {
namespace {

TEST(RateLimiter, AllowsABurstThenRefusesWithTheWaitUntilTheNextToken) {
  RateLimiter limiter({5, 8, 100});
  for (int i = 0; i < 5; ++i) EXPECT_EQ(limiter.take("client", 1000), 0) << i;
  EXPECT_EQ(limiter.wait_seconds("client", 1000), 8);
  EXPECT_EQ(limiter.take("client", 1000), 8);
  EXPECT_EQ(limiter.wait_seconds("client", 1004), 4);
  EXPECT_EQ(limiter.wait_seconds("client", 1007), 1);
  EXPECT_EQ(limiter.wait_seconds("client", 1008), 0);
}

TEST(RateLimiter, WaitSecondsIsZeroForAnUnknownKeyAndTakesNothing) {
  RateLimiter limiter({2, 10, 100});
  EXPECT_EQ(limiter.wait_seconds("client", 0), 0);
  EXPECT_EQ(limiter.wait_seconds("client", 0), 0);
  EXPECT_EQ(limiter.wait_seconds("client", 0), 0);
  EXPECT_EQ(limiter.size(), 0U);
  EXPECT_EQ(limiter.take("client", 0), 0);
  EXPECT_EQ(limiter.take("client", 0), 0);
  EXPECT_GT(limiter.take("client", 0), 0);
}

TEST(RateLimiter, RefillsOneTokenPerRefillPeriod) {
  RateLimiter limiter({3, 8, 100});
  for (int i = 0; i < 3; ++i) ASSERT_EQ(limiter.take("client", 100), 0);
  EXPECT_EQ(limiter.take("client", 107), 1);
  EXPECT_EQ(limiter.take("client", 108), 0);
  EXPECT_EQ(limiter.take("client", 108), 8);
  // Two periods give two tokens, and no more than the burst ever accumulates.
  EXPECT_EQ(limiter.take("client", 124), 0);
  EXPECT_EQ(limiter.take("client", 124), 0);
  EXPECT_EQ(limiter.take("client", 124), 8);
  for (int i = 0; i < 3; ++i) EXPECT_EQ(limiter.take("client", 10'000), 0) << i;
  EXPECT_EQ(limiter.take("client", 10'000), 8);
}

TEST(RateLimiter, ARefusedTakeConsumesNothing) {
  RateLimiter limiter({1, 8, 100});
  ASSERT_EQ(limiter.take("client", 0), 0);
  for (int i = 1; i < 8; ++i) EXPECT_EQ(limiter.take("client", i), 8 - i) << i;
  EXPECT_EQ(limiter.take("client", 8), 0);
}

TEST(RateLimiter, KeysHaveTheirOwnBuckets) {
  RateLimiter limiter({2, 60, 100});
  ASSERT_EQ(limiter.take("a", 0), 0);
  ASSERT_EQ(limiter.take("a", 0), 0);
  EXPECT_GT(limiter.take("a", 0), 0);
  EXPECT_EQ(limiter.wait_seconds("b", 0), 0);
  EXPECT_EQ(limiter.take("b", 0), 0);
  EXPECT_EQ(limiter.take("b", 0), 0);
  EXPECT_GT(limiter.take("b", 0), 0);
  EXPECT_EQ(limiter.take("a\nroom", 0), 0);
  EXPECT_EQ(limiter.size(), 3U);
}

TEST(RateLimiter, HoldsNoMoreThanMaxKeys) {
  RateLimiter limiter({5, 12, 8});
  for (int i = 0; i < 200; ++i) {
    (void)limiter.take("client-" + std::to_string(i), 1000 + i / 10);
    EXPECT_LE(limiter.size(), 8U) << i;
  }
  EXPECT_GT(limiter.size(), 0U);
}

TEST(RateLimiter, ForgetsFullBucketsBeforeLimitedOnes) {
  RateLimiter limiter({5, 8, 3});
  ASSERT_EQ(limiter.take("idle", 0), 0);  // full again from t = 8
  for (int i = 0; i < 5; ++i) ASSERT_EQ(limiter.take("attacker", 50), 0);
  ASSERT_EQ(limiter.take("other", 51), 0);
  ASSERT_EQ(limiter.size(), 3U);
  ASSERT_EQ(limiter.take("newcomer", 52), 0);
  EXPECT_LE(limiter.size(), 3U);
  // The drained bucket is still known, so the limit still holds.
  EXPECT_EQ(limiter.wait_seconds("attacker", 52), 6);
  EXPECT_EQ(limiter.take("attacker", 52), 6);
}

}  // namespace
}  // namespace lkm
