#pragma once
// What livekit-meet reads from LiveKit server API answers. LiveKit sends proto field names
// (snake_case), int64 as decimal strings and enums as names; camelCase keys, numbers and enum
// numbers are accepted too. Unknown fields are ignored. Times are as LiveKit sends them: room
// creation_time and participant joined_at in Unix seconds, egress started_at/ended_at in ns.
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include <boost/json/value.hpp>

#include "core/result.hpp"

namespace lkm::livekit {

struct Room {
  std::string sid;
  std::string name;
  std::uint32_t empty_timeout = 0;      // seconds
  std::uint32_t departure_timeout = 0;  // seconds
  std::uint32_t max_participants = 0;
  std::uint32_t num_participants = 0;
  std::uint32_t num_publishers = 0;
  std::int64_t creation_time = 0;
  bool active_recording = false;
  std::string metadata;
};

struct Track {
  std::string sid;
  std::string name;
  std::string type;    // "AUDIO", "VIDEO", "DATA"
  std::string source;  // "UNKNOWN", "CAMERA", "MICROPHONE", "SCREEN_SHARE", "SCREEN_SHARE_AUDIO"
  bool muted = false;
};

struct Participant {
  std::string sid;
  std::string identity;
  std::string name;
  std::string state;  // "JOINING", "JOINED", "ACTIVE", "DISCONNECTED"
  std::int64_t joined_at = 0;
  std::string metadata;
  std::vector<std::pair<std::string, std::string>> attributes;
  std::vector<Track> tracks;
};

// An egress as the Egress service describes it (livekit.EgressInfo).
struct Egress {
  std::string egress_id;
  std::string room_id;
  std::string room_name;
  std::string status;           // "EGRESS_STARTING", "EGRESS_ACTIVE", ... "EGRESS_LIMIT_REACHED"
  std::int64_t started_at = 0;  // ns
  std::int64_t ended_at = 0;    // ns
  std::string error;
  std::vector<std::string> locations;  // file results' locations
};

// Each parser reads one message; errors name the offending field.
[[nodiscard]] Result<Room, std::string> parse_room(const boost::json::value& json);
[[nodiscard]] Result<Track, std::string> parse_track(const boost::json::value& json);
[[nodiscard]] Result<Participant, std::string> parse_participant(const boost::json::value& json);
[[nodiscard]] Result<Egress, std::string> parse_egress(const boost::json::value& json);

// {"rooms":[...]}, {"participants":[...]}, {"items":[...]}; a missing list is empty.
[[nodiscard]] Result<std::vector<Room>, std::string> parse_list_rooms(
    const boost::json::value& json);
[[nodiscard]] Result<std::vector<Participant>, std::string> parse_list_participants(
    const boost::json::value& json);
[[nodiscard]] Result<std::vector<Egress>, std::string> parse_list_egress(
    const boost::json::value& json);

}  // namespace lkm::livekit
