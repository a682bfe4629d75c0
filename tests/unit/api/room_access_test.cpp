#include "api/room_access.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "../store/store_fixture.hpp"
#include "auth/password_hash.hpp"
#include "core/clock.hpp"
#include "store/sqlite_store.hpp"

namespace lkm::api {
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

std::optional<ErrorCode> refusal(const std::optional<ApiError>& error) {
  if (!error) return std::nullopt;
  return error->code;
}

// parse_room_request

TEST(RoomRequest, ReadsEveryField) {
  const auto request =
      parse_room_request(R"({"name":"team-sync","passcode":"p4ss word","waitingRoom":true,)"
                         R"("listed":true})");
  ASSERT_TRUE(request) << request.error().message;
  EXPECT_EQ(request->name, "team-sync");
  EXPECT_EQ(request->passcode, "p4ss word");
  EXPECT_TRUE(request->waiting_room);
  EXPECT_TRUE(request->listed);
}

TEST(RoomRequest, TreatsAnEmptyBodyAnEmptyObjectAndNullsAsNoSettings) {
  for (const char* body :
       {"", "{}", R"({"name":null,"passcode":null})", R"({"waitingRoom":false})"}) {
    const auto request = parse_room_request(body);
    ASSERT_TRUE(request) << body << ": " << request.error().message;
    EXPECT_EQ(request->name, std::nullopt) << body;
    EXPECT_EQ(request->passcode, std::nullopt) << body;
    EXPECT_FALSE(request->waiting_room) << body;
    EXPECT_FALSE(request->listed) << body;
  }
}

TEST(RoomRequest, AcceptsTheLimitsOfNamesAndPasscodes) {
  const std::string longest_name(128, 'n');
  const std::string longest_passcode(kMaxPasscodeBytes, 'p');
  const auto request = parse_room_request(R"({"name":")" + longest_name + R"(","passcode":")" +
                                          longest_passcode + R"("})");
  ASSERT_TRUE(request) << request.error().message;
  EXPECT_EQ(request->name, longest_name);
  EXPECT_EQ(request->passcode, longest_passcode);
  const auto shortest = parse_room_request(R"({"name":"a","passcode":"abcdef"})");
  ASSERT_TRUE(shortest) << shortest.error().message;
  EXPECT_EQ(shortest->passcode, "abcdef");
  const auto unicode = parse_room_request(R"({"name":"A.b_c~d-9","passcode":"pässwörd"})");
  ASSERT_TRUE(unicode) << unicode.error().message;
  EXPECT_EQ(unicode->name, "A.b_c~d-9");
  EXPECT_EQ(unicode->passcode, "pässwörd");
}

TEST(RoomRequest, RefusesABodyThatIsNotAJsonObject) {
  for (const char* body :
       {"{", "not json", R"({"name":"a",})", "[]", R"("team")", "1", "null", "true"}) {
    const auto request = parse_room_request(body);
    ASSERT_FALSE(request) << body;
    EXPECT_EQ(request.error().code, ErrorCode::bad_request) << body;
  }
}

TEST(RoomRequest, RefusesBadNames) {
  const std::vector<std::string> bodies = {
      R"({"name":""})",     R"({"name":"a b"})",
      R"({"name":"a/b"})",  R"({"name":"a%20b"})",
      R"({"name":"a?b"})",  R"({"name":".hidden"})",
      R"({"name":".."})",   R"({"name":"café"})",
      R"({"name":"a\nb"})", R"({"name":")" + std::string(129, 'n') + R"("})",
      R"({"name":5})",      R"({"name":true})",
      R"({"name":["a"]})",
  };
  for (const auto& body : bodies) {
    const auto request = parse_room_request(body);
    ASSERT_FALSE(request) << body;
    EXPECT_EQ(request.error().code, ErrorCode::bad_request) << body;
    EXPECT_NE(request.error().message.find("name"), std::string::npos) << body;
  }
}

TEST(RoomRequest, RefusesBadPasscodes) {
  const std::vector<std::string> bodies = {
      R"({"passcode":""})",
      R"({"passcode":"123"})",
      R"({"passcode":"12345"})",
      R"({"passcode":")" + std::string(kMaxPasscodeBytes + 1, 'p') + R"("})",
      R"({"passcode":"12\n34"})",
      R"({"passcode":"12\t34"})",
      R"({"passcode":"\u0000abcd"})",
      R"({"passcode":"abc\u007fd"})",
      R"({"passcode":"abc\u0085d"})",
      R"({"passcode":1234})",
      R"({"passcode":true})",
      R"({"passcode":{}})",
  };
  for (const auto& body : bodies) {
    const auto request = parse_room_request(body);
    ASSERT_FALSE(request) << body;
    EXPECT_EQ(request.error().code, ErrorCode::bad_request) << body;
    EXPECT_NE(request.error().message.find("passcode"), std::string::npos) << body;
  }
}

TEST(RoomRequest, RefusesAListedThatIsNotABoolean) {
  for (const char* body : {R"({"listed":"yes"})", R"({"listed":1})", R"({"listed":null})"}) {
    const auto request = parse_room_request(body);
    ASSERT_FALSE(request) << body;
    EXPECT_NE(request.error().message.find("listed"), std::string::npos) << body;
  }
}

