#pragma once
// What each history event changes in the meeting history, independent of the database. A backend
// implements MeetingRows (row reads and writes inside its transaction); history::apply holds the
// rules. Backends report failures of MeetingRows calls by throwing; apply adds no handling of its
// own, so a failure leaves the transaction to be rolled back by the caller.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "store/history_event.hpp"
#include "store/meeting.hpp"
#include "store/store.hpp"

namespace lkm::store {

// A meetings row without its attendees and recordings.
struct MeetingRow {
  std::int64_t id = 0;
  std::string room_sid;
  std::string room_name;
  std::int64_t started_at = 0;
  std::optional<std::int64_t> ended_at;
  int participants_joined = 0;
  int peak_participants = 0;
  int current_participants = 0;
};

// An attendees row. An identity is in the room (`present`) through one connection at a time,
// `session_sid` (LiveKit replaces an older connection of the same identity). `left_sid` is the
// participant sid of the latest leave seen, so that a join delivered after its own leave does
// not count as present.
struct AttendeeRow {
  std::string identity;
  std::string name;
  std::int64_t first_joined_at = 0;
  std::optional<std::int64_t> last_left_at;
  bool present = false;
  std::string session_sid;
  std::string left_sid;
};

class MeetingRows {
 public:
  MeetingRows() = default;
  MeetingRows(const MeetingRows&) = delete;
  MeetingRows& operator=(const MeetingRows&) = delete;
  virtual ~MeetingRows() = default;

  virtual std::optional<MeetingRow> meeting_by_sid(const std::string& room_sid) = 0;
  // The meeting of that room name with the latest started_at (then the highest id).
  virtual std::optional<MeetingRow> latest_meeting_by_name(const std::string& room_name) = 0;
  // Inserts a meeting (row.id is ignored) and returns its id.
  virtual std::int64_t insert_meeting(const MeetingRow& row) = 0;
  virtual void update_meeting(const MeetingRow& row) = 0;

  virtual std::optional<AttendeeRow> attendee(std::int64_t meeting_id,
                                              const std::string& identity) = 0;
  virtual std::vector<AttendeeRow> attendees(std::int64_t meeting_id) = 0;
  virtual void upsert_attendee(std::int64_t meeting_id, const AttendeeRow& row) = 0;

  // The meeting a recording belongs to, and the recording.
  virtual std::optional<std::pair<std::int64_t, Recording>> recording(
      const std::string& egress_id) = 0;
  virtual void upsert_recording(std::int64_t meeting_id, const Recording& recording) = 0;
};

namespace history {

// The room an event is about, with the time to use as started_at if the meeting is new.
struct RoomRef {
  std::string sid;
  std::string name;
  std::int64_t start_hint = 0;
};

struct RoomStarted {
  RoomRef room;
};
struct RoomFinished {
  RoomRef room;
  std::int64_t at = 0;
};
struct ParticipantJoined {
  RoomRef room;
  std::string identity;
  std::string name;
  std::string participant_sid;
  std::int64_t joined_at = 0;
};
struct ParticipantLeft {
  RoomRef room;
  std::string identity;
  std::string name;
  std::string participant_sid;
  std::int64_t joined_at = 0;
  std::int64_t at = 0;
};
struct EgressChanged {
  std::string room_sid;   // may be empty: then the latest meeting of room_name
  std::string room_name;  // may be empty
  std::int64_t start_hint = 0;
  Recording recording;
};
// An event that changes nothing (untracked kind, or missing fields); `reason` is for logs.
struct Ignored {
  std::string reason;
};

using Change = std::variant<Ignored, RoomStarted, RoomFinished, ParticipantJoined, ParticipantLeft,
                            EgressChanged>;

// The change an event asks for. `now` stands in for a missing event time.
[[nodiscard]] Change interpret(const HistoryEvent& event, std::int64_t now);

// Applies `change` through `rows` (inside the caller's transaction).
void apply(const Change& change, MeetingRows& rows);

// The Meeting of a row, without attendees and recordings; the Attendee of a row.
[[nodiscard]] Meeting to_meeting(const MeetingRow& row);
[[nodiscard]] Attendee to_attendee(const AttendeeRow& row);

// Ordering of EgressStatus names: a delivery never moves a recording back to an earlier status.
[[nodiscard]] int egress_status_rank(std::string_view status) noexcept;

// Page cursors: the position (started_at, id) of the last meeting of a page.
struct Cursor {
  std::int64_t started_at = 0;
  std::int64_t id = 0;
  bool operator==(const Cursor&) const = default;
};
[[nodiscard]] std::string encode_cursor(const Cursor& cursor);
[[nodiscard]] std::optional<Cursor> decode_cursor(std::string_view text);

// A list_meetings request, checked: limit within 1..Store::kMaxPageSize (larger is capped), the
// cursor decoded. Backends fetch limit + 1 rows after `after` to learn whether a page follows.
struct PageQuery {
  std::size_t limit = 0;
  std::optional<Cursor> after;
};
[[nodiscard]] Result<PageQuery, StoreError> page_query(std::size_t limit,
                                                       const std::optional<std::string>& cursor);
// Drops the extra row of a limit + 1 fetch and returns the next page's cursor, if any.
[[nodiscard]] std::optional<std::string> end_page(std::vector<MeetingRow>& rows, std::size_t limit);

}  // namespace history
}  // namespace lkm::store
