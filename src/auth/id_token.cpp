#include "auth/id_token.hpp"

#include <algorithm>
#include <cmath>
#include <optional>

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include "auth/base64url.hpp"
#include "auth/hmac.hpp"
#include "auth/json_numbers.hpp"
#include "core/text.hpp"

namespace lkm::auth {
namespace {

using E = IdTokenError;

Failure<IdTokenFailure> failure(IdTokenError code, std::string message) {
  return fail(IdTokenFailure{code, std::move(message)});
}

std::optional<boost::json::object> parse_object(std::string_view text) {
  boost::system::error_code error;
  boost::json::value value = boost::json::parse(text, error);
  if (error || !value.is_object()) return std::nullopt;
  return std::move(value.get_object());
}

// A member, or nullptr when absent or null.
const boost::json::value* member(const boost::json::object& object, std::string_view key) {
  const boost::json::value* value = object.if_contains(key);
  return value == nullptr || value->is_null() ? nullptr : value;
}

std::string wrong_type(std::string_view key, std::string_view expected) {
  std::string message = "claim ";
  message.append(key).append(" must be ").append(expected);
  return message;
}

// A NumericDate (RFC 7519 section 2) as whole seconds, the fraction dropped; nullopt when it is
// not a number or does not fit in int64 (the parser stores integers above INT64_MAX as uint64).
std::optional<std::int64_t> to_seconds(const boost::json::value& value) {
  if (value.is_int64()) return value.get_int64();
  if (!value.is_double()) return std::nullopt;
  constexpr double kLimit = 9223372036854775808.0;  // 2^63
  const double seconds = value.get_double();
  if (!std::isfinite(seconds) || seconds < -kLimit || seconds >= kLimit) return std::nullopt;
  return static_cast<std::int64_t>(std::floor(seconds));
}

// The parts of a token that passed the structural checks; nothing in it is trusted yet.
struct Decoded {
  std::string_view signing_input;  // "header.payload", what the signature covers
  std::string alg_name;
  std::optional<std::string> kid;
  std::string payload_text;  // parsed once the signature is verified
  std::string signature;
};

// Size, three parts, strict base64url, and a header with a string alg.
Result<Decoded, IdTokenFailure> decode(std::string_view token) {
  if (token.size() > kMaxIdTokenBytes) {
    return failure(E::too_large,
                   "ID token is longer than " + std::to_string(kMaxIdTokenBytes) + " bytes");
  }
  const std::size_t first_dot = token.find('.');
  const std::size_t second_dot =
      first_dot == std::string_view::npos ? first_dot : token.find('.', first_dot + 1);
  if (second_dot == std::string_view::npos ||
      token.find('.', second_dot + 1) != std::string_view::npos) {
    return failure(E::malformed, "ID token is not three dot-separated parts");
  }
  const auto header_text = base64url_decode(token.substr(0, first_dot));
  auto payload_text = base64url_decode(token.substr(first_dot + 1, second_dot - first_dot - 1));
  auto signature = base64url_decode(token.substr(second_dot + 1));
  if (!header_text || !payload_text || !signature) {
    return failure(E::bad_encoding, "ID token part is not unpadded base64url");
  }

  const auto header = parse_object(*header_text);
  const boost::json::value* alg = header ? header->if_contains("alg") : nullptr;
  const boost::json::value* kid = header ? header->if_contains("kid") : nullptr;
  // "crit" names extensions the recipient must understand; none are supported.
  if (alg == nullptr || !alg->is_string() || (kid != nullptr && !kid->is_string()) ||
      header->contains("crit")) {
    return failure(E::bad_header, "ID token header is not a JSON object with a string alg and kid");
  }
  Decoded decoded{token.substr(0, second_dot), std::string(alg->get_string()), std::nullopt,
                  std::move(*payload_text), std::move(*signature)};
  if (kid != nullptr) decoded.kid = std::string(kid->get_string());
  return decoded;
}

// The keys that may have signed a token with `kid` under `alg`: those with that kid (several only
// when the provider repeats a kid), or without a kid the one key that fits.
Result<std::vector<const Jwk*>, IdTokenFailure> candidate_keys(
    const Jwks& keys, const std::optional<std::string>& kid, JwsAlg alg) {
  std::vector<const Jwk*> fitting;
  bool named = false;
  for (const Jwk& key : keys.keys) {
    if (kid && (key.kid.empty() || key.kid != *kid)) continue;
    named = true;
    if (key_fits(key, alg)) fitting.push_back(&key);
  }
  if (!kid) {
    if (fitting.empty()) {
      return failure(E::unknown_kid, "ID token has no kid and no key of the JWKS fits its alg");
    }
    if (fitting.size() > 1) {
      return failure(E::ambiguous_key,
                     "ID token has no kid and several keys of the JWKS fit its alg");
    }
    return fitting;
  }
  if (!named) return failure(E::unknown_kid, "ID token kid names no key of the JWKS");
  if (fitting.empty()) {
    return failure(E::key_alg_mismatch, "the key the ID token kid names does not fit its alg");
  }
  return fitting;
}

std::optional<IdTokenFailure> check_issuer(const boost::json::object& payload,
                                           std::string_view issuer) {
  const boost::json::value* iss = member(payload, "iss");
  if (iss == nullptr) return IdTokenFailure{E::issuer_mismatch, "ID token has no iss claim"};
  if (!iss->is_string()) return IdTokenFailure{E::bad_payload, wrong_type("iss", "a string")};
  if (iss->get_string() != issuer) {
    return IdTokenFailure{E::issuer_mismatch, "ID token iss is not the provider's issuer"};
  }
  return std::nullopt;
}

// OpenID Connect Core 3.1.3.7, steps 3 to 5.
std::optional<IdTokenFailure> check_audience(const boost::json::object& payload,
                                             std::string_view client_id) {
  const boost::json::value* aud = member(payload, "aud");
  if (aud == nullptr) return IdTokenFailure{E::audience_mismatch, "ID token has no aud claim"};
  bool listed = false;
  std::size_t audiences = 1;
  if (aud->is_string()) {
    listed = aud->get_string() == client_id;
  } else if (aud->is_array()) {
    const boost::json::array& list = aud->get_array();
    audiences = list.size();
    for (const auto& entry : list) {
      if (!entry.is_string()) {
        return IdTokenFailure{E::bad_payload, wrong_type("aud", "a string or array of strings")};
      }
      listed = listed || entry.get_string() == client_id;
    }
  } else {
    return IdTokenFailure{E::bad_payload, wrong_type("aud", "a string or array of strings")};
  }
  if (!listed) return IdTokenFailure{E::audience_mismatch, "ID token aud lacks the client id"};

  const boost::json::value* azp = member(payload, "azp");
  if (azp == nullptr) {
    if (audiences == 1) return std::nullopt;
    return IdTokenFailure{E::audience_mismatch, "ID token has several audiences and no azp"};
  }
  if (!azp->is_string()) return IdTokenFailure{E::bad_payload, wrong_type("azp", "a string")};
  if (azp->get_string() != client_id) {
    return IdTokenFailure{E::audience_mismatch, "ID token azp is not the client id"};
  }
  return std::nullopt;
}

struct Times {
  std::int64_t issued_at = 0;
  std::int64_t expires_at = 0;
};

// A required or optional NumericDate claim; nullopt inside when absent.
Result<std::optional<std::int64_t>, IdTokenFailure> date_claim(const boost::json::object& payload,
                                                               std::string_view key) {
  const boost::json::value* value = member(payload, key);
  if (value == nullptr) return std::optional<std::int64_t>();
  const auto seconds = to_seconds(*value);
  if (!seconds) return failure(E::bad_payload, wrong_type(key, "a number of seconds"));
  return seconds;
}

Result<Times, IdTokenFailure> check_times(const boost::json::object& payload, std::int64_t now_unix,
                                          std::int64_t leeway) {
  const auto exp = date_claim(payload, "exp");
  if (!exp) return fail(exp.error());
  if (!*exp) return failure(E::missing_exp, "ID token has no exp claim");
  const auto iat = date_claim(payload, "iat");
  if (!iat) return fail(iat.error());
  if (!*iat) return failure(E::missing_iat, "ID token has no iat claim");
  const auto nbf = date_claim(payload, "nbf");
  if (!nbf) return fail(nbf.error());
  if (now_unix - leeway > **exp) return failure(E::expired, "ID token has expired");
  if (**iat > now_unix + leeway) {
    return failure(E::issued_in_future, "ID token was issued in the future (iat)");
  }
  if (*nbf && **nbf > now_unix + leeway) {
    return failure(E::not_yet_valid, "ID token is not valid yet (nbf)");
  }
  return Times{**iat, **exp};
}

std::optional<IdTokenFailure> check_nonce(const boost::json::object& payload,
                                          std::string_view nonce) {
  const boost::json::value* value = member(payload, "nonce");
  if (value == nullptr || !value->is_string()) {
    return IdTokenFailure{E::nonce_mismatch, "ID token has no nonce string"};
  }
  if (nonce.empty() || !constant_time_equal(value->get_string(), nonce)) {
    return IdTokenFailure{E::nonce_mismatch, "ID token nonce is not the one this sign-in sent"};
  }
  return std::nullopt;
}

// Reads a string claim into `out`; leaves it alone when absent.
std::optional<IdTokenFailure> read_string(const boost::json::object& payload, std::string_view key,
                                          std::string& out) {
  const boost::json::value* value = member(payload, key);
  if (value == nullptr) return std::nullopt;
  if (!value->is_string()) return IdTokenFailure{E::bad_payload, wrong_type(key, "a string")};
  out = std::string(value->get_string());
  return std::nullopt;
}

std::optional<IdTokenFailure> read_person(const boost::json::object& payload,
                                          IdTokenClaims& claims) {
  if (member(payload, "sub") == nullptr) {
    return IdTokenFailure{E::bad_payload, "ID token has no sub claim"};
  }
  for (const auto& [key, field] : std::array<std::pair<std::string_view, std::string*>, 4>{{
           {"sub", &claims.subject},
           {"email", &claims.email},
           {"name", &claims.name},
           {"preferred_username", &claims.preferred_username},
       }}) {
    if (auto refused = read_string(payload, key, *field)) return refused;
  }
  if (claims.subject.empty()) return IdTokenFailure{E::bad_payload, "ID token sub is empty"};
  if (const boost::json::value* verified = member(payload, "email_verified")) {
    if (!verified->is_bool()) {
      return IdTokenFailure{E::bad_payload, wrong_type("email_verified", "a boolean")};
    }
    claims.email_verified = verified->get_bool();
  }
  return std::nullopt;
}

}  // namespace

std::string_view to_string(IdTokenError error) noexcept {
  switch (error) {
    case E::too_large: return "too_large";
    case E::malformed: return "malformed";
    case E::bad_encoding: return "bad_encoding";
    case E::bad_header: return "bad_header";
    case E::alg_none: return "alg_none";
    case E::alg_not_allowed: return "alg_not_allowed";
    case E::unknown_kid: return "unknown_kid";
    case E::ambiguous_key: return "ambiguous_key";
    case E::key_alg_mismatch: return "key_alg_mismatch";
    case E::bad_signature: return "bad_signature";
    case E::bad_payload: return "bad_payload";
    case E::issuer_mismatch: return "issuer_mismatch";
    case E::audience_mismatch: return "audience_mismatch";
    case E::missing_exp: return "missing_exp";
    case E::expired: return "expired";
    case E::missing_iat: return "missing_iat";
    case E::issued_in_future: return "issued_in_future";
    case E::not_yet_valid: return "not_yet_valid";
    case E::nonce_mismatch: return "nonce_mismatch";
  }
  return "unknown";
}

IdTokenValidator::IdTokenValidator(IdTokenSettings settings) : settings_(std::move(settings)) {
  for (const std::string& name : settings_.allowed_algs) {
    if (const auto alg = jws_alg_from_name(name))
      allowed_.at(static_cast<std::size_t>(*alg)) = true;
  }
}

bool IdTokenValidator::allows(JwsAlg alg) const noexcept {
  const auto index = static_cast<std::size_t>(alg);
  return index < allowed_.size() && allowed_[index];  // NOLINT(*-constant-array-index)
}

Result<IdTokenClaims, IdTokenFailure> IdTokenValidator::validate(std::string_view token,
                                                                 const Jwks& keys,
                                                                 std::string_view nonce,
                                                                 std::int64_t now_unix) const {
  auto decoded = decode(token);
  if (!decoded) return fail(std::move(decoded).error());
  if (ascii_iequals(decoded->alg_name, "none")) {
    return failure(E::alg_none, "ID token alg is none: it is not signed");
  }
  const auto alg = jws_alg_from_name(decoded->alg_name);
  if (!alg || !allows(*alg)) {
    return failure(E::alg_not_allowed, "ID token alg is not one the provider is allowed to use");
  }

  const auto candidates = candidate_keys(keys, decoded->kid, *alg);
  if (!candidates) return fail(candidates.error());
  const bool signed_by_provider =
      std::any_of(candidates->begin(), candidates->end(), [&](const Jwk* key) {
        return verify_jws_signature(*alg, *key, decoded->signing_input, decoded->signature);
      });
  if (!signed_by_provider) return failure(E::bad_signature, "ID token signature does not match");

  auto parsed = parse_object(decoded->payload_text);
  if (!parsed) return failure(E::bad_payload, "ID token payload is not a JSON object");
  boost::json::object& payload = *parsed;
  if (!numbers_finite(payload)) {
    return failure(E::bad_payload, "ID token payload holds a number out of range");
  }
  if (auto refused = check_issuer(payload, settings_.issuer)) return fail(std::move(*refused));
  if (auto refused = check_audience(payload, settings_.client_id)) {
    return fail(std::move(*refused));
  }
  const auto times = check_times(payload, now_unix, settings_.leeway.count());
  if (!times) return fail(times.error());
  if (auto refused = check_nonce(payload, nonce)) return fail(std::move(*refused));

  IdTokenClaims claims;
  if (auto refused = read_person(payload, claims)) return fail(std::move(*refused));
  claims.issuer = settings_.issuer;
  claims.issued_at = times->issued_at;
  claims.expires_at = times->expires_at;
  claims.payload = std::move(payload);
  return claims;
}

}  // namespace lkm::auth
