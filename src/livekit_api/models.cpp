#include "livekit_api/models.hpp"

#include <array>
#include <charconv>
#include <limits>
#include <optional>
#include <string_view>

#include <boost/json/object.hpp>

namespace lkm::livekit {
namespace {

constexpr std::array<std::string_view, 3> kTrackTypes = {"AUDIO", "VIDEO", "DATA"};
constexpr std::array<std::string_view, 5> kTrackSources = {"UNKNOWN", "CAMERA", "MICROPHONE",
                                                           "SCREEN_SHARE", "SCREEN_SHARE_AUDIO"};
constexpr std::array<std::string_view, 4> kParticipantStates = {"JOINING", "JOINED", "ACTIVE",
                                                                "DISCONNECTED"};
constexpr std::array<std::string_view, 7> kEgressStatuses = {
    "EGRESS_STARTING", "EGRESS_ACTIVE",  "EGRESS_ENDING",       "EGRESS_COMPLETE",
    "EGRESS_FAILED",   "EGRESS_ABORTED", "EGRESS_LIMIT_REACHED"};

// Reads fields of one object by proto name (snake_case) or JSON name (camelCase); remembers the
// first problem.
class Reader {
 public:
  Reader(const boost::json::value& json, std::string_view what) : what_(what) {
    if (json.is_object())
      object_ = &json.get_object();
    else
      error_ = std::string(what) + " must be an object";
  }

  [[nodiscard]] const boost::json::value* find(std::string_view snake,
                                               std::string_view camel = {}) const {
    if (object_ == nullptr) return nullptr;
    const boost::json::value* value = object_->if_contains(snake);
    if (value == nullptr && !camel.empty()) value = object_->if_contains(camel);
    return value == nullptr || value->is_null() ? nullptr : value;
  }

  void string(std::string_view snake, std::string_view camel, std::string& out) {
    const auto* value = find(snake, camel);
    if (value == nullptr) return;
    if (value->is_string())
      out = std::string(value->get_string());
    else
      wrong(snake, "a string");
  }

  void boolean(std::string_view snake, std::string_view camel, bool& out) {
    const auto* value = find(snake, camel);
    if (value == nullptr) return;
    if (value->is_bool())
      out = value->get_bool();
    else
      wrong(snake, "a boolean");
  }

  void int64(std::string_view snake, std::string_view camel, std::int64_t& out) {
    const auto* value = find(snake, camel);
    if (value == nullptr) return;
    if (auto number = to_int64(*value))
      out = *number;
    else
      wrong(snake, "an int64 (a whole number or a decimal string)");
  }

  void uint32(std::string_view snake, std::string_view camel, std::uint32_t& out) {
    const auto* value = find(snake, camel);
    if (value == nullptr) return;
    const auto number = to_int64(*value);
    if (number && *number >= 0 && *number <= std::numeric_limits<std::uint32_t>::max())
      out = static_cast<std::uint32_t>(*number);
    else
      wrong(snake, "a uint32");
  }

  template <std::size_t N>
  void enumeration(std::string_view snake, std::string_view camel,
                   const std::array<std::string_view, N>& names, std::string& out) {
    const auto* value = find(snake, camel);
    if (value == nullptr) {
      out = std::string(names[0]);  // proto3 default
      return;
    }
    if (value->is_string()) {
      out = std::string(value->get_string());  // unknown (newer) names are kept as sent
      return;
    }
    const auto number =
        value->is_int64() ? std::optional<std::int64_t>(value->get_int64()) : std::nullopt;
    if (number && *number >= 0 && static_cast<std::uint64_t>(*number) < N)
      out = std::string(names.at(static_cast<std::size_t>(*number)));
    else
      wrong(snake, "an enum name or known number");
  }

  // Calls `each(element, index)` for every element of an array field.
  template <class F>
  void array(std::string_view snake, std::string_view camel, F&& each) {
    const auto* value = find(snake, camel);
    if (value == nullptr) return;
    if (!value->is_array()) {
      wrong(snake, "an array");
      return;
    }
    for (const auto& element : value->get_array()) {
      if (error_) return;
      each(element);
    }
  }

  void fail_with(std::string message) {
    if (!error_) error_ = std::move(message);
  }
  [[nodiscard]] const std::optional<std::string>& error() const noexcept { return error_; }
  [[nodiscard]] std::string_view what() const noexcept { return what_; }

 private:
  void wrong(std::string_view key, std::string_view expected) {
    fail_with(std::string(what_) + "." + std::string(key) + " must be " + std::string(expected));
  }

  static std::optional<std::int64_t> to_int64(const boost::json::value& value) {
    if (value.is_int64()) return value.get_int64();
    if (value.is_uint64()) {
      if (value.get_uint64() > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
        return std::nullopt;
      return static_cast<std::int64_t>(value.get_uint64());
    }
    if (!value.is_string()) return std::nullopt;
    const std::string_view text = value.get_string();
    std::int64_t number = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), number);
    if (ec != std::errc() || end != text.data() + text.size() || text.empty()) return std::nullopt;
    return number;
  }

