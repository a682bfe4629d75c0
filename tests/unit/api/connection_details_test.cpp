#include "api/connection_details.hpp"

#include <gtest/gtest.h>

#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "auth/token_verifier.hpp"

namespace lkm::api {
namespace {

constexpr std::int64_t kNow = 1'800'000'000;

const MeetCredentials kCreds{"wss://lk.example.com", "APIkey",
                             Secret("a-secret-long-enough-for-livekit-000000")};

std::string fixed_random(std::size_t length) {
  return std::string(length, 'q');
}

ConnectionQuery query(std::optional<std::string> room, std::optional<std::string> name) {
  ConnectionQuery q;
  q.room_name = std::move(room);
  q.participant_name = std::move(name);
  return q;
}

auth::Claims verify(const std::string& token) {
  auth::KeyProvider keys(kCreds.api_key, kCreds.api_secret);
  auto claims = auth::TokenVerifier(keys).verify(token, kNow);
  EXPECT_TRUE(claims) << (claims ? "" : claims.error().message);
  return claims ? *claims : auth::Claims{};
}

TEST(ConnectionDetails, MintsMeetsTokenWithTheFiveGrants) {
  const auto details = make_connection_details(query("room-1", "Ada"), kCreds, kNow, fixed_random);
  ASSERT_TRUE(details);
  EXPECT_EQ(details->server_url, "wss://lk.example.com");
  EXPECT_EQ(details->room_name, "room-1");
  EXPECT_EQ(details->participant_name, "Ada");
  EXPECT_EQ(details->postfix, "qqqq");
  const auto claims = verify(details->participant_token);
  EXPECT_EQ(claims.identity, "Ada__qqqq");
  EXPECT_EQ(claims.grants.name, "Ada");
  EXPECT_EQ(claims.not_before, kNow);
  EXPECT_EQ(claims.expires_at, kNow + 300);
  ASSERT_TRUE(claims.grants.video);
  auth::VideoGrant expected;
  expected.room = "room-1";
  expected.room_join = true;
  expected.can_publish = true;
  expected.can_publish_data = true;
  expected.can_subscribe = true;
  EXPECT_EQ(*claims.grants.video, expected);
  EXPECT_EQ(claims.grants.metadata, "");
}

TEST(ConnectionDetails, KeepsAValidPostfixCookie) {
  auto q = query("r", "Bo");
  q.postfix_cookie = "zz42";
  const auto details = make_connection_details(q, kCreds, kNow, fixed_random);
  ASSERT_TRUE(details);
  EXPECT_EQ(details->postfix, "zz42");
  EXPECT_EQ(verify(details->participant_token).identity, "Bo__zz42");
}

TEST(ConnectionDetails, ReplacesAMalformedPostfixCookie) {
  for (const char* bad : {"", "ABCD", "abc", "abcde", "ab-c", "ab\xc3\xa9"}) {
    auto q = query("r", "Bo");
    q.postfix_cookie = bad;
    const auto details = make_connection_details(q, kCreds, kNow, fixed_random);
    ASSERT_TRUE(details);
    EXPECT_EQ(details->postfix, "qqqq") << bad;
  }
}

TEST(ConnectionDetails, AnswersMeetsTextsForMissingParameters) {
  auto result = make_connection_details(query(std::nullopt, "a"), kCreds, kNow, fixed_random);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, ErrorCode::missing_parameter);
  EXPECT_EQ(result.error().message, "Missing required query parameter: roomName");
  result = make_connection_details(query("r", std::nullopt), kCreds, kNow, fixed_random);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().message, "Missing required query parameter: participantName");
}

TEST(ConnectionDetails, RefusesAnEmptyParticipantName) {
  const auto details = make_connection_details(query("r", ""), kCreds, kNow, fixed_random);
  ASSERT_FALSE(details);
  EXPECT_EQ(details.error().code, ErrorCode::invalid_parameter);
  EXPECT_NE(details.error().message.find("participantName"), std::string::npos);
}

