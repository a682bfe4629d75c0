#pragma once
/// @file
/// TokenVerifier: checks LiveKit access tokens the way the LiveKit server does.

#include <chrono>
#include <memory>
#include <string>
#include <string_view>

#include "livekit/error.hpp"
#include "livekit/export.hpp"
#include "livekit/grants.hpp"

namespace livekit {

/// Checks a token as the LiveKit server does: the secret is looked up by the token's `iss` (an
/// unknown key is refused), HS256 only, the signature compared in constant time, `exp` required,
/// `exp` and `nbf` enforced with a leeway (60 s by default). Tokens over 8 KiB are refused unread.
///
/// Failures are ErrorCode::invalid_token with Error::reason one of: too_large, malformed,
/// bad_encoding, bad_header, unsupported_alg, bad_payload, missing_issuer, unknown_key,
/// bad_signature, missing_expiry, expired, not_yet_valid.
class LIVEKIT_API TokenVerifier {
 public:
  /// Accepts tokens whose `iss` is `api_key`, signed with `api_secret` (an empty key or secret is
  /// ignored); `leeway` applies to `exp` and `nbf`.
  TokenVerifier(std::string api_key, std::string api_secret,
                std::chrono::seconds leeway = std::chrono::seconds(60));
  /// Moves; a moved-from verifier may only be assigned to or destroyed.
  TokenVerifier(TokenVerifier&& other) noexcept;
  /// Moves; a moved-from verifier may only be assigned to or destroyed.
  TokenVerifier& operator=(TokenVerifier&& other) noexcept;
  ~TokenVerifier();

  /// Accepts tokens of one more key pair (as a LiveKit server's key file holds several).
  TokenVerifier& add_key(std::string api_key, std::string api_secret);

  /// The claims of a valid token; throws Exception (invalid_token) otherwise.
  [[nodiscard]] ClaimGrants verify(std::string_view token) const;
  /// The same without exceptions.
  [[nodiscard]] Result<ClaimGrants> try_verify(std::string_view token) const;
  /// As if checked at `now`.
  [[nodiscard]] Result<ClaimGrants> try_verify(std::string_view token,
                                               std::chrono::system_clock::time_point now) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace livekit
