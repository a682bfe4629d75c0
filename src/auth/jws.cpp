#include "auth/jws.hpp"

#include <openssl/err.h>
#include <openssl/rsa.h>

#include "auth/openssl_handles.hpp"

namespace lkm::auth {
namespace {

constexpr std::size_t kEs256Half = 32;
constexpr std::size_t kEd25519SignatureBytes = 64;

const unsigned char* bytes_of(std::string_view bytes) {
  return reinterpret_cast<const unsigned char*>(bytes.data());  // NOLINT
}

// The signature's length as the algorithm fixes it: an RSA signature is as long as the modulus.
bool has_expected_length(JwsAlg alg, EVP_PKEY* key, std::string_view signature) {
  switch (alg) {
    case JwsAlg::rs256:
    case JwsAlg::ps256: {
      const int size = EVP_PKEY_get_size(key);
      return size > 0 && signature.size() == static_cast<std::size_t>(size);
    }
    case JwsAlg::es256: return signature.size() == 2 * kEs256Half;
    case JwsAlg::eddsa: return signature.size() == kEd25519SignatureBytes;
  }
  return false;
}

// Padding of the RSA algorithms, set on the verification's key context.
bool set_padding(JwsAlg alg, EVP_PKEY_CTX* context) {
  if (alg == JwsAlg::rs256) return EVP_PKEY_CTX_set_rsa_padding(context, RSA_PKCS1_PADDING) == 1;
  if (alg != JwsAlg::ps256) return true;
  return EVP_PKEY_CTX_set_rsa_padding(context, RSA_PKCS1_PSS_PADDING) == 1 &&
         EVP_PKEY_CTX_set_rsa_mgf1_md_name(context, "SHA256", nullptr) == 1 &&
         EVP_PKEY_CTX_set_rsa_pss_saltlen(context, RSA_PSS_SALTLEN_DIGEST) == 1;
}

bool verify(JwsAlg alg, EVP_PKEY* key, std::string_view signing_input, std::string_view signature) {
  const openssl::DigestContext context(EVP_MD_CTX_new());
  EVP_PKEY_CTX* key_context = nullptr;  // owned by `context`
  const char* digest = alg == JwsAlg::eddsa ? nullptr : "SHA256";
  return context &&
         EVP_DigestVerifyInit_ex(context.get(), &key_context, digest, nullptr, nullptr, key,
                                 nullptr) == 1 &&
         set_padding(alg, key_context) &&
         EVP_DigestVerify(context.get(), bytes_of(signature), signature.size(),
                          bytes_of(signing_input), signing_input.size()) == 1;
}

}  // namespace

std::optional<JwsAlg> jws_alg_from_name(std::string_view name) noexcept {
  if (name == "RS256") return JwsAlg::rs256;
  if (name == "PS256") return JwsAlg::ps256;
  if (name == "ES256") return JwsAlg::es256;
  if (name == "EdDSA") return JwsAlg::eddsa;
  return std::nullopt;
}

std::string_view to_string(JwsAlg alg) noexcept {
  switch (alg) {
    case JwsAlg::rs256: return "RS256";
    case JwsAlg::ps256: return "PS256";
    case JwsAlg::es256: return "ES256";
    case JwsAlg::eddsa: return "EdDSA";
  }
  return "unknown";
}

bool key_fits(const Jwk& key, JwsAlg alg) noexcept {
  if (!key.key || (!key.alg.empty() && key.alg != to_string(alg))) return false;
  switch (alg) {
    case JwsAlg::rs256:
    case JwsAlg::ps256: return key.type == KeyType::rsa;
    case JwsAlg::es256: return key.type == KeyType::ec_p256;
    case JwsAlg::eddsa: return key.type == KeyType::ed25519;
  }
  return false;
}

std::optional<std::string> es256_signature_to_der(std::string_view jose) {
  if (jose.size() != 2 * kEs256Half) return std::nullopt;
  openssl::Bignum r(BN_bin2bn(bytes_of(jose), kEs256Half, nullptr));
  openssl::Bignum s(BN_bin2bn(bytes_of(jose.substr(kEs256Half)), kEs256Half, nullptr));
  const openssl::EcdsaSignature signature(ECDSA_SIG_new());
  if (!r || !s || !signature || ECDSA_SIG_set0(signature.get(), r.get(), s.get()) != 1) {
    return std::nullopt;
  }
  static_cast<void>(r.release());  // now owned by `signature`
  static_cast<void>(s.release());
  const int length = i2d_ECDSA_SIG(signature.get(), nullptr);
  if (length <= 0) return std::nullopt;
  std::string der(static_cast<std::size_t>(length), '\0');
  auto* out = reinterpret_cast<unsigned char*>(der.data());  // NOLINT
  if (i2d_ECDSA_SIG(signature.get(), &out) != length) return std::nullopt;
  return der;
}

bool verify_jws_signature(JwsAlg alg, const Jwk& key, std::string_view signing_input,
                          std::string_view signature) {
  if (!key_fits(key, alg) || !has_expected_length(alg, key.key.get(), signature)) return false;
  std::optional<std::string> der;
  if (alg == JwsAlg::es256) {
    der = es256_signature_to_der(signature);
    if (!der) return false;
    signature = *der;
  }
  const bool valid = verify(alg, key.key.get(), signing_input, signature);
  ERR_clear_error();
  return valid;
}

}  // namespace lkm::auth