TEST(RoomRequest, RefusesAWaitingRoomThatIsNotABoolean) {
  for (const char* body : {R"({"waitingRoom":"yes"})", R"({"waitingRoom":1})",
                           R"({"waitingRoom":null})", R"({"waitingRoom":"true"})"}) {
    const auto request = parse_room_request(body);
    ASSERT_FALSE(request) << body;
    EXPECT_EQ(request.error().code, ErrorCode::bad_request) << body;
    EXPECT_NE(request.error().message.find("waitingRoom"), std::string::npos) << body;
  }
}

TEST(RoomRequest, RefusesUnknownFields) {
  for (const char* body :
       {R"({"title":"x"})", R"({"name":"a","waiting_room":true})", R"({"Name":"a"})"}) {
    const auto request = parse_room_request(body);
    ASSERT_FALSE(request) << body;
    EXPECT_EQ(request.error().code, ErrorCode::bad_request) << body;
    EXPECT_NE(request.error().message.find("Unknown field"), std::string::npos) << body;
  }
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

// room_info_json

TEST(RoomInfoJson, DescribesARoomWithoutAHost) {
  EXPECT_EQ(room_info_json("standup", std::nullopt, false),
            R"({"name":"standup","hosted":false,"passcode":false,"waitingRoom":false,)"
            R"("locked":false,"listed":false,"isHost":false})");
  // Nobody hosts a room that has no host.
  EXPECT_EQ(room_info_json("standup", std::nullopt, true),
            R"({"name":"standup","hosted":false,"passcode":false,"waitingRoom":false,)"
            R"("locked":false,"listed":false,"isHost":false})");
}

TEST(RoomInfoJson, DescribesAHostedRoomWithoutItsPasscodeHash) {
  store::HostedRoom room;
  room.name = "standup";
  EXPECT_EQ(room_info_json("standup", room, false),
            R"({"name":"standup","hosted":true,"passcode":false,"waitingRoom":false,)"
            R"("locked":false,"listed":false,"isHost":false})");
  room.passcode_hash = "pbkdf2-sha256$1$salt$secret-hash";
  room.waiting_room = true;
  room.locked = true;
  const std::string json = room_info_json("standup", room, true);
  EXPECT_EQ(json, R"({"name":"standup","hosted":true,"passcode":true,"waitingRoom":true,)"
                  R"("locked":true,"listed":false,"isHost":true})");
  EXPECT_EQ(json.find("secret-hash"), std::string::npos);
}

TEST(RoomInfoJson, EscapesTheName) {
  EXPECT_EQ(room_info_json("a\"b\\c", std::nullopt, false),
            R"({"name":"a\"b\\c","hosted":false,"passcode":false,"waitingRoom":false,)"
            R"("locked":false,"listed":false,"isHost":false})");
}

// PasscodeGate, its guesses counted in a SQLite store

class PasscodeGateTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = store::SqliteStore::open(dir_.path() / "meetings.db", clock_);
    ASSERT_TRUE(opened.ok()) << opened.error().message;
    store_ = std::move(opened).value();
  }
  std::optional<ApiError> check(const store::HostedRoom& room,
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

  Result<JoinDecision, ApiError> join(const std::string& room,
                                      const std::optional<std::string>& passcode = std::nullopt,
                                      const std::optional<std::string>& host_hash = std::nullopt,
                                      RoomCreation creation = RoomCreation::open) {
    const JoinContext context{*store_, gate_, creation, "10.0.0.1", now_, kRetention};
    return decide_join(context, room, passcode, host_hash);
  }

  static std::optional<JoinDecision::Kind> kind(const Result<JoinDecision, ApiError>& decision) {
    if (!decision) return std::nullopt;
    return decision->kind;
  }
  static std::optional<ErrorCode> error(const Result<JoinDecision, ApiError>& decision) {
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
            ErrorCode::unavailable);
  EXPECT_EQ(from_access_store({store::StoreError::Code::corrupt, "damaged"}).code,
            ErrorCode::unavailable);
  EXPECT_EQ(from_access_store({store::StoreError::Code::unavailable, "down"}).code,
            ErrorCode::unavailable);
}

// waiting_json

TEST(WaitingJson, ListsTicketNameAndWaitingSinceOfEachGuest) {
  EXPECT_EQ(waiting_json({}), R"({"waiting":[]})");
  store::WaitingTicket first{"t1", "standup", "Ada",       "ab12", store::TicketStatus::waiting,
                             100,  150,       std::nullopt};
  store::WaitingTicket second{"t2", "standup", "Zoë \"Z\"", "cd34", store::TicketStatus::waiting,
                              120,  160,       std::nullopt};
  EXPECT_EQ(waiting_json({first, second}),
            R"({"waiting":[{"ticket":"t1","participantName":"Ada","since":100},)"
            R"({"ticket":"t2","participantName":"Zoë \"Z\"","since":120}]})");
}

TEST(WaitingJson, IsWhatAWaitingGuestSees) {
  EXPECT_EQ(kWaitingJson, R"({"status":"waiting"})");
  EXPECT_EQ(kWaitingGuestTimeoutSeconds, 60);
  EXPECT_EQ(kRoleAttribute, "role");
}

}  // namespace
}  // namespace lkm::api