TEST(ConnectionDetails, RefusesNamesWithBidirectionalOrZeroWidthCharacters) {
  for (const char* name : {"Mallory\u202Eevil", "Bo\u200Bb", "\u2066Eve\u2069", "Zo\u00eb\uFEFF",
                           "a\u200Db", "b\u2060c", "\u061Cx", "\u200Fy", "z\u180E"}) {
    const auto details = make_connection_details(query("r", name), kCreds, kNow, fixed_random);
    ASSERT_FALSE(details) << name;
    EXPECT_EQ(details.error().code, ErrorCode::invalid_parameter) << name;
  }
  EXPECT_TRUE(make_connection_details(query("r", "Zo\u00eb \u00c5ngstr\u00f6m"), kCreds, kNow,
                                      fixed_random));
}

TEST(ConnectionDetails, ReadsTheSameParametersFromAJsonBody) {
  const auto body = parse_connection_body(
      R"({"roomName":"r","participantName":"Ann","passcode":"p","region":"eu","metadata":"m"})",
      "random-participant-postfix=ab12.sig");
  ASSERT_TRUE(body) << body.error().message;
  EXPECT_EQ(body->room_name, "r");
  EXPECT_EQ(body->participant_name, "Ann");
  EXPECT_EQ(body->passcode, "p");
  EXPECT_EQ(body->region, "eu");
  EXPECT_EQ(body->metadata, "m");
  EXPECT_EQ(body->postfix_cookie, "ab12.sig");
  const auto partial = parse_connection_body(R"({"roomName":"r","passcode":null})", "");
  ASSERT_TRUE(partial);
  EXPECT_EQ(partial->participant_name, std::nullopt);
  EXPECT_EQ(partial->passcode, std::nullopt);
  for (const char* bad : {"", "[]", "nope", R"({"roomName":1})", R"({"roomName":"r","x":"y"})",
                          R"({"passcode":{}})"}) {
    const auto refused = parse_connection_body(bad, "");
    ASSERT_FALSE(refused) << bad;
    EXPECT_EQ(refused.error().code, ErrorCode::bad_request) << bad;
  }
}

TEST(ConnectionDetails, RefusesWhatLivekitRejectsAtJoin) {
  const std::string long_room(257, 'r');
  const std::string long_name(251, 'n');
  const std::pair<ConnectionQuery, const char*> cases[] = {
      {query("", "a"), "roomName"},
      {query(long_room, "a"), "roomName"},
      {query("r", long_name), "participantName"},
      {query("\xff", "a"), "roomName"},
      {query("r", "a\nb"), "participantName"},
      {query("r\x7f", "a"), "roomName"},
      {query("r\xc2\x85", "a"), "roomName"},
  };
  for (const auto& [q, param] : cases) {
    const auto result = make_connection_details(q, kCreds, kNow, fixed_random);
    ASSERT_FALSE(result) << param;
    EXPECT_EQ(result.error().code, ErrorCode::invalid_parameter);
    EXPECT_NE(result.error().message.find(param), std::string::npos) << result.error().message;
  }
}

TEST(ConnectionDetails, AcceptsValuesAtTheLimits) {
  auto q = query(std::string(256, 'r'), std::string(250, 'n'));
  q.metadata = std::string(512 * 1024, 'm');
  EXPECT_TRUE(make_connection_details(q, kCreds, kNow, fixed_random));
  q.metadata = std::string(512 * 1024 + 1, 'm');
  EXPECT_FALSE(make_connection_details(q, kCreds, kNow, fixed_random));
}

TEST(ConnectionDetails, AllowsLineBreaksInMetadataButNotOtherControls) {
  auto q = query("r", "a");
  q.metadata = "{\n\t\"a\": 1\r\n}";
  const auto details = make_connection_details(q, kCreds, kNow, fixed_random);
  ASSERT_TRUE(details);
  EXPECT_EQ(verify(details->participant_token).grants.metadata, *q.metadata);
  q.metadata = "bell\x07";
  EXPECT_FALSE(make_connection_details(q, kCreds, kNow, fixed_random));
}

