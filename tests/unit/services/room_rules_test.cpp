#include "services/room_rules.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "../store/store_fixture.hpp"
#include "auth/password_hash.hpp"
#include "core/clock.hpp"
#include "store/sqlite_store.hpp"

namespace lkm::services {
namespace {

constexpr std::int64_t kNow = 1'800'000'000;

// Few iterations: the gate reads them from the hash, and the tests stay fast.
const std::string& passcode_hash() {
  static const std::string kHash = auth::hash_password("1234", "salt-one", 1000);
  return kHash;
}

store::HostedRoom room_with_passcode(const std::string& name) {
  store::HostedRoom room;
  room.name = name;
  room.passcode_hash = passcode_hash();
  return room;
}

std::optional<ErrorCode> refusal(const std::optional<Error>& error) {
  if (!error) return std::nullopt;
  return error->code;
}

// is_hosted_room_name

TEST(HostedRoomName, AllowsUnreservedUrlCharactersUpTo128) {
  for (const std::string& name :
       {std::string("a"), std::string("Team-Sync_2.0~x"), std::string("a."), std::string("a..b"),
        std::string("~"), std::string(128, 'z')}) {
    EXPECT_TRUE(is_hosted_room_name(name)) << name;
  }
}

TEST(HostedRoomName, RefusesEmptyTooLongLeadingDotAndOtherCharacters) {
  for (const std::string& name :
       {std::string(), std::string(129, 'z'), std::string("."), std::string(".a"),
        std::string(".."), std::string("a b"), std::string("a/b"), std::string("a%2Fb"),
        std::string("a?b"), std::string("a#b"), std::string("a+b"), std::string("a:b"),
        std::string("café"), std::string("a\nb"), std::string("a\0b", 3)}) {
    EXPECT_FALSE(is_hosted_room_name(name)) << name;
  }
}

// PasscodeGate, its guesses counted in a SQLite store

class PasscodeGateTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = store::SqliteStore::open(dir_.path() / "meetings.db", clock_);
    ASSERT_TRUE(opened.ok()) << opened.error().message;
    store_ = std::move(opened).value();
  }
  std::optional<Error> check(const store::HostedRoom& room,
                             const std::optional<std::string>& passcode, std::string_view client,
                             std::int64_t now = kNow) {
    return gate_.check(*store_, room, passcode, client, now);
  }

  store::testing::TempDir dir_;
  FixedClock clock_{kNow};
  std::unique_ptr<store::SqliteStore> store_;
  PasscodeGate gate_;
};

TEST_F(PasscodeGateTest, LetsAnyoneIntoARoomWithoutAPasscode) {
  store::HostedRoom room;
  room.name = "open-room";
  EXPECT_EQ(refusal(check(room, std::nullopt, "10.0.0.1")), std::nullopt);
  EXPECT_EQ(refusal(check(room, "anything", "10.0.0.1")), std::nullopt);
}

TEST_F(PasscodeGateTest, AsksForAMissingPasscodeAndRefusesAWrongOne) {
  const auto room = room_with_passcode("standup");
  EXPECT_EQ(refusal(check(room, std::nullopt, "10.0.0.1")), ErrorCode::passcode_required);
  EXPECT_EQ(refusal(check(room, "", "10.0.0.1")), ErrorCode::passcode_required);
  EXPECT_EQ(refusal(check(room, "4321", "10.0.0.1")), ErrorCode::passcode_invalid);
  EXPECT_EQ(refusal(check(room, "12345", "10.0.0.2")), ErrorCode::passcode_invalid);
  EXPECT_EQ(refusal(check(room, std::string(kMaxPasscodeBytes + 1, '1'), "10.0.0.3")),
            ErrorCode::passcode_invalid);
}

