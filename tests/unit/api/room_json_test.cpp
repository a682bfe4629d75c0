#include "api/room_json.hpp"

#include <gtest/gtest.h>

#include <string>

#include "services/room_rules.hpp"

namespace lkm::api {
namespace {

using services::kMaxPasscodeBytes;
using services::kRoleAttribute;
using services::kWaitingGuestTimeoutSeconds;

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

TEST(RoomRequest, RefusesTheConnectionTestsRoomNames) {
  for (const char* body : {R"({"name":"lkm-connection-test-"})",
                           R"({"name":"lkm-connection-test-abcdefghijklmnop"})"}) {
    const auto request = parse_room_request(body);
    ASSERT_FALSE(request) << body;
    EXPECT_EQ(request.error().code, ErrorCode::bad_request) << body;
    EXPECT_EQ(request.error().message,
              "name: room names starting with lkm-connection-test- are reserved for the "
              "connection test");
  }
  EXPECT_TRUE(parse_room_request(R"({"name":"lkm-connection-test"})"));
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

// room_info_json

TEST(RoomInfoJson, DescribesARoomWithoutAHost) {
  EXPECT_EQ(room_info_json("standup", std::nullopt, false),
            R"({"name":"standup","hosted":false,"passcode":false,"waitingRoom":false,)"
            R"("locked":false,"listed":false,"isHost":false,"isCohost":false})");
  // Nobody hosts a room that has no host.
  EXPECT_EQ(room_info_json("standup", std::nullopt, true),
            R"({"name":"standup","hosted":false,"passcode":false,"waitingRoom":false,)"
            R"("locked":false,"listed":false,"isHost":false,"isCohost":false})");
}

TEST(RoomInfoJson, DescribesAHostedRoomWithoutItsPasscodeHash) {
  store::HostedRoom room;
  room.name = "standup";
  EXPECT_EQ(room_info_json("standup", room, false),
            R"({"name":"standup","hosted":true,"passcode":false,"waitingRoom":false,)"
            R"("locked":false,"listed":false,"isHost":false,"isCohost":false})");
  room.passcode_hash = "pbkdf2-sha256$1$salt$secret-hash";
  room.waiting_room = true;
  room.locked = true;
  const std::string json = room_info_json("standup", room, true);
  EXPECT_EQ(json, R"({"name":"standup","hosted":true,"passcode":true,"waitingRoom":true,)"
                  R"("locked":true,"listed":false,"isHost":true,"isCohost":false})");
  EXPECT_EQ(json.find("secret-hash"), std::string::npos);
  EXPECT_EQ(room_info_json("standup", room, true, true),
            R"({"name":"standup","hosted":true,"passcode":true,"waitingRoom":true,)"
            R"("locked":true,"listed":false,"isHost":true,"isCohost":true})");
  EXPECT_EQ(room_info_json("standup", std::nullopt, true, true).find(R"("isCohost":true)"),
            std::string::npos)
      << "nobody co-hosts a room that has no host";
}

TEST(RoomInfoJson, EscapesTheName) {
  EXPECT_EQ(room_info_json("a\"b\\c", std::nullopt, false),
            R"({"name":"a\"b\\c","hosted":false,"passcode":false,"waitingRoom":false,)"
            R"("locked":false,"listed":false,"isHost":false,"isCohost":false})");
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
