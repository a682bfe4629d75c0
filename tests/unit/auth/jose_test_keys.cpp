#include "jose_test_keys.hpp"

#include <openssl/core_names.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>

#include <stdexcept>

#include <boost/json/serialize.hpp>

#include "auth/base64url.hpp"
#include "auth/hmac.hpp"
#include "auth/openssl_handles.hpp"

namespace lkm::auth::test {
namespace {

constexpr int kP256Bytes = 32;

void require(bool condition, const char* what) {
  if (!condition) throw std::runtime_error(std::string("test key helper: ") + what);
}

const unsigned char* bytes_of(std::string_view bytes) {
  return reinterpret_cast<const unsigned char*>(bytes.data());  // NOLINT
}

std::string_view chars_of(const unsigned char* bytes, std::size_t size) {
  return {reinterpret_cast<const char*>(bytes), size};  // NOLINT
}

KeyPair adopt(KeyType type, EVP_PKEY* pkey) {
  require(pkey != nullptr, "key generation failed");
  return {type, std::shared_ptr<EVP_PKEY>(pkey, openssl::Deleter<EVP_PKEY_free>{})};
}

openssl::Bignum bn_param(const KeyPair& key, const char* name) {
  BIGNUM* value = nullptr;
  require(EVP_PKEY_get_bn_param(key.pkey.get(), name, &value) == 1, name);
  return openssl::Bignum(value);
}

std::string unsigned_bytes(const BIGNUM* value, int padded_to = 0) {
  const int size = padded_to > 0 ? padded_to : BN_num_bytes(value);
  std::string out(static_cast<std::size_t>(size), '\0');
  auto* data = reinterpret_cast<unsigned char*>(out.data());  // NOLINT
  require(BN_bn2binpad(value, data, size) == size, "BN_bn2binpad");
  return out;
}

// DER as OpenSSL's one-shot signer writes it.
std::string digest_sign(const KeyPair& key, std::string_view alg, std::string_view input,
                        int pss_salt_length = RSA_PSS_SALTLEN_DIGEST) {
  const openssl::DigestContext context(EVP_MD_CTX_new());
  EVP_PKEY_CTX* key_context = nullptr;
  const char* digest = alg == "EdDSA" ? nullptr : "SHA256";
  require(context && EVP_DigestSignInit_ex(context.get(), &key_context, digest, nullptr, nullptr,
                                           key.pkey.get(), nullptr) == 1,
          "EVP_DigestSignInit_ex");
  if (alg == "PS256") {
    require(EVP_PKEY_CTX_set_rsa_padding(key_context, RSA_PKCS1_PSS_PADDING) == 1 &&
                EVP_PKEY_CTX_set_rsa_pss_saltlen(key_context, pss_salt_length) == 1,
            "PSS parameters");
  }
  std::size_t size = 0;
  require(EVP_DigestSign(context.get(), nullptr, &size, bytes_of(input), input.size()) == 1,
          "EVP_DigestSign size");
  std::string signature(size, '\0');
  auto* out = reinterpret_cast<unsigned char*>(signature.data());  // NOLINT
  require(EVP_DigestSign(context.get(), out, &size, bytes_of(input), input.size()) == 1,
          "EVP_DigestSign");
  signature.resize(size);
  return signature;
}

}  // namespace

KeyPair make_rsa_key(unsigned bits) {
  return adopt(KeyType::rsa, EVP_RSA_gen(bits));
}

KeyPair make_p256_key() {
  return adopt(KeyType::ec_p256, EVP_EC_gen("P-256"));
}

KeyPair make_ed25519_key() {
  return adopt(KeyType::ed25519, EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519"));
}

boost::json::object public_jwk(const KeyPair& key, std::string_view kid, std::string_view alg) {
  boost::json::object jwk;
  switch (key.type) {
    case KeyType::rsa:
      jwk["kty"] = "RSA";
      jwk["n"] = base64url_encode(unsigned_bytes(bn_param(key, OSSL_PKEY_PARAM_RSA_N).get()));
      jwk["e"] = base64url_encode(unsigned_bytes(bn_param(key, OSSL_PKEY_PARAM_RSA_E).get()));
      break;
    case KeyType::ec_p256:
      jwk["kty"] = "EC";
      jwk["crv"] = "P-256";
      jwk["x"] = base64url_encode(
          unsigned_bytes(bn_param(key, OSSL_PKEY_PARAM_EC_PUB_X).get(), kP256Bytes));
      jwk["y"] = base64url_encode(
          unsigned_bytes(bn_param(key, OSSL_PKEY_PARAM_EC_PUB_Y).get(), kP256Bytes));
      break;
    case KeyType::ed25519: {
      unsigned char raw[kP256Bytes] = {};
      std::size_t size = sizeof raw;
      require(EVP_PKEY_get_raw_public_key(key.pkey.get(), raw, &size) == 1, "raw public key");
      jwk["kty"] = "OKP";
      jwk["crv"] = "Ed25519";
      jwk["x"] = base64url_encode(chars_of(raw, size));
      break;
    }
  }
  jwk["use"] = "sig";
  if (!kid.empty()) jwk["kid"] = kid;
  if (!alg.empty()) jwk["alg"] = alg;
  return jwk;
}

std::string jwks_document(const std::vector<boost::json::object>& keys) {
  boost::json::array array;
  for (const auto& key : keys) array.emplace_back(key);
  return boost::json::serialize(boost::json::object{{"keys", std::move(array)}});
}

std::string public_key_der(const KeyPair& key) {
  unsigned char* der = nullptr;
  const int size = i2d_PUBKEY(key.pkey.get(), &der);
  require(size > 0, "i2d_PUBKEY");
  std::string out(chars_of(der, static_cast<std::size_t>(size)));
  OPENSSL_free(der);
  return out;
}

std::string public_key_pem(const KeyPair& key) {
  const std::unique_ptr<BIO, openssl::Deleter<BIO_free_all>> bio(BIO_new(BIO_s_mem()));
  require(bio && PEM_write_bio_PUBKEY(bio.get(), key.pkey.get()) == 1, "PEM_write_bio_PUBKEY");
  char* data = nullptr;
  const long size = BIO_get_mem_data(bio.get(), &data);
  require(size > 0, "BIO_get_mem_data");
  return {data, static_cast<std::size_t>(size)};
}

std::string sign_es256_der(const KeyPair& key, std::string_view signing_input) {
  return digest_sign(key, "ES256", signing_input);
}

std::string sign_ps256_with_salt(const KeyPair& key, std::string_view signing_input,
                                 int salt_length) {
  return digest_sign(key, "PS256", signing_input, salt_length);
}

std::string sign(const KeyPair& key, std::string_view alg, std::string_view signing_input) {
  const std::string signature = digest_sign(key, alg, signing_input);
  if (alg != "ES256") return signature;
  const unsigned char* der = bytes_of(signature);
  const openssl::EcdsaSignature parsed(
      d2i_ECDSA_SIG(nullptr, &der, static_cast<long>(signature.size())));
  require(parsed != nullptr, "d2i_ECDSA_SIG");
  return unsigned_bytes(ECDSA_SIG_get0_r(parsed.get()), kP256Bytes) +
         unsigned_bytes(ECDSA_SIG_get0_s(parsed.get()), kP256Bytes);
}

std::string signing_input(std::string_view header, std::string_view payload) {
  return base64url_encode(header) + "." + base64url_encode(payload);
}

std::string with_signature(std::string_view input, std::string_view signature) {
  return std::string(input) + "." + base64url_encode(signature);
}

std::string make_token(const KeyPair& key, std::string_view alg, std::string_view header,
                       std::string_view payload) {
  const std::string input = signing_input(header, payload);
  return with_signature(input, sign(key, alg, input));
}

std::string make_hs256_token(std::string_view secret, std::string_view header,
                             std::string_view payload) {
  const std::string input = signing_input(header, payload);
  const Digest mac = hmac_sha256(secret, input);
  return with_signature(input, chars_of(mac.data(), mac.size()));
}

}  // namespace lkm::auth::test
