#include "auth/token_verifier.hpp"

#include <gtest/gtest.h>

#include <set>
#include <string>

#include <boost/json/serialize.hpp>

#include "auth/access_token.hpp"
#include "auth/base64url.hpp"
#include "auth/hmac.hpp"

namespace lkm::auth {
namespace {

constexpr std::int64_t kNow = 1700000000;
constexpr const char* kHeader = R"({"alg":"HS256"})";

// A token with any header and payload text, signed with `secret`.
std::string craft(std::string_view header, std::string_view payload,
                  std::string_view secret = "secret1") {
  std::string token = base64url_encode(header) + "." + base64url_encode(payload);
  const Digest signature = hmac_sha256(secret, token);
  return token + "." + base64url_encode(std::string(signature.begin(), signature.end()));
}

// A payload from key1, valid at kNow, with `extra` members inserted first.
std::string payload(std::string_view extra = "") {
  std::string text = "{";
  text.append(extra);
  if (!extra.empty()) text += ",";
  return text + R"("iss":"key1","exp":1700000600,"nbf":1700000000,"sub":"ann"})";
}

class TokenVerifierTest : public ::testing::Test {
 protected:
  TokenVerifierTest() {
    keys_.add("key1", Secret("secret1"));
    keys_.add("key2", Secret("secret2"));
  }

  [[nodiscard]] Result<Claims, VerifyFailure> verify(std::string_view token,
                                                     std::int64_t now = kNow) const {
    return verifier_.verify(token, now);
  }

  // Asserts the token is refused with `code`, and that the message reveals neither token nor
  // secret.
  void expect_refused(const std::string& token, VerifyError code, std::int64_t now = kNow) const {
    const auto result = verify(token, now);
    ASSERT_FALSE(result.ok()) << "accepted: " << token;
    EXPECT_EQ(result.error().code, code)
        << to_string(result.error().code) << ": " << result.error().message;
    EXPECT_FALSE(result.error().message.empty());
    EXPECT_EQ(result.error().message.find("secret"), std::string::npos);
    if (token.size() > 8) {
      EXPECT_EQ(result.error().message.find(token.substr(0, 8)), std::string::npos);
    }
  }

