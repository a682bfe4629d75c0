#include "core/attempt_limiter.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

namespace lkm {
namespace {

constexpr AttemptPolicy kPolicy{4, 1, 60, 3600};
constexpr std::int64_t kNow = 1'800'000'000;

TEST(BlockSeconds, IsZeroUpToTheFreeAttemptsThenDoublesUpToTheCap) {
  EXPECT_EQ(block_seconds(kPolicy, 0), 0);
  EXPECT_EQ(block_seconds(kPolicy, 4), 0);
  EXPECT_EQ(block_seconds(kPolicy, 5), 1);
  EXPECT_EQ(block_seconds(kPolicy, 6), 2);
  EXPECT_EQ(block_seconds(kPolicy, 10), 32);
  EXPECT_EQ(block_seconds(kPolicy, 11), 60);
  EXPECT_EQ(block_seconds(kPolicy, 1'000'000), 60);
}

TEST(AttemptLimiter, LetsTheFreeAttemptsThroughThenBlocksForLongerAndLonger) {
  AttemptLimiter limiter(kPolicy, 100);
  for (int i = 0; i < 5; ++i) EXPECT_EQ(limiter.take("c", kNow), 0) << i;
  EXPECT_EQ(limiter.take("c", kNow), 1);
  EXPECT_EQ(limiter.take("c", kNow + 1), 0);
  EXPECT_EQ(limiter.take("c", kNow + 1), 2);
  EXPECT_EQ(limiter.take("c", kNow + 2), 1);  // a blocked attempt counts nothing
  EXPECT_EQ(limiter.take("c", kNow + 3), 0);
  EXPECT_EQ(limiter.take("c", kNow + 3), 4);
  EXPECT_EQ(limiter.take("other", kNow + 3), 0);
}

TEST(AttemptLimiter, ForgivesARightGuessAndTheBlockItWouldHaveCaused) {
  AttemptLimiter limiter(kPolicy, 100);
  for (int i = 0; i < 100; ++i) {
    ASSERT_EQ(limiter.take("c", kNow), 0) << i;
    limiter.forgive("c");
  }
  for (int i = 0; i < 5; ++i) ASSERT_EQ(limiter.take("c", kNow), 0);
  limiter.forgive("c");
  // Four failures stay counted: the next attempt goes ahead, the one after waits.
  EXPECT_EQ(limiter.take("c", kNow), 0);
  EXPECT_EQ(limiter.take("c", kNow), 1);
}

TEST(AttemptLimiter, StartsAgainAfterAQuietHour) {
  AttemptLimiter limiter(kPolicy, 100);
  for (int i = 0; i < 5; ++i) ASSERT_EQ(limiter.take("c", kNow), 0);
  const std::int64_t later = kNow + 3601;
  for (int i = 0; i < 5; ++i) EXPECT_EQ(limiter.take("c", later), 0) << i;
  EXPECT_EQ(limiter.take("c", later), 1);
}

TEST(AttemptLimiter, CountsConcurrentAttemptsExactly) {
  AttemptLimiter limiter(kPolicy, 100);
  std::atomic<int> through{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 50; ++i) {
        if (limiter.take("c", kNow) == 0) through.fetch_add(1);
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(through.load(), 5);
}

TEST(AttemptLimiter, HoldsAtMostMaxKeysAndKeepsBlockedClientsFirst) {
  AttemptLimiter limiter(kPolicy, 10);
  for (int i = 0; i < 5; ++i) ASSERT_EQ(limiter.take("blocked", kNow), 0);
  for (int i = 0; i < 100; ++i) (void)limiter.take("c" + std::to_string(i), kNow);
  EXPECT_LE(limiter.size(), 10U);
  EXPECT_EQ(limiter.take("blocked", kNow), 1);
}

}  // namespace
}  // namespace lkm
