#include "services/history_events.hpp"

namespace lkm::services {

store::HistoryEventKind history_event_kind(std::string_view webhook_event) noexcept {
  using Kind = store::HistoryEventKind;
  if (webhook_event == "room_started") return Kind::room_started;
  if (webhook_event == "room_finished") return Kind::room_finished;
  if (webhook_event == "participant_joined") return Kind::participant_joined;
  if (webhook_event == "participant_left" || webhook_event == "participant_connection_aborted") {
    return Kind::participant_left;
  }
  if (webhook_event == "egress_started" || webhook_event == "egress_updated" ||
      webhook_event == "egress_ended") {
    return Kind::recording_changed;
  }
  return Kind::other;
}

store::HistoryEvent to_history_event(const livekit::WebhookEvent& event) {
  store::HistoryEvent out;
  out.kind = history_event_kind(event.event);
  out.id = event.id;
  out.at = event.created_at;
  if (event.room) {
    const auto& room = *event.room;
    out.room = store::HistoryRoom{room.sid, room.name, room.creation_time};
  }
  if (event.participant) {
    const auto& participant = *event.participant;
    out.participant = store::HistoryParticipant{participant.sid, participant.identity,
                                                participant.name, participant.joined_at};
  }
  if (event.egress_info) {
    const auto& egress = *event.egress_info;
    store::HistoryRecording recording;
    recording.id = egress.egress_id;
    recording.room_sid = egress.room_id;
    recording.room_name = egress.room_name;
    if (recording.room_sid.empty() && event.room) recording.room_sid = event.room->sid;
    if (recording.room_name.empty() && event.room) recording.room_name = event.room->name;
    recording.status = egress.status;
    // LiveKit gives egress times in nanoseconds; the history keeps seconds.
    constexpr std::int64_t kNanosPerSecond = 1'000'000'000;
    recording.started_at = egress.started_at / kNanosPerSecond;
    recording.ended_at = egress.ended_at / kNanosPerSecond;
    recording.location = egress.location;
    recording.error = egress.error;
    out.recording = std::move(recording);
  }
  return out;
}

}  // namespace lkm::services
