#pragma once
// WebhookReceiver: checks a LiveKit webhook delivery the way livekit-server-sdk's WebhookReceiver
// does, then parses it. The Authorization header holds a raw JWT (LiveKit sends no "Bearer", but a
// case-insensitive "Bearer " prefix is accepted too), signed like an access token with one of our
// API keys; its `sha256` claim is the standard base64 (with padding) of SHA-256 of the exact body
// bytes. Order: verify the token, compare the hash in constant time, and only then parse the JSON.
#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include "auth/key_provider.hpp"
#include "auth/token_verifier.hpp"
#include "core/result.hpp"
#include "livekit_api/webhook_event.hpp"

namespace lkm::livekit {

enum class WebhookError {
  missing_authorization,  // no Authorization value (or only "Bearer ")
  invalid_token,          // the token is refused by auth::TokenVerifier
  missing_sha256,         // the token is valid but carries no `sha256` claim
  body_mismatch,          // `sha256` is not the hash of the body
  invalid_body,           // signed and intact, but not a WebhookEvent we can read
};
[[nodiscard]] std::string_view to_string(WebhookError error) noexcept;

struct WebhookFailure {
  WebhookError code;
  std::string message;  // for people; never contains the token, a secret or the expected hash
};

class WebhookReceiver {
 public:
  explicit WebhookReceiver(const auth::KeyProvider& keys,
                           std::chrono::seconds leeway = auth::kDefaultLeeway)
      : verifier_(keys, leeway) {}

  // `body` is the request body exactly as received; `authorization` the Authorization header.
  [[nodiscard]] Result<WebhookEvent, WebhookFailure> receive(std::string_view body,
                                                             std::string_view authorization,
                                                             std::int64_t now_unix) const;

 private:
  auth::TokenVerifier verifier_;
};

// Parses LiveKit's camelCase protojson of livekit.WebhookEvent. Call it on verified bodies only.
// Unknown fields are ignored and null counts as absent; a known field of the wrong type is an
// error naming it. `event` and `id` are required and non-empty. int64 fields may be JSON numbers or
// decimal strings; egressInfo.status may be the enum name or its number (0..6).
[[nodiscard]] Result<WebhookEvent, std::string> parse_webhook_event(std::string_view json);

}  // namespace lkm::livekit
