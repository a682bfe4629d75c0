// Co-hosts: the host (or a co-host) promotes and demotes; the promoted browser claims its host
// credential with its LiveKit token.
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include "api/room_handlers.hpp"

namespace lkm::api {
namespace {

using boost::asio::awaitable;
using Response = http::Response;
using services::CoHosts;

awaitable<Response> promote(const CoHosts& cohosts, const Cookies& cookies,
                            const http::Request& request) {
  const std::string room = room_param(request);
  const auto identity = request.param("identity");
  if (!identity) co_return to_response({ErrorCode::bad_request, "Malformed identity"});
  auto promoted = co_await cohosts.promote(room, cookies.host_hash(request, room), *identity);
  if (!promoted) co_return to_response(promoted.error());
  co_return no_store_json(200, R"({"role":"cohost"})");
}

awaitable<Response> demote(const CoHosts& cohosts, const Cookies& cookies,
                           const http::Request& request) {
  const std::string room = room_param(request);
  const auto identity = request.param("identity");
  if (!identity) co_return to_response({ErrorCode::bad_request, "Malformed identity"});
  auto demoted = co_await cohosts.demote(room, cookies.host_hash(request, room), *identity);
  if (!demoted) co_return to_response(demoted.error());
  co_return no_store_json(200, R"({"role":"guest"})");
}

// The promoted person's browser: its LiveKit token for the room says who it is.
awaitable<Response> claim(const CoHosts& cohosts, const auth::KeyProvider& keys,
                          const Cookies& cookies, const Joins& joins,
                          const http::Request& request) {
  const std::string room = room_param(request);
  const auto token = bearer_token(request);
  if (!token) {
    co_return to_response({ErrorCode::unauthorized,
                           "Send this room's LiveKit token as Authorization: Bearer <token>"});
  }
  auto identity = services::member_from_token(keys, *token, room, joins.clock->now_unix());
  if (!identity) co_return to_response(identity.error());
  auto cookie = co_await cohosts.claim(room, *identity);
  if (!cookie) co_return to_response(cookie.error());
  boost::json::object body;
  body["role"] = services::kCohostRole;
  body["identity"] = *identity;
  auto response = no_store_json(200, boost::json::serialize(body));
  response.header("Set-Cookie", cookies.set(request, services::host_cookie_name(room), *cookie,
                                            services::kMemberCredentialSeconds));
  co_return response;
}

}  // namespace

http::Handler handle_promote_cohost(const AppContext& c) {
  return bind<promote>(*c.cohosts, *c.cookies);
}
http::Handler handle_demote_cohost(const AppContext& c) {
  return bind<demote>(*c.cohosts, *c.cookies);
}
http::Handler handle_claim_cohost(const AppContext& c) {
  return bind<claim>(*c.cohosts, *c.livekit_keys, *c.cookies, c.joins);
}

}  // namespace lkm::api
