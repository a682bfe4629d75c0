#pragma once
// What every handler shares: the one way to bind a handler to the services it uses, JSON answers
// that are never cached, mapping a service call's result, and the credentials a request carries
// in its cookies. Private to src/api.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <boost/asio/awaitable.hpp>

#include "api/errors.hpp"
#include "http/router.hpp"
#include "services/credentials.hpp"
#include "services/history.hpp"
#include "services/recordings.hpp"
#include "services/sessions.hpp"
#include "services/sign_in.hpp"

namespace lkm::api {

// A handler bound to the long-lived objects it uses: `Fn` is a free coroutine taking them, then
// the request, by reference (a coroutine lambda would tie its frame to the lambda object's
// lifetime; the server keeps the request alive until the handler completes).
template <auto Fn, class... Uses>
http::Handler bind(const Uses&... uses) {
  return [... used = &uses](const http::Request& request) { return Fn(*used..., request); };
}

// A JSON answer that is never cached.
[[nodiscard]] http::Response no_store_json(unsigned status, std::string body);

// The credentials in a request's cookies, read with the server's keys; and the cookies it sets.
class Cookies {
 public:
  Cookies(const services::AccessKeys& keys, const services::OrganizerSessions& sessions,
          std::string base_path, const services::SignIn* sign_in = nullptr)
      : keys_(&keys), sessions_(&sessions), sign_in_(sign_in), base_path_(std::move(base_path)) {}

  // The hash of a correctly signed host cookie of the room, if the request has one.
  [[nodiscard]] std::optional<std::string> host_hash(const http::Request& request,
                                                     const std::string& room) const;
  // The store's key of the request's organizer session, when its cookie is valid and unexpired:
  // the organizer password's session, else the session of a person signed in through the
  // identity provider whom the organiser rule admits (both live in the store's session table).
  [[nodiscard]] std::optional<std::string> session_key(const http::Request& request) const;
  // The organizer password's session alone (what DELETE /api/session ends).
  [[nodiscard]] std::optional<std::string> password_session_key(const http::Request& request) const;
  // The value of a cookie of the request.
  [[nodiscard]] static std::optional<std::string> value(const http::Request& request,
                                                        std::string_view name);
  // The postfix of the request's postfix cookie, when this server signed it.
  [[nodiscard]] std::optional<std::string> postfix(std::string_view cookie_value) const;
  // The identity of the request's member credential of the room, when this server signed it and
  // it has not expired.
  [[nodiscard]] std::optional<std::string> member(const http::Request& request,
                                                  const std::string& room, std::int64_t now) const;
  // Who asks, for the lobby and the history.
  [[nodiscard]] services::Visitor visitor(const http::Request& request) const;
  [[nodiscard]] services::Requester requester(const http::Request& request,
                                              const std::string& room) const;

  // Set-Cookie values: HttpOnly, SameSite=Strict, Path=<base path>/, Max-Age (0 clears it),
  // Secure when the request came over HTTPS.
  [[nodiscard]] std::string set(const http::Request& request, std::string_view name,
                                std::string_view value, std::int64_t max_age) const;
  [[nodiscard]] std::string clear(const http::Request& request, std::string_view name) const;
  // The sign-in's cookies: SameSite=Lax (they must come back with the identity provider's
  // redirect), Path=<base path><path>, Secure when the request came over HTTPS or the server's
  // public URL is https.
  [[nodiscard]] std::string set_lax(const http::Request& request, std::string_view name,
                                    std::string_view value, std::int64_t max_age,
                                    std::string_view path, bool secure) const;
  // The signed postfix cookie.
  [[nodiscard]] std::string set_postfix(const http::Request& request, std::string_view postfix,
                                        std::int64_t now) const;
  // The member credential of `identity` in the room, for kMemberCredentialSeconds.
  [[nodiscard]] std::string set_member(const http::Request& request, const std::string& room,
                                       std::string_view identity, std::int64_t now) const;

 private:
  const services::AccessKeys* keys_;
  const services::OrganizerSessions* sessions_;
  const services::SignIn* sign_in_;
  std::string base_path_;
};

[[nodiscard]] std::string room_param(const http::Request& request);

// With --require-sign-in, what only people signed in through the identity provider may do
// (joining, the connection test, creating a room): sign_in_required for anyone else.
[[nodiscard]] boost::asio::awaitable<std::optional<ApiError>> require_signed_in(
    const services::SignIn& sign_in, const http::Request& request);
// The token of "Authorization: Bearer <token>", if the request has one.
[[nodiscard]] std::optional<std::string_view> bearer_token(const http::Request& request);

}  // namespace lkm::api
