#pragma once
// Guards the route table puts in front of handlers (routes.cpp):
//   query (every /api route): a query string with a malformed %-escape ("%ZZ") is refused with
//     400 bad_request naming the parameter, rather than read as if it were text.
//   same_site: a state-changing request whose Origin names another origin, or whose
//     Sec-Fetch-Site says cross-site or same-site, is refused with 403 cross_site before its
//     handler runs. Requests with neither header (curl, LiveKit's webhooks, other servers) pass:
//     browsers send Origin with every cross-origin POST and DELETE, so a page elsewhere cannot
//     act with a visitor's cookies.
//   json_body: a non-empty body must be declared `application/json` (415 otherwise), so that no
//     HTML form (text/plain, form-urlencoded, multipart) can post to a JSON endpoint.
//   room (with each of the above): a {room} path parameter naming a room of the connection test
//     ("lkm-connection-test-..."), 400 bad_request: no route acts on or reads such a room.
#include <optional>
#include <string>
#include <string_view>

#include "api/errors.hpp"
#include "http/message.hpp"
#include "http/router.hpp"

namespace lkm::api {

// Origins that count as this server's besides the request's own Host (scheme ignored): the
// host[:port] of the public URL, when one is configured.
struct SameSitePolicy {
  std::string public_authority;
};

// nullopt when the request may go on.
[[nodiscard]] std::optional<ApiError> check_same_site(const http::Request& request,
                                                      const SameSitePolicy& policy);
[[nodiscard]] std::optional<ApiError> check_json_body(const http::Request& request);

// A query string whose %-escapes are malformed: bad_request naming the parameter.
[[nodiscard]] std::optional<ApiError> check_query(const http::Request& request);

// A {room} parameter that names a room of the connection test: bad_request.
[[nodiscard]] std::optional<ApiError> check_room_param(const http::Request& request);

// query: the query and room checks; same_site: those and the cross-site refusal; same_site_json:
// those and the JSON body check.
enum class Guard { query, same_site, same_site_json };

// `policy` must outlive the handler.
[[nodiscard]] http::Handler guarded(Guard guard, const SameSitePolicy& policy,
                                    http::Handler handler);

}  // namespace lkm::api
