#pragma once
// The meeting history as the API shows it: plain values, independent of any database.
// Times are Unix seconds.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace lkm::store {

// One egress (recording) of a meeting, keyed by LiveKit's egress id.
struct Recording {
  std::string egress_id;
  std::string status;  // LiveKit's EgressStatus name, e.g. "EGRESS_ACTIVE", "EGRESS_COMPLETE"
  std::int64_t started_at = 0;
  std::optional<std::int64_t> ended_at;
  std::string location;  // where the file ended up, when known
  std::string error;     // LiveKit's error text for a failed egress

  bool operator==(const Recording&) const = default;
};

// One identity that took part in a meeting (rejoins are the same attendee).
struct Attendee {
  std::string identity;
  std::string name;
  std::int64_t first_joined_at = 0;
  std::optional<std::int64_t> last_left_at;  // empty while in the room (or never seen leaving)

  bool operator==(const Attendee&) const = default;
};

// One LiveKit room session (one room sid).
struct Meeting {
  std::int64_t id = 0;  // assigned by the store
  std::string room_name;
  std::string room_sid;
  std::int64_t started_at = 0;
  std::optional<std::int64_t> ended_at;
  int participants_joined = 0;  // distinct identities that ever joined
  int peak_participants = 0;
  int current_participants = 0;
  std::vector<Recording> recordings;  // by started_at, then egress id
  std::vector<Attendee> attendees;    // by first_joined_at, then identity

  bool operator==(const Meeting&) const = default;
};

// A page of meetings, newest first; next_cursor is set when more meetings follow.
struct MeetingPage {
  std::vector<Meeting> items;
  std::optional<std::string> next_cursor;
};

}  // namespace lkm::store
