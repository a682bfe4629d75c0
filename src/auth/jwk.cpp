#include "auth/jwk.hpp"

#include <openssl/core_names.h>
#include <openssl/err.h>

#include <algorithm>
#include <array>
#include <optional>

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include "auth/base64url.hpp"
#include "auth/openssl_handles.hpp"
#include "core/text.hpp"

namespace lkm::auth {
namespace {

constexpr int kMinRsaBits = 2048;  // RFC 7518 section 3.3
constexpr int kMaxRsaBits = 8192;
constexpr int kMaxRsaExponentBits = 64;
constexpr std::size_t kCoordinateBytes = 32;  // P-256 and Ed25519 alike

// Why a key was left out.
struct Rejection {
  bool malformed;
  std::string reason;
};

Failure<Rejection> refuse(std::string reason) {
  return fail(Rejection{true, std::move(reason)});
}
Failure<Rejection> leave_out(std::string reason) {
  return fail(Rejection{false, std::move(reason)});
}

const unsigned char* bytes_of(std::string_view bytes) {
  return reinterpret_cast<const unsigned char*>(bytes.data());  // NOLINT
}

PublicKey adopt(EVP_PKEY* key) {
  return {key, openssl::Deleter<EVP_PKEY_free>{}};
}

// A member that must be a string when present; null counts as absent.
Result<std::optional<std::string_view>, std::string> optional_string(const boost::json::object& jwk,
                                                                     std::string_view name) {
  const boost::json::value* value = jwk.if_contains(name);
  if (value == nullptr || value->is_null()) return std::optional<std::string_view>();
  if (!value->is_string()) return fail(std::string(name) + " is not a string");
  return std::optional<std::string_view>(value->get_string());
}

// A required base64url member, decoded.
Result<std::string, std::string> bytes_member(const boost::json::object& jwk,
                                              std::string_view name) {
  auto text = optional_string(jwk, name);
  if (!text) return fail(std::move(text).error());
  if (!*text) return fail(std::string(name) + " is missing");
  auto bytes = base64url_decode(**text);
  if (!bytes) return fail(std::string(name) + " is not unpadded base64url");
  return std::move(*bytes);
}

bool is_kid(std::string_view kid) {
  return kid.size() <= kMaxKidBytes && is_valid_utf8(kid) && !has_control_chars(kid);
}

// The public key in `params` of OpenSSL's key type `type_name`, or null.
PublicKey key_from_params(const char* type_name, const openssl::ParamBuilder& builder) {
  const openssl::Params params(OSSL_PARAM_BLD_to_param(builder.get()));
  const openssl::KeyContext context(EVP_PKEY_CTX_new_from_name(nullptr, type_name, nullptr));
  EVP_PKEY* key = nullptr;
  if (!params || !context || EVP_PKEY_fromdata_init(context.get()) != 1 ||
      EVP_PKEY_fromdata(context.get(), &key, EVP_PKEY_PUBLIC_KEY, params.get()) != 1) {
    EVP_PKEY_free(key);
    return nullptr;
  }
  return adopt(key);
}

Result<PublicKey, Rejection> rsa_key(const boost::json::object& jwk) {
  const auto n = bytes_member(jwk, "n");
  if (!n) return refuse(n.error());
  const auto e = bytes_member(jwk, "e");
  if (!e) return refuse(e.error());
  const openssl::Bignum modulus(BN_bin2bn(bytes_of(*n), static_cast<int>(n->size()), nullptr));
  const openssl::Bignum exponent(BN_bin2bn(bytes_of(*e), static_cast<int>(e->size()), nullptr));
  if (!modulus || !exponent) return refuse("n or e could not be read");
  const int bits = BN_num_bits(modulus.get());
  if (bits < kMinRsaBits || bits > kMaxRsaBits || !BN_is_odd(modulus.get())) {
    return refuse("n is not an odd number of 2048 to 8192 bits");
  }
  if (BN_num_bits(exponent.get()) > kMaxRsaExponentBits || !BN_is_odd(exponent.get()) ||
      BN_is_one(exponent.get())) {
    return refuse("e is not an odd number from 3 to 2^64");
  }
  const openssl::ParamBuilder builder(OSSL_PARAM_BLD_new());
  if (!builder ||
      OSSL_PARAM_BLD_push_BN(builder.get(), OSSL_PKEY_PARAM_RSA_N, modulus.get()) != 1 ||
      OSSL_PARAM_BLD_push_BN(builder.get(), OSSL_PKEY_PARAM_RSA_E, exponent.get()) != 1) {
    return refuse("the RSA key could not be built");
  }
  PublicKey key = key_from_params("RSA", builder);
  if (!key) return refuse("OpenSSL refuses the RSA key");
  return key;
}

// The full-length coordinate `name` (RFC 7518 section 6.2.1.2, RFC 8037 section 2).
Result<std::string, Rejection> coordinate(const boost::json::object& jwk, std::string_view name) {
  auto bytes = bytes_member(jwk, name);
  if (!bytes) return refuse(std::move(bytes).error());
  if (bytes->size() != kCoordinateBytes) return refuse(std::string(name) + " is not 32 bytes");
  return std::move(*bytes);
}

Result<PublicKey, Rejection> p256_key(const boost::json::object& jwk) {
  const auto x = coordinate(jwk, "x");
  if (!x) return fail(x.error());
  const auto y = coordinate(jwk, "y");
  if (!y) return fail(y.error());
  const std::string point = '\x04' + *x + *y;  // SEC 1 uncompressed form
  const openssl::ParamBuilder builder(OSSL_PARAM_BLD_new());
  if (!builder ||
      OSSL_PARAM_BLD_push_utf8_string(builder.get(), OSSL_PKEY_PARAM_GROUP_NAME, "P-256", 0) != 1 ||
      OSSL_PARAM_BLD_push_octet_string(builder.get(), OSSL_PKEY_PARAM_PUB_KEY, point.data(),
                                       point.size()) != 1) {
    return refuse("the EC key could not be built");
  }
  PublicKey key = key_from_params("EC", builder);
  const openssl::KeyContext check(key ? EVP_PKEY_CTX_new_from_pkey(nullptr, key.get(), nullptr)
                                      : nullptr);
  if (!check || EVP_PKEY_public_check(check.get()) != 1) {
    return refuse("x and y are not a point of P-256");
  }
  return key;
}

Result<PublicKey, Rejection> ed25519_key(const boost::json::object& jwk) {
  const auto x = coordinate(jwk, "x");
  if (!x) return fail(x.error());
  EVP_PKEY* key =
      EVP_PKEY_new_raw_public_key_ex(nullptr, "ED25519", nullptr, bytes_of(*x), x->size());
  if (key == nullptr) return refuse("OpenSSL refuses the Ed25519 key");
  return adopt(key);
}

// The key of a supported type and curve, or why it is left out.
Result<std::pair<KeyType, PublicKey>, Rejection> public_key(const boost::json::object& jwk,
                                                            std::string_view kty) {
  const auto with =
      [](KeyType type,
         Result<PublicKey, Rejection> key) -> Result<std::pair<KeyType, PublicKey>, Rejection> {
    if (!key) return fail(std::move(key).error());
    return std::pair{type, std::move(*key)};
  };
  if (kty == "RSA") return with(KeyType::rsa, rsa_key(jwk));
  if (kty != "EC" && kty != "OKP") return leave_out("kty is not RSA, EC or OKP");
  const auto crv = optional_string(jwk, "crv");
  if (!crv) return refuse(crv.error());
  if (!*crv) return refuse("crv is missing");
  if (kty == "EC") {
    if (**crv != "P-256") return leave_out("crv is not P-256");
    return with(KeyType::ec_p256, p256_key(jwk));
  }
  if (**crv != "Ed25519") return leave_out("crv is not Ed25519");
  if (!ed25519_available()) return leave_out("this OpenSSL has no Ed25519");
  return with(KeyType::ed25519, ed25519_key(jwk));
}

// `key_ops`, when present, must list "verify" for the key to check signatures (RFC 7517 4.3).
Result<bool, std::string> allows_verify(const boost::json::object& jwk) {
  const boost::json::value* ops = jwk.if_contains("key_ops");
  if (ops == nullptr || ops->is_null()) return true;
  if (!ops->is_array()) return fail(std::string("key_ops is not an array of strings"));
  bool verify = false;
  for (const auto& op : ops->get_array()) {
    if (!op.is_string()) return fail(std::string("key_ops is not an array of strings"));
    verify = verify || op.get_string() == "verify";
  }
  return verify;
}

Result<Jwk, Rejection> parse_key(const boost::json::value& entry) {
  if (!entry.is_object()) return refuse("not a JSON object");
  const boost::json::object& jwk = entry.get_object();
  Jwk out;
  const auto kid = optional_string(jwk, "kid");
  if (!kid) return refuse(kid.error());
  if (*kid && !is_kid(**kid)) return refuse("kid is longer than 256 bytes or not printable UTF-8");
  const auto alg = optional_string(jwk, "alg");
  if (!alg) return refuse(alg.error());
  const auto use = optional_string(jwk, "use");
  if (!use) return refuse(use.error());
  if (*use && **use != "sig") return leave_out("use is not sig");
  const auto verify = allows_verify(jwk);
  if (!verify) return refuse(verify.error());
  if (!*verify) return leave_out("key_ops does not list verify");
  const auto kty = optional_string(jwk, "kty");
  if (!kty) return refuse(kty.error());
  if (!*kty) return refuse("kty is missing");

  auto key = public_key(jwk, **kty);
  if (!key) return fail(std::move(key).error());
  out.type = key->first;
  out.key = std::move(key->second);
  out.kid = std::string(kid->value_or(""));
  out.alg = std::string(alg->value_or(""));
  out.use = std::string(use->value_or(""));
  return out;
}

// The entry's kid for the record of a skipped key, when it is a well-formed one.
std::string kid_of(const boost::json::value& entry) {
  const boost::json::value* kid =
      entry.is_object() ? entry.get_object().if_contains("kid") : nullptr;
  if (kid == nullptr || !kid->is_string() || !is_kid(kid->get_string())) return {};
  return std::string(kid->get_string());
}

Failure<JwksFailure> failure(JwksError code, std::string message) {
  return fail(JwksFailure{code, std::move(message)});
}

}  // namespace

std::string_view to_string(KeyType type) noexcept {
  switch (type) {
    case KeyType::rsa: return "RSA";
    case KeyType::ec_p256: return "EC P-256";
    case KeyType::ed25519: return "Ed25519";
  }
  return "unknown";
}

std::string_view to_string(JwksError error) noexcept {
  switch (error) {
    case JwksError::too_large: return "too_large";
    case JwksError::malformed: return "malformed";
    case JwksError::too_many_keys: return "too_many_keys";
    case JwksError::no_usable_key: return "no_usable_key";
  }
  return "unknown";
}

bool ed25519_available() noexcept {
  static const bool available = [] {
    EVP_SIGNATURE* signature = EVP_SIGNATURE_fetch(nullptr, "ED25519", nullptr);
    EVP_SIGNATURE_free(signature);
    ERR_clear_error();
    return signature != nullptr;
  }();
  return available;
}

Result<Jwks, JwksFailure> parse_jwks(std::string_view document) {
  using E = JwksError;
  if (document.size() > kMaxJwksBytes) {
    return failure(E::too_large, "JWKS is longer than " + std::to_string(kMaxJwksBytes) + " bytes");
  }
  boost::system::error_code error;
  const boost::json::value value = boost::json::parse(document, error);
  const boost::json::value* keys =
      !error && value.is_object() ? value.get_object().if_contains("keys") : nullptr;
  if (keys == nullptr || !keys->is_array()) {
    return failure(E::malformed, "JWKS is not a JSON object with a keys array");
  }
  const boost::json::array& entries = keys->get_array();
  if (entries.size() > kMaxJwksKeys) {
    return failure(E::too_many_keys,
                   "JWKS holds more than " + std::to_string(kMaxJwksKeys) + " keys");
  }

  Jwks jwks;
  for (std::size_t index = 0; index < entries.size(); ++index) {
    auto key = parse_key(entries[index]);
    if (key) {
      jwks.keys.push_back(std::move(*key));
      continue;
    }
    ERR_clear_error();
    Rejection rejection = std::move(key).error();
    jwks.skipped.push_back(
        {index, kid_of(entries[index]), rejection.malformed, std::move(rejection.reason)});
  }
  if (jwks.keys.empty()) {
    std::string message = "JWKS holds no usable key";
    if (!jwks.skipped.empty()) {
      message += " (key 0: " + jwks.skipped.front().reason + ")";
    }
    return failure(E::no_usable_key, std::move(message));
  }
  return jwks;
}

}  // namespace lkm::auth
