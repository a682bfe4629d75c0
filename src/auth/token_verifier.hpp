#pragma once
// TokenVerifier: checks a LiveKit access token the way the LiveKit server does:
// parse without trusting; look the secret up by `iss`; HS256 only; signature compared in constant
// time; `exp` required; `nbf` enforced; both with a leeway (60 s by default). Tokens longer than
// kMaxTokenBytes are refused before any decoding. Time is a parameter so tests pin it.
#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include <boost/json/object.hpp>

#include "auth/grants.hpp"
#include "auth/key_provider.hpp"
#include "core/result.hpp"

namespace lkm::auth {

inline constexpr std::size_t kMaxTokenBytes = std::size_t{8} * 1024;
inline constexpr std::chrono::seconds kDefaultLeeway{60};

enum class VerifyError {
  too_large,        // longer than kMaxTokenBytes
  malformed,        // not three dot-separated parts
  bad_encoding,     // a part is not strict base64url
  bad_header,       // header is not a JSON object with a string "alg"
  unsupported_alg,  // anything but HS256
  bad_payload,      // payload is not a JSON object, or a claim has the wrong type
  missing_issuer,   // no "iss"
  unknown_key,      // "iss" names no configured API key
  bad_signature,
  missing_expiry,  // no "exp"
  expired,
  not_yet_valid,  // "nbf" in the future
};
[[nodiscard]] std::string_view to_string(VerifyError error) noexcept;

struct VerifyFailure {
  VerifyError code;
  std::string message;  // for people; never contains the token or a secret
};

struct Claims {
  std::string issuer;           // iss: the API key
  std::string identity;         // sub, empty when absent
  std::int64_t not_before = 0;  // 0 when absent
  std::int64_t expires_at = 0;
  ClaimGrants grants;
  boost::json::object payload;  // the whole decoded payload, in its original order
};

class TokenVerifier {
 public:
  explicit TokenVerifier(const KeyProvider& keys, std::chrono::seconds leeway = kDefaultLeeway)
      : keys_(keys), leeway_(leeway) {}

  [[nodiscard]] Result<Claims, VerifyFailure> verify(std::string_view token,
                                                     std::int64_t now_unix) const;

 private:
  const KeyProvider& keys_;
  std::chrono::seconds leeway_;
};

}  // namespace lkm::auth
