#pragma once
/// @file
/// WebhookReceiver: checks and reads the webhooks a LiveKit server sends.

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "livekit/error.hpp"
#include "livekit/export.hpp"
#include "livekit/models.hpp"

namespace livekit {

/// One webhook delivery: livekit.WebhookEvent as far as it is read here, and the whole body.
///
/// Rooms carry sid, name, creation_time and metadata; participants sid, identity, name and
/// joined_at; egresses every field of EgressInfo (the first file's location only). Read `body`
/// for anything else.
struct WebhookEvent {
  std::string event{};          ///< "room_started", "room_finished", "participant_joined", ...
  std::string id{};             ///< unique per event; a delivery can be repeated
  std::int64_t created_at = 0;  ///< Unix seconds
  std::optional<Room> room{};   ///< when the event has a room
  std::optional<ParticipantInfo> participant{};  ///< when the event has a participant
  std::optional<EgressInfo> egress_info{};       ///< when the event has an egress
  std::string body{};                            ///< the JSON body exactly as delivered
};

/// Checks a delivery as livekit-server-sdk's WebhookReceiver does, with the server's token rules:
/// the Authorization header holds a token signed with one of our keys (a "Bearer " prefix is
/// accepted), whose `sha256` claim is the base64 SHA-256 of the exact body; only then is the body
/// read. Failures are ErrorCode::invalid_webhook with Error::reason one of missing_authorization,
/// invalid_token, missing_sha256, body_mismatch, invalid_body.
class LIVEKIT_API WebhookReceiver {
 public:
  /// Accepts deliveries signed with this key pair (the LiveKit server's webhook key).
  WebhookReceiver(std::string api_key, std::string api_secret);
  /// Moves; a moved-from receiver may only be assigned to or destroyed.
  WebhookReceiver(WebhookReceiver&& other) noexcept;
  /// Moves; a moved-from receiver may only be assigned to or destroyed.
  WebhookReceiver& operator=(WebhookReceiver&& other) noexcept;
  ~WebhookReceiver();

  /// `body`: the request body as received; `authorization`: the Authorization header.
  [[nodiscard]] WebhookEvent receive(std::string_view body, std::string_view authorization) const;
  /// The same without exceptions.
  [[nodiscard]] Result<WebhookEvent> try_receive(std::string_view body,
                                                 std::string_view authorization) const;
  /// As if received at `now`.
  [[nodiscard]] Result<WebhookEvent> try_receive(std::string_view body,
                                                 std::string_view authorization,
                                                 std::chrono::system_clock::time_point now) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace livekit
