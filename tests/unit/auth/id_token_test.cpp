#include "auth/id_token.hpp"

#include <gtest/gtest.h>

#include <set>
#include <string>

#include <boost/json/serialize.hpp>

#include "auth/base64url.hpp"
#include "id_token_fixture.hpp"

namespace lkm::auth::test {
namespace {

TEST_F(IdTokenTest, AcceptsAnRs256TokenAndReadsItsClaims) {
  const auto result = validate(rs256());
  ASSERT_TRUE(result.ok()) << result.error().message;
  EXPECT_EQ(result->issuer, kIssuer);
  EXPECT_EQ(result->subject, "248289761001");
  EXPECT_EQ(result->email, "ann@example.org");
  EXPECT_TRUE(result->email_verified);
  EXPECT_EQ(result->name, "Ann Example");
  EXPECT_EQ(result->preferred_username, "ann");
  EXPECT_EQ(result->issued_at, kNow);
  EXPECT_EQ(result->expires_at, kNow + 300);
  EXPECT_EQ(result->payload, claims());
}

TEST_F(IdTokenTest, AcceptsAPs256Token) {
  const auto result = validate(token(keys().rsa, "PS256", "rsa-1"));
  ASSERT_TRUE(result.ok()) << result.error().message;
  EXPECT_EQ(result->subject, "248289761001");
}

TEST_F(IdTokenTest, AcceptsAnEs256TokenWithItsJoseSignature) {
  const std::string es256 = token(keys().p256, "ES256", "ec-1");
  EXPECT_EQ(base64url_decode(es256.substr(es256.rfind('.') + 1))->size(), 64U);
  const auto result = validate(es256);
  ASSERT_TRUE(result.ok()) << result.error().message;
  EXPECT_EQ(result->name, "Ann Example");
}

TEST_F(IdTokenTest, AcceptsAnEdDsaToken) {
  if (!ed25519_available()) GTEST_SKIP() << "this OpenSSL has no Ed25519";
  const auto result = validate(token(keys().ed25519, "EdDSA", "ed-1"));
  ASSERT_TRUE(result.ok()) << result.error().message;
  EXPECT_EQ(result->preferred_username, "ann");
}

TEST_F(IdTokenTest, LeavesAbsentProfileClaimsEmpty) {
  const auto result = validate(rs256({{"iss", kIssuer},
                                      {"sub", "s"},
                                      {"aud", kClient},
                                      {"exp", kNow + 60},
                                      {"iat", kNow},
                                      {"nonce", kNonce},
                                      {"email", nullptr}}));
  ASSERT_TRUE(result.ok()) << result.error().message;
  EXPECT_EQ(result->email, "");
  EXPECT_FALSE(result->email_verified);
  EXPECT_EQ(result->name, "");
  EXPECT_EQ(result->preferred_username, "");
}

TEST_F(IdTokenTest, RefusesTokensLongerThan16KiBBeforeDecoding) {
  expect_refused(std::string(kMaxIdTokenBytes + 1, 'a'), IdTokenError::too_large);
  auto big = claims();
  big["padding"] = std::string(kMaxIdTokenBytes, 'p');
  expect_refused(rs256(big), IdTokenError::too_large);
}

TEST_F(IdTokenTest, RefusesAnythingButThreeParts) {
  const std::string good = rs256();
  expect_refused("", IdTokenError::malformed);
  expect_refused("abc", IdTokenError::malformed);
  expect_refused(good.substr(0, good.rfind('.')), IdTokenError::malformed);
  expect_refused(good + ".", IdTokenError::malformed);
  expect_refused(good + ".abc", IdTokenError::malformed);
}

TEST_F(IdTokenTest, RefusesPartsThatAreNotStrictBase64url) {
  const std::string good = rs256();
  expect_refused(good + "=", IdTokenError::bad_encoding);
  for (const char bad : {'+', '/', '=', ' ', '\n'}) {
    std::string copy = good;
    copy[good.find('.') + 3] = bad;
    expect_refused(copy, IdTokenError::bad_encoding);
  }
}

TEST_F(IdTokenTest, RefusesAHeaderThatIsNotAnObjectWithAStringAlgAndKid) {
  const std::string payload = boost::json::serialize(claims());
  for (const char* text :
       {"", "RS256", R"(["RS256"])", "{}", R"({"alg":256})", R"({"alg":null})", R"({"alg":"RS256")",
        R"({"alg":"RS256","kid":7})", R"({"alg":"RS256","kid":null})",
        R"({"alg":"RS256","kid":"rsa-1","crit":["exp"]})"}) {
    expect_refused(test::make_token(keys().rsa, "RS256", text, payload), IdTokenError::bad_header);
  }
}

TEST_F(IdTokenTest, RefusesAlgNoneSignedOrNot) {
  const std::string input =
      test::signing_input(header("none", "rsa-1"), boost::json::serialize(claims()));
  expect_refused(input + ".", IdTokenError::alg_none);
  expect_refused(test::signing_input(header("none", ""), "not JSON") + ".", IdTokenError::alg_none);
  expect_refused(test::with_signature(input, test::sign(keys().rsa, "RS256", input)),
                 IdTokenError::alg_none);
  for (const char* alg : {"NONE", "None"}) {
    expect_refused(test::signing_input(header(alg, ""), boost::json::serialize(claims())) + ".",
                   IdTokenError::alg_none);
  }
  // Even a provider that lists "none" does not get it.
  const IdTokenValidator lax(settings({"none", "RS256"}));
  const auto result = lax.validate(input + ".", jwks_, kNonce, kNow);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, IdTokenError::alg_none);
}

TEST_F(IdTokenTest, RefusesHs256KeyedWithTheProvidersPublicKey) {
  const std::string text = boost::json::serialize(claims());
  const boost::json::object jwk = public_jwk(keys().rsa, "rsa-1");
  for (const std::string& secret :
       {test::public_key_pem(keys().rsa), test::public_key_der(keys().rsa),
        *base64url_decode(jwk.at("n").as_string()), boost::json::serialize(jwk)}) {
    for (const char* alg : {"HS256", "HS384", "HS512"}) {
      const std::string forged = test::make_hs256_token(secret, header(alg, "rsa-1"), text);
      expect_refused(forged, IdTokenError::alg_not_allowed);
      // Listing HMAC in discovery does not make it acceptable.
      const IdTokenValidator lax(settings({"HS256", "HS384", "HS512", "RS256"}));
      const auto result = lax.validate(forged, jwks_, kNonce, kNow);
      ASSERT_FALSE(result.ok());
      EXPECT_EQ(result.error().code, IdTokenError::alg_not_allowed);
    }
  }
}

TEST_F(IdTokenTest, RefusesAlgorithmsTheProviderDoesNotList) {
  const IdTokenValidator rs256_only(settings({"RS256"}));
  EXPECT_TRUE(rs256_only.allows(JwsAlg::rs256));
  EXPECT_FALSE(rs256_only.allows(JwsAlg::es256));
  EXPECT_TRUE(rs256_only.validate(rs256(), jwks_, kNonce, kNow).ok());
  for (const std::string& refused :
       {token(keys().p256, "ES256", "ec-1"), token(keys().rsa, "PS256", "rsa-1")}) {
    const auto result = rs256_only.validate(refused, jwks_, kNonce, kNow);
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().code, IdTokenError::alg_not_allowed);
  }
  const IdTokenValidator nothing(settings({}));
  const auto result = nothing.validate(rs256(), jwks_, kNonce, kNow);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, IdTokenError::alg_not_allowed);
}

