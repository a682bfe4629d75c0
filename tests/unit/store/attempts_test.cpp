// The rules of take_attempt (store/attempts.hpp), without a database.
#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <optional>

#include "store/access.hpp"
#include "store/attempts.hpp"

namespace lkm::store::attempts {
namespace {

constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();

TEST(AttemptBlock, DoublesFromTheBaseUpToTheMaximum) {
  const AttemptPolicy policy{20, 3, 900, 3600};
  EXPECT_EQ(block_seconds(0, policy), 3);
  EXPECT_EQ(block_seconds(1, policy), 6);
  EXPECT_EQ(block_seconds(8, policy), 768);
  EXPECT_EQ(block_seconds(9, policy), 900);
  EXPECT_EQ(block_seconds(62, policy), 900);
  EXPECT_EQ(block_seconds(kMax, policy), 900);
}

TEST(AttemptBlock, NeverOverflowsWhateverThePolicy) {
  const AttemptPolicy unbounded{0, 1, kMax, 3600};
  EXPECT_EQ(block_seconds(62, unbounded), std::int64_t{1} << 62);
  EXPECT_EQ(block_seconds(63, unbounded), kMax);
  EXPECT_EQ(block_seconds(1000, unbounded), kMax);
  const AttemptPolicy huge_base{0, kMax, kMax, 3600};
  EXPECT_EQ(block_seconds(5, huge_base), kMax);
  const AttemptPolicy base_over_max{0, 50, 10, 3600};
  EXPECT_EQ(block_seconds(0, base_over_max), 10);
  const AttemptPolicy nonsense{0, -5, -1, 3600};
  EXPECT_EQ(block_seconds(3, nonsense), 0);
}

TEST(NextAttempt, ABlockedScopeCountsNothing) {
  const AttemptPolicy policy{2, 10, 100, 60};
  const Counter blocked{3, 1010, 1000};
  const Step step = next_attempt(blocked, 1004, policy);
  EXPECT_EQ(step.seconds_left, 6);
  EXPECT_EQ(step.counter, blocked);
}

TEST(NextAttempt, TheFirstAttemptOverTheLimitIsCheckedAndSetsTheBlock) {
  const AttemptPolicy policy{2, 10, 100, 60};
  Step step = next_attempt(std::nullopt, 1000, policy);
  EXPECT_EQ(step.seconds_left, 0);
  EXPECT_EQ(step.counter, (Counter{1, 0, 1000}));
  step = next_attempt(step.counter, 1001, policy);
  EXPECT_EQ(step.counter, (Counter{2, 0, 1001}));
  step = next_attempt(step.counter, 1002, policy);
  EXPECT_EQ(step.seconds_left, 0);
  EXPECT_EQ(step.counter, (Counter{3, 1012, 1002}));
}

TEST(NextAttempt, ACounterIdleForLongerThanForgetAfterStartsAgain) {
  const AttemptPolicy policy{2, 10, 100, 60};
  EXPECT_EQ(next_attempt(Counter{9, 1050, 1000}, 1060, policy).counter,
            (Counter{10, 1060 + 100, 1060}));
  EXPECT_EQ(next_attempt(Counter{9, 1050, 1000}, 1061, policy).counter, (Counter{1, 0, 1061}));
}

}  // namespace
}  // namespace lkm::store::attempts
