// A participant's requests during the meeting: proving membership with the LiveKit token, and
// raised hands (their own; a host's lowering of others').
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include "api/room_handlers.hpp"

namespace lkm::api {
namespace {

using boost::asio::awaitable;
using Response = http::Response;
using services::Hands;

awaitable<Response> become_member(const auth::KeyProvider& keys, const Cookies& cookies,
                                  const Joins& joins, const http::Request& request) {
  const std::string room = room_param(request);
  const auto token = bearer_token(request);
  if (!token) {
    co_return to_response({ErrorCode::unauthorized,
                           "Send this room's LiveKit token as Authorization: Bearer <token>"});
  }
  const std::int64_t now = joins.clock->now_unix();
  auto identity = services::member_from_token(keys, *token, room, now);
  if (!identity) co_return to_response(identity.error());
  boost::json::object body;
  body["identity"] = *identity;
  auto response = no_store_json(200, boost::json::serialize(body));
  response.header("Set-Cookie", cookies.set_member(request, room, *identity, now));
  co_return response;
}

awaitable<Response> set_own_hand(const Hands& hands, const Cookies& cookies, const Joins& joins,
                                 const http::Request& request, bool raised) {
  const std::string room = room_param(request);
  auto identity = cookies.member(request, room, joins.clock->now_unix());
  if (!identity) {
    co_return to_response({ErrorCode::unauthorized,
                           "Join the meeting first: this browser is not a member of the room"});
  }
  auto state = co_await hands.set_own(room, std::move(*identity), raised);
  if (!state) co_return to_response(state.error());
  boost::json::object body;
  body["raised"] = state->raised;
  if (state->raised) body["raisedAt"] = state->raised_at_ms;
  co_return no_store_json(200, boost::json::serialize(body));
}

awaitable<Response> raise_hand(const Hands& hands, const Cookies& cookies, const Joins& joins,
                               const http::Request& request) {
  co_return co_await set_own_hand(hands, cookies, joins, request, true);
}

awaitable<Response> lower_own_hand(const Hands& hands, const Cookies& cookies, const Joins& joins,
                                   const http::Request& request) {
  co_return co_await set_own_hand(hands, cookies, joins, request, false);
}

awaitable<Response> lower_hand(const Hands& hands, const Cookies& cookies,
                               const http::Request& request) {
  const std::string room = room_param(request);
  const auto identity = request.param("identity");
  if (!identity) co_return to_response({ErrorCode::bad_request, "Malformed identity"});
  auto lowered = co_await hands.lower(room, cookies.host_hash(request, room), *identity);
  if (!lowered) co_return to_response(lowered.error());
  co_return no_store_json(200, R"({"status":"lowered"})");
}

awaitable<Response> lower_all_hands(const Hands& hands, const Cookies& cookies,
                                    const http::Request& request) {
  const std::string room = room_param(request);
  auto lowered = co_await hands.lower_all(room, cookies.host_hash(request, room));
  if (!lowered) co_return to_response(lowered.error());
  boost::json::object body;
  body["lowered"] = *lowered;
  co_return no_store_json(200, boost::json::serialize(body));
}

}  // namespace

http::Handler handle_become_member(const AppContext& c) {
  return bind<become_member>(*c.livekit_keys, *c.cookies, c.joins);
}
http::Handler handle_raise_hand(const AppContext& c) {
  return bind<raise_hand>(*c.hands, *c.cookies, c.joins);
}
http::Handler handle_lower_own_hand(const AppContext& c) {
  return bind<lower_own_hand>(*c.hands, *c.cookies, c.joins);
}
http::Handler handle_lower_hand(const AppContext& c) {
  return bind<lower_hand>(*c.hands, *c.cookies);
}
http::Handler handle_lower_all_hands(const AppContext& c) {
  return bind<lower_all_hands>(*c.hands, *c.cookies);
}

}  // namespace lkm::api
