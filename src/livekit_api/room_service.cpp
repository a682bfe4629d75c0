#include "livekit_api/room_service.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include "auth/base64url.hpp"

namespace lkm::livekit {
namespace {

auth::VideoGrant grant_room_list() {
  auth::VideoGrant grant;
  grant.room_list = true;
  return grant;
}
auth::VideoGrant grant_room_create() {
  auth::VideoGrant grant;
  grant.room_create = true;
  return grant;
}
auth::VideoGrant grant_room_admin(const std::string& room) {
  auth::VideoGrant grant;
  grant.room_admin = true;
  grant.room = room;
  return grant;
}

constexpr std::string_view kService = "RoomService";

}  // namespace

Call<std::vector<Room>> RoomService::list_rooms(std::vector<std::string> names) const {
  boost::json::array list;
  for (auto& name : names) list.emplace_back(std::move(name));
  boost::json::object body{{"names", std::move(list)}};
  auto answer = co_await client_.call(kService, "ListRooms", body, grant_room_list());
  if (!answer) co_return fail(std::move(answer).error());
  co_return as_call_result(parse_list_rooms(*answer));
}

Call<Room> RoomService::create_room(std::string name) const {
  boost::json::object body{{"name", std::move(name)}};
  auto answer = co_await client_.call(kService, "CreateRoom", body, grant_room_create());
  if (!answer) co_return fail(std::move(answer).error());
  co_return as_call_result(parse_room(*answer));
}

Call<Room> RoomService::create_room(RoomSettings settings) const {
  boost::json::object body{{"name", std::move(settings.name)}};
  if (settings.empty_timeout != 0) body["emptyTimeout"] = settings.empty_timeout;
  if (settings.departure_timeout != 0) body["departureTimeout"] = settings.departure_timeout;
  if (settings.max_participants != 0) body["maxParticipants"] = settings.max_participants;
  if (!settings.metadata.empty()) body["metadata"] = settings.metadata;
  auto answer = co_await client_.call(kService, "CreateRoom", body, grant_room_create());
  if (!answer) co_return fail(std::move(answer).error());
  co_return as_call_result(parse_room(*answer));
}

Call<Room> RoomService::update_room_metadata(std::string room, std::string metadata) const {
  const auto grant = grant_room_admin(room);
  boost::json::object body{{"room", std::move(room)}, {"metadata", std::move(metadata)}};
  // Setting the same metadata again changes nothing.
  auto answer = co_await client_.call(kService, "UpdateRoomMetadata", body, grant, true);
  if (!answer) co_return fail(std::move(answer).error());
  co_return as_call_result(parse_room(*answer));
}

Call<Done> RoomService::send_data(std::string room, DataMessage message) const {
  const auto grant = grant_room_admin(room);
  boost::json::array identities;
  for (auto& identity : message.destination_identities)
    identities.emplace_back(std::move(identity));
  // protojson: bytes as standard base64, the enum by name.
  boost::json::object body{{"room", std::move(room)},
                           {"data", auth::base64_encode(message.data)},
                           {"kind", message.lossy ? "LOSSY" : "RELIABLE"},
                           {"destinationIdentities", std::move(identities)}};
  if (!message.topic.empty()) body["topic"] = message.topic;
  auto answer = co_await client_.call(kService, "SendData", body, grant);
  if (!answer) co_return fail(std::move(answer).error());
  co_return Done{};
}

Call<Done> RoomService::delete_room(std::string name) const {
  boost::json::object body{{"room", std::move(name)}};
  auto answer = co_await client_.call(kService, "DeleteRoom", body, grant_room_create());
  if (!answer) co_return fail(std::move(answer).error());
  co_return Done{};
}

Call<std::vector<Participant>> RoomService::list_participants(std::string room) const {
  const auto grant = grant_room_admin(room);
  boost::json::object body{{"room", std::move(room)}};
  auto answer = co_await client_.call(kService, "ListParticipants", body, grant);
  if (!answer) co_return fail(std::move(answer).error());
  co_return as_call_result(parse_list_participants(*answer));
}

Call<Done> RoomService::remove_participant(std::string room, std::string identity) const {
  const auto grant = grant_room_admin(room);
  boost::json::object body{{"room", std::move(room)}, {"identity", std::move(identity)}};
  auto answer = co_await client_.call(kService, "RemoveParticipant", body, grant);
  if (!answer) co_return fail(std::move(answer).error());
  co_return Done{};
}

Call<Track> RoomService::mute_published_track(std::string room, std::string identity,
                                              std::string track_sid, bool muted) const {
  const auto grant = grant_room_admin(room);
  boost::json::object body{{"room", std::move(room)},
                           {"identity", std::move(identity)},
                           {"trackSid", std::move(track_sid)},
                           {"muted", muted}};
  // Setting a mute state is idempotent.
  auto answer = co_await client_.call(kService, "MutePublishedTrack", body, grant, true);
  if (!answer) co_return fail(std::move(answer).error());
  const auto* track = answer->is_object() ? answer->get_object().if_contains("track") : nullptr;
  if (track == nullptr || track->is_null())
    co_return fail(TwirpError{TwirpErrorKind::bad_response, {}, 200, "response has no track"});
  co_return as_call_result(parse_track(*track));
}

Call<Participant> RoomService::update_participant(std::string room, std::string identity,
                                                  ParticipantUpdate update) const {
  const auto grant = grant_room_admin(room);
  boost::json::object body{{"room", std::move(room)}, {"identity", std::move(identity)}};
  if (update.metadata) body["metadata"] = *update.metadata;
  if (update.name) body["name"] = *update.name;
  if (update.attributes) {
    boost::json::object attributes;
    for (const auto& [key, value] : *update.attributes) attributes[key] = value;
    body["attributes"] = std::move(attributes);
  }
  // Sets absolute values: safe to repeat.
  auto answer = co_await client_.call(kService, "UpdateParticipant", body, grant, true);
  if (!answer) co_return fail(std::move(answer).error());
  co_return as_call_result(parse_participant(*answer));
}

}  // namespace lkm::livekit
