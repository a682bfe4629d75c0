#include "services/recordings.hpp"

#include <ctime>

#include "core/text.hpp"

namespace lkm::services {
namespace {

// LiveKit's limit on room names.
constexpr std::size_t kMaxRecordedRoomNameBytes = 256;

bool is_recording(const livekit::Egress& egress) {
  return egress.status == "EGRESS_STARTING" || egress.status == "EGRESS_ACTIVE";
}

}  // namespace

std::string_view to_string(RecordingPolicy policy) noexcept {
  switch (policy) {
    case RecordingPolicy::anyone: return "anyone";
    case RecordingPolicy::off: return "off";
    case RecordingPolicy::hosts: break;
  }
  return "hosts";
}

Recordings::Recordings(Dependencies dependencies, RecordingPolicy policy)
    : deps_(std::move(dependencies)), policy_(policy) {}

// A hosted room's host may record it; a room without a host, a signed-in organizer (or anyone
// under --recording anyone).
Call<Done> Recordings::check_allowed(const std::string& room, const Requester& requester) const {
  if (policy_ == RecordingPolicy::off) {
    co_return fail(Error{ErrorCode::forbidden, "Recording is off on this server"});
  }
  if (room.size() > kMaxRecordedRoomNameBytes || !is_valid_utf8(room) || has_control_chars(room)) {
    co_return fail(
        Error{ErrorCode::invalid_parameter, "Invalid query parameter roomName: not a room name"});
  }
  if (deps_.rooms->enabled() && is_hosted_room_name(room)) {
    const auto& blocking = deps_.rooms->blocking();
    const auto* rooms = deps_.rooms;
    auto job = [rooms, room]() { return rooms->find_blocking(room); };
    const auto deadline = blocking.deadline();
    auto found = co_await blocking.run(deadline, std::move(job));
    if (!found) co_return fail(std::move(found).error());
    if (*found) {
      auto host = co_await deps_.rooms->require_host(room, requester.host_hash);
      if (!host) co_return fail(std::move(host).error());
      co_return Done{};
    }
  }
  if (policy_ == RecordingPolicy::anyone) co_return Done{};
  auto organizer = co_await deps_.sessions->signed_in(requester.session_key);
  if (!organizer) co_return fail(std::move(organizer).error());
  if (*organizer) co_return Done{};
  co_return fail(Error{ErrorCode::host_required,
                       "Only a signed-in organizer may record a room without a host"});
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

Call<std::string> Recordings::start(std::string room_name, Requester requester) const {
  auto allowed = co_await check_allowed(room_name, requester);
  if (!allowed) co_return fail(std::move(allowed).error());
  const auto& storage = deps_.storage;
  const auto& egress = *deps_.egress;
  const std::int64_t now_unix = deps_.rooms->now();
  if (!storage) {
    co_return fail(Error{ErrorCode::not_configured,
                         "Recording is not configured: set S3_KEY_ID, S3_KEY_SECRET and "
                         "S3_BUCKET (and S3_ENDPOINT, S3_REGION as needed)"});
  }
  auto existing = co_await egress.list_egress(room_name, true);
  if (!existing) co_return fail(from_livekit(existing.error()));
  for (const auto& item : *existing) {
    if (is_recording(item)) {
      co_return fail(Error{ErrorCode::conflict, "Meeting is already being recorded"});
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

Call<std::size_t> Recordings::stop(std::string room_name, Requester requester) const {
  auto allowed = co_await check_allowed(room_name, requester);
  if (!allowed) co_return fail(std::move(allowed).error());
  const auto& egress = *deps_.egress;
  auto existing = co_await egress.list_egress(room_name, true);
  if (!existing) co_return fail(from_livekit(existing.error()));
  std::size_t stopped = 0;
  for (const auto& item : *existing) {
    if (!is_recording(item)) continue;
    auto result = co_await egress.stop_egress(item.egress_id);
    if (!result) co_return fail(from_livekit(result.error()));
    ++stopped;
  }
  if (stopped == 0) co_return fail(Error{ErrorCode::not_found, "No active recording found"});
  co_return stopped;
}

}  // namespace lkm::services
