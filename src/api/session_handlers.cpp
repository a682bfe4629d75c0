// Organizer sign-in: GET, POST and DELETE /api/session.
#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "api/room_handlers.hpp"

namespace lkm::api {
namespace {

using boost::asio::awaitable;
using Response = http::Response;
using services::OrganizerSessions;

// The session, and what the web app needs to know of the server's rules.
struct Rules {
  const services::HostedRooms& rooms;
  const services::History& history;
  const services::Recordings& recordings;
  const services::SignIn& sign_in;
};

std::string session_json(const Rules& rules, bool organizer,
                         const std::optional<services::Person>& person = std::nullopt) {
  boost::json::object body;
  body["organizer"] = organizer || (person && person->organizer);
  if (rules.sign_in.enabled()) {
    boost::json::object sign_in;
    sign_in["oidc"] = true;
    sign_in["required"] = rules.sign_in.required();
    body["signIn"] = std::move(sign_in);
  }
  if (person) {
    boost::json::object user;
    user["name"] = person->name;
    user["email"] = person->email;
    body["user"] = std::move(user);
  }
  body["roomCreation"] =
      rules.rooms.policy().creation == services::RoomCreation::organizers ? "organizers" : "open";
  body["lobby"] = services::to_string(rules.history.lobby());
  body["recording"] = services::to_string(rules.recordings.policy());
  return boost::json::serialize(body);
}

awaitable<Response> session_get(const OrganizerSessions& sessions, const Cookies& cookies,
                                const services::HostedRooms& rooms,
                                const services::History& history,
                                const services::Recordings& recordings,
                                const services::SignIn& sign_in, const http::Request& request) {
  auto organizer = co_await sessions.signed_in(cookies.password_session_key(request));
  if (!organizer) co_return to_response(organizer.error());
  auto person = co_await sign_in.person(Cookies::value(request, services::kUserCookie));
  if (!person) co_return to_response(person.error());
  co_return no_store_json(
      200, session_json(Rules{rooms, history, recordings, sign_in}, *organizer, *person));
}

awaitable<Response> session_sign_in(const OrganizerSessions& sessions, const Cookies& cookies,
                                    const services::HostedRooms& rooms,
                                    const services::History& history,
                                    const services::Recordings& recordings,
                                    const services::SignIn& sign_in, const http::Request& request) {
  boost::system::error_code ec;
  const auto value = boost::json::parse(request.body(), ec);
  const auto* object = ec ? nullptr : value.if_object();
  const auto* password = object != nullptr ? object->if_contains("password") : nullptr;
  if (password == nullptr || !password->is_string() || password->as_string().size() > 1024) {
    co_return to_response({ErrorCode::bad_request, R"(The body must be {"password": "..."})"});
  }
  auto session = co_await sessions.sign_in(std::string(password->as_string()),
                                           std::string(request.remote_address()));
  if (!session) co_return to_response(session.error());
  auto person = co_await sign_in.person(Cookies::value(request, services::kUserCookie));
  if (!person) co_return to_response(person.error());
  auto response =
      no_store_json(200, session_json(Rules{rooms, history, recordings, sign_in}, true, *person));
  response.header("Set-Cookie",
                  cookies.set(request, services::kOrganizerCookie, session->cookie_value,
                              services::kOrganizerSessionSeconds));
  co_return response;
}

// Signing out ends the session on every instance (the store forgets it), not only in this browser.
awaitable<Response> session_sign_out(const OrganizerSessions& sessions, const Cookies& cookies,
                                     const services::HostedRooms& rooms,
                                     const services::History& history,
                                     const services::Recordings& recordings,
                                     const services::SignIn& sign_in,
                                     const http::Request& request) {
  auto done = co_await sessions.sign_out(cookies.password_session_key(request));
  if (!done) co_return to_response(done.error());
  // Signed out of the password's session; a session with the identity provider stays until
  // POST /auth/logout.
  auto person = co_await sign_in.person(Cookies::value(request, services::kUserCookie));
  if (!person) co_return to_response(person.error());
  auto response =
      no_store_json(200, session_json(Rules{rooms, history, recordings, sign_in}, false, *person));
  response.header("Set-Cookie", cookies.clear(request, services::kOrganizerCookie));
  co_return response;
}

}  // namespace

http::Handler handle_session_get(const AppContext& c) {
  return bind<session_get>(*c.sessions, *c.cookies, *c.rooms, *c.history, *c.recordings,
                           *c.sign_in);
}
http::Handler handle_session_sign_in(const AppContext& c) {
  return bind<session_sign_in>(*c.sessions, *c.cookies, *c.rooms, *c.history, *c.recordings,
                               *c.sign_in);
}
http::Handler handle_session_sign_out(const AppContext& c) {
  return bind<session_sign_out>(*c.sessions, *c.cookies, *c.rooms, *c.history, *c.recordings,
                                *c.sign_in);
}

}  // namespace lkm::api
