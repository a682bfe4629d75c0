#include "api/request_guards.hpp"

#include "http/query.hpp"

#include <memory>

#include <boost/asio/awaitable.hpp>

#include "core/text.hpp"
#include "http/query.hpp"
#include "services/room_rules.hpp"

namespace lkm::api {
namespace {

ApiError cross_site() {
  return {ErrorCode::cross_site, "Requests from other sites are not accepted"};
}

// "https://Host:8443" -> "host:8443" (lower case); nullopt for "null" or anything unparsable.
std::optional<std::string> origin_authority(std::string_view origin) {
  const auto scheme_end = origin.find("://");
  if (scheme_end == std::string_view::npos) return std::nullopt;
  const auto scheme = origin.substr(0, scheme_end);
  if (!ascii_iequals(scheme, "http") && !ascii_iequals(scheme, "https")) return std::nullopt;
  auto authority = origin.substr(scheme_end + 3);
  if (authority.empty() || authority.find_first_of("/?#@ ") != std::string_view::npos) {
    return std::nullopt;
  }
  std::string out;
  out.reserve(authority.size());
  for (const char c : authority) out += ascii_lower(c);
  // A default port is the same origin as none.
  const bool https = ascii_iequals(scheme, "https");
  const std::string_view default_port = https ? ":443" : ":80";
  if (out.size() > default_port.size() && out.ends_with(default_port) && out.front() != '[') {
    out.resize(out.size() - default_port.size());
  }
  return out;
}

std::string lower(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) out += ascii_lower(c);
  return out;
}

bool same_authority(std::string_view origin_host, std::string_view host) {
  if (host.empty()) return false;
  std::string wanted = lower(host);
  for (std::string_view port : {":80", ":443"}) {
    if (wanted.size() > port.size() && wanted.ends_with(port) && wanted.front() != '[') {
      wanted.resize(wanted.size() - port.size());
    }
  }
  return origin_host == wanted;
}

}  // namespace

std::optional<ApiError> check_same_site(const http::Request& request,
                                        const SameSitePolicy& policy) {
  const std::string_view fetch_site = trim_ows(request.header("Sec-Fetch-Site"));
  if (ascii_iequals(fetch_site, "cross-site") || ascii_iequals(fetch_site, "same-site")) {
    return cross_site();
  }
  const std::string_view origin = trim_ows(request.header("Origin"));
  if (origin.empty()) return std::nullopt;
  // Under the page's no-referrer policy, Chromium sends a same-origin form's origin as "null"; its
  // fetch metadata, which no page can set, still says same-origin (a sandboxed or cross-site
  // document's says cross-site).
  if (origin == "null" && ascii_iequals(fetch_site, "same-origin")) return std::nullopt;
  const auto authority = origin_authority(origin);
  if (!authority) return cross_site();
  if (same_authority(*authority, request.header("Host"))) return std::nullopt;
  if (!policy.public_authority.empty() && same_authority(*authority, policy.public_authority)) {
    return std::nullopt;
  }
  return cross_site();
}

std::optional<ApiError> check_json_body(const http::Request& request) {
  if (request.body().empty()) return std::nullopt;
  std::string_view type = request.header("Content-Type");
  type = trim_ows(type.substr(0, type.find(';')));
  if (ascii_iequals(type, "application/json")) return std::nullopt;
  return ApiError{ErrorCode::unsupported_media_type,
                  "The body must be JSON, sent with Content-Type: application/json"};
}

std::optional<ApiError> check_query(const http::Request& request) {
  const auto name = http::malformed_query_param(request.query());
  if (!name) return std::nullopt;
  // The name goes back to the client: printable ASCII only.
  std::string shown;
  for (const char c : *name) shown += (c >= 0x20 && c < 0x7f) ? c : '?';
  return ApiError{ErrorCode::bad_request,
                  "Invalid query parameter " + shown + ": a malformed percent-escape"};
}

std::optional<ApiError> check_room_param(const http::Request& request) {
  const auto room = request.param("room");
  if (!room || !services::is_reserved_room_name(*room)) return std::nullopt;
  return ApiError{ErrorCode::bad_request,
                  "Invalid room: " + std::string(services::kReservedRoomNameMessage)};
}

namespace {

// A free coroutine holding what it needs by value: a coroutine lambda's frame would point into
// the lambda object, which the caller need not keep alive.
boost::asio::awaitable<http::Response> run_guarded(Guard guard, const SameSitePolicy* policy,
                                                   std::shared_ptr<const http::Handler> inner,
                                                   const http::Request& request) {
  if (auto refused = check_query(request)) co_return to_response(*refused);
  if (auto refused = check_room_param(request)) co_return to_response(*refused);
  if (guard == Guard::query) co_return co_await (*inner)(request);
  if (auto refused = check_same_site(request, *policy)) co_return to_response(*refused);
  if (guard == Guard::same_site_json) {
    if (auto refused = check_json_body(request)) co_return to_response(*refused);
  }
  co_return co_await (*inner)(request);
}

}  // namespace

http::Handler guarded(Guard guard, const SameSitePolicy& policy, http::Handler handler) {
  return
      [guard, policy = &policy, inner = std::make_shared<const http::Handler>(std::move(handler))](
          const http::Request& request) { return run_guarded(guard, policy, inner, request); };
}

}  // namespace lkm::api
