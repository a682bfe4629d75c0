#include "api/room_json.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "core/text.hpp"

namespace lkm::api {
namespace {

using services::is_hosted_room_name;
using services::kMaxPasscodeBytes;
using services::kMinPasscodeBytes;
using services::RoomRequest;

ApiError bad_request(std::string message) {
  return ApiError{ErrorCode::bad_request, std::move(message)};
}

}  // namespace

Result<RoomRequest, ApiError> parse_room_request(std::string_view body) {
  RoomRequest request;
  if (body.empty()) return request;
  boost::system::error_code ec;
  const boost::json::value value = boost::json::parse(body, ec);
  if (ec || !value.is_object()) {
    return fail(
        bad_request("The body must be a JSON object: {\"name\", \"passcode\", "
                    "\"waitingRoom\", \"listed\"}, each optional"));
  }
  for (const auto& [key, field] : value.as_object()) {
    if (key == "name") {
      if (field.is_null()) continue;
      if (!field.is_string() || !is_hosted_room_name(field.as_string())) {
        return fail(bad_request(
            "name must be 1 to 128 letters, digits, '-', '_', '.' or '~' (not starting with '.')"));
      }
      if (services::is_reserved_room_name(field.as_string())) {
        return fail(bad_request("name: " + std::string(services::kReservedRoomNameMessage)));
      }
      request.name = std::string(field.as_string());
    } else if (key == "passcode") {
      if (field.is_null()) continue;
      if (!field.is_string()) return fail(bad_request("passcode must be a string"));
      const std::string_view passcode = field.as_string();
      if (passcode.size() < kMinPasscodeBytes || passcode.size() > kMaxPasscodeBytes ||
          !is_valid_utf8(passcode) || has_control_chars(passcode)) {
        return fail(
            bad_request("passcode must be 6 to 128 bytes of text without control "
                        "characters"));
      }
      request.passcode = std::string(passcode);
    } else if (key == "waitingRoom") {
      if (!field.is_bool()) return fail(bad_request("waitingRoom must be true or false"));
      request.waiting_room = field.as_bool();
    } else if (key == "listed") {
      if (!field.is_bool()) return fail(bad_request("listed must be true or false"));
      request.listed = field.as_bool();
    } else {
      return fail(bad_request("Unknown field: " + std::string(key.substr(0, 64))));
    }
  }
  return request;
}

std::string room_info_json(std::string_view name, const std::optional<store::HostedRoom>& room,
                           bool is_host, bool cohost) {
  boost::json::object body;
  body["name"] = name;
  body["hosted"] = room.has_value();
  body["passcode"] = room && !room->passcode_hash.empty();
  body["waitingRoom"] = room && room->waiting_room;
  body["locked"] = room && room->locked;
  body["listed"] = room && room->listed;
  body["isHost"] = room && is_host;
  body["isCohost"] = room && is_host && cohost;
  return boost::json::serialize(body);
}

std::string waiting_json(const std::vector<store::WaitingTicket>& tickets) {
  boost::json::array items;
  for (const auto& ticket : tickets) {
    boost::json::object item;
    item["ticket"] = ticket.ticket;
    item["participantName"] = ticket.participant_name;
    item["since"] = ticket.created_at;
    items.push_back(std::move(item));
  }
  boost::json::object body;
  body["waiting"] = std::move(items);
  return boost::json::serialize(body);
}

std::string to_json(const std::vector<livekit::Room>& rooms) {
  boost::json::array items;
  for (const auto& room : rooms) {
    boost::json::object item;
    item["name"] = room.name;
    item["sid"] = room.sid;
    item["numParticipants"] = room.num_participants;
    item["numPublishers"] = room.num_publishers;
    item["createdAt"] = room.creation_time;
    item["activeRecording"] = room.active_recording;
    item["metadata"] = room.metadata;
    items.push_back(std::move(item));
  }
  boost::json::object out;
  out["rooms"] = std::move(items);
  return boost::json::serialize(out);
}

std::string to_json(const std::vector<livekit::Participant>& participants) {
  boost::json::array items;
  for (const auto& participant : participants) {
    boost::json::object item;
    item["identity"] = participant.identity;
    item["name"] = participant.name;
    std::string_view role;
    for (const auto& [key, value] : participant.attributes) {
      if (key == services::kRoleAttribute) role = value;
    }
    item["isHost"] = role == "host";
    item["role"] = role;
    item["joinedAt"] = participant.joined_at;
    boost::json::array tracks;
    for (const auto& track : participant.tracks) {
      boost::json::object entry;
      entry["sid"] = track.sid;
      entry["type"] = track.type;
      entry["source"] = track.source;
      entry["muted"] = track.muted;
      entry["name"] = track.name;
      tracks.push_back(std::move(entry));
    }
    item["tracks"] = std::move(tracks);
    items.push_back(std::move(item));
  }
  boost::json::object body;
  body["participants"] = std::move(items);
  return boost::json::serialize(body);
}

}  // namespace lkm::api
