#pragma once
// Store: the meeting history, fed by history events (history_event.hpp, made by the services of
// LiveKit's webhooks). Implementations: SqliteStore and PgStore. The interface carries no database
// types.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "core/result.hpp"
#include "store/history_event.hpp"
#include "store/meeting.hpp"

namespace lkm::store {

struct StoreError {
  enum class Code {
    unavailable,  // cannot open, busy beyond the timeout, I/O error, newer schema
    corrupt,      // not a database, or a damaged one
    full,         // the disk (or the database's size limit) is full
    invalid,      // the request itself is wrong (bad cursor, event without id, ...)
  };
  Code code = Code::unavailable;
  std::string message;
};

[[nodiscard]] const char* to_string(StoreError::Code code) noexcept;

// Which meetings a listing shows. Default: every room's.
struct MeetingFilter {
  std::optional<std::string> room;  // only meetings of this room name
  bool listed_only = false;         // only rooms that are hosted rooms whose host listed them
};

// When a room name was last in use according to the history: the latest ended_at of its
// meetings, or started_at for a meeting that has not ended.
struct RoomActivity {
  std::int64_t last_active_at = 0;
  bool open = false;  // a meeting of that name has not ended
};

class Store {
 public:
  Store() = default;
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;
  virtual ~Store() = default;

  // Applies one history event. Returns false when an event with the same id was already applied
  // (the id and the event's effects are written in one transaction, so a redelivery changes
  // nothing). Events that lack the fields they need, or that livekit-meet does not track, are
  // recorded as seen and otherwise ignored. An event without an id is `invalid`.
  virtual Result<bool, StoreError> apply(const HistoryEvent& event) = 0;

  // Meetings newest first (by started_at, then id). `cursor` is the next_cursor of the previous
  // page (opaque; pages stay consistent when newer meetings are added). limit must be >= 1 and
  // is capped at kMaxPageSize.
  virtual Result<MeetingPage, StoreError> list_meetings(std::size_t limit,
                                                        std::optional<std::string> cursor,
                                                        const MeetingFilter& filter) = 0;

  // nullopt when no meeting of that room name is in the history.
  virtual Result<std::optional<RoomActivity>, StoreError> room_activity(
      const std::string& room_name) = 0;

  virtual Result<std::optional<Meeting>, StoreError> get_meeting(std::int64_t id) = 0;

  static constexpr std::size_t kMaxPageSize = 500;
};

}  // namespace lkm::store
