#include "auth/jws.hpp"

#include <gtest/gtest.h>
#include <openssl/ec.h>

#include <string>

#include "auth/openssl_handles.hpp"
#include "jose_test_keys.hpp"

namespace lkm::auth {
namespace {

Jwk published(const test::KeyPair& key, std::string_view alg = "") {
  return parse_jwks(test::jwks_document({test::public_jwk(key, "k", alg)}))->keys.front();
}

TEST(JwsAlg, NamesOnlyTheFourAlgorithmsExactly) {
  for (const JwsAlg alg : {JwsAlg::rs256, JwsAlg::ps256, JwsAlg::es256, JwsAlg::eddsa}) {
    EXPECT_EQ(jws_alg_from_name(to_string(alg)), alg);
  }
  for (const char* name : {"none", "HS256", "RS384", "rs256", "RS256 ", "Ed25519", "ES256K", ""}) {
    EXPECT_FALSE(jws_alg_from_name(name).has_value()) << name;
  }
}

TEST(JwsAlg, FitsKeysByTypeAndByTheirOwnAlg) {
  const Jwk rsa = published(test::make_rsa_key());
  const Jwk p256 = published(test::make_p256_key());
  EXPECT_TRUE(key_fits(rsa, JwsAlg::rs256));
  EXPECT_TRUE(key_fits(rsa, JwsAlg::ps256));
  EXPECT_FALSE(key_fits(rsa, JwsAlg::es256));
  EXPECT_FALSE(key_fits(rsa, JwsAlg::eddsa));
  EXPECT_TRUE(key_fits(p256, JwsAlg::es256));
  EXPECT_FALSE(key_fits(p256, JwsAlg::rs256));
  Jwk bound = rsa;
  bound.alg = "PS256";
  EXPECT_FALSE(key_fits(bound, JwsAlg::rs256));
  EXPECT_TRUE(key_fits(bound, JwsAlg::ps256));
  Jwk empty = rsa;
  empty.key.reset();
  EXPECT_FALSE(key_fits(empty, JwsAlg::rs256));
  EXPECT_FALSE(verify_jws_signature(JwsAlg::rs256, empty, "a.b", std::string(256, 's')));
}

TEST(JwsAlg, TurnsAJoseEs256SignatureIntoDerWithTheSameRAndS) {
  std::string jose(64, '\0');
  jose[0] = '\x80';  // r needs a leading zero byte in DER
  jose[63] = '\x01';
  const auto der = es256_signature_to_der(jose);
  ASSERT_TRUE(der.has_value());
  const auto* bytes = reinterpret_cast<const unsigned char*>(der->data());  // NOLINT
  const openssl::EcdsaSignature parsed(
      d2i_ECDSA_SIG(nullptr, &bytes, static_cast<long>(der->size())));
  ASSERT_NE(parsed, nullptr);
  EXPECT_EQ(BN_num_bytes(ECDSA_SIG_get0_r(parsed.get())), 32);
  EXPECT_EQ(BN_get_word(ECDSA_SIG_get0_s(parsed.get())), 1U);
  for (const std::size_t size : {0U, 63U, 65U, 70U, 72U}) {
    EXPECT_FALSE(es256_signature_to_der(std::string(size, '\x01')).has_value()) << size;
  }
}

TEST(JwsAlg, VerifiesWhatTheTestSignerSignsAndNothingElse) {
  const test::KeyPair key = test::make_p256_key();
  const Jwk jwk = published(key);
  const std::string signature = test::sign(key, "ES256", "header.payload");
  EXPECT_TRUE(verify_jws_signature(JwsAlg::es256, jwk, "header.payload", signature));
  EXPECT_FALSE(verify_jws_signature(JwsAlg::es256, jwk, "header.payloaD", signature));
  EXPECT_FALSE(verify_jws_signature(JwsAlg::es256, jwk, "header.payload", std::string(64, '\0')));
  EXPECT_FALSE(verify_jws_signature(JwsAlg::rs256, jwk, "header.payload", signature));
}

}  // namespace
}  // namespace lkm::auth
