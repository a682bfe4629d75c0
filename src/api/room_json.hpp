#pragma once
// The JSON of rooms with a host and of the lobby: the body of POST /api/rooms, a room's settings
// as a joiner sees them, the waiting queue, live rooms and their participants.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "api/errors.hpp"
#include "core/result.hpp"
#include "livekit_api/models.hpp"
#include "services/room_rules.hpp"
#include "store/access.hpp"

namespace lkm::api {

inline constexpr std::size_t kMaxRoomRequestBytes = 4096;

// The JSON body of POST /api/rooms: {"name"?, "passcode"?, "waitingRoom"?, "listed"?}; unknown
// fields and wrong types are refused.
[[nodiscard]] Result<services::RoomRequest, ApiError> parse_room_request(std::string_view body);

// {"name","hosted","passcode","waitingRoom","locked","listed","isHost","isCohost"}
[[nodiscard]] std::string room_info_json(std::string_view name,
                                         const std::optional<store::HostedRoom>& room, bool is_host,
                                         bool cohost = false);

// The guest's view of a waiting ticket: {"status":"waiting"} while it waits.
inline constexpr std::string_view kWaitingJson = R"({"status":"waiting"})";

// {"waiting":[{"ticket","participantName","since"}]}
[[nodiscard]] std::string waiting_json(const std::vector<store::WaitingTicket>& tickets);

// {"rooms":[{name,sid,numParticipants,numPublishers,createdAt,activeRecording,metadata}]}
[[nodiscard]] std::string to_json(const std::vector<livekit::Room>& rooms);

// {"participants":[{identity,name,isHost,joinedAt,tracks:[{sid,type,source,muted,name}]}]}
[[nodiscard]] std::string to_json(const std::vector<livekit::Participant>& participants);

}  // namespace lkm::api