  std::string_view what_;
  const boost::json::object* object_ = nullptr;
  std::optional<std::string> error_;
};

template <class T, class Parse>
Result<std::vector<T>, std::string> parse_list(const boost::json::value& json, std::string_view key,
                                               Parse parse) {
  Reader reader(json, "response");
  std::vector<T> out;
  reader.array(key, {}, [&](const boost::json::value& element) {
    auto item = parse(element);
    if (!item)
      reader.fail_with(std::string(key) + "[" + std::to_string(out.size()) + "]: " + item.error());
    else
      out.push_back(std::move(item).value());
  });
  if (reader.error()) return fail(*reader.error());
  return out;
}

}  // namespace

Result<Room, std::string> parse_room(const boost::json::value& json) {
  Reader reader(json, "room");
  Room room;
  reader.string("sid", {}, room.sid);
  reader.string("name", {}, room.name);
  reader.uint32("empty_timeout", "emptyTimeout", room.empty_timeout);
  reader.uint32("departure_timeout", "departureTimeout", room.departure_timeout);
  reader.uint32("max_participants", "maxParticipants", room.max_participants);
  reader.uint32("num_participants", "numParticipants", room.num_participants);
  reader.uint32("num_publishers", "numPublishers", room.num_publishers);
  reader.int64("creation_time", "creationTime", room.creation_time);
  reader.boolean("active_recording", "activeRecording", room.active_recording);
  reader.string("metadata", {}, room.metadata);
  if (reader.error()) return fail(*reader.error());
  return room;
}

Result<Track, std::string> parse_track(const boost::json::value& json) {
  Reader reader(json, "track");
  Track track;
  reader.string("sid", {}, track.sid);
  reader.string("name", {}, track.name);
  reader.enumeration("type", {}, kTrackTypes, track.type);
  reader.enumeration("source", {}, kTrackSources, track.source);
  reader.boolean("muted", {}, track.muted);
  if (reader.error()) return fail(*reader.error());
  return track;
}

Result<Participant, std::string> parse_participant(const boost::json::value& json) {
  Reader reader(json, "participant");
  Participant participant;
  reader.string("sid", {}, participant.sid);
  reader.string("identity", {}, participant.identity);
  reader.string("name", {}, participant.name);
  reader.enumeration("state", {}, kParticipantStates, participant.state);
  reader.int64("joined_at", "joinedAt", participant.joined_at);
  reader.string("metadata", {}, participant.metadata);
  if (const auto* attributes = reader.find("attributes")) {
    if (!attributes->is_object()) {
      reader.fail_with("participant.attributes must be an object");
    } else {
      for (const auto& [key, value] : attributes->get_object()) {
        if (!value.is_string()) {
          reader.fail_with("participant.attributes values must be strings");
          break;
        }
        participant.attributes.emplace_back(std::string(key), std::string(value.get_string()));
      }
    }
  }
  reader.array("tracks", {}, [&](const boost::json::value& element) {
    auto track = parse_track(element);
    if (!track)
      reader.fail_with("participant.tracks[" + std::to_string(participant.tracks.size()) +
                       "]: " + track.error());
    else
      participant.tracks.push_back(std::move(track).value());
  });
  if (reader.error()) return fail(*reader.error());
  return participant;
}

Result<Egress, std::string> parse_egress(const boost::json::value& json) {
  Reader reader(json, "egress");
  Egress egress;
  reader.string("egress_id", "egressId", egress.egress_id);
  reader.string("room_id", "roomId", egress.room_id);
  reader.string("room_name", "roomName", egress.room_name);
  reader.enumeration("status", {}, kEgressStatuses, egress.status);
  reader.int64("started_at", "startedAt", egress.started_at);
  reader.int64("ended_at", "endedAt", egress.ended_at);
  reader.string("error", {}, egress.error);
  reader.array("file_results", "fileResults", [&](const boost::json::value& element) {
    Reader file(element, "egress.file_results[]");
    std::string location;
    file.string("location", {}, location);
    if (file.error())
      reader.fail_with(*file.error());
    else if (!location.empty())
      egress.locations.push_back(std::move(location));
  });
  if (reader.error()) return fail(*reader.error());
  return egress;
}

Result<std::vector<Room>, std::string> parse_list_rooms(const boost::json::value& json) {
  return parse_list<Room>(json, "rooms", parse_room);
}

Result<std::vector<Participant>, std::string> parse_list_participants(
    const boost::json::value& json) {
  return parse_list<Participant>(json, "participants", parse_participant);
}

Result<std::vector<Egress>, std::string> parse_list_egress(const boost::json::value& json) {
  return parse_list<Egress>(json, "items", parse_egress);
}

}  // namespace lkm::livekit
