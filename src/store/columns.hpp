#pragma once
// The column lists both store backends select, in the order their row readers expect, and
// the retention of applied webhook event ids.
#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>

namespace lkm::store::columns {

inline constexpr std::string_view kMeeting =
    "id, room_sid, room_name, started_at, ended_at, participants_joined, peak_participants, "
    "current_participants";

inline constexpr std::string_view kAttendee =
    "identity, name, first_joined_at, last_left_at, present, session_sid, left_sid";

inline constexpr std::string_view kRecording =
    "egress_id, status, started_at, ended_at, location, error";

inline constexpr std::string_view kHostedRoom =
    "name, passcode_hash, waiting_room, locked, listed, created_at, last_used_at, owner";

inline constexpr std::string_view kTicket =
    "ticket, room_name, participant_name, postfix, status, created_at, last_seen_at, decided_at";

// One SQL text from pieces.
inline std::string sql(std::initializer_list<std::string_view> parts) {
  std::string out;
  for (const auto part : parts) out += part;
  return out;
}

}  // namespace lkm::store::columns

namespace lkm::store {

// Applied event ids are kept this long (LiveKit retries a delivery for minutes, not days), and
// pruned at most this often by each store.
inline constexpr std::int64_t kAppliedEventRetentionSeconds = std::int64_t{7} * 24 * 3600;
inline constexpr std::int64_t kAppliedEventPruneIntervalSeconds = 3600;

}  // namespace lkm::store
