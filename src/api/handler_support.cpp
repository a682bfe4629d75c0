#include "api/handler_support.hpp"

#include "api/connection_details.hpp"
#include "http/query.hpp"

namespace lkm::api {

http::Response no_store_json(unsigned status, std::string body) {
  auto response = http::Response::json(status, std::move(body));
  response.header("Cache-Control", "no-store");
  return response;
}

namespace {

std::optional<std::string_view> cookie(const http::Request& request, std::string_view name) {
  const std::string_view cookies = request.header("Cookie");
  if (cookies.empty()) return std::nullopt;
  return http::cookie_value(cookies, name);
}

}  // namespace

std::optional<std::string> Cookies::host_hash(const http::Request& request,
                                              const std::string& room) const {
  if (request.header("Cookie").empty()) return std::nullopt;  // the name costs a SHA-256
  const auto value = cookie(request, services::host_cookie_name(room));
  if (!value) return std::nullopt;
  return services::host_credential_hash(*keys_, room, *value);
}

std::optional<std::string> Cookies::session_key(const http::Request& request) const {
  if (auto key = password_session_key(request)) return key;
  if (sign_in_ == nullptr) return std::nullopt;
  const auto value = cookie(request, services::kUserCookie);
  if (!value) return std::nullopt;
  return sign_in_->organizer_session_key(*value);
}

std::optional<std::string> Cookies::password_session_key(const http::Request& request) const {
  const auto value = cookie(request, services::kOrganizerCookie);
  if (!value) return std::nullopt;
  return sessions_->session_key(*value);
}

std::optional<std::string> Cookies::value(const http::Request& request, std::string_view name) {
  const auto found = cookie(request, name);
  if (!found) return std::nullopt;
  return std::string(*found);
}

std::optional<std::string> Cookies::postfix(std::string_view cookie_value) const {
  return services::verified_postfix(*keys_, cookie_value);
}

services::Visitor Cookies::visitor(const http::Request& request) const {
  // The function is called while the handler (and so the request) is alive.
  return {session_key(request),
          [this, &request](const std::string& room) { return host_hash(request, room); }};
}

services::Requester Cookies::requester(const http::Request& request,
                                       const std::string& room) const {
  return {session_key(request), host_hash(request, room)};
}

std::string Cookies::set(const http::Request& request, std::string_view name,
                         std::string_view value, std::int64_t max_age) const {
  std::string out(name);
  out += '=';
  out += value;
  out += "; Path=";
  out += base_path_;
  out += "/; HttpOnly; SameSite=Strict; Max-Age=";
  out += std::to_string(max_age);
  if (request.secure()) out += "; Secure";
  return out;
}

std::string Cookies::set_lax(const http::Request& request, std::string_view name,
                             std::string_view value, std::int64_t max_age, std::string_view path,
                             bool secure) const {
  std::string out(name);
  out += '=';
  out += value;
  out += "; Path=";
  out += base_path_;
  out += path;
  out += "; HttpOnly; SameSite=Lax; Max-Age=";
  out += std::to_string(max_age);
  if (secure || request.secure()) out += "; Secure";
  return out;
}

std::string Cookies::clear(const http::Request& request, std::string_view name) const {
  return set(request, name, "", 0);
}

std::string Cookies::set_postfix(const http::Request& request, std::string_view postfix,
                                 std::int64_t now) const {
  return postfix_set_cookie(services::signed_postfix(*keys_, postfix), now, request.secure());
}

std::optional<std::string> Cookies::member(const http::Request& request, const std::string& room,
                                           std::int64_t now) const {
  if (request.header("Cookie").empty()) return std::nullopt;
  const auto value = cookie(request, services::member_cookie_name(room));
  if (!value) return std::nullopt;
  return services::member_identity(*keys_, room, *value, now);
}

std::string Cookies::set_member(const http::Request& request, const std::string& room,
                                std::string_view identity, std::int64_t now) const {
  return set(
      request, services::member_cookie_name(room),
      services::member_credential(*keys_, room, identity, now + services::kMemberCredentialSeconds),
      services::kMemberCredentialSeconds);
}

boost::asio::awaitable<std::optional<ApiError>> require_signed_in(const services::SignIn& sign_in,
                                                                  const http::Request& request) {
  if (!sign_in.required()) co_return std::nullopt;
  auto person = co_await sign_in.person(Cookies::value(request, services::kUserCookie));
  if (!person) co_return person.error();
  if (!*person) {
    co_return ApiError{ErrorCode::sign_in_required, "Sign in to take part in meetings here"};
  }
  co_return std::nullopt;
}

std::string room_param(const http::Request& request) {
  return request.param("room").value_or("");
}

std::optional<std::string_view> bearer_token(const http::Request& request) {
  constexpr std::string_view kScheme = "Bearer ";
  const std::string_view header = request.header("Authorization");
  if (header.size() <= kScheme.size() || header.substr(0, kScheme.size()) != kScheme) {
    return std::nullopt;
  }
  return header.substr(kScheme.size());
}

}  // namespace lkm::api
