// The rooms of a person signed in through the identity provider: GET /api/my/rooms, reopening one
// as its host from this browser (POST /api/my/rooms/{room}/host) and deleting one
// (DELETE /api/my/rooms/{room}).
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include "api/my_rooms_handlers.hpp"
#include "api/room_json.hpp"

namespace lkm::api {
namespace {

using boost::asio::awaitable;
using Response = http::Response;
using services::HostedRooms;

// The request's signed-in person, or why there is none.
awaitable<Result<services::Person, ApiError>> person_of(const services::SignIn& sign_in,
                                                        const http::Request& request) {
  if (!sign_in.enabled()) {
    co_return fail(ApiError{ErrorCode::not_configured, "Signing in is not configured"});
  }
  auto person = co_await sign_in.person(Cookies::value(request, services::kUserCookie));
  if (!person) co_return fail(std::move(person).error());
  if (!*person) {
    co_return fail(ApiError{ErrorCode::sign_in_required, "Sign in to see your rooms"});
  }
  co_return std::move(**person);
}

std::string owned_json(const std::vector<store::HostedRoom>& rooms) {
  boost::json::array list;
  for (const auto& room : rooms) {
    boost::json::object item;
    item["name"] = room.name;
    item["passcode"] = !room.passcode_hash.empty();
    item["waitingRoom"] = room.waiting_room;
    item["locked"] = room.locked;
    item["listed"] = room.listed;
    item["createdAt"] = room.created_at;
    item["lastUsedAt"] = room.last_used_at;
    list.emplace_back(std::move(item));
  }
  boost::json::object body;
  body["rooms"] = std::move(list);
  return boost::json::serialize(body);
}

awaitable<Response> my_rooms(const HostedRooms& rooms, const services::SignIn& sign_in,
                             const http::Request& request) {
  auto person = co_await person_of(sign_in, request);
  if (!person) co_return to_response(person.error());
  auto owned = co_await rooms.owned(std::move(person->owner));
  if (!owned) co_return to_response(owned.error());
  co_return no_store_json(200, owned_json(*owned));
}

awaitable<Response> my_room_host(const HostedRooms& rooms, const services::SignIn& sign_in,
                                 const Cookies& cookies, const http::Request& request) {
  auto person = co_await person_of(sign_in, request);
  if (!person) co_return to_response(person.error());
  // Where only organisers create rooms, only they host them again: someone the rule no longer
  // admits keeps the credentials they hold, and gets no new ones.
  if (rooms.policy().creation == services::RoomCreation::organizers && !person->organizer) {
    co_return to_response(
        ApiError{ErrorCode::organizer_required, "Only organizers may host their rooms again here"});
  }
  auto reopened = co_await rooms.reopen(room_param(request), std::move(person->owner));
  if (!reopened) co_return to_response(reopened.error());
  const auto& room = reopened->room;
  auto response = no_store_json(200, room_info_json(room.name, room, true));
  response.header("Set-Cookie",
                  cookies.set(request, services::host_cookie_name(room.name), reopened->host_cookie,
                              services::kHostCookieLifetimeSeconds));
  co_return response;
}

awaitable<Response> my_room_delete(const HostedRooms& rooms, const services::SignIn& sign_in,
                                   const Cookies& cookies, const http::Request& request) {
  auto person = co_await person_of(sign_in, request);
  if (!person) co_return to_response(person.error());
  const std::string room = room_param(request);
  auto removed = co_await rooms.remove_owned(room, std::move(person->owner));
  if (!removed) co_return to_response(removed.error());
  auto response = no_store_json(200, R"({"status":"deleted"})");
  response.header("Set-Cookie", cookies.clear(request, services::host_cookie_name(room)));
  co_return response;
}

}  // namespace

http::Handler handle_my_rooms(const AppContext& c) {
  return bind<my_rooms>(*c.rooms, *c.sign_in);
}
http::Handler handle_my_room_host(const AppContext& c) {
  return bind<my_room_host>(*c.rooms, *c.sign_in, *c.cookies);
}
http::Handler handle_my_room_delete(const AppContext& c) {
  return bind<my_room_delete>(*c.rooms, *c.sign_in, *c.cookies);
}

}  // namespace lkm::api
