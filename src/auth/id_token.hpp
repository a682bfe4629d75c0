#pragma once
// IdTokenValidator: checks an OpenID Connect ID token received from the provider's token endpoint
// (OpenID Connect Core 1.0 section 3.1.3.7), in the shape of TokenVerifier: parse without trusting;
// refuse "none" and every algorithm not allowed (the HMAC ones never are); pick the key by "kid"
// from the provider's JWKS (without a kid, the one key that fits the algorithm); verify the
// signature; then check the claims: "iss" exactly the provider's issuer, "aud" (a string or an
// array) holding the client id, "azp" the client id when present and required with several
// audiences, "exp" and "iat" required, "nbf" honoured, each with a leeway (60 s by default),
// "nonce" the one this sign-in sent, "sub" a non-empty string. Keys named by the header
// ("jku", "jwk", "x5u", "x5c") are never used. Tokens longer than kMaxIdTokenBytes are refused
// before any decoding. Time is a parameter so tests pin it.
#include <array>
#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/object.hpp>

#include "auth/jwk.hpp"
#include "auth/jws.hpp"
#include "core/result.hpp"

namespace lkm::auth {

inline constexpr std::size_t kMaxIdTokenBytes = std::size_t{16} * 1024;
inline constexpr std::chrono::seconds kDefaultIdTokenLeeway{60};

enum class IdTokenError {
  too_large,         // longer than kMaxIdTokenBytes
  malformed,         // not three dot-separated parts
  bad_encoding,      // a part is not strict base64url
  bad_header,        // not a JSON object with a string "alg" (and a string "kid" if any), or "crit"
  alg_none,          // "alg" is "none", in any case
  alg_not_allowed,   // HS*, or an algorithm the settings do not allow or this validator lacks
  unknown_kid,       // no key of the JWKS has the token's kid (or, without a kid, none fits)
  ambiguous_key,     // no kid, and several keys of the JWKS fit the algorithm
  key_alg_mismatch,  // the kid names keys, none of a type (or "alg") that fits the algorithm
  bad_signature,
  bad_payload,  // payload is not a JSON object, a claim has the wrong type, or no "sub"
  issuer_mismatch,
  audience_mismatch,  // "aud" lacks the client id, or "azp" is not it (or absent with several)
  missing_exp,
  expired,
  missing_iat,
  issued_in_future,  // "iat" after now + leeway
  not_yet_valid,     // "nbf" after now + leeway
  nonce_mismatch,    // no "nonce", or not the one sent
};
[[nodiscard]] std::string_view to_string(IdTokenError error) noexcept;

struct IdTokenFailure {
  IdTokenError code;
  std::string message;  // for people; never contains the token or any of its values

  // The provider may have rotated its keys: fetch its JWKS once more (not more than once a
  // minute) and validate again with the new set.
  [[nodiscard]] bool keys_may_be_stale() const noexcept {
    return code == IdTokenError::unknown_kid;
  }
};

struct IdTokenClaims {
  std::string issuer;
  std::string subject;             // sub: the person at this provider, never empty
  std::string email;               // empty when absent
  bool email_verified = false;     // true only for the JSON value true
  std::string name;                // empty when absent
  std::string preferred_username;  // empty when absent
  std::int64_t issued_at = 0;      // whole seconds, fractions dropped
  std::int64_t expires_at = 0;
  boost::json::object payload;  // the whole decoded payload, for claim rules
};

struct IdTokenSettings {
  std::string issuer;     // exactly as the provider's discovery document states it
  std::string client_id;  // this relying party at the provider
  // Discovery's id_token_signing_alg_values_supported. Only RS256, PS256, ES256 and EdDSA are
  // taken from it; "none" and HS* never. Empty allows nothing.
  std::vector<std::string> allowed_algs;
  std::chrono::seconds leeway = kDefaultIdTokenLeeway;
};

class IdTokenValidator {
 public:
  explicit IdTokenValidator(IdTokenSettings settings);

  // `nonce`: the value sent with this sign-in's authorization request (an empty one matches no
  // token). `keys`: the provider's current JWKS.
  [[nodiscard]] Result<IdTokenClaims, IdTokenFailure> validate(std::string_view token,
                                                               const Jwks& keys,
                                                               std::string_view nonce,
                                                               std::int64_t now_unix) const;

  [[nodiscard]] bool allows(JwsAlg alg) const noexcept;

 private:
  IdTokenSettings settings_;
  std::array<bool, 4> allowed_{};  // by JwsAlg
};

}  // namespace lkm::auth
