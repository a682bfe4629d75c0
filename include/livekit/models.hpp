#pragma once
/// @file
/// What the LiveKit server API and its webhooks describe: rooms, participants, tracks and egresses.

#include <cstdint>
#include <string>
#include <vector>

#include "livekit/grants.hpp"

namespace livekit {

/// livekit.Room.
struct Room {
  std::string sid{};                    ///< the server's id of this room session
  std::string name{};                   ///< the room's name
  std::uint32_t empty_timeout = 0;      ///< seconds
  std::uint32_t departure_timeout = 0;  ///< seconds
  std::uint32_t max_participants = 0;   ///< 0: no limit
  std::int64_t creation_time = 0;       ///< Unix seconds
  std::string metadata{};               ///< the room's metadata
  std::uint32_t num_participants = 0;   ///< participants in the room now
  std::uint32_t num_publishers = 0;     ///< of those, the ones publishing
  bool active_recording = false;        ///< whether an egress is recording the room
};

/// livekit.TrackInfo.
struct TrackInfo {
  std::string sid{};   ///< the track's id
  std::string name{};  ///< the name its publisher gave it
  std::string type{};  ///< "AUDIO", "VIDEO", "DATA"
  std::string
      source{};        ///< "UNKNOWN", "CAMERA", "MICROPHONE", "SCREEN_SHARE", "SCREEN_SHARE_AUDIO"
  bool muted = false;  ///< whether the track is muted
};

/// livekit.ParticipantInfo.
struct ParticipantInfo {
  std::string sid{};                ///< the server's id of this participant session
  std::string identity{};           ///< the identity of its token
  std::string name{};               ///< the display name
  std::string state{};              ///< "JOINING", "JOINED", "ACTIVE", "DISCONNECTED"
  std::int64_t joined_at = 0;       ///< Unix seconds
  std::string metadata{};           ///< the participant's metadata
  Attributes attributes{};          ///< the participant's attributes
  std::vector<TrackInfo> tracks{};  ///< the tracks it publishes
};

/// livekit.EgressInfo.
struct EgressInfo {
  std::string egress_id{};      ///< the egress's id
  std::string room_id{};        ///< the sid of the room recorded
  std::string room_name{};      ///< the name of the room recorded
  std::string status{};         ///< "EGRESS_STARTING", "EGRESS_ACTIVE", ... "EGRESS_LIMIT_REACHED"
  std::int64_t started_at = 0;  ///< Unix nanoseconds
  std::int64_t ended_at = 0;    ///< Unix nanoseconds
  std::string error{};          ///< why it failed, when it did
  std::vector<std::string> locations{};  ///< where the files were written
};

}  // namespace livekit
