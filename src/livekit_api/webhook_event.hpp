#pragma once
// A LiveKit webhook event, reduced to what livekit-meet uses (the JSON is LiveKit's camelCase
// protojson of livekit.WebhookEvent; unknown fields are ignored). Times are Unix seconds, those of
// egresses nanoseconds, as LiveKit sends them.
#include <cstdint>
#include <optional>
#include <string>

namespace lkm::livekit {

struct RoomInfo {
  std::string sid;
  std::string name;
  std::int64_t creation_time = 0;  // "creationTime" (int64 as a string on the wire)
  std::string metadata;
};

struct ParticipantInfo {
  std::string sid;
  std::string identity;
  std::string name;
  std::int64_t joined_at = 0;  // "joinedAt"
};

// EgressStatus names as LiveKit sends them ("EGRESS_STARTING", "EGRESS_ACTIVE", ...).
struct EgressInfo {
  std::string egress_id;
  std::string room_id;
  std::string room_name;
  std::string status;
  std::int64_t started_at = 0;  // Unix nanoseconds ("startedAt")
  std::int64_t ended_at = 0;    // likewise ("endedAt")
  std::string error;
  std::string location;  // first file result's location, when any
};

struct WebhookEvent {
  std::string event;            // "room_started", "room_finished", "participant_joined", ...
  std::string id;               // unique per event; deliveries can repeat
  std::int64_t created_at = 0;  // "createdAt"
  std::optional<RoomInfo> room;
  std::optional<ParticipantInfo> participant;
  std::optional<EgressInfo> egress_info;  // "egressInfo"
};

}  // namespace lkm::livekit
