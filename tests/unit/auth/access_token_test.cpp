#include "auth/access_token.hpp"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <vector>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "auth/base64url.hpp"
#include "auth/grants.hpp"

namespace lkm::auth {
namespace {

using std::chrono::seconds;

constexpr const char* kVectorToken =
    "eyJhbGciOiJIUzI1NiJ9.eyJuYW1lIjoibXluYW1lIiwidmlkZW8iOnsicm9vbSI6Im15cm9vbSIsInJvb21Kb2luIjp0"
    "cnVlfSwiaXNzIjoiYWJjZGVmZyIsImV4cCI6MjAwMDAwMDAwMCwibmJmIjoxNzAwMDAwMDAwLCJzdWIiOiJtZSJ9.neUJ"
    "LiKFDUj7sQSS4khnL4LwHf1dNSqjTPNIdZTQW3g";

// The decoded JSON text of a token's part (0 header, 1 payload).
std::string part(const std::string& token, int index) {
  const std::size_t first = token.find('.');
  const std::size_t second = token.find('.', first + 1);
  const std::string text =
      index == 0 ? token.substr(0, first) : token.substr(first + 1, second - first - 1);
  return base64url_decode(text).value_or("<bad base64url>");
}

std::string mint(const AccessToken& token, std::int64_t now) {
  auto jwt = token.to_jwt(now);
  EXPECT_TRUE(jwt.ok()) << (jwt.ok() ? "" : to_string(jwt.error()));
  return jwt.ok() ? *jwt : std::string();
}

VideoGrant join(std::string room) {
  VideoGrant grant;
  grant.room = std::move(room);
  grant.room_join = true;
  return grant;
}

TEST(AccessToken, ReproducesTheProtocolTestVector) {
  AccessToken token("abcdefg", Secret("abababa"));
  token.identity("me").name("myname").add_grant(join("myroom")).ttl(seconds(300000000));
  EXPECT_EQ(mint(token, 1700000000), kVectorToken);
}

TEST(SignHs256, ReproducesTheProtocolTestVector) {
  const auto payload = boost::json::parse(
      R"({"name":"myname","video":{"room":"myroom","roomJoin":true},"iss":"abcdefg",)"
      R"("exp":2000000000,"nbf":1700000000,"sub":"me"})");
  EXPECT_EQ(sign_hs256(payload.as_object(), "abababa"), kVectorToken);
}

TEST(AccessToken, WritesMeetsPayloadInTheSdkOrder) {
  VideoGrant grant = join("room-1");
  grant.can_publish = true;
  grant.can_publish_data = true;
  grant.can_subscribe = true;
  AccessToken token("APIkey", Secret("secret-secret-secret-secret-1234"));
  // Set in a different order than serialised: the order comes from the SDK, not the calls.
  token.identity("ann__ab12")
      .ttl(seconds(300))
      .add_grant(grant)
      .name("Ann")
      .attributes({{"role", "host"}})
      .metadata(R"({"lang":"de"})");
  const std::string jwt = mint(token, 1700000000);
  EXPECT_EQ(part(jwt, 0), R"({"alg":"HS256"})");
  EXPECT_EQ(part(jwt, 1),
            R"({"metadata":"{\"lang\":\"de\"}","attributes":{"role":"host"},"name":"Ann",)"
            R"("video":{"room":"room-1","roomJoin":true,"canPublish":true,"canPublishData":true,)"
            R"("canSubscribe":true},"iss":"APIkey","exp":1700000300,"nbf":1700000000,)"
            R"("sub":"ann__ab12"})");
}

TEST(AccessToken, DefaultsToASixHourLifetime) {
  AccessToken token("key", Secret("secret"));
  EXPECT_EQ(part(mint(token, 1000), 1), R"({"iss":"key","exp":22600,"nbf":1000})");
}

TEST(AccessToken, OmitsSubWithoutIdentityAndEmptyClaims) {
  VideoGrant list;
  list.room_list = true;
  AccessToken token("key", Secret("secret"));
  token.name("").metadata("").attributes({}).kind("").add_grant(list).ttl(seconds(600));
  EXPECT_EQ(part(mint(token, 100), 1),
            R"({"video":{"roomList":true},"iss":"key","exp":700,"nbf":100})");
}

TEST(AccessToken, WritesKindSipSha256PresetAndRoomConfig) {
  AccessToken token("key", Secret("secret"));
  token.kind("agent").sha256("abc=").room_preset("p").room_config(
      boost::json::parse(R"({"name":"r","maxParticipants":4})").as_object());
  token.add_sip_grant(SipGrant{std::nullopt, true}).ttl(seconds(60));
  EXPECT_EQ(part(mint(token, 0), 1),
            R"({"sip":{"call":true},"kind":"agent","sha256":"abc=","roomPreset":"p",)"
            R"("roomConfig":{"name":"r","maxParticipants":4},"iss":"key","exp":60,"nbf":0})");
}

TEST(AccessToken, EscapesStringsExactlyLikeJsonStringify) {
  AccessToken token("key", Secret("secret"));
  token.name("a\"b\\c/d\b\f\n\r\t\x01\x1f\x7f\u00e9\U0001F600\u2028\u0085").ttl(seconds(1));
  EXPECT_EQ(
      part(mint(token, 0), 1),
      "{\"name\":\"a\\\"b\\\\c/d\\b\\f\\n\\r\\t\\u0001\\u001f\x7f\u00e9\U0001F600\u2028\u0085\","
      "\"iss\":\"key\",\"exp\":1,\"nbf\":0}");
}

TEST(AccessToken, RequiresKeyAndSecret) {
  const auto no_key = AccessToken("", Secret("secret")).to_jwt(0);
  ASSERT_FALSE(no_key.ok());
  EXPECT_EQ(no_key.error(), MintError::missing_key);
  const auto no_secret = AccessToken("key", Secret("")).to_jwt(0);
  ASSERT_FALSE(no_secret.ok());
  EXPECT_EQ(no_secret.error(), MintError::missing_key);
  EXPECT_EQ(to_string(MintError::missing_key), "missing_key");
}

TEST(AccessToken, RequiresAnIdentityToJoin) {
  AccessToken token("key", Secret("secret"));
  token.add_grant(join("room"));
  const auto jwt = token.to_jwt(0);
  ASSERT_FALSE(jwt.ok());
  EXPECT_EQ(jwt.error(), MintError::identity_required);
  EXPECT_EQ(to_string(MintError::identity_required), "identity_required");

  VideoGrant no_join = join("room");
  no_join.room_join = false;
  EXPECT_TRUE(AccessToken("key", Secret("secret")).add_grant(no_join).to_jwt(0).ok());
  EXPECT_TRUE(token.identity("me").to_jwt(0).ok());
}

TEST(AccessToken, MergesGrantsFieldByField) {
  VideoGrant first = join("a");
  first.can_publish = true;
  VideoGrant second;
  second.room = "b";
  second.can_subscribe = false;
  AccessToken token("key", Secret("secret"));
  token.add_grant(first).add_grant(second);
  VideoGrant expected = join("b");
  expected.can_publish = true;
  expected.can_subscribe = false;
  EXPECT_EQ(token.grants().video, expected);

  token.add_sip_grant(SipGrant{true, std::nullopt}).add_sip_grant(SipGrant{std::nullopt, false});
  EXPECT_EQ(token.grants().sip, (SipGrant{true, false}));
}

TEST(AccessToken, RefusesANonPositiveLifetime) {
  AccessToken token("key", Secret("secret"));
  EXPECT_THROW(token.ttl(seconds(0)), std::invalid_argument);
  EXPECT_THROW(token.ttl(seconds(-5)), std::invalid_argument);
  EXPECT_NO_THROW(token.ttl(seconds(1)));
}

}  // namespace
}  // namespace lkm::auth