TEST_F(IdTokenTest, RefusesAlgorithmsThisValidatorLacks) {
  const std::string text = boost::json::serialize(claims());
  const std::string input = test::signing_input(header("RS256", "rsa-1"), text);
  const std::string signature = test::sign(keys().rsa, "RS256", input);
  for (const char* alg : {"RS384", "RS512", "ES384", "PS512", "rs256", "RS256 ", "ES256K", ""}) {
    const std::string other = test::signing_input(header(alg, "rsa-1"), text);
    expect_refused(test::with_signature(other, signature), IdTokenError::alg_not_allowed);
  }
}

TEST_F(IdTokenTest, RefusesAnUnknownKidSoThatTheCallerFetchesTheKeysAgain) {
  const auto result = validate(token(keys().rsa, "RS256", "rsa-2"));
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, IdTokenError::unknown_kid);
  EXPECT_TRUE(result.error().keys_may_be_stale());
  expect_quiet(result.error(), "");
  EXPECT_FALSE(validate(token(keys().rsa, "RS256", "ec-1")).error().keys_may_be_stale());
  // An empty kid names no key, not the keys published without one.
  jwks_ = *parse_jwks(test::jwks_document({public_jwk(keys().rsa, "")}));
  EXPECT_TRUE(validate(token(keys().rsa, "RS256", "")).ok());
  const std::string empty_kid = test::make_token(keys().rsa, "RS256", R"({"alg":"RS256","kid":""})",
                                                 boost::json::serialize(claims()));
  expect_refused(empty_kid, IdTokenError::unknown_kid);
}

