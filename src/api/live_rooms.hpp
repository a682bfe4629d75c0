#pragma once
// Live rooms and recording through the LiveKit server API, as coroutines over the RoomService and
// EgressService clients. LiveKit failures map to 502 (failed or refused), 503 (LiveKit says it is
// unavailable) and 504 (no answer within the call's deadline), never to a hang.
//   GET  /api/rooms                       {"rooms":[{name,sid,numParticipants,numPublishers,
//                                           createdAt,activeRecording,metadata}]}
//   POST /api/record/start?roomName=      Meet's behaviour: 409 when a recording is starting or
//                                          active, else a speaker-layout RoomComposite egress to S3
//   POST /api/record/stop?roomName=       404 when nothing is recording, else stops every active
//   one
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/asio/awaitable.hpp>

#include "api/errors.hpp"
#include "core/result.hpp"
#include "livekit/egress.hpp"
#include "livekit/room_service.hpp"

namespace lkm::api {

template <class T>
using ApiCall = boost::asio::awaitable<Result<T, ApiError>>;

[[nodiscard]] ApiError from_livekit(const livekit::TwirpError& error);

[[nodiscard]] ApiCall<std::vector<livekit::Room>> live_rooms(const livekit::RoomService& rooms);
[[nodiscard]] std::string to_json(const std::vector<livekit::Room>& rooms);

// `storage` nullopt: recording is not configured (503). Returns the new egress id.
[[nodiscard]] ApiCall<std::string> start_recording(const livekit::EgressService& egress,
                                                   const std::optional<livekit::S3Upload>& storage,
                                                   std::string room_name, std::int64_t now_unix);
// Returns how many recordings were stopped (at least one).
[[nodiscard]] ApiCall<std::size_t> stop_recording(const livekit::EgressService& egress,
                                                  std::string room_name);

// "2026-11-26T14:46:45.000Z-<room>.mp4", as Meet names its files.
[[nodiscard]] std::string recording_file_name(std::string_view room_name, std::int64_t now_unix);

}  // namespace lkm::api
