#include "api/room_handler_support.hpp"

#include "api/room_handlers.hpp"
#include "http/query.hpp"

namespace lkm::api {

http::Response no_store_json(unsigned status, std::string body) {
  auto response = http::Response::json(status, std::move(body));
  response.header("Cache-Control", "no-store");
  return response;
}

ApiError not_configured() {
  return {ErrorCode::not_configured, "Rooms with a host need the meeting store"};
}

std::optional<std::string> host_hash(const AppContext& context, const http::Request& request,
                                     const std::string& room) {
  const std::string_view cookies = request.header("Cookie");
  if (cookies.empty()) return std::nullopt;
  const auto cookie = http::cookie_value(cookies, host_cookie_name(room));
  if (!cookie) return std::nullopt;
  return host_credential_hash(context.access_keys, room, *cookie);
}

Result<std::optional<store::HostedRoom>, ApiError> find_room(const AppContext& context,
                                                             const std::string& room) {
  return find_hosted_room(*context.access, room, context.clock->now_unix(),
                          context.room_retention_seconds);
}

// The hosted room when the request carries its host credential; else 403 (or 404, 503). A host's
// action counts as use of the room (it is kept past the retention time).
Result<store::HostedRoom, ApiError> require_host(const AppContext& context,
                                                 const http::Request& request,
                                                 const std::string& room) {
  if (context.access == nullptr) return fail(not_configured());
  auto found = find_room(context, room);
  if (!found) return fail(std::move(found).error());
  if (!*found) return fail(ApiError{ErrorCode::room_not_found, "No such room"});
  const auto hash = host_hash(context, request, room);
  if (!hash) return fail(ApiError{ErrorCode::host_required, "Only the room's host may do that"});
  auto host = context.access->is_host(room, *hash);
  if (!host) return fail(from_access_store(host.error()));
  if (!*host) return fail(ApiError{ErrorCode::host_required, "Only the room's host may do that"});
  auto touched = context.access->touch_room(room, context.clock->now_unix());
  if (!touched) return fail(from_access_store(touched.error()));
  return std::move(*found).value();
}

// The store's key of the request's organizer session, when its cookie is valid and unexpired.
std::optional<std::string> organizer_session_key(const AppContext& context,
                                                 const http::Request& request) {
  const std::string_view cookies = request.header("Cookie");
  if (cookies.empty()) return std::nullopt;
  const auto cookie = http::cookie_value(cookies, kOrganizerCookie);
  if (!cookie) return std::nullopt;
  return organizer_session_id_hash(context.access_keys, *cookie, context.clock->now_unix());
}

std::string room_param(const http::Request& request) {
  return request.param("room").value_or("");
}

// The signed postfix cookie for a postfix.
std::string postfix_cookie(const AppContext& context, const http::Request& request,
                           std::string_view postfix, std::int64_t now) {
  return postfix_set_cookie(signed_postfix(context.access_keys, postfix), now, request.secure());
}

// A minted token's answer, counted in the metrics.
http::Response connection_details_response(const AppContext& context, const http::Request& request,
                                           const ConnectionDetails& details, std::int64_t now,
                                           std::optional<std::string_view> status) {
  if (context.metrics != nullptr) context.metrics->token_minted();
  auto response = no_store_json(200, to_json(details, status));
  response.header("Set-Cookie", postfix_cookie(context, request, details.postfix, now));
  return response;
}

auth::Attributes role(std::string_view name) {
  return {{std::string(kRoleAttribute), std::string(name)}};
}

Result<bool, ApiError> signed_in_organizer(const AppContext& context,
                                           const http::Request& request) {
  const auto key = organizer_session_key(context, request);
  if (!key || context.access == nullptr) return false;
  auto valid = context.access->session_valid(*key, context.clock->now_unix());
  if (!valid) return fail(from_access_store(valid.error()));
  return *valid;
}

Result<bool, ApiError> is_room_host(const AppContext& context, const http::Request& request,
                                    const std::string& room) {
  if (context.access == nullptr || !is_hosted_room_name(room)) return false;
  const auto hash = host_hash(context, request, room);
  if (!hash) return false;
  auto host = context.access->is_host(room, *hash);
  if (!host) return fail(from_access_store(host.error()));
  return *host;
}

}  // namespace lkm::api
