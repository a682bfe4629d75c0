#include "services/absent_rooms.hpp"

#include <gtest/gtest.h>

#include <string>

namespace lkm::services {
namespace {

constexpr std::int64_t kNow = 1'700'000'000;

TEST(AbsentRoomsTest, RemembersANameForTheRestOfItsSecondAndTheTtl) {
  FixedClock clock(kNow);
  AbsentRooms absent(clock, {.ttl_seconds = 1, .capacity = 16});
  EXPECT_FALSE(absent.known_absent("standup"));
  absent.remember("standup", absent.generation());
  EXPECT_TRUE(absent.known_absent("standup"));
  EXPECT_FALSE(absent.known_absent("standup-2")) << "names are told apart exactly";
  clock.set(kNow + 1);
  EXPECT_TRUE(absent.known_absent("standup"));
  clock.set(kNow + 2);
  EXPECT_FALSE(absent.known_absent("standup")) << "an entry lasts at most ttl + 1 s";
  clock.set(kNow - 1);
  EXPECT_FALSE(absent.known_absent("standup")) << "a clock set back does not stretch an entry";
}

TEST(AbsentRoomsTest, ForgettingANameDropsItAndEveryAnswerStillInFlight) {
  FixedClock clock(kNow);
  AbsentRooms absent(clock, {.ttl_seconds = 1, .capacity = 16});
  absent.remember("standup", absent.generation());
  const auto before = absent.generation();  // a lookup begins
  absent.forget("standup");                 // the room is created meanwhile
  EXPECT_FALSE(absent.known_absent("standup"));
  absent.remember("standup", before);  // the lookup's answer, from before the creation
  EXPECT_FALSE(absent.known_absent("standup")) << "a stale answer is never recorded";
  absent.remember("other", before);
  EXPECT_FALSE(absent.known_absent("other")) << "nor any answer begun before a creation";
  absent.remember("other", absent.generation());
  EXPECT_TRUE(absent.known_absent("other"));
}

TEST(AbsentRoomsTest, ForgettingAllDropsEveryNameAndEveryAnswerStillInFlight) {
  FixedClock clock(kNow);
  AbsentRooms absent(clock, {.ttl_seconds = 1, .capacity = 16});
  absent.remember("standup", absent.generation());
  absent.remember("retro", absent.generation());
  const auto before = absent.generation();
  absent.forget_all();  // a room was created under a name not known here
  EXPECT_FALSE(absent.known_absent("standup"));
  EXPECT_FALSE(absent.known_absent("retro"));
  absent.remember("standup", before);
  EXPECT_FALSE(absent.known_absent("standup"));
  EXPECT_EQ(absent.size(), 0U);
}

TEST(AbsentRoomsTest, AFloodOfDistinctNamesNeverOutgrowsTheCapacity) {
  FixedClock clock(kNow);
  AbsentRooms absent(clock, {.ttl_seconds = 1, .capacity = 64});
  for (int i = 0; i < 10'000; ++i) {
    absent.remember("flood-" + std::to_string(i), absent.generation());
    ASSERT_LE(absent.size(), 64U);
  }
  // Expired entries go first: a fresh one survives a full memory of old ones.
  AbsentRooms mixed(clock, {.ttl_seconds = 1, .capacity = 4});
  for (int i = 0; i < 3; ++i) mixed.remember("old-" + std::to_string(i), mixed.generation());
  clock.set(kNow + 5);
  mixed.remember("fresh", mixed.generation());
  mixed.remember("fresher", mixed.generation());
  EXPECT_EQ(mixed.size(), 2U) << "the expired names were dropped to make room";
  EXPECT_TRUE(mixed.known_absent("fresh"));
  EXPECT_TRUE(mixed.known_absent("fresher"));
}

TEST(AbsentRoomsTest, ATtlOfZeroRemembersNothing) {
  FixedClock clock(kNow);
  AbsentRooms absent(clock, {.ttl_seconds = 0, .capacity = 16});
  absent.remember("standup", absent.generation());
  EXPECT_FALSE(absent.known_absent("standup"));
  EXPECT_EQ(absent.size(), 0U);
}

}  // namespace
}  // namespace lkm::services