TEST_F(IdTokenTest, RefusesATokenWhoseKeyIsPublishedUnderAnotherKid) {
  // After a rotation the same key may come back under a new kid: the token's kid must match.
  jwks_ = *parse_jwks(test::jwks_document({public_jwk(keys().rsa, "rsa-rotated")}));
  expect_refused(rs256(), IdTokenError::unknown_kid);
  jwks_ = *parse_jwks(test::jwks_document({public_jwk(keys().rsa, "rsa-1")}));
  EXPECT_TRUE(validate(rs256()).ok());
}

TEST_F(IdTokenTest, PicksTheOnlyFittingKeyWhenTheTokenHasNoKid) {
  const auto result = validate(token(keys().p256, "ES256", ""));
  ASSERT_TRUE(result.ok()) << result.error().message;
  // Two RSA keys: which one is meant is unknown (OpenID Connect Core 10.1 requires a kid then).
  jwks_.keys.push_back(
      parse_jwks(test::jwks_document({public_jwk(keys().other_rsa, "rsa-2")}))->keys.front());
  expect_refused(token(keys().rsa, "RS256", ""), IdTokenError::ambiguous_key);
  jwks_ = *parse_jwks(test::jwks_document({public_jwk(keys().p256, "ec-1")}));
  expect_refused(token(keys().rsa, "RS256", ""), IdTokenError::unknown_kid);
}

TEST_F(IdTokenTest, RefusesAKidWhoseKeyDoesNotFitTheAlg) {
  expect_refused(token(keys().rsa, "RS256", "ec-1"), IdTokenError::key_alg_mismatch);
  expect_refused(token(keys().p256, "ES256", "rsa-1"), IdTokenError::key_alg_mismatch);
  if (ed25519_available()) {
    expect_refused(token(keys().ed25519, "EdDSA", "rsa-1"), IdTokenError::key_alg_mismatch);
  }
  // The JWK's own alg binds the key to one algorithm.
  jwks_ = *parse_jwks(test::jwks_document({public_jwk(keys().rsa, "rsa-1", "RS256")}));
  expect_refused(token(keys().rsa, "PS256", "rsa-1"), IdTokenError::key_alg_mismatch);
  EXPECT_TRUE(validate(rs256()).ok());
}

TEST_F(IdTokenTest, RefusesASignatureByAKeyThatIsNotTheProviders) {
  expect_refused(token(keys().other_rsa, "RS256", "rsa-1"), IdTokenError::bad_signature);
  expect_refused(token(test::make_p256_key(), "ES256", "ec-1"), IdTokenError::bad_signature);
}

TEST_F(IdTokenTest, NeverUsesAKeyTheHeaderCarries) {
  const KeyPair attacker = test::make_rsa_key();
  boost::json::object forged_header{{"alg", "RS256"},
                                    {"kid", "rsa-1"},
                                    {"jwk", public_jwk(attacker, "rsa-1")},
                                    {"jku", "https://attacker.example/jwks"}};
  const std::string forged = test::make_token(
      attacker, "RS256", boost::json::serialize(forged_header), boost::json::serialize(claims()));
  expect_refused(forged, IdTokenError::bad_signature);
}

TEST_F(IdTokenTest, RefusesATamperedPayload) {
  const std::string good = rs256();
  auto changed = claims();
  changed["email"] = "mallory@example.org";
  const std::string other = rs256(changed);
  const std::string spliced = good.substr(0, good.find('.')) +
                              other.substr(other.find('.'), other.rfind('.') - other.find('.')) +
                              good.substr(good.rfind('.'));
  expect_refused(spliced, IdTokenError::bad_signature);
}