TEST_F(PasscodeGateTest, LetsTheRightPasscodeIn) {
  const auto room = room_with_passcode("standup");
  EXPECT_EQ(refusal(check(room, "1234", "10.0.0.1")), std::nullopt);
  EXPECT_EQ(refusal(check(room, "1234", "10.0.0.2")), std::nullopt);
  EXPECT_EQ(refusal(check(room, "4321", "10.0.0.1")), ErrorCode::passcode_invalid);
}

TEST_F(PasscodeGateTest, ForgetsARightPasscodeWhenTheRoomsHashChanges) {
  auto room = room_with_passcode("standup");
  ASSERT_EQ(refusal(check(room, "1234", "10.0.0.1")), std::nullopt);
  room.passcode_hash = auth::hash_password("5678", "salt-two", 1000);
  EXPECT_EQ(refusal(check(room, "1234", "10.0.0.1")), ErrorCode::passcode_invalid);
  EXPECT_EQ(refusal(check(room, "5678", "10.0.0.1")), std::nullopt);
}

TEST_F(PasscodeGateTest, GivesAClientFiveTriesThenBlocksEvenTheRightPasscode) {
  const auto room = room_with_passcode("standup");
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(refusal(check(room, "wrong", "10.0.0.1")), ErrorCode::passcode_invalid) << i;
  }
  const auto limited = check(room, "1234", "10.0.0.1");
  ASSERT_TRUE(limited);
  EXPECT_EQ(limited->code, ErrorCode::too_many_requests);
  EXPECT_EQ(limited->retry_after_seconds, 1);
  EXPECT_NE(limited->message.find(std::to_string(limited->retry_after_seconds)), std::string::npos)
      << limited->message;
  EXPECT_EQ(refusal(check(room, std::nullopt, "10.0.0.1")), ErrorCode::passcode_required);
  // The client is blocked in every room, not only this one.
  EXPECT_EQ(refusal(check(room_with_passcode("retro"), "1234", "10.0.0.1")),
            ErrorCode::too_many_requests);
  // Another client is not.
  EXPECT_EQ(refusal(check(room, "1234", "10.0.0.2")), std::nullopt);
}

TEST_F(PasscodeGateTest, DoublesTheWaitWithEveryFurtherFailure) {
  const auto room = room_with_passcode("standup");
  std::int64_t now = kNow;
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(check(room, "wrong", "10.0.0.1", now));
  for (const std::int64_t expected : {1, 2, 4, 8, 16}) {
    const auto limited = check(room, "wrong", "10.0.0.1", now);
    ASSERT_TRUE(limited);
    ASSERT_EQ(limited->code, ErrorCode::too_many_requests);
    EXPECT_EQ(limited->retry_after_seconds, expected);
    now += expected;
    EXPECT_EQ(refusal(check(room, "wrong", "10.0.0.1", now)), ErrorCode::passcode_invalid);
  }
}

TEST_F(PasscodeGateTest, DoesNotCountMissingOrRememberedRightPasscodes) {
  const auto room = room_with_passcode("standup");
  for (int i = 0; i < 10; ++i) {
    EXPECT_EQ(refusal(check(room, std::nullopt, "10.0.0.1")), ErrorCode::passcode_required) << i;
  }
  for (int i = 0; i < 10; ++i) {
    EXPECT_EQ(refusal(check(room, "1234", "10.0.0.1")), std::nullopt) << i;
  }
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(check(room, "wrong", "10.0.0.1"));
  // A passcode that was right on this instance is let in without a guess being counted.
  EXPECT_EQ(refusal(check(room, "1234", "10.0.0.2")), std::nullopt);
}

TEST_F(PasscodeGateTest, ClosesARoomToGuessesFromAllClientsTogether) {
  const auto room = room_with_passcode("standup");
  for (int i = 0; i < 20; ++i) {
    const std::string client = "10.0.1." + std::to_string(i);
    EXPECT_EQ(refusal(check(room, "wrong", client)), ErrorCode::passcode_invalid) << i;
  }
  const auto limited = check(room, "1234", "10.0.2.1");
  ASSERT_TRUE(limited);
  EXPECT_EQ(limited->code, ErrorCode::too_many_requests);
  // Another room is not affected.
  EXPECT_EQ(refusal(check(room_with_passcode("retro"), "1234", "10.0.2.1")), std::nullopt);
}