  KeyProvider keys_;
  TokenVerifier verifier_{keys_};
};

TEST_F(TokenVerifierTest, AcceptsTheProtocolTestVector) {
  const KeyProvider keys("abcdefg", Secret("abababa"));
  const auto claims = TokenVerifier(keys).verify(
      "eyJhbGciOiJIUzI1NiJ9."
      "eyJuYW1lIjoibXluYW1lIiwidmlkZW8iOnsicm9vbSI6Im15cm9vbSIsInJvb21Kb2luIjp0"
      "cnVlfSwiaXNzIjoiYWJjZGVmZyIsImV4cCI6MjAwMDAwMDAwMCwibmJmIjoxNzAwMDAwMDAwLCJzdWIiOiJtZSJ9."
      "neUJ"
      "LiKFDUj7sQSS4khnL4LwHf1dNSqjTPNIdZTQW3g",
      kNow);
  ASSERT_TRUE(claims.ok()) << claims.error().message;
  EXPECT_EQ(claims->issuer, "abcdefg");
  EXPECT_EQ(claims->identity, "me");
  EXPECT_EQ(claims->not_before, 1700000000);
  EXPECT_EQ(claims->expires_at, 2000000000);
  EXPECT_EQ(claims->grants.name, "myname");
  ASSERT_TRUE(claims->grants.video.has_value());
  EXPECT_EQ(claims->grants.video->room, "myroom");
  EXPECT_EQ(claims->grants.video->room_join, true);
  EXPECT_EQ(boost::json::serialize(claims->payload),
            R"({"name":"myname","video":{"room":"myroom","roomJoin":true},"iss":"abcdefg",)"
            R"("exp":2000000000,"nbf":1700000000,"sub":"me"})");
}

TEST_F(TokenVerifierTest, ReadsEveryClaimOfAMintedToken) {
  VideoGrant grant;
  grant.room = "r";
  grant.room_join = true;
  grant.can_publish_sources = std::vector<std::string>{"microphone"};
  AccessToken token("key2", Secret("secret2"));
  token.identity("ann")
      .name("Ann")
      .metadata("m")
      .attributes({{"k", "v"}, {"a", "b"}})
      .kind("agent");
  token.sha256("h").room_preset("p").room_config(boost::json::object{{"name", "r"}});
  token.add_grant(grant).add_sip_grant(SipGrant{true, std::nullopt}).ttl(std::chrono::seconds(300));
  const auto claims = verify(*token.to_jwt(kNow));
  ASSERT_TRUE(claims.ok()) << claims.error().message;
  EXPECT_EQ(claims->issuer, "key2");
  EXPECT_EQ(claims->identity, "ann");
  EXPECT_EQ(claims->expires_at, kNow + 300);
  EXPECT_EQ(claims->not_before, kNow);
  EXPECT_EQ(claims->grants.name, "Ann");
  EXPECT_EQ(claims->grants.metadata, "m");
  EXPECT_EQ(claims->grants.attributes, (Attributes{{"k", "v"}, {"a", "b"}}));
  EXPECT_EQ(claims->grants.video, grant);
  EXPECT_EQ(claims->grants.sip, (SipGrant{true, std::nullopt}));
  EXPECT_EQ(claims->grants.kind, "agent");
  EXPECT_EQ(claims->grants.sha256, "h");
  EXPECT_EQ(claims->grants.room_preset, "p");
  EXPECT_EQ(claims->grants.room_config, (boost::json::object{{"name", "r"}}));
}

TEST_F(TokenVerifierTest, LooksTheSecretUpByIssuerAmongSeveralKeys) {
  EXPECT_TRUE(verify(craft(kHeader, payload(), "secret1")).ok());
  const std::string from_key2 = R"({"iss":"key2","exp":1700000600})";
  EXPECT_TRUE(verify(craft(kHeader, from_key2, "secret2")).ok());
  expect_refused(craft(kHeader, from_key2, "secret1"), VerifyError::bad_signature);
  expect_refused(craft(kHeader, payload(), "secret2"), VerifyError::bad_signature);
}

TEST_F(TokenVerifierTest, RejectsAnUnknownKey) {
  expect_refused(craft(kHeader, R"({"iss":"key3","exp":1700000600})"), VerifyError::unknown_key);
  expect_refused(craft(kHeader, R"({"iss":"","exp":1700000600})"), VerifyError::unknown_key);
}

TEST_F(TokenVerifierTest, NeverAcceptsAKeyWithAnEmptySecret) {
  keys_.add("open", Secret(""));
  expect_refused(craft(kHeader, R"({"iss":"open","exp":1700000600})", ""),
                 VerifyError::unknown_key);
}

TEST_F(TokenVerifierTest, RejectsATamperedPayload) {
  const std::string good = craft(kHeader, payload());
  const std::string other = craft(kHeader, payload(R"("video":{"roomAdmin":true})"));
  const std::string spliced = good.substr(0, good.find('.')) +
                              other.substr(other.find('.'), other.rfind('.') - other.find('.')) +
                              good.substr(good.rfind('.'));
  expect_refused(spliced, VerifyError::bad_signature);
}

TEST_F(TokenVerifierTest, RejectsATamperedSignature) {
  std::string token = craft(kHeader, payload());
  const std::size_t signature = token.rfind('.') + 1;
  token[signature] = token[signature] == 'A' ? 'B' : 'A';
  expect_refused(token, VerifyError::bad_signature);
  expect_refused(token.substr(0, signature), VerifyError::bad_signature);         // empty signature
  expect_refused(token.substr(0, token.size() - 3), VerifyError::bad_signature);  // 30 bytes
}

TEST_F(TokenVerifierTest, RejectsAlgNoneAndEveryOtherAlgorithm) {
  const std::string body = base64url_encode(payload());
  expect_refused(base64url_encode(R"({"alg":"none"})") + "." + body + ".",
                 VerifyError::unsupported_alg);
  for (const char* header : {R"({"alg":"none"})", R"({"alg":"HS384"})", R"({"alg":"HS512"})",
                             R"({"alg":"RS256"})", R"({"alg":"hs256"})", R"({"alg":""})"}) {
    expect_refused(craft(header, payload()), VerifyError::unsupported_alg);
  }
  EXPECT_TRUE(verify(craft(R"({"typ":"JWT","alg":"HS256"})", payload())).ok());
}

TEST_F(TokenVerifierTest, RejectsAHeaderThatIsNotAnObjectWithAStringAlg) {
  for (const char* header : {"", "HS256", "[\"HS256\"]", "{}", R"({"alg":256})", R"({"alg":null})",
                             R"({"alg":"HS256")", R"({"alg":"HS256","crit":["exp"]})"}) {
    expect_refused(craft(header, payload()), VerifyError::bad_header);
  }
}

TEST_F(TokenVerifierTest, RejectsAnythingButThreeParts) {
  const std::string token = craft(kHeader, payload());
  expect_refused("", VerifyError::malformed);
  expect_refused("abc", VerifyError::malformed);
  expect_refused(token.substr(0, token.rfind('.')), VerifyError::malformed);
  expect_refused(token + ".", VerifyError::malformed);
  expect_refused(token + ".abc", VerifyError::malformed);
}

TEST_F(TokenVerifierTest, RejectsPaddingAndTheStandardAlphabet) {
  // {"iss":"key1","exp":... encodes with '+' or '/' nowhere, so build variants by hand.
  const std::string token = craft(kHeader, payload());
  expect_refused(token + "=", VerifyError::bad_encoding);
  const std::string padded_header = base64url_encode(kHeader) + "=" + token.substr(token.find('.'));
  expect_refused(padded_header, VerifyError::bad_encoding);
  for (const char bad : {'+', '/', '=', ' ', '\n'}) {
    std::string copy = token;
    copy[token.find('.') + 3] = bad;
    expect_refused(copy, VerifyError::bad_encoding);
  }
  // A character whose unused low bits are set: a second spelling of the same signature.
  std::string loose = token;
  char& last = loose.back();
  last = static_cast<char>(last + 1);
  expect_refused(loose, VerifyError::bad_encoding);
}

TEST_F(TokenVerifierTest, RefusesTokensLongerThan8KiBBeforeDecoding) {
  const auto with_metadata = [](std::size_t length) {
    return craft(kHeader, payload(R"("metadata":")" + std::string(length, 'x') + "\""));
  };
  // A 6095-byte payload encodes to 8127 characters; with header, signature and dots that is 8192.
  const std::size_t length = 6095 - payload(R"("metadata":"")").size();
  const std::string largest = with_metadata(length);
  ASSERT_EQ(largest.size(), kMaxTokenBytes);
  EXPECT_TRUE(verify(largest).ok());
  const std::string too_large = with_metadata(length + 1);
  ASSERT_EQ(too_large.size(), kMaxTokenBytes + 1);
  expect_refused(too_large, VerifyError::too_large);
  expect_refused(std::string(kMaxTokenBytes + 1, '.'), VerifyError::too_large);
}

TEST_F(TokenVerifierTest, RejectsAPayloadThatIsNotAJsonObject) {
  for (const char* text : {"", "[]", "\"iss\"", R"({"iss":"key1",})", "{\"iss\":\"\xff\"}"}) {
    expect_refused(craft(kHeader, text), VerifyError::bad_payload);
  }
}

TEST_F(TokenVerifierTest, RequiresAnIssuer) {
  expect_refused(craft(kHeader, R"({"exp":1700000600})"), VerifyError::missing_issuer);
  expect_refused(craft(kHeader, R"({"iss":null,"exp":1700000600})"), VerifyError::missing_issuer);
  expect_refused(craft(kHeader, R"({"iss":1,"exp":1700000600})"), VerifyError::bad_payload);
}

TEST_F(TokenVerifierTest, RejectsTokenWithoutExp) {
  expect_refused(craft(kHeader, R"({"iss":"key1","nbf":1700000000,"sub":"ann"})"),
                 VerifyError::missing_expiry);
}

TEST_F(TokenVerifierTest, RequiresWholeNumbersForExpAndNbf) {
  for (const char* times : {R"("exp":"1700000600")", R"("exp":1700000600.5)", R"("exp":true)",
                            R"("exp":18446744073709551615)", R"("exp":1e300)",
                            R"("exp":1700000600,"nbf":"0")", R"("exp":1700000600,"nbf":0.5)"}) {
    expect_refused(craft(kHeader, std::string(R"({"iss":"key1",)") + times + "}"),
                   VerifyError::bad_payload);
  }
  EXPECT_TRUE(verify(craft(kHeader, R"({"iss":"key1","exp":1.7000006e9})")).ok());
}

TEST_F(TokenVerifierTest, AllowsSixtySecondsOfLeewayAfterExp) {
  const auto with_exp = [](std::int64_t exp) {
    return craft(kHeader, R"({"iss":"key1","exp":)" + std::to_string(exp) + "}");
  };
  EXPECT_TRUE(verify(with_exp(kNow)).ok());
  EXPECT_TRUE(verify(with_exp(kNow - 60)).ok());
  expect_refused(with_exp(kNow - 61), VerifyError::expired);
  expect_refused(with_exp(0), VerifyError::expired);
}

TEST_F(TokenVerifierTest, AllowsSixtySecondsOfLeewayBeforeNbf) {
  const auto with_nbf = [](std::int64_t nbf) {
    return craft(kHeader, R"({"iss":"key1","exp":1800000000,"nbf":)" + std::to_string(nbf) + "}");
  };
  EXPECT_TRUE(verify(with_nbf(kNow)).ok());
  EXPECT_TRUE(verify(with_nbf(kNow + 60)).ok());
  expect_refused(with_nbf(kNow + 61), VerifyError::not_yet_valid);
}

TEST_F(TokenVerifierTest, UsesTheConfiguredLeeway) {
  const TokenVerifier strict(keys_, std::chrono::seconds(0));
  const std::string token = craft(kHeader, payload());  // nbf kNow, exp kNow + 600
  EXPECT_TRUE(strict.verify(token, kNow).ok());
  EXPECT_TRUE(strict.verify(token, kNow + 600).ok());
  ASSERT_FALSE(strict.verify(token, kNow + 601).ok());
  EXPECT_EQ(strict.verify(token, kNow + 601).error().code, VerifyError::expired);
  ASSERT_FALSE(strict.verify(token, kNow - 1).ok());
  EXPECT_EQ(strict.verify(token, kNow - 1).error().code, VerifyError::not_yet_valid);
}

TEST_F(TokenVerifierTest, ChecksTheSignatureBeforeTheTimes) {
  const std::string expired = craft(kHeader, R"({"iss":"key1","exp":1})", "wrong");
  expect_refused(expired, VerifyError::bad_signature);
}

TEST_F(TokenVerifierTest, RejectsClaimsOfTheWrongType) {
  for (const char* claim :
       {R"("name":false)", R"("metadata":{})", R"("kind":1)", R"("sha256":[])", R"("roomPreset":2)",
        R"("attributes":"a=b")", R"("attributes":{"a":1})", R"("video":true)",
        R"("video":{"roomJoin":"yes"})", R"("video":{"canPublishSources":["webcam"]})",
        R"("sip":[])", R"("sip":{"admin":"no"})", R"("roomConfig":"big")"}) {
    const std::string token = craft(kHeader, payload(claim));
    expect_refused(token, VerifyError::bad_payload);
  }
  expect_refused(craft(kHeader, R"({"iss":"key1","exp":1700000600,"sub":1})"),
                 VerifyError::bad_payload);
  const auto video = verify(craft(kHeader, payload(R"("video":{"roomJoin":"yes"})")));
  ASSERT_FALSE(video.ok());
  EXPECT_NE(video.error().message.find("video.roomJoin"), std::string::npos);
}

TEST_F(TokenVerifierTest, RejectsARoomConfigWithANumberThatIsNotAnInteger) {
  // RoomConfiguration's numbers are all integers; a double would not survive minting again
  // (51e308 even parses as infinity, which serialises as no JSON at all).
  for (const char* claim :
       {R"("roomConfig":{"emptyTimeout":51e308})", R"("roomConfig":{"agents":[{"x":-1e999}]})",
        R"("roomConfig":{"emptyTimeout":1.5e3})", R"("roomConfig":{"maxParticipants":2.5})"}) {
    const auto refused = verify(craft(kHeader, payload(claim)));
    ASSERT_FALSE(refused.ok()) << claim;
    EXPECT_EQ(refused.error().code, VerifyError::bad_payload);
    EXPECT_NE(refused.error().message.find("roomConfig"), std::string::npos);
  }
  const auto fine = verify(
      craft(kHeader, payload(R"("roomConfig":{"emptyTimeout":300,"agents":[{"agentName":"a"}]})")));
  EXPECT_TRUE(fine.ok()) << fine.error().message;
}

TEST_F(TokenVerifierTest, TreatsNullClaimsAsAbsentAndKeepsUnknownOnes) {
  const auto claims =
      verify(craft(kHeader, payload(R"("name":null,"video":null,"future":{"x":1})")));
  ASSERT_TRUE(claims.ok()) << claims.error().message;
  EXPECT_EQ(claims->grants.name, "");
  EXPECT_FALSE(claims->grants.video.has_value());
  EXPECT_TRUE(claims->payload.contains("future"));
}

TEST(VerifyError, HasStableSnakeCaseNames) {
  const std::set<std::string_view> names = {
      to_string(VerifyError::too_large),       to_string(VerifyError::malformed),
      to_string(VerifyError::bad_encoding),    to_string(VerifyError::bad_header),
      to_string(VerifyError::unsupported_alg), to_string(VerifyError::bad_payload),
      to_string(VerifyError::missing_issuer),  to_string(VerifyError::unknown_key),
      to_string(VerifyError::bad_signature),   to_string(VerifyError::missing_expiry),
      to_string(VerifyError::expired),         to_string(VerifyError::not_yet_valid)};
  EXPECT_EQ(names.size(), 12U);
  EXPECT_EQ(to_string(VerifyError::not_yet_valid), "not_yet_valid");
  EXPECT_EQ(to_string(VerifyError::unsupported_alg), "unsupported_alg");
}

// Numbers Boost.JSON cannot hold as finite doubles (1e400 is infinity, 0e1308 NaN) anywhere in the
// payload: no SDK writes them, and they would not survive being written out again.
TEST_F(TokenVerifierTest, RefusesNumbersOutOfADoublesRange) {
  expect_refused(craft(kHeader, payload(R"("custom":{"emptyTimeout":1e400})")),
                 VerifyError::bad_payload);
  expect_refused(craft(kHeader, payload(R"("roomConfig%":{"emptyTimeout":0e1308})")),
                 VerifyError::bad_payload);
  expect_refused(craft(kHeader, payload(R"("x":[1,[{"y":-1e999}]])")), VerifyError::bad_payload);
  EXPECT_TRUE(verify(craft(kHeader, payload(R"("x":[1.5,-2e300,0e10])"))).ok());
}

}  // namespace
}  // namespace lkm::auth
