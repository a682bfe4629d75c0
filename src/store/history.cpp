#include "store/history.hpp"

#include <algorithm>
#include <charconv>
#include <system_error>

namespace lkm::store::history {
namespace {

std::string kind_name(const HistoryEvent& event) {
  return std::string(to_string(event.kind));
}

// The room of a room or participant event; nullopt without a room sid.
std::optional<RoomRef> room_of(const HistoryEvent& event, std::int64_t at) {
  if (!event.room || event.room->sid.empty()) return std::nullopt;
  return RoomRef{event.room->sid, event.room->name,
                 event.room->created_at > 0 ? event.room->created_at : at};
}

Change interpret_participant(const HistoryEvent& event, std::int64_t at) {
  auto room = room_of(event, at);
  if (!room) return Ignored{kind_name(event) + " without a room sid"};
  if (!event.participant || event.participant->identity.empty()) {
    return Ignored{kind_name(event) + " without a participant identity"};
  }
  const auto& participant = *event.participant;
  const std::int64_t joined_at = participant.joined_at > 0 ? participant.joined_at : at;
  if (event.kind == HistoryEventKind::participant_joined) {
    return ParticipantJoined{std::move(*room), participant.identity, participant.name,
                             participant.sid, joined_at};
  }
  return ParticipantLeft{
      std::move(*room), participant.identity, participant.name, participant.sid, joined_at, at};
}

Change interpret_recording(const HistoryEvent& event, std::int64_t at) {
  if (!event.recording || event.recording->id.empty()) {
    return Ignored{kind_name(event) + " without a recording id"};
  }
  const auto& info = *event.recording;
  if (info.room_sid.empty() && info.room_name.empty()) {
    return Ignored{kind_name(event) + " without a room"};
  }
  EgressChanged change;
  change.room_sid = info.room_sid;
  change.room_name = info.room_name;
  change.start_hint = info.started_at > 0 ? info.started_at : at;
  change.recording.egress_id = info.id;
  change.recording.status = info.status;
  change.recording.started_at = info.started_at > 0 ? info.started_at : 0;
  if (info.ended_at > 0) change.recording.ended_at = info.ended_at;
  change.recording.location = info.location;
  change.recording.error = info.error;
  return change;
}

// The meeting of `room`, created when this is the first event seen for its sid.
MeetingRow ensure_meeting(MeetingRows& rows, const RoomRef& room) {
  if (auto found = rows.meeting_by_sid(room.sid)) {
    if (found->room_name.empty() && !room.name.empty()) {
      found->room_name = room.name;
      rows.update_meeting(*found);
    }
    return *found;
  }
  MeetingRow row;
  row.room_sid = room.sid;
  row.room_name = room.name;
  row.started_at = room.start_hint;
  row.id = rows.insert_meeting(row);
  return row;
}

// The attendee `identity` of `meeting`, created (and counted as a distinct identity) when new.
AttendeeRow ensure_attendee(MeetingRows& rows, MeetingRow& meeting, const std::string& identity,
                            const std::string& name, std::int64_t joined_at) {
  auto found = rows.attendee(meeting.id, identity);
  if (!found) {
    ++meeting.participants_joined;
    AttendeeRow row;
    row.identity = identity;
    row.name = name;
    row.first_joined_at = joined_at;
    return row;
  }
  if (!name.empty()) found->name = name;
  found->first_joined_at = std::min(found->first_joined_at, joined_at);
  return *found;
}

void apply_change(const RoomStarted& change, MeetingRows& rows) {
  MeetingRow meeting = ensure_meeting(rows, change.room);
  // A meeting first seen through a reordered event may have a later placeholder start.
  if (change.room.start_hint < meeting.started_at) {
    meeting.started_at = change.room.start_hint;
    rows.update_meeting(meeting);
  }
}

void apply_change(const RoomFinished& change, MeetingRows& rows) {
  MeetingRow meeting = ensure_meeting(rows, change.room);
  if (!meeting.ended_at || change.at < *meeting.ended_at) meeting.ended_at = change.at;
  meeting.current_participants = 0;
  rows.update_meeting(meeting);
  for (AttendeeRow& attendee : rows.attendees(meeting.id)) {
    if (!attendee.present) continue;
    attendee.present = false;
    attendee.last_left_at = std::max(attendee.last_left_at.value_or(change.at), change.at);
    rows.upsert_attendee(meeting.id, attendee);
  }
}

void apply_change(const ParticipantJoined& change, MeetingRows& rows) {
  MeetingRow meeting = ensure_meeting(rows, change.room);
  AttendeeRow attendee =
      ensure_attendee(rows, meeting, change.identity, change.name, change.joined_at);
  // A join delivered after the leave of the same connection, or after the room finished, does
  // not make anyone present.
  const bool already_left =
      !change.participant_sid.empty() && change.participant_sid == attendee.left_sid;
  if (!already_left && !meeting.ended_at) {
    if (!attendee.present) {
      attendee.present = true;
      ++meeting.current_participants;
      meeting.peak_participants = std::max(meeting.peak_participants, meeting.current_participants);
    }
    // Present already: a new connection replaces the old one (same identity), no new head.
    attendee.session_sid = change.participant_sid;
    attendee.last_left_at.reset();
  }
  rows.upsert_attendee(meeting.id, attendee);
  rows.update_meeting(meeting);
}

void apply_change(const ParticipantLeft& change, MeetingRows& rows) {
  MeetingRow meeting = ensure_meeting(rows, change.room);
  AttendeeRow attendee =
      ensure_attendee(rows, meeting, change.identity, change.name, change.joined_at);
  const bool same_session = change.participant_sid.empty() || attendee.session_sid.empty() ||
                            change.participant_sid == attendee.session_sid;
  if (attendee.present && same_session) {
    attendee.present = false;
    meeting.current_participants = std::max(0, meeting.current_participants - 1);
    attendee.last_left_at = change.at;
    attendee.left_sid = change.participant_sid;
  } else if (!attendee.present) {
    // Not in the room: a leave delivered before its join, a late leave after the room
    // finished (exact time of the last connection), or a repeat.
    const bool last_session =
        !change.participant_sid.empty() && change.participant_sid == attendee.session_sid;
    attendee.last_left_at =
        last_session ? change.at : std::max(attendee.last_left_at.value_or(change.at), change.at);
    attendee.left_sid = change.participant_sid;
  }
  // Else an older connection of an identity that is present through a newer one: no change.
  rows.upsert_attendee(meeting.id, attendee);
  rows.update_meeting(meeting);
}

Recording merge(Recording stored, const Recording& update) {
  if (!update.status.empty() &&
      egress_status_rank(update.status) >= egress_status_rank(stored.status)) {
    stored.status = update.status;
  }
  if (update.started_at > 0) stored.started_at = update.started_at;
  if (update.ended_at) stored.ended_at = update.ended_at;
  if (!update.location.empty()) stored.location = update.location;
  if (!update.error.empty()) stored.error = update.error;
  return stored;
}

void apply_change(const EgressChanged& change, MeetingRows& rows) {
  if (auto existing = rows.recording(change.recording.egress_id)) {
    // A recording stays with the meeting it was first attached to.
    rows.upsert_recording(existing->first, merge(existing->second, change.recording));
    return;
  }
  std::optional<MeetingRow> meeting;
  if (!change.room_sid.empty()) {
    meeting = ensure_meeting(rows, RoomRef{change.room_sid, change.room_name, change.start_hint});
  } else {
    meeting = rows.latest_meeting_by_name(change.room_name);
  }
  if (!meeting) return;  // no meeting of that room name: nothing to attach the recording to
  Recording recording = change.recording;
  if (recording.started_at == 0) recording.started_at = change.start_hint;
  rows.upsert_recording(meeting->id, recording);
}

void apply_change(const Ignored& /*change*/, MeetingRows& /*rows*/) {}

}  // namespace

Change interpret(const HistoryEvent& event, std::int64_t now) {
  const std::int64_t at = event.at > 0 ? event.at : now;
  switch (event.kind) {
    case HistoryEventKind::room_started:
    case HistoryEventKind::room_finished: {
      auto room = room_of(event, at);
      if (!room) return Ignored{kind_name(event) + " without a room sid"};
      if (event.kind == HistoryEventKind::room_started) return RoomStarted{std::move(*room)};
      return RoomFinished{std::move(*room), at};
    }
    case HistoryEventKind::participant_joined:
    case HistoryEventKind::participant_left: return interpret_participant(event, at);
    case HistoryEventKind::recording_changed: return interpret_recording(event, at);
    case HistoryEventKind::other: break;
  }
  return Ignored{"untracked event"};
}

void apply(const Change& change, MeetingRows& rows) {
  std::visit([&rows](const auto& alternative) { apply_change(alternative, rows); }, change);
}

int egress_status_rank(std::string_view status) noexcept {
  if (status.empty()) return -1;
  if (status == "EGRESS_STARTING") return 0;
  if (status == "EGRESS_ACTIVE") return 1;
  if (status == "EGRESS_ENDING") return 2;
  if (status == "EGRESS_COMPLETE" || status == "EGRESS_FAILED" || status == "EGRESS_ABORTED" ||
      status == "EGRESS_LIMIT_REACHED") {
    return 3;
  }
  return 0;  // a status this version does not know: no later than any known one
}

namespace {
constexpr std::string_view kCursorPrefix = "m1.";

bool parse_int64(std::string_view text, std::int64_t& out) {
  if (text.empty()) return false;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && end == text.data() + text.size();
}
}  // namespace

std::string encode_cursor(const Cursor& cursor) {
  return std::string(kCursorPrefix) + std::to_string(cursor.started_at) + "." +
         std::to_string(cursor.id);
}

std::optional<Cursor> decode_cursor(std::string_view text) {
  if (text.substr(0, kCursorPrefix.size()) != kCursorPrefix) return std::nullopt;
  text.remove_prefix(kCursorPrefix.size());
  const auto dot = text.find('.');
  if (dot == std::string_view::npos) return std::nullopt;
  Cursor cursor;
  if (!parse_int64(text.substr(0, dot), cursor.started_at)) return std::nullopt;
  if (!parse_int64(text.substr(dot + 1), cursor.id)) return std::nullopt;
  return cursor;
}

Result<PageQuery, StoreError> page_query(std::size_t limit,
                                         const std::optional<std::string>& cursor) {
  if (limit == 0) return fail(StoreError{StoreError::Code::invalid, "page size must be >= 1"});
  PageQuery query{std::min(limit, Store::kMaxPageSize), std::nullopt};
  if (cursor) {
    query.after = decode_cursor(*cursor);
    if (!query.after) return fail(StoreError{StoreError::Code::invalid, "malformed page cursor"});
  }
  return query;
}

std::optional<std::string> end_page(std::vector<MeetingRow>& rows, std::size_t limit) {
  if (rows.size() <= limit) return std::nullopt;
  rows.resize(limit);
  return encode_cursor({rows.back().started_at, rows.back().id});
}

Meeting to_meeting(const MeetingRow& row) {
  Meeting meeting;
  meeting.id = row.id;
  meeting.room_name = row.room_name;
  meeting.room_sid = row.room_sid;
  meeting.started_at = row.started_at;
  meeting.ended_at = row.ended_at;
  meeting.participants_joined = row.participants_joined;
  meeting.peak_participants = row.peak_participants;
  meeting.current_participants = row.current_participants;
  return meeting;
}

Attendee to_attendee(const AttendeeRow& row) {
  return Attendee{row.identity, row.name, row.first_joined_at, row.last_left_at};
}

}  // namespace lkm::store::history