// decide_join over a SQLite store

class DecideJoin : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = store::SqliteStore::open(dir_.path() / "meetings.db", clock_);
    ASSERT_TRUE(opened.ok()) << opened.error().message;
    store_ = std::move(opened).value();
  }

  void create(const std::string& name, const std::string& passcode_hash_value, bool waiting_room,
              bool locked, const std::string& host_hash) {
    store::HostedRoom room;
    room.name = name;
    room.passcode_hash = passcode_hash_value;
    room.waiting_room = waiting_room;
    room.locked = locked;
    room.created_at = kNow;
    room.last_used_at = kNow;
    auto created = store_->create_room(room, host_hash, 0);
    ASSERT_TRUE(created.ok()) << created.error().message;
    ASSERT_TRUE(*created);
  }

  Result<JoinDecision, Error> join(const std::string& room,
                                   const std::optional<std::string>& passcode = std::nullopt,
                                   const std::optional<std::string>& host_hash = std::nullopt,
                                   RoomCreation creation = RoomCreation::open) {
    const JoinContext context{*store_, gate_, creation, "10.0.0.1", now_, kRetention};
    return decide_join(context, room, passcode, host_hash);
  }

  static std::optional<JoinDecision::Kind> kind(const Result<JoinDecision, Error>& decision) {
    if (!decision) return std::nullopt;
    return decision->kind;
  }
  static std::optional<ErrorCode> error(const Result<JoinDecision, Error>& decision) {
    if (decision) return std::nullopt;
    return decision.error().code;
  }

  static constexpr std::int64_t kRetention = 86400;
  std::int64_t now_ = kNow;
  store::testing::TempDir dir_;
  FixedClock clock_{kNow};
  std::unique_ptr<store::SqliteStore> store_;
  PasscodeGate gate_;
};

TEST_F(DecideJoin, TreatsARoomUnusedPastTheRetentionAsForgotten) {
  create("standup", passcode_hash(), false, false, "host-hash");
  now_ = kNow + kRetention - 10;
  EXPECT_EQ(error(join("standup")), ErrorCode::passcode_required);
  // Joining keeps it in use.
  EXPECT_EQ(kind(join("standup", std::nullopt, "host-hash")), JoinDecision::Kind::host);
  now_ += kRetention - 10;
  EXPECT_EQ(error(join("standup")), ErrorCode::passcode_required);
  now_ += kRetention + 1;
  EXPECT_EQ(kind(join("standup")), JoinDecision::Kind::open);
  EXPECT_EQ(error(join("standup", std::nullopt, std::nullopt, RoomCreation::organizers)),
            ErrorCode::room_not_found);
}

TEST_F(DecideJoin, LeavesARoomWithoutAHostOpen) {
  EXPECT_EQ(kind(join("standup")), JoinDecision::Kind::open);
  EXPECT_EQ(kind(join("standup", "1234", "host-hash")), JoinDecision::Kind::open);
}

TEST_F(DecideJoin, RefusesARoomWithoutAHostWhenOnlyOrganizersCreateRooms) {
  const auto decision = join("standup", std::nullopt, std::nullopt, RoomCreation::organizers);
  EXPECT_EQ(error(decision), ErrorCode::room_not_found);
  create("planning", "", false, false, "host-hash");
  EXPECT_EQ(kind(join("planning", std::nullopt, std::nullopt, RoomCreation::organizers)),
            JoinDecision::Kind::guest);
}

TEST_F(DecideJoin, MakesAGuestOfAnyoneInAPlainHostedRoom) {
  create("standup", "", false, false, "host-hash");
  EXPECT_EQ(kind(join("standup")), JoinDecision::Kind::guest);
  EXPECT_EQ(kind(join("standup", std::nullopt, "not-a-host")), JoinDecision::Kind::guest);
}

