#pragma once
// What the handlers of rooms with a host, joins, moderation and organizer sessions share: JSON
// answers, the host and organizer credentials a request carries, the hosted room by its name,
// and the join answer with its signed postfix cookie. Private to src/api.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "api/routes.hpp"
#include "http/router.hpp"

namespace lkm::api {

// A JSON answer that is never cached.
[[nodiscard]] http::Response no_store_json(unsigned status, std::string body);
// 503: rooms with a host need the store.
[[nodiscard]] ApiError not_configured();
// The hash of a correctly signed host cookie of the room, if the request has one.
[[nodiscard]] std::optional<std::string> host_hash(const AppContext& context,
                                                   const http::Request& request,
                                                   const std::string& room);
// The hosted room of that name unless unused past the retention (find_hosted_room).
[[nodiscard]] Result<std::optional<store::HostedRoom>, ApiError> find_room(
    const AppContext& context, const std::string& room);
// The hosted room when the request carries its host credential; else 403 (or 404, 503). A host's
// action counts as use of the room (it is kept past the retention time).
[[nodiscard]] Result<store::HostedRoom, ApiError> require_host(const AppContext& context,
                                                               const http::Request& request,
                                                               const std::string& room);
// The store's key of the request's organizer session, when its cookie is valid and unexpired.
[[nodiscard]] std::optional<std::string> organizer_session_key(const AppContext& context,
                                                               const http::Request& request);
[[nodiscard]] std::string room_param(const http::Request& request);
// The Set-Cookie value of the signed postfix cookie.
[[nodiscard]] std::string postfix_cookie(const AppContext& context, const http::Request& request,
                                         std::string_view postfix, std::int64_t now);
// A minted token's answer, counted in the metrics, with the postfix cookie.
[[nodiscard]] http::Response connection_details_response(
    const AppContext& context, const http::Request& request, const ConnectionDetails& details,
    std::int64_t now, std::optional<std::string_view> status = std::nullopt);
// role=<name>, the participant attribute of hosts and guests.
[[nodiscard]] auth::Attributes role(std::string_view name);

// A handler bound to the long-lived context: `Fn` is a free coroutine taking everything by
// reference (a coroutine lambda would tie its frame to the lambda object's lifetime).
template <auto Fn>
http::Handler bind(const AppContext& context) {
  return [ctx = &context](const http::Request& request) { return Fn(*ctx, request); };
}

}  // namespace lkm::api
