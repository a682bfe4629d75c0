#pragma once
/// @file
/// The claims of a LiveKit access token: the video and SIP grants and everything else a token
/// carries, as the LiveKit server reads them.

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace livekit {

/// What a token allows in rooms. Booleans are tri-state: unset (std::nullopt) is not false.
/// LiveKit treats an unset can_publish or can_subscribe as true, and an unset can_publish_data as
/// following can_publish. Strings are unset when empty. Serialised with LiveKit's camelCase names.
struct VideoGrant {
  std::string room{};                   ///< the room this grant is for ("room")
  std::optional<bool> room_join{};      ///< join `room` ("roomJoin")
  std::optional<bool> room_create{};    ///< create and delete rooms ("roomCreate")
  std::optional<bool> room_list{};      ///< list rooms ("roomList")
  std::optional<bool> room_record{};    ///< use the Egress API ("roomRecord")
  std::optional<bool> room_admin{};     ///< administer `room` ("roomAdmin")
  std::optional<bool> ingress_admin{};  ///< use the Ingress API ("ingressAdmin")
  std::optional<bool> can_publish{};    ///< publish tracks ("canPublish")
  /// "camera", "microphone", "screen_share", "screen_share_audio"; unset: any source.
  std::optional<std::vector<std::string>> can_publish_sources{};
  std::optional<bool> can_publish_data{};  ///< send data messages ("canPublishData")
  std::optional<bool> can_subscribe{};     ///< subscribe to tracks ("canSubscribe")
  /// change one's own name, metadata and attributes ("canUpdateOwnMetadata")
  std::optional<bool> can_update_own_metadata{};
  std::optional<bool> hidden{};                 ///< invisible to the other participants ("hidden")
  std::optional<bool> recorder{};               ///< marks a recorder ("recorder")
  std::optional<bool> agent{};                  ///< marks an agent ("agent")
  std::optional<bool> can_subscribe_metrics{};  ///< receive metrics ("canSubscribeMetrics")
  /// manage agent sessions ("canManageAgentSession")
  std::optional<bool> can_manage_agent_session{};
  std::string destination_room{};  ///< a room the participant may be moved to ("destinationRoom")

  /// True when no field is set.
  [[nodiscard]] bool empty() const noexcept {
    return room.empty() && !room_join && !room_create && !room_list && !room_record &&
           !room_admin && !ingress_admin && !can_publish && !can_publish_sources &&
           !can_publish_data && !can_subscribe && !can_update_own_metadata && !hidden &&
           !recorder && !agent && !can_subscribe_metrics && !can_manage_agent_session &&
           destination_room.empty();
  }
  /// Field by field.
  friend bool operator==(const VideoGrant&, const VideoGrant&) = default;
};

/// What a token allows with SIP.
struct SipGrant {
  std::optional<bool> admin{};  ///< manage SIP resources ("admin")
  std::optional<bool> call{};   ///< make outbound SIP calls ("call")
  /// True when no field is set.
  [[nodiscard]] bool empty() const noexcept { return !admin && !call; }
  /// Field by field.
  friend bool operator==(const SipGrant&, const SipGrant&) = default;
};

/// Participant attributes, in the order they were set (the order they are serialised in).
using Attributes = std::vector<std::pair<std::string, std::string>>;

/// What a verified token says: the registered claims and the grants.
struct ClaimGrants {
  std::string iss{};          ///< the API key that signed it
  std::string sub{};          ///< the participant's identity ("" when none)
  std::int64_t nbf = 0;       ///< not before, Unix seconds (0 when absent)
  std::int64_t exp = 0;       ///< expiry, Unix seconds
  std::string name{};         ///< the participant's display name
  std::string metadata{};     ///< the participant's metadata
  Attributes attributes{};    ///< the participant's attributes
  VideoGrant video{};         ///< empty() when the token has no video grant
  SipGrant sip{};             ///< empty() when the token has no SIP grant
  std::string kind{};         ///< "standard", "ingress", "egress", "sip", "agent" or ""
  std::string sha256{};       ///< a webhook body's base64 SHA-256 ("" when absent)
  std::string room_preset{};  ///< the roomPreset claim ("" when absent)
  std::string room_config{};  ///< the roomConfig claim as JSON text, "" when absent
  std::string payload{};      ///< the whole payload as JSON text, for claims not named here
};

}  // namespace livekit
