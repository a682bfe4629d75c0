#include "auth/jwk.hpp"

#include <gtest/gtest.h>
#include <openssl/evp.h>

#include <string>

#include <boost/json/serialize.hpp>

#include "auth/base64url.hpp"
#include "jose_test_keys.hpp"

namespace lkm::auth {
namespace {

using test::KeyPair;
using test::public_jwk;

const KeyPair& rsa() {
  static const KeyPair key = test::make_rsa_key();
  return key;
}
const KeyPair& p256() {
  static const KeyPair key = test::make_p256_key();
  return key;
}
const KeyPair& ed25519() {
  static const KeyPair key = test::make_ed25519_key();
  return key;
}

boost::json::value text(const std::string& bytes) {
  return boost::json::value(std::string_view(bytes));
}

std::string document(const std::vector<boost::json::object>& keys) {
  return test::jwks_document(keys);
}

// The one key of `jwk`'s set that is skipped, beside a good RSA key that must still be read.
SkippedJwk skipped_beside_a_good_key(const boost::json::object& jwk) {
  const auto jwks = parse_jwks(document({public_jwk(rsa(), "good"), jwk}));
  EXPECT_TRUE(jwks.ok()) << jwks.error().message;
  if (!jwks.ok()) return {};
  EXPECT_EQ(jwks->keys.size(), 1U);
  EXPECT_EQ(jwks->keys.front().kid, "good");
  EXPECT_EQ(jwks->skipped.size(), 1U);
  if (jwks->skipped.size() != 1) return {};
  EXPECT_EQ(jwks->skipped.front().index, 1U);
  EXPECT_FALSE(jwks->skipped.front().reason.empty());
  return jwks->skipped.front();
}

void expect_refused(const boost::json::object& jwk, std::string_view reason_part) {
  const SkippedJwk skipped = skipped_beside_a_good_key(jwk);
  EXPECT_TRUE(skipped.malformed) << boost::json::serialize(jwk);
  EXPECT_NE(skipped.reason.find(reason_part), std::string::npos)
      << skipped.reason << " / " << boost::json::serialize(jwk);
}

void expect_left_out(const boost::json::object& jwk, std::string_view reason_part) {
  const SkippedJwk skipped = skipped_beside_a_good_key(jwk);
  EXPECT_FALSE(skipped.malformed) << boost::json::serialize(jwk);
  EXPECT_NE(skipped.reason.find(reason_part), std::string::npos) << skipped.reason;
}

void expect_document_refused(std::string_view text, JwksError code) {
  const auto jwks = parse_jwks(text);
  ASSERT_FALSE(jwks.ok()) << text.substr(0, 80);
  EXPECT_EQ(jwks.error().code, code) << to_string(jwks.error().code);
  EXPECT_FALSE(jwks.error().message.empty());
}

TEST(Jwks, ReadsRsaEcAndEd25519KeysWithKidAlgAndUse) {
  if (!ed25519_available()) GTEST_SKIP() << "this OpenSSL has no Ed25519";
  auto without_use = public_jwk(ed25519(), "");
  without_use.erase("use");
  const auto jwks = parse_jwks(
      document({public_jwk(rsa(), "r1", "RS256"), public_jwk(p256(), "e1", "ES256"), without_use}));
  ASSERT_TRUE(jwks.ok()) << jwks.error().message;
  ASSERT_EQ(jwks->keys.size(), 3U);
  EXPECT_TRUE(jwks->skipped.empty());
  const Jwk& first = jwks->keys[0];
  EXPECT_EQ(first.type, KeyType::rsa);
  EXPECT_EQ(first.kid, "r1");
  EXPECT_EQ(first.alg, "RS256");
  EXPECT_EQ(first.use, "sig");
  EXPECT_EQ(EVP_PKEY_get_bits(first.key.get()), 2048);
  EXPECT_EQ(EVP_PKEY_eq(first.key.get(), rsa().pkey.get()), 1);
  EXPECT_EQ(jwks->keys[1].type, KeyType::ec_p256);
  EXPECT_EQ(jwks->keys[1].alg, "ES256");
  EXPECT_EQ(EVP_PKEY_eq(jwks->keys[1].key.get(), p256().pkey.get()), 1);
  EXPECT_EQ(jwks->keys[2].type, KeyType::ed25519);
  EXPECT_EQ(jwks->keys[2].kid, "");
  EXPECT_EQ(jwks->keys[2].use, "");
  EXPECT_EQ(EVP_PKEY_eq(jwks->keys[2].key.get(), ed25519().pkey.get()), 1);
}

TEST(Jwks, IgnoresMembersItDoesNotUse) {
  auto jwk = public_jwk(rsa(), "r1");
  jwk["x5c"] = boost::json::array{"MIIB"};
  jwk["x5t"] = "abc";
  jwk["key_ops"] = boost::json::array{"verify"};
  const auto jwks = parse_jwks(R"({"other":1,"keys":[)" + boost::json::serialize(jwk) + "]}");
  ASSERT_TRUE(jwks.ok()) << jwks.error().message;
  EXPECT_EQ(jwks->keys.size(), 1U);
}

TEST(Jwks, SkipsKeysOfOtherTypesAndCurvesWithoutRefusingThem) {
  expect_left_out({{"kty", "oct"}, {"k", "c2VjcmV0"}, {"kid", "hmac"}}, "kty");
  auto p384 = public_jwk(p256(), "p384");
  p384["crv"] = "P-384";
  expect_left_out(p384, "crv");
  expect_left_out(
      {{"kty", "OKP"}, {"crv", "X25519"}, {"x", base64url_encode(std::string(32, 'x'))}}, "crv");
  expect_left_out({{"kty", "OKP"}, {"crv", "Ed448"}, {"x", base64url_encode(std::string(57, 'x'))}},
                  "crv");
  EXPECT_EQ(skipped_beside_a_good_key({{"kty", "oct"}, {"kid", "hmac"}}).kid, "hmac");
}

TEST(Jwks, SkipsKeysForEncryptionOrWithoutVerifyAmongTheirOperations) {
  auto encryption = public_jwk(rsa(), "enc");
  encryption["use"] = "enc";
  expect_left_out(encryption, "use");
  auto sign_only = public_jwk(rsa(), "ops");
  sign_only["key_ops"] = boost::json::array{"sign", "encrypt"};
  expect_left_out(sign_only, "key_ops");
}

TEST(Jwks, RefusesMalformedRsaKeysWithAReason) {
  const auto with = [](std::string_view member, boost::json::value value) {
    auto jwk = public_jwk(rsa(), "bad");
    if (value.is_null()) {
      jwk.erase(member);
    } else {
      jwk[member] = std::move(value);
    }
    return jwk;
  };
  expect_refused(with("n", nullptr), "n is missing");
  expect_refused(with("e", nullptr), "e is missing");
  expect_refused(with("n", 12345), "n is not a string");
  const std::string n(public_jwk(rsa(), "")["n"].as_string());
  expect_refused(with("n", text(n + "=")), "base64url");
  expect_refused(with("n", "a+b/"), "base64url");
  expect_refused(with("e", "AQAA"), "e ");                                          // 65536: even
  expect_refused(with("e", "AQ"), "e ");                                            // 1
  expect_refused(with("e", text(base64url_encode(std::string(9, '\x01')))), "e ");  // 65 bits
  expect_refused(public_jwk(test::make_rsa_key(1024), "small"), "2048");
  std::string even(256, '\xff');
  even.back() = '\xfe';
  expect_refused(with("n", text(base64url_encode(even))), "n ");
  expect_refused(with("n", text(base64url_encode(std::string(1025, '\xff')))), "8192");
}

TEST(Jwks, AcceptsAnRsaModulusWithALeadingZeroByte) {
  auto jwk = public_jwk(rsa(), "zero");
  jwk["n"] = base64url_encode('\0' + *base64url_decode(jwk["n"].as_string()));
  const auto jwks = parse_jwks(document({jwk}));
  ASSERT_TRUE(jwks.ok()) << jwks.error().message;
  EXPECT_EQ(EVP_PKEY_eq(jwks->keys.front().key.get(), rsa().pkey.get()), 1);
}

TEST(Jwks, RefusesEcKeysOffTheCurveOrOfTheWrongLength) {
  const auto with = [](std::string_view member, std::string bytes) {
    auto jwk = public_jwk(p256(), "bad");
    jwk[member] = base64url_encode(bytes);
    return jwk;
  };
  const std::string y = *base64url_decode(public_jwk(p256(), "")["y"].as_string());
  std::string off_curve = y;
  off_curve.back() = static_cast<char>(off_curve.back() ^ 1);
  expect_refused(with("y", off_curve), "not a point");
  expect_refused(with("y", y.substr(1)), "y is not 32 bytes");
  expect_refused(with("x", '\0' + y), "x is not 32 bytes");
  expect_refused(with("x", std::string(32, '\xff')), "not a point");  // beyond the field
  expect_refused(with("x", std::string(32, '\0')), "not a point");
  auto no_curve = public_jwk(p256(), "bad");
  no_curve.erase("crv");
  expect_refused(no_curve, "crv is missing");
  auto no_y = public_jwk(p256(), "bad");
  no_y.erase("y");
  expect_refused(no_y, "y is missing");
}

TEST(Jwks, RefusesEd25519KeysOfTheWrongLength) {
  if (!ed25519_available()) GTEST_SKIP() << "this OpenSSL has no Ed25519";
  auto jwk = public_jwk(ed25519(), "bad");
  jwk["x"] = base64url_encode(std::string(31, 'x'));
  expect_refused(jwk, "x is not 32 bytes");
}

TEST(Jwks, RefusesKeysWhoseCommonMembersAreMalformed) {
  expect_refused({{"kid", "no-type"}}, "kty is missing");
  auto kty = public_jwk(rsa(), "bad");
  kty["kty"] = 1;
  expect_refused(kty, "kty is not a string");
  auto kid = public_jwk(rsa(), "");
  kid["kid"] = 7;
  expect_refused(kid, "kid is not a string");
  auto control = public_jwk(rsa(), "a\nb");
  expect_refused(control, "kid");
  EXPECT_EQ(skipped_beside_a_good_key(control).kid, "");
  expect_refused(public_jwk(rsa(), std::string(kMaxKidBytes + 1, 'k')), "kid");
  auto alg = public_jwk(rsa(), "bad");
  alg["alg"] = boost::json::array{"RS256"};
  expect_refused(alg, "alg is not a string");
  auto use = public_jwk(rsa(), "bad");
  use["use"] = true;
  expect_refused(use, "use is not a string");
  auto ops = public_jwk(rsa(), "bad");
  ops["key_ops"] = "verify";
  expect_refused(ops, "key_ops");
  const auto jwks = parse_jwks(R"({"keys":[)" + boost::json::serialize(public_jwk(rsa(), "g")) +
                               R"(,"RSA",null,[]]})");
  ASSERT_TRUE(jwks.ok()) << jwks.error().message;
  EXPECT_EQ(jwks->skipped.size(), 3U);
  for (const auto& entry : jwks->skipped) EXPECT_EQ(entry.reason, "not a JSON object");
}

TEST(Jwks, KeepsAKidAtTheLimit) {
  const std::string kid(kMaxKidBytes, 'k');
  const auto jwks = parse_jwks(document({public_jwk(rsa(), kid)}));
  ASSERT_TRUE(jwks.ok()) << jwks.error().message;
  EXPECT_EQ(jwks->keys.front().kid, kid);
}

TEST(Jwks, RefusesADocumentThatIsNotAKeySet) {
  for (const char* text : {"", "{", "[]", "{}", R"({"keys":{}})", R"({"keys":"a"})",
                           R"({"keys":null})", R"("keys")", "{\"keys\":[\"\xff\"]}"}) {
    expect_document_refused(text, JwksError::malformed);
  }
}

TEST(Jwks, RefusesASetWithoutAUsableKey) {
  expect_document_refused(R"({"keys":[]})", JwksError::no_usable_key);
  auto encryption = public_jwk(rsa(), "enc");
  encryption["use"] = "enc";
  expect_document_refused(document({encryption, {{"kty", "oct"}}}), JwksError::no_usable_key);
  const auto refused = parse_jwks(document({encryption}));
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.error().message.find("use is not sig"), std::string::npos);
}

TEST(Jwks, BoundsTheDocumentSizeAndTheNumberOfKeys) {
  const std::string key = boost::json::serialize(public_jwk(p256(), "k"));
  std::string keys = key;
  for (std::size_t i = 1; i < kMaxJwksKeys; ++i) keys += "," + key;
  const auto most = parse_jwks(R"({"keys":[)" + keys + "]}");
  ASSERT_TRUE(most.ok()) << most.error().message;
  EXPECT_EQ(most->keys.size(), kMaxJwksKeys);
  expect_document_refused(R"({"keys":[)" + keys + "," + key + "]}", JwksError::too_many_keys);
  expect_document_refused(R"({"keys":[)" + keys + "," + R"({"kty":"oct"})" + "]}",
                          JwksError::too_many_keys);

  std::string padded = document({public_jwk(rsa(), "r")});
  padded.insert(1, R"("pad":")" + std::string(kMaxJwksBytes, 'p') + "\",");
  padded.resize(kMaxJwksBytes + 1);  // no longer JSON: refused for its size alone
  expect_document_refused(padded, JwksError::too_large);
}

TEST(Jwks, CopiesOfAKeyShareIt) {
  const auto jwks = parse_jwks(document({public_jwk(p256(), "k")}));
  ASSERT_TRUE(jwks.ok());
  Jwk copy = jwks->keys.front();
  EXPECT_EQ(copy.key.get(), jwks->keys.front().key.get());
  EXPECT_EQ(jwks->keys.front().key.use_count(), 2);
}

TEST(JwksError, HasStableSnakeCaseNames) {
  EXPECT_EQ(to_string(JwksError::too_large), "too_large");
  EXPECT_EQ(to_string(JwksError::malformed), "malformed");
  EXPECT_EQ(to_string(JwksError::too_many_keys), "too_many_keys");
  EXPECT_EQ(to_string(JwksError::no_usable_key), "no_usable_key");
  EXPECT_EQ(to_string(KeyType::ec_p256), "EC P-256");
}

}  // namespace
}  // namespace lkm::auth