TEST_F(DecideJoin, MakesTheHostAHostWhateverTheRoomsSettings) {
  create("standup", passcode_hash(), true, true, "host-hash");
  EXPECT_EQ(kind(join("standup", std::nullopt, "host-hash")), JoinDecision::Kind::host);
  EXPECT_EQ(kind(join("standup", "wrong", "host-hash")), JoinDecision::Kind::host);
  create("plain", "", false, false, "plain-host-hash");
  EXPECT_EQ(kind(join("plain", std::nullopt, "plain-host-hash")), JoinDecision::Kind::host);
}

TEST_F(DecideJoin, TreatsTheHostOfAnotherRoomAsAGuest) {
  create("standup", "", false, true, "host-hash");
  create("retro", "", false, false, "retro-host-hash");
  EXPECT_EQ(error(join("standup", std::nullopt, "retro-host-hash")), ErrorCode::room_locked);
  EXPECT_EQ(kind(join("retro", std::nullopt, "host-hash")), JoinDecision::Kind::guest);
}

TEST_F(DecideJoin, RefusesGuestsOfALockedRoomBeforeAskingForThePasscode) {
  create("standup", passcode_hash(), false, true, "host-hash");
  EXPECT_EQ(error(join("standup")), ErrorCode::room_locked);
  EXPECT_EQ(error(join("standup", "1234")), ErrorCode::room_locked);
  ASSERT_TRUE(*store_->set_locked("standup", false));
  EXPECT_EQ(kind(join("standup", "1234")), JoinDecision::Kind::guest);
}

TEST_F(DecideJoin, ChecksThePasscodeOfGuests) {
  create("standup", passcode_hash(), false, false, "host-hash");
  EXPECT_EQ(error(join("standup")), ErrorCode::passcode_required);
  EXPECT_EQ(error(join("standup", "4321")), ErrorCode::passcode_invalid);
  EXPECT_EQ(kind(join("standup", "1234")), JoinDecision::Kind::guest);
}

TEST_F(DecideJoin, SendsGuestsOfAWaitingRoomToWait) {
  create("standup", "", true, false, "host-hash");
  EXPECT_EQ(kind(join("standup")), JoinDecision::Kind::wait);
  create("retro", passcode_hash(), true, false, "retro-host-hash");
  EXPECT_EQ(error(join("retro")), ErrorCode::passcode_required);
  EXPECT_EQ(kind(join("retro", "1234")), JoinDecision::Kind::wait);
}

TEST_F(DecideJoin, DoesNotLookUpNamesThatCannotHaveAHost) {
  // The store itself holds any name; decide_join must not consult it for these.
  create("a b", "", false, true, "host-hash");
  create(".hidden", "", false, true, "hidden-host-hash");
  EXPECT_EQ(kind(join("a b")), JoinDecision::Kind::open);
  EXPECT_EQ(kind(join(".hidden", std::nullopt, "hidden-host-hash")), JoinDecision::Kind::open);
  EXPECT_EQ(error(join("a b", std::nullopt, std::nullopt, RoomCreation::organizers)),
            ErrorCode::room_not_found);
}

TEST(FromStoreError, MapsInvalidInputTo400AndEverythingElseTo503) {
  EXPECT_EQ(from_access_store({store::StoreError::Code::invalid, "NUL in a name"}).code,
            ErrorCode::bad_request);
  EXPECT_EQ(from_access_store({store::StoreError::Code::full, "disk full"}).code,
            ErrorCode::store_unavailable);
  EXPECT_EQ(from_access_store({store::StoreError::Code::corrupt, "damaged"}).code,
            ErrorCode::store_unavailable);
  EXPECT_EQ(from_access_store({store::StoreError::Code::unavailable, "down"}).code,
            ErrorCode::store_unavailable);
}

}  // namespace
}  // namespace lkm::services
