#include "api/meetings.hpp"

#include <charconv>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include "http/query.hpp"

namespace lkm::api {
namespace {

ApiError from_store(const store::StoreError& error) {
  return from_store_error(error, "meeting history");
}

boost::json::value optional_time(const std::optional<std::int64_t>& time) {
  if (!time) return nullptr;
  return *time;
}

boost::json::object meeting_json(const store::Meeting& meeting) {
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
    item["location"] = recording.location;
    item["error"] = recording.error;
    recordings.push_back(std::move(item));
  }
  out["recordings"] = std::move(recordings);
  boost::json::array attendees;
  for (const auto& attendee : meeting.attendees) {
    boost::json::object item;
    item["identity"] = attendee.identity;
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

constexpr std::string_view kWebhookEvents[] = {
    "room_started",
    "room_finished",
    "participant_joined",
    "participant_left",
    "participant_connection_aborted",
    "track_published",
    "track_unpublished",
    "egress_started",
    "egress_updated",
    "egress_ended",
    "ingress_started",
    "ingress_ended",
};

}  // namespace

std::string_view webhook_event_label(std::string_view event) noexcept {
  for (const std::string_view known : kWebhookEvents) {
    if (known == event) return known;
  }
  return "other";
}

Result<bool, ApiError> receive_webhook(const livekit::WebhookReceiver& receiver,
                                       store::Store& store, std::string_view body,
                                       std::string_view authorization, std::int64_t now_unix,
                                       metrics::Registry* metrics) {
  auto count = [metrics](std::string_view event, std::string_view outcome) {
    if (metrics != nullptr) metrics->webhook(event, outcome);
  };
  auto event = receiver.receive(body, authorization, now_unix);
  if (!event) {
    const auto& failure = event.error();
    if (failure.code == livekit::WebhookError::invalid_body) {
      count("unknown", "bad_body");
      return fail(ApiError{ErrorCode::bad_request, failure.message});
    }
    count("unknown", "rejected_auth");
    return fail(ApiError{ErrorCode::unauthorized, failure.message});
  }
  const std::string_view label = webhook_event_label(event->event);
  auto applied = store.apply(*event);
  if (!applied) {
    ApiError error = from_store(applied.error());
    count(label, error.code == ErrorCode::bad_request ? "store_refused" : "store_unavailable");
    return fail(std::move(error));
  }
  count(label, *applied ? "accepted" : "duplicate");
  return *applied;
}

Result<store::MeetingPage, ApiError> list_meetings(store::Store& store, std::string_view query) {
  std::size_t limit = kDefaultMeetingPage;
  if (const auto text = http::query_param(query, "limit")) {
    const auto value = parse_positive(*text);
    if (!value || static_cast<std::size_t>(*value) > store::Store::kMaxPageSize) {
      return fail(ApiError{ErrorCode::bad_request, "limit must be a whole number from 1 to " +
                                                       std::to_string(store::Store::kMaxPageSize)});
    }
    limit = static_cast<std::size_t>(*value);
  }
  auto cursor = http::query_param(query, "cursor");
  if (cursor && cursor->empty()) cursor.reset();
  auto page = store.list_meetings(limit, std::move(cursor), store::MeetingFilter{});
  if (!page) return fail(from_store(page.error()));
  return std::move(page).value();
}

Result<store::Meeting, ApiError> get_meeting(store::Store& store, std::string_view id_text) {
  const auto id = parse_positive(id_text);
  if (!id) return fail(ApiError{ErrorCode::not_found, "No such meeting"});
  auto meeting = store.get_meeting(*id);
  if (!meeting) return fail(from_store(meeting.error()));
  if (!meeting->has_value()) return fail(ApiError{ErrorCode::not_found, "No such meeting"});
  return std::move(**meeting);
}

std::string to_json(const store::Meeting& meeting) {
  return boost::json::serialize(meeting_json(meeting));
}

std::string to_json(const store::MeetingPage& page) {
  boost::json::object out;
  boost::json::array items;
  for (const auto& meeting : page.items) items.push_back(meeting_json(meeting));
  out["meetings"] = std::move(items);
  out["nextCursor"] =
      page.next_cursor ? boost::json::value(*page.next_cursor) : boost::json::value(nullptr);
  return boost::json::serialize(out);
}

}  // namespace lkm::api
