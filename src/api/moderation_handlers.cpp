// A host's moderation through the LiveKit server: the participants, removing one, muting a track.
#include "api/room_handlers.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "api/live_rooms.hpp"
#include "api/room_handler_support.hpp"

namespace lkm::api {
namespace {

using boost::asio::awaitable;
using Response = http::Response;

awaitable<Response> participants(const AppContext& context, const http::Request& request) {
  const std::string room = room_param(request);
  auto hosted = require_host(context, request, room);
  if (!hosted) co_return to_response(hosted.error());
  auto listed = co_await context.rooms->list_participants(room);
  if (!listed) {
    // A room nobody has joined yet does not exist on the LiveKit server.
    if (listed.error().kind == livekit::TwirpErrorKind::twirp &&
        listed.error().code == "not_found") {
      co_return no_store_json(200, R"({"participants":[]})");
    }
    co_return to_response(from_livekit(listed.error()));
  }
  boost::json::array items;
  for (const auto& participant : *listed) {
    boost::json::object item;
    item["identity"] = participant.identity;
    item["name"] = participant.name;
    bool host = false;
    for (const auto& [key, value] : participant.attributes) {
      if (key == kRoleAttribute && value == "host") host = true;
    }
    item["isHost"] = host;
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
  co_return no_store_json(200, boost::json::serialize(body));
}

awaitable<Response> remove_participant(const AppContext& context, const http::Request& request) {
  const std::string room = room_param(request);
  auto hosted = require_host(context, request, room);
  if (!hosted) co_return to_response(hosted.error());
  const auto identity = request.param("identity");
  if (!identity) co_return to_response({ErrorCode::bad_request, "Malformed identity"});
  // The person's admissions are revoked first, so that a failing LiveKit call leaves no way back
  // in; someone not (or no longer) in the meeting may still hold one.
  auto revoked = context.access->revoke_identity(room, *identity, context.clock->now_unix());
  if (!revoked) co_return to_response(from_access_store(revoked.error()));
  for (const auto& ticket : *revoked) context.admissions->notify(ticket);
  auto removed = co_await context.rooms->remove_participant(room, *identity);
  const bool absent = !removed && removed.error().kind == livekit::TwirpErrorKind::twirp &&
                      removed.error().code == "not_found";
  if (!removed && !absent) co_return to_response(from_livekit(removed.error()));
  if (absent && revoked->empty()) {
    co_return to_response({ErrorCode::not_found, "No such participant in this room"});
  }
  co_return no_store_json(200, R"({"status":"removed"})");
}

struct MuteRequest {
  std::string track_sid;
  bool muted = true;
};

Result<MuteRequest, ApiError> parse_mute(std::string_view body) {
  boost::system::error_code ec;
  const auto value = boost::json::parse(body, ec);
  const auto* object = ec ? nullptr : value.if_object();
  const auto* sid = object != nullptr ? object->if_contains("trackSid") : nullptr;
  const auto* muted = object != nullptr ? object->if_contains("muted") : nullptr;
  if (sid == nullptr || !sid->is_string() || sid->as_string().empty() ||
      sid->as_string().size() > 256 || (muted != nullptr && !muted->is_bool())) {
    return fail(ApiError{ErrorCode::bad_request,
                         R"(The body must be {"trackSid": "<sid>", "muted": true|false})"});
  }
  return MuteRequest{std::string(sid->as_string()), muted == nullptr || muted->as_bool()};
}

awaitable<Response> mute_track(const AppContext& context, const http::Request& request) {
  const std::string room = room_param(request);
  auto hosted = require_host(context, request, room);
  if (!hosted) co_return to_response(hosted.error());
  const auto identity = request.param("identity");
  if (!identity) co_return to_response({ErrorCode::bad_request, "Malformed identity"});
  auto mute = parse_mute(request.body());
  if (!mute) co_return to_response(mute.error());
  auto track =
      co_await context.rooms->mute_published_track(room, *identity, mute->track_sid, mute->muted);
  if (!track) co_return to_response(from_livekit(track.error()));
  boost::json::object body;
  body["status"] = "ok";
  body["muted"] = track->muted;
  co_return no_store_json(200, boost::json::serialize(body));
}

}  // namespace

http::Handler handle_participants(const AppContext& c) {
  return bind<participants>(c);
}
http::Handler handle_remove_participant(const AppContext& c) {
  return bind<remove_participant>(c);
}
http::Handler handle_mute_track(const AppContext& c) {
  return bind<mute_track>(c);
}

}  // namespace lkm::api