TEST(ConnectionDetails, ParsesTheQueryAndCookieAsABrowserSendsThem) {
  const auto q = parse_connection_query(
      "roomName=caf%C3%A9+room&participantName=Zo%C3%AB&metadata=%7B%7D&region=eu",
      "a=b; random-participant-postfix=ab12; c=d");
  EXPECT_EQ(q.room_name, "café room");
  EXPECT_EQ(q.participant_name, "Zoë");
  EXPECT_EQ(q.metadata, "{}");
  EXPECT_EQ(q.region, "eu");
  EXPECT_EQ(q.postfix_cookie, "ab12");
}

TEST(ConnectionDetails, SerialisesTheFourFieldsInMeetsOrder) {
  ConnectionDetails details{"wss://x", "room \"1\"", "tok", "Ada", "qqqq"};
  EXPECT_EQ(to_json(details),
            R"({"serverUrl":"wss://x","roomName":"room \"1\"","participantToken":"tok",)"
            R"("participantName":"Ada"})");
}

TEST(ConnectionDetails, WritesTheSameBytesAsBoostJsonForAnyText) {
  std::string every_byte;
  for (int c = 0; c < 256; ++c) every_byte.push_back(static_cast<char>(c));
  const std::vector<std::string> texts = {"", "plain", "caf\xc3\xa9 \xf0\x9f\x8e\x89", "\"\\/",
                                          every_byte};
  for (const std::string& text : texts) {
    const ConnectionDetails details{text, text + "r", "t" + text, text + "n", "abcd"};
    for (const std::optional<std::string_view> status :
         {std::optional<std::string_view>(), std::optional<std::string_view>("admitted")}) {
      boost::json::object expected;
      if (status) expected["status"] = *status;
      expected["serverUrl"] = details.server_url;
      expected["roomName"] = details.room_name;
      expected["participantToken"] = details.participant_token;
      expected["participantName"] = details.participant_name;
      EXPECT_EQ(to_json(details, status), boost::json::serialize(expected));
    }
  }
}

TEST(ConnectionDetails, SetsTheCookieForTwoHoursSecureOnlyOverHttps) {
  EXPECT_EQ(postfix_set_cookie("ab12.sig", 0, true),
            "random-participant-postfix=ab12.sig; Path=/; HttpOnly; SameSite=Strict; Secure; "
            "Expires=Thu, 01 Jan 1970 02:00:00 GMT");
  EXPECT_EQ(postfix_set_cookie("ab12.sig", 0, false),
            "random-participant-postfix=ab12.sig; Path=/; HttpOnly; SameSite=Strict; "
            "Expires=Thu, 01 Jan 1970 02:00:00 GMT");
}

TEST(Region, RewritesOnlyLivekitCloudHosts) {
  EXPECT_EQ(livekit_url_for_region("wss://proj.livekit.cloud", "eu"),
            "wss://proj.eu.production.livekit.cloud/");
  EXPECT_EQ(livekit_url_for_region("wss://proj.staging.livekit.cloud", "us"),
            "wss://proj.us.staging.livekit.cloud/");
  EXPECT_EQ(livekit_url_for_region("wss://lk.example.com:7880", "eu"),
            "wss://lk.example.com:7880/");
}

TEST(Region, IsValidatedBeforeUse) {
  auto q = query("r", "a");
  q.region = "eu/../x";
  EXPECT_FALSE(make_connection_details(q, kCreds, kNow, fixed_random));
  q.region = "eu-central";
  EXPECT_TRUE(make_connection_details(q, kCreds, kNow, fixed_random));
}

