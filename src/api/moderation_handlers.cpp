// A host's moderation through the LiveKit server: the participants, removing one, muting a track.
#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "api/room_handlers.hpp"
#include "api/room_json.hpp"

namespace lkm::api {
namespace {

using boost::asio::awaitable;
using Response = http::Response;
using services::Moderation;

awaitable<Response> participants(const Moderation& moderation, const Cookies& cookies,
                                 const http::Request& request) {
  const std::string room = room_param(request);
  auto listed = co_await moderation.participants(room, cookies.host_hash(request, room));
  if (!listed) co_return to_response(listed.error());
  co_return no_store_json(200, to_json(*listed));
}

awaitable<Response> remove_participant(const Moderation& moderation, const Cookies& cookies,
                                       const http::Request& request) {
  const std::string room = room_param(request);
  const auto identity = request.param("identity");
  if (!identity) co_return to_response({ErrorCode::bad_request, "Malformed identity"});
  auto removed = co_await moderation.remove(room, cookies.host_hash(request, room), *identity);
  if (!removed) co_return to_response(removed.error());
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

awaitable<Response> mute_track(const Moderation& moderation, const Cookies& cookies,
                               const http::Request& request) {
  const std::string room = room_param(request);
  const auto identity = request.param("identity");
  if (!identity) co_return to_response({ErrorCode::bad_request, "Malformed identity"});
  auto mute = parse_mute(request.body());
  if (!mute) co_return to_response(mute.error());
  auto muted = co_await moderation.mute(room, cookies.host_hash(request, room), *identity,
                                        mute->track_sid, mute->muted);
  if (!muted) co_return to_response(muted.error());
  boost::json::object body;
  body["status"] = "ok";
  body["muted"] = *muted;
  co_return no_store_json(200, boost::json::serialize(body));
}

}  // namespace

http::Handler handle_participants(const AppContext& c) {
  return bind<participants>(*c.moderation, *c.cookies);
}
http::Handler handle_remove_participant(const AppContext& c) {
  return bind<remove_participant>(*c.moderation, *c.cookies);
}
http::Handler handle_mute_track(const AppContext& c) {
  return bind<mute_track>(*c.moderation, *c.cookies);
}

}  // namespace lkm::api
