// Organizer sign-in: GET, POST and DELETE /api/session.
#include "api/room_handlers.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "api/room_handler_support.hpp"
#include "auth/password_hash.hpp"

namespace lkm::api {
namespace {

using boost::asio::awaitable;
using Response = http::Response;

std::string session_json(const AppContext& context, bool organizer) {
  boost::json::object body;
  body["organizer"] = organizer;
  body["roomCreation"] = context.room_creation == RoomCreation::organizers ? "organizers" : "open";
  body["lobby"] = to_string(context.lobby);
  body["recording"] = to_string(context.recording);
  return boost::json::serialize(body);
}

awaitable<Response> session_get(const AppContext& context, const http::Request& request) {
  auto organizer = signed_in_organizer(context, request);
  if (!organizer) co_return to_response(organizer.error());
  co_return no_store_json(200, session_json(context, *organizer));
}

// The organizer password is guessed under the same limits as passcodes: per client, and across
// every client and instance (scope "organizer").
awaitable<Response> session_sign_in(const AppContext& context, const http::Request& request) {
  if (context.organizer_password_hash.empty()) {
    co_return to_response(
        {ErrorCode::not_configured, "No organizer password is set on this server"});
  }
  if (context.access == nullptr) co_return to_response(not_configured());
  const std::int64_t now = context.clock->now_unix();
  boost::system::error_code ec;
  const auto value = boost::json::parse(request.body(), ec);
  const auto* object = ec ? nullptr : value.if_object();
  const auto* password = object != nullptr ? object->if_contains("password") : nullptr;
  if (password == nullptr || !password->is_string() || password->as_string().size() > 1024) {
    co_return to_response({ErrorCode::bad_request, R"(The body must be {"password": "..."})"});
  }
  const std::string scope = "organizer";
  const std::string_view client = request.remote_address();
  if (auto refused = context.sign_in_guesses->begin(*context.access, client, scope, now)) {
    co_return to_response(*refused);
  }
  if (!auth::verify_password(password->as_string(), context.organizer_password_hash)) {
    co_return to_response({ErrorCode::unauthorized, "Wrong password"});
  }
  context.sign_in_guesses->forgive(*context.access, client, scope);
  const std::string random = context.random(32);
  const std::int64_t expires_at = now + kOrganizerSessionSeconds;
  auto created = context.access->create_session(session_id_hash(random), expires_at, now);
  if (!created) co_return to_response(from_access_store(created.error()));
  auto response = no_store_json(200, session_json(context, true));
  response.header("Set-Cookie",
                  access_set_cookie(kOrganizerCookie,
                                    organizer_session(context.access_keys, expires_at, random),
                                    context.base_path, kOrganizerSessionSeconds, request.secure()));
  co_return response;
}

// Signing out ends the session on every instance (the store forgets it), not only in this browser.
awaitable<Response> session_sign_out(const AppContext& context, const http::Request& request) {
  if (const auto key = organizer_session_key(context, request); key && context.access != nullptr) {
    auto deleted = context.access->delete_session(*key);
    if (!deleted) co_return to_response(from_access_store(deleted.error()));
  }
  auto response = no_store_json(200, session_json(context, false));
  response.header("Set-Cookie",
                  access_set_cookie(kOrganizerCookie, "", context.base_path, 0, request.secure()));
  co_return response;
}

}  // namespace

http::Handler handle_session_get(const AppContext& c) {
  return bind<session_get>(c);
}
http::Handler handle_session_sign_in(const AppContext& c) {
  return bind<session_sign_in>(c);
}
http::Handler handle_session_sign_out(const AppContext& c) {
  return bind<session_sign_out>(c);
}

}  // namespace lkm::api