TEST(ConnectionDetails, RefusesTheConnectionTestsRoomNames) {
  for (const char* room : {"lkm-connection-test-", "lkm-connection-test-qqqqqqqqqqqqqqqq",
                           "lkm-connection-test-team-sync"}) {
    const auto details = make_connection_details(query(room, "Ada"), kCreds, kNow, fixed_random);
    ASSERT_FALSE(details) << room;
    EXPECT_EQ(details.error().code, ErrorCode::invalid_parameter) << room;
    EXPECT_EQ(details.error().message,
              "Invalid query parameter roomName: room names starting with lkm-connection-test- "
              "are reserved for the connection test");
  }
  // Only the exact prefix is reserved (LiveKit's room names are case-sensitive).
  for (const char* room :
       {"lkm-connection-test", "LKM-connection-test-x", "x-lkm-connection-test-y"}) {
    EXPECT_TRUE(make_connection_details(query(room, "Ada"), kCreds, kNow, fixed_random)) << room;
  }
}

TEST(ConnectionTest, MintsAOneRoomTokenWithoutDataOrAdminGrants) {
  std::size_t draws = 0;
  const RandomString counting = [&draws](std::size_t length) {
    ++draws;
    return std::string(length, draws == 1 ? 'r' : 'i');
  };
  const auto test = make_connection_test(kCreds, kNow, counting);
  ASSERT_TRUE(test);
  EXPECT_EQ(test->server_url, "wss://lk.example.com");
  EXPECT_EQ(test->room_name, "lkm-connection-test-rrrrrrrrrrrrrrrr");
  EXPECT_EQ(test->participant_identity, "connection-test-iiiiiiiiiiiiiiii");
  EXPECT_EQ(test->participant_name, "Connection test");
  const auto claims = verify(test->participant_token);
  EXPECT_EQ(claims.identity, "connection-test-iiiiiiiiiiiiiiii");
  EXPECT_EQ(claims.grants.name, "Connection test");
  EXPECT_EQ(claims.not_before, kNow);
  EXPECT_EQ(claims.expires_at, kNow + 300);
  ASSERT_TRUE(claims.grants.video);
  auth::VideoGrant expected;
  expected.room = "lkm-connection-test-rrrrrrrrrrrrrrrr";
  expected.room_join = true;
  expected.can_publish = true;
  expected.can_publish_data = false;
  expected.can_subscribe = true;
  EXPECT_EQ(*claims.grants.video, expected);
  EXPECT_FALSE(claims.grants.sip);
  EXPECT_TRUE(claims.grants.metadata.empty());
  EXPECT_TRUE(claims.grants.attributes.empty());
  ASSERT_TRUE(claims.grants.room_config);
  EXPECT_EQ(boost::json::serialize(*claims.grants.room_config),
            R"({"emptyTimeout":60,"departureTimeout":10})");
}

TEST(ConnectionTest, DrawsAFreshRoomEachTime) {
  const auto first = make_connection_test(kCreds, kNow, services::random_lower_alnum);
  const auto second = make_connection_test(kCreds, kNow, services::random_lower_alnum);
  ASSERT_TRUE(first);
  ASSERT_TRUE(second);
  EXPECT_NE(first->room_name, second->room_name);
  EXPECT_NE(first->participant_identity, second->participant_identity);
  EXPECT_EQ(first->room_name.size(), std::string_view("lkm-connection-test-").size() + 16);
  EXPECT_EQ(first->room_name.rfind("lkm-connection-test-", 0), 0U);
}

TEST(ConnectionTest, AnswersWithTheFieldsOfConnectionDetailsAndTheIdentity) {
  const auto test = make_connection_test(kCreds, kNow, fixed_random);
  ASSERT_TRUE(test);
  const auto json = boost::json::parse(to_json(*test)).as_object();
  std::vector<std::string> keys;
  for (const auto& [key, value] : json) keys.emplace_back(key);
  EXPECT_EQ(keys, (std::vector<std::string>{"serverUrl", "roomName", "participantIdentity",
                                            "participantName", "participantToken"}));
  EXPECT_EQ(json.at("participantToken").as_string(), test->participant_token);
}

}  // namespace
}  // namespace lkm::api
