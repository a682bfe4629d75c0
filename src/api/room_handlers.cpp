// Rooms with a host: creating one, its settings as joiners see them, ending it, the host's
// credential, the waiting queue, the lock and the lobby listing.
#include "api/room_handlers.hpp"

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include "api/room_json.hpp"

namespace lkm::api {
namespace {

using boost::asio::awaitable;
using Response = http::Response;
using services::HostedRooms;

awaitable<Response> room_create(const HostedRooms& rooms,
                                const services::OrganizerSessions& sessions, const Cookies& cookies,
                                const services::SignIn& sign_in, const http::Request& request) {
  if (!rooms.enabled()) co_return to_response(services::rooms_not_configured());
  if (auto refused = co_await require_signed_in(sign_in, request)) co_return to_response(*refused);
  bool organizer = false;
  if (rooms.policy().creation == services::RoomCreation::organizers) {
    auto signed_in = co_await sessions.signed_in(cookies.session_key(request));
    if (!signed_in) co_return to_response(signed_in.error());
    organizer = *signed_in;
  }
  auto parsed = parse_room_request(request.body());
  if (!parsed) co_return to_response(parsed.error());
  // A person signed in through the identity provider owns the rooms they create.
  auto person = co_await sign_in.person(Cookies::value(request, services::kUserCookie));
  if (!person) co_return to_response(person.error());
  std::string owner = *person ? (*person)->owner : std::string();
  auto created =
      co_await rooms.create(std::move(parsed).value(), std::string(request.remote_address()),
                            organizer, std::move(owner));
  if (!created) co_return to_response(created.error());
  const auto& room = created->room;
  auto response = no_store_json(201, room_info_json(room.name, room, true));
  response.header("Set-Cookie",
                  cookies.set(request, services::host_cookie_name(room.name), created->host_cookie,
                              services::kHostCookieLifetimeSeconds));
  co_return response;
}

awaitable<Response> room_info(const HostedRooms& rooms, const Cookies& cookies,
                              const http::Request& request) {
  const std::string room = room_param(request);
  auto view = co_await rooms.view(room, cookies.host_hash(request, room));
  if (!view) co_return to_response(view.error());
  co_return no_store_json(200, room_info_json(room, view->room, view->is_host, view->cohost));
}

awaitable<Response> room_end(const HostedRooms& rooms, const Cookies& cookies,
                             const http::Request& request) {
  const std::string room = room_param(request);
  auto ended = co_await rooms.end(room, cookies.host_hash(request, room));
  if (!ended) co_return to_response(ended.error());
  auto response = no_store_json(200, R"({"status":"ended"})");
  response.header("Set-Cookie", cookies.clear(request, services::host_cookie_name(room)));
  co_return response;
}

awaitable<Response> host_sign_out(const HostedRooms& rooms, const Cookies& cookies,
                                  const http::Request& request) {
  const std::string room = room_param(request);
  auto done = co_await rooms.sign_out_host(room, cookies.host_hash(request, room));
  if (!done) co_return to_response(done.error());
  auto response = no_store_json(200, R"({"isHost":false})");
  response.header("Set-Cookie", cookies.clear(request, services::host_cookie_name(room)));
  co_return response;
}

awaitable<Response> waiting_list(const services::Admission& admission, const Cookies& cookies,
                                 const http::Request& request) {
  const std::string room = room_param(request);
  auto tickets = co_await admission.waiting(room, cookies.host_hash(request, room));
  if (!tickets) co_return to_response(tickets.error());
  co_return no_store_json(200, waiting_json(*tickets));
}

awaitable<Response> decide(const services::Admission& admission, const Cookies& cookies,
                           const http::Request& request, store::TicketStatus decision) {
  const std::string room = room_param(request);
  auto decided = co_await admission.decide(room, cookies.host_hash(request, room),
                                           request.param("ticket").value_or(""), decision);
  if (!decided) co_return to_response(decided.error());
  boost::json::object body;
  body["status"] = store::to_string(decision);
  co_return no_store_json(200, boost::json::serialize(body));
}

// Sets one of the room's flags (the lock, the lobby listing) and answers the room as it is now.
awaitable<Response> set_flag(const HostedRooms& rooms, const Cookies& cookies,
                             const http::Request& request, HostedRooms::Flag flag, bool value) {
  const std::string room = room_param(request);
  auto updated = co_await rooms.set_flag(room, cookies.host_hash(request, room), flag, value);
  if (!updated) co_return to_response(updated.error());
  co_return no_store_json(200, room_info_json(room, *updated, true));
}

awaitable<Response> admit(const services::Admission& admission, const Cookies& cookies,
                          const http::Request& request) {
  return decide(admission, cookies, request, store::TicketStatus::admitted);
}
awaitable<Response> deny(const services::Admission& admission, const Cookies& cookies,
                         const http::Request& request) {
  return decide(admission, cookies, request, store::TicketStatus::denied);
}
awaitable<Response> lock(const HostedRooms& rooms, const Cookies& cookies,
                         const http::Request& request) {
  return set_flag(rooms, cookies, request, HostedRooms::Flag::locked, true);
}
awaitable<Response> unlock(const HostedRooms& rooms, const Cookies& cookies,
                           const http::Request& request) {
  return set_flag(rooms, cookies, request, HostedRooms::Flag::locked, false);
}
awaitable<Response> list(const HostedRooms& rooms, const Cookies& cookies,
                         const http::Request& request) {
  return set_flag(rooms, cookies, request, HostedRooms::Flag::listed, true);
}
awaitable<Response> unlist(const HostedRooms& rooms, const Cookies& cookies,
                           const http::Request& request) {
  return set_flag(rooms, cookies, request, HostedRooms::Flag::listed, false);
}

}  // namespace

http::Handler handle_room_create(const AppContext& c) {
  return bind<room_create>(*c.rooms, *c.sessions, *c.cookies, *c.sign_in);
}
http::Handler handle_room_info(const AppContext& c) {
  return bind<room_info>(*c.rooms, *c.cookies);
}
http::Handler handle_room_end(const AppContext& c) {
  return bind<room_end>(*c.rooms, *c.cookies);
}
http::Handler handle_host_sign_out(const AppContext& c) {
  return bind<host_sign_out>(*c.rooms, *c.cookies);
}
http::Handler handle_waiting_list(const AppContext& c) {
  return bind<waiting_list>(*c.admission, *c.cookies);
}
http::Handler handle_admit(const AppContext& c) {
  return bind<admit>(*c.admission, *c.cookies);
}
http::Handler handle_deny(const AppContext& c) {
  return bind<deny>(*c.admission, *c.cookies);
}
http::Handler handle_lock(const AppContext& c) {
  return bind<lock>(*c.rooms, *c.cookies);
}
http::Handler handle_unlock(const AppContext& c) {
  return bind<unlock>(*c.rooms, *c.cookies);
}
http::Handler handle_list(const AppContext& c) {
  return bind<list>(*c.rooms, *c.cookies);
}
http::Handler handle_unlist(const AppContext& c) {
  return bind<unlist>(*c.rooms, *c.cookies);
}

}  // namespace lkm::api