namespace lkm::auth {
namespace {

// The payload as Boost.JSON serialises the object the SDK's order gives: what to_jwt writes as
// text directly must be the same bytes.
std::string boost_payload(const ClaimGrants& grants, std::string_view key, std::int64_t exp,
                          std::int64_t nbf, std::string_view sub) {
  boost::json::object payload;
  append_grants(payload, grants);
  payload["iss"] = key;
  payload["exp"] = exp;
  payload["nbf"] = nbf;
  if (!sub.empty()) payload["sub"] = sub;
  return boost::json::serialize(payload);
}

std::string payload_of(const std::string& token) {
  const std::size_t first = token.find('.');
  const std::size_t second = token.find('.', first + 1);
  return base64url_decode(token.substr(first + 1, second - first - 1)).value_or("<bad>");
}

TEST(AccessTokenText, IsByteForByteBoostJsonForOddStringsAndEveryClaim) {
  std::string every_byte;
  for (int c = 0; c < 256; ++c) every_byte += static_cast<char>(c);
  const std::vector<std::string> texts = {"",
                                          "alice",
                                          every_byte,
                                          "qu\"ote\\",
                                          "caf\xc3\xa9 \xf0\x9f\x8e\xa5",
                                          "\x7f/<>&'",
                                          "\xff\xfe bad utf-8"};
  std::size_t round = 0;
  for (const auto& text : texts) {
    for (int shape = 0; shape < 4; ++shape, ++round) {
      AccessToken token("key-" + text, Secret("secret"));
      token.ttl(seconds(300));
      if (shape != 1) token.identity("id-" + text);
      if (shape >= 1) token.name(text).metadata(text);
      VideoGrant grant;
      grant.room = text;
      grant.room_join = shape == 0 || shape == 2;
      grant.can_publish = shape == 2;
      grant.can_publish_sources = std::vector<std::string>{"camera", "microphone"};
      grant.hidden = false;
      if (shape != 0) token.add_grant(grant);
      if (shape == 2) {
        token.attributes({{"a", text}, {"b", "1"}, {"a", "again"}});
        token.kind("agent").sha256(text).room_preset("preset");
        token.add_sip_grant(SipGrant{true, std::nullopt});
        token.room_config(
            boost::json::parse(R"({"name":"r","agents":[{"agentName":"x"}]})").as_object());
      }
      const auto jwt = token.to_jwt(1'700'000'000);
      ASSERT_TRUE(jwt) << round;
      ClaimGrants grants;
      grants.name = shape >= 1 ? text : "";
      grants.metadata = grants.name;
      if (shape != 0) grants.video = grant;
      if (shape == 2) {
        grants.attributes = {{"a", text}, {"b", "1"}, {"a", "again"}};
        grants.kind = "agent";
        grants.sha256 = text;
        grants.room_preset = "preset";
        grants.sip = SipGrant{true, std::nullopt};
        grants.room_config =
            boost::json::parse(R"({"name":"r","agents":[{"agentName":"x"}]})").as_object();
      }
      EXPECT_EQ(payload_of(*jwt), boost_payload(grants, "key-" + text, 1'700'000'300, 1'700'000'000,
                                                shape != 1 ? "id-" + text : ""))
          << "round " << round;
      // And the signature is the one sign_hs256 gives that object (for text that is UTF-8).
      boost::system::error_code ec;
      const auto parsed = boost::json::parse(payload_of(*jwt), ec);
      if (!ec) {
        EXPECT_EQ(*jwt, sign_hs256(parsed.as_object(), "secret")) << "round " << round;
      }
    }
  }
}

TEST(AccessTokenText, Base64urlAppendMatchesEncode) {
  std::string bytes;
  for (int n = 0; n < 20; ++n) {
    std::string out = "prefix.";
    base64url_append(out, bytes);
    EXPECT_EQ(out, "prefix." + base64url_encode(bytes));
    EXPECT_EQ(out.size() - 7, base64url_length(bytes.size()));
    bytes += static_cast<char>(0xF0 + n);
  }
}

}  // namespace
}  // namespace lkm::auth
