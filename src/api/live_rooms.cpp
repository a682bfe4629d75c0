#include "api/live_rooms.hpp"

#include <ctime>

#include "core/log.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

namespace lkm::api {
namespace {

bool is_recording(const livekit::Egress& egress) {
  return egress.status == "EGRESS_STARTING" || egress.status == "EGRESS_ACTIVE";
}

}  // namespace

ApiError from_livekit(const livekit::TwirpError& error) {
  using Kind = livekit::TwirpErrorKind;
  // The client learns what kind of failure it was; LiveKit's own words and its address stay in
  // the log.
  log::warn("LiveKit API call failed (" + std::string(livekit::to_string(error.kind)) +
            (error.code.empty() ? "" : ", " + error.code) + "): " + error.message);
  switch (error.kind) {
    case Kind::timeout:
      return {ErrorCode::gateway_timeout, "The LiveKit server did not answer in time"};
    case Kind::token: return {ErrorCode::internal, "Could not sign a LiveKit API request"};
    case Kind::twirp:
      if (error.status == 503) {
        return {ErrorCode::unavailable, "The LiveKit server is unavailable", 5};
      }
      if (error.status == 401 || error.status == 403) {
        return {ErrorCode::bad_gateway, "The LiveKit server refused our API key"};
      }
      return {ErrorCode::bad_gateway, "The LiveKit server refused the request"};
    case Kind::connect_failed:
    case Kind::tls_failed:
    case Kind::protocol:
    case Kind::too_large:
    case Kind::bad_response: break;
  }
  return {ErrorCode::bad_gateway, "The LiveKit server could not be used"};
}

ApiCall<std::vector<livekit::Room>> live_rooms(const livekit::RoomService& rooms) {
  auto listed = co_await rooms.list_rooms();
  if (!listed) co_return fail(from_livekit(listed.error()));
  co_return std::move(listed).value();
}

std::string to_json(const std::vector<livekit::Room>& rooms) {
  boost::json::array items;
  for (const auto& room : rooms) {
    boost::json::object item;
    item["name"] = room.name;
    item["sid"] = room.sid;
    item["numParticipants"] = room.num_participants;
    item["numPublishers"] = room.num_publishers;
    item["createdAt"] = room.creation_time;
    item["activeRecording"] = room.active_recording;
    item["metadata"] = room.metadata;
    items.push_back(std::move(item));
  }
  boost::json::object out;
  out["rooms"] = std::move(items);
  return boost::json::serialize(out);
}

std::string recording_file_name(std::string_view room_name, std::int64_t now_unix) {
  const auto seconds = static_cast<std::time_t>(now_unix);
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  char stamp[32];
  const std::size_t n = std::strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%S.000Z", &tm);
  // The room's name becomes part of a path in the bucket: only [A-Za-z0-9._-] stay, any other byte
  // becomes '_', so no '/', "..", NUL or control character reaches Egress.
  std::string safe;
  safe.reserve(room_name.size());
  for (const char c : room_name.substr(0, 128)) {
    const bool keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                      c == '-' || c == '_' || c == '.';
    safe += keep ? c : '_';
  }
  return std::string(stamp, n) + "-" + safe + ".mp4";
}

ApiCall<std::string> start_recording(const livekit::EgressService& egress,
                                     const std::optional<livekit::S3Upload>& storage,
                                     std::string room_name, std::int64_t now_unix) {
  if (!storage) {
    co_return fail(ApiError{ErrorCode::not_configured,
                            "Recording is not configured: set S3_KEY_ID, S3_KEY_SECRET and "
                            "S3_BUCKET (and S3_ENDPOINT, S3_REGION as needed)"});
  }
  auto existing = co_await egress.list_egress(room_name, true);
  if (!existing) co_return fail(from_livekit(existing.error()));
  for (const auto& item : *existing) {
    if (is_recording(item)) {
      co_return fail(ApiError{ErrorCode::conflict, "Meeting is already being recorded"});
    }
  }
  livekit::RoomCompositeRequest request;
  request.filepath = recording_file_name(room_name, now_unix);
  request.room_name = std::move(room_name);
  request.layout = "speaker";
  request.s3 = *storage;
  auto started = co_await egress.start_room_composite_egress(std::move(request));
  if (!started) co_return fail(from_livekit(started.error()));
  co_return started->egress_id;
}

ApiCall<std::size_t> stop_recording(const livekit::EgressService& egress, std::string room_name) {
  auto existing = co_await egress.list_egress(room_name, true);
  if (!existing) co_return fail(from_livekit(existing.error()));
  std::size_t stopped = 0;
  for (const auto& item : *existing) {
    if (!is_recording(item)) continue;
    auto result = co_await egress.stop_egress(item.egress_id);
    if (!result) co_return fail(from_livekit(result.error()));
    ++stopped;
  }
  if (stopped == 0) co_return fail(ApiError{ErrorCode::not_found, "No active recording found"});
  co_return stopped;
}

}  // namespace lkm::api
