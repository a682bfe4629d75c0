#include "auth/id_token.hpp"

#include <gtest/gtest.h>

#include <string>

#include <boost/json/serialize.hpp>

#include "id_token_fixture.hpp"

namespace lkm::auth::test {
namespace {

TEST_F(IdTokenTest, RefusesAnotherIssuer) {
  for (const char* issuer :
       {"https://id.example.org/realms/staff/", "https://id.example.org/realms/other",
        "https://ID.example.org/realms/staff", ""}) {
    auto payload = claims();
    payload["iss"] = issuer;
    expect_refused(rs256(payload), IdTokenError::issuer_mismatch);
  }
  auto missing = claims();
  missing.erase("iss");
  expect_refused(rs256(missing), IdTokenError::issuer_mismatch);
}

TEST_F(IdTokenTest, RefusesAnAudienceWithoutTheClientId) {
  for (boost::json::value aud :
       {boost::json::value("other-app"), boost::json::value("LIVEKIT-MEET"),
        boost::json::value(boost::json::array{}),
        boost::json::value(boost::json::array{"a", "b"})}) {
    auto payload = claims();
    payload["aud"] = aud;
    payload["azp"] = kClient;
    expect_refused(rs256(payload), IdTokenError::audience_mismatch);
  }
  auto missing = claims();
  missing.erase("aud");
  expect_refused(rs256(missing), IdTokenError::audience_mismatch);
}

TEST_F(IdTokenTest, AcceptsAnAudienceArrayHoldingTheClientId) {
  auto single = claims();
  single["aud"] = boost::json::array{kClient};
  EXPECT_TRUE(validate(rs256(single)).ok());
  auto several = claims();
  several["aud"] = boost::json::array{"other-app", kClient};
  several["azp"] = kClient;
  const auto result = validate(rs256(several));
  EXPECT_TRUE(result.ok()) << result.error().message;
}

TEST_F(IdTokenTest, RequiresAzpWhenThereAreSeveralAudiences) {
  auto several = claims();
  several["aud"] = boost::json::array{kClient, "other-app"};
  expect_refused(rs256(several), IdTokenError::audience_mismatch);
  several["azp"] = "other-app";
  expect_refused(rs256(several), IdTokenError::audience_mismatch);
}

TEST_F(IdTokenTest, RefusesAnAzpThatIsNotTheClientId) {
  auto payload = claims();
  payload["azp"] = "other-app";
  expect_refused(rs256(payload), IdTokenError::audience_mismatch);
}

TEST_F(IdTokenTest, RequiresExp) {
  auto payload = claims();
  payload.erase("exp");
  expect_refused(rs256(payload), IdTokenError::missing_exp);
  payload["exp"] = nullptr;
  expect_refused(rs256(payload), IdTokenError::missing_exp);
}

TEST_F(IdTokenTest, AllowsSixtySecondsOfLeewayAfterExp) {
  EXPECT_TRUE(validate(rs256(), kNow + 300).ok());
  EXPECT_TRUE(validate(rs256(), kNow + 360).ok());
  expect_refused(rs256(), IdTokenError::expired, kNow + 361);
  auto old = claims();
  old["exp"] = 0;
  old["iat"] = 0;
  expect_refused(rs256(old), IdTokenError::expired);
}

TEST_F(IdTokenTest, RequiresIat) {
  auto payload = claims();
  payload.erase("iat");
  expect_refused(rs256(payload), IdTokenError::missing_iat);
}

TEST_F(IdTokenTest, RefusesATokenIssuedInTheFuture) {
  auto payload = claims();
  payload["iat"] = kNow + 60;
  EXPECT_TRUE(validate(rs256(payload)).ok());
  payload["iat"] = kNow + 61;
  expect_refused(rs256(payload), IdTokenError::issued_in_future);
}

TEST_F(IdTokenTest, HonoursNbf) {
  auto payload = claims();
  payload["nbf"] = kNow + 60;
  EXPECT_TRUE(validate(rs256(payload)).ok());
  payload["nbf"] = kNow + 61;
  expect_refused(rs256(payload), IdTokenError::not_yet_valid);
}

TEST_F(IdTokenTest, UsesTheConfiguredLeeway) {
  IdTokenSettings strict_settings = settings();
  strict_settings.leeway = std::chrono::seconds(0);
  const IdTokenValidator strict(strict_settings);
  EXPECT_TRUE(strict.validate(rs256(), jwks_, kNonce, kNow + 300).ok());
  const auto expired = strict.validate(rs256(), jwks_, kNonce, kNow + 301);
  ASSERT_FALSE(expired.ok());
  EXPECT_EQ(expired.error().code, IdTokenError::expired);
  const auto early = strict.validate(rs256(), jwks_, kNonce, kNow - 1);
  ASSERT_FALSE(early.ok());
  EXPECT_EQ(early.error().code, IdTokenError::issued_in_future);
}

TEST_F(IdTokenTest, ReadsFractionalNumericDatesAsWholeSeconds) {
  auto payload = claims();
  payload["exp"] = static_cast<double>(kNow) + 300.9;
  payload["iat"] = static_cast<double>(kNow) - 0.5;
  const auto result = validate(rs256(payload));
  ASSERT_TRUE(result.ok()) << result.error().message;
  EXPECT_EQ(result->expires_at, kNow + 300);
  EXPECT_EQ(result->issued_at, kNow - 1);
}

TEST_F(IdTokenTest, RefusesAWrongOrMissingNonce) {
  auto payload = claims();
  payload["nonce"] = "another-sign-in";
  expect_refused(rs256(payload), IdTokenError::nonce_mismatch);
  payload["nonce"] = 42;
  expect_refused(rs256(payload), IdTokenError::nonce_mismatch);
  payload.erase("nonce");
  expect_refused(rs256(payload), IdTokenError::nonce_mismatch);
  expect_refused(rs256(), IdTokenError::nonce_mismatch, kNow, "n-0S6_WzA2M");
  expect_refused(rs256(), IdTokenError::nonce_mismatch, kNow, "");
  payload["nonce"] = "";
  expect_refused(rs256(payload), IdTokenError::nonce_mismatch, kNow, "");
}

TEST_F(IdTokenTest, RequiresASubject) {
  auto payload = claims();
  payload.erase("sub");
  expect_refused(rs256(payload), IdTokenError::bad_payload);
  payload["sub"] = "";
  expect_refused(rs256(payload), IdTokenError::bad_payload);
  payload["sub"] = 248289761001;
  expect_refused(rs256(payload), IdTokenError::bad_payload);
}

TEST_F(IdTokenTest, RefusesClaimsOfTheWrongType) {
  const std::vector<std::pair<const char*, boost::json::value>> wrong = {
      {"iss", 1},
      {"aud", 5},
      {"aud", boost::json::array{kClient, 5}},
      {"azp", true},
      {"exp", "1700000300"},
      {"exp", 18446744073709551615ULL},
      {"exp", 1e300},
      {"iat", false},
      {"nbf", boost::json::array{}},
      {"email", 7},
      {"email_verified", "true"},
      {"name", boost::json::object{}},
      {"preferred_username", 1.5}};
  for (const auto& [name, value] : wrong) {
    auto payload = claims();
    payload[name] = value;
    const std::string bad = rs256(payload);
    expect_refused(bad, IdTokenError::bad_payload);
    const auto result = validate(bad);
    if (!result.ok()) {
      EXPECT_NE(result.error().message.find(name), std::string::npos) << name;
    }
  }
}

// A number Boost.JSON reads as infinity or NaN, in any claim: refused, whatever else the token
// says.
TEST_F(IdTokenTest, RefusesNumbersOutOfADoublesRange) {
  std::string text = boost::json::serialize(claims());
  const std::string extras[] = {",\"extra\":{\"n\":0e1308}}", ",\"extra\":[1,-1e999]}"};
  for (const std::string& extra : extras) {
    const std::string payload = text.substr(0, text.size() - 1) + extra;
    expect_refused(make_token(keys().rsa, "RS256", header("RS256", "rsa-1"), payload),
                   IdTokenError::bad_payload);
  }
}

}  // namespace
}  // namespace lkm::auth::test
