#include "api/meetings.hpp"

#include <charconv>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include "http/query.hpp"

namespace lkm::api {
namespace {

boost::json::value optional_time(const std::optional<std::int64_t>& time) {
  if (!time) return nullptr;
  return *time;
}

boost::json::object meeting_json(const store::Meeting& meeting, MeetingView view) {
  boost::json::object out;
  out["id"] = meeting.id;
  out["roomName"] = meeting.room_name;
  out["roomSid"] = meeting.room_sid;
  out["startedAt"] = meeting.started_at;
  out["endedAt"] = optional_time(meeting.ended_at);
  out["durationSeconds"] = meeting.ended_at
                               ? boost::json::value(*meeting.ended_at - meeting.started_at)
                               : boost::json::value(nullptr);
  out["participantsJoined"] = meeting.participants_joined;
  out["peakParticipants"] = meeting.peak_participants;
  out["currentParticipants"] = meeting.current_participants;
  boost::json::array recordings;
  for (const auto& recording : meeting.recordings) {
    boost::json::object item;
    item["egressId"] = recording.egress_id;
    item["status"] = recording.status;
    item["startedAt"] = recording.started_at;
    item["endedAt"] = optional_time(recording.ended_at);
    if (view == MeetingView::full) {
      item["location"] = recording.location;
      item["error"] = recording.error;
    }
    recordings.push_back(std::move(item));
  }
  out["recordings"] = std::move(recordings);
  boost::json::array attendees;
  for (const auto& attendee : meeting.attendees) {
    boost::json::object item;
    if (view == MeetingView::full) item["identity"] = attendee.identity;
    item["name"] = attendee.name;
    item["firstJoinedAt"] = attendee.first_joined_at;
    item["lastLeftAt"] = optional_time(attendee.last_left_at);
    attendees.push_back(std::move(item));
  }
  out["attendees"] = std::move(attendees);
  return out;
}

std::optional<std::int64_t> parse_positive(std::string_view text) {
  std::int64_t value = 0;
  const auto* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (text.empty() || ec != std::errc() || ptr != end || value <= 0) return std::nullopt;
  return value;
}

}  // namespace

Result<PageRequest, ApiError> parse_page_request(std::string_view query) {
  PageRequest page;
  if (const auto text = http::query_param(query, "limit")) {
    const auto value = parse_positive(*text);
    if (!value || static_cast<std::size_t>(*value) > store::Store::kMaxPageSize) {
      return fail(ApiError{ErrorCode::bad_request, "limit must be a whole number from 1 to " +
                                                       std::to_string(store::Store::kMaxPageSize)});
    }
    page.limit = static_cast<std::size_t>(*value);
  }
  page.cursor = http::query_param(query, "cursor");
  if (page.cursor && page.cursor->empty()) page.cursor.reset();
  return page;
}

std::optional<std::int64_t> parse_meeting_id(std::string_view id_text) {
  return parse_positive(id_text);
}

std::string to_json(const store::Meeting& meeting, MeetingView view) {
  return boost::json::serialize(meeting_json(meeting, view));
}

std::string to_json(const store::MeetingPage& page, MeetingView view) {
  boost::json::object out;
  boost::json::array items;
  for (const auto& meeting : page.items) items.push_back(meeting_json(meeting, view));
  out["meetings"] = std::move(items);
  out["nextCursor"] =
      page.next_cursor ? boost::json::value(*page.next_cursor) : boost::json::value(nullptr);
  return boost::json::serialize(out);
}

}  // namespace lkm::api
