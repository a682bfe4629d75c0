#pragma once
// HistoryEvent: what the meeting history records of one thing that happened on the media server:
// a room started or finished, a participant joined or left, a recording changed. The services
// build them from LiveKit's webhooks (services/history_events.hpp); the store knows nothing of
// LiveKit's wire format. Times are Unix seconds, 0 where unknown.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace lkm::store {

enum class HistoryEventKind {
  room_started,
  room_finished,
  participant_joined,
  participant_left,
  recording_changed,  // a recording started, moved on or ended (its status says which)
  other,              // not tracked: recorded as seen (a redelivery is still one) and ignored
};

// "room_started", ..., "recording_changed", "other".
[[nodiscard]] std::string_view to_string(HistoryEventKind kind) noexcept;

struct HistoryRoom {
  std::string sid;
  std::string name;
  std::int64_t created_at = 0;
};

struct HistoryParticipant {
  std::string sid;  // of this connection: a later one of the same identity has another
  std::string identity;
  std::string name;
  std::int64_t joined_at = 0;
};

struct HistoryRecording {
  std::string id;
  // The room recorded: its sid, or failing that its name (the recording then goes with the
  // latest meeting of that name).
  std::string room_sid;
  std::string room_name;
  // The recorder's status ("EGRESS_STARTING", "EGRESS_ACTIVE", ... "EGRESS_COMPLETE"): a later
  // event never moves a recording back to an earlier one (history::egress_status_rank).
  std::string status;
  std::int64_t started_at = 0;
  std::int64_t ended_at = 0;
  std::string location;  // where the file went, when known
  std::string error;
};

struct HistoryEvent {
  HistoryEventKind kind = HistoryEventKind::other;
  std::string id;                   // unique per event: an id seen before is a redelivery
  std::int64_t at = 0;              // when it happened; 0: the store's clock stands in
  std::optional<HistoryRoom> room;  // room and participant events
  std::optional<HistoryParticipant> participant;  // participant events
  std::optional<HistoryRecording> recording;      // recording_changed
};

}  // namespace lkm::store