TEST_F(IdTokenTest, RefusesAnEs256SignatureInDerForm) {
  const std::string input =
      test::signing_input(header("ES256", "ec-1"), boost::json::serialize(claims()));
  const std::string der = test::sign_es256_der(keys().p256, input);
  ASSERT_NE(der.size(), 64U);
  expect_refused(test::with_signature(input, der), IdTokenError::bad_signature);
}

TEST_F(IdTokenTest, RefusesTruncatedAndEmptySignatures) {
  std::vector<std::string> tokens = {rs256(), token(keys().rsa, "PS256", "rsa-1"),
                                     token(keys().p256, "ES256", "ec-1")};
  if (ed25519_available()) tokens.push_back(token(keys().ed25519, "EdDSA", "ed-1"));
  for (const std::string& good : tokens) {
    ASSERT_TRUE(validate(good).ok());
    const std::string input = good.substr(0, good.rfind('.'));
    const std::string signature = *base64url_decode(good.substr(good.rfind('.') + 1));
    expect_refused(test::with_signature(input, signature.substr(0, signature.size() - 1)),
                   IdTokenError::bad_signature);
    expect_refused(test::with_signature(input, signature.substr(1)), IdTokenError::bad_signature);
    expect_refused(input + ".", IdTokenError::bad_signature);
    expect_refused(test::with_signature(input, signature + '\0'), IdTokenError::bad_signature);
  }
}

TEST_F(IdTokenTest, RefusesASignatureMadeUnderTheOtherRsaPadding) {
  const std::string text = boost::json::serialize(claims());
  const std::string rs_input = test::signing_input(header("RS256", "rsa-1"), text);
  const std::string ps_input = test::signing_input(header("PS256", "rsa-1"), text);
  expect_refused(test::with_signature(rs_input, test::sign(keys().rsa, "PS256", rs_input)),
                 IdTokenError::bad_signature);
  expect_refused(test::with_signature(ps_input, test::sign(keys().rsa, "RS256", ps_input)),
                 IdTokenError::bad_signature);
}

TEST_F(IdTokenTest, RefusesAPs256SaltOtherThanTheDigestLength) {
  const std::string input =
      test::signing_input(header("PS256", "rsa-1"), boost::json::serialize(claims()));
  EXPECT_TRUE(
      validate(test::with_signature(input, test::sign_ps256_with_salt(keys().rsa, input, 32)))
          .ok());
  for (const int salt : {0, 20, 64}) {
    expect_refused(test::with_signature(input, test::sign_ps256_with_salt(keys().rsa, input, salt)),
                   IdTokenError::bad_signature);
  }
}

TEST_F(IdTokenTest, ChecksTheSignatureBeforeTheClaims) {
  auto expired = claims();
  expired["exp"] = 1;
  expired["iss"] = "https://elsewhere.example";
  expect_refused(token(keys().other_rsa, "RS256", "rsa-1", expired), IdTokenError::bad_signature);
}

TEST_F(IdTokenTest, RefusesAPayloadThatIsNotAJsonObject) {
  for (const char* text : {"", "[]", "\"sub\"", R"({"sub":"a",})", "{\"sub\":\"\xff\"}"}) {
    expect_refused(test::make_token(keys().rsa, "RS256", header("RS256", "rsa-1"), text),
                   IdTokenError::bad_payload);
  }
}

TEST(IdTokenError, HasStableSnakeCaseNames) {
  using E = IdTokenError;
  const std::set<std::string_view> names = {
      to_string(E::too_large),         to_string(E::malformed),
      to_string(E::bad_encoding),      to_string(E::bad_header),
      to_string(E::alg_none),          to_string(E::alg_not_allowed),
      to_string(E::unknown_kid),       to_string(E::ambiguous_key),
      to_string(E::key_alg_mismatch),  to_string(E::bad_signature),
      to_string(E::bad_payload),       to_string(E::issuer_mismatch),
      to_string(E::audience_mismatch), to_string(E::missing_exp),
      to_string(E::expired),           to_string(E::missing_iat),
      to_string(E::issued_in_future),  to_string(E::not_yet_valid),
      to_string(E::nonce_mismatch)};
  EXPECT_EQ(names.size(), 19U);
  EXPECT_FALSE(names.contains("unknown"));
  EXPECT_EQ(to_string(E::unknown_kid), "unknown_kid");
  EXPECT_EQ(to_string(E::alg_not_allowed), "alg_not_allowed");
}

}  // namespace
}  // namespace lkm::auth::test
