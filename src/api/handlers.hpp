#pragma once
// Handlers: parse the request, call a service, map the result through the error table. Each
// returns an http::Handler bound to the parts of the long-lived AppContext its route uses.
#include "api/routes.hpp"
#include "http/router.hpp"

namespace lkm::api {

[[nodiscard]] http::Handler handle_health();
[[nodiscard]] http::Handler handle_webhook(const AppContext& context);
[[nodiscard]] http::Handler handle_meeting_list(const AppContext& context);
[[nodiscard]] http::Handler handle_meeting(const AppContext& context);
[[nodiscard]] http::Handler handle_live_rooms(const AppContext& context);
[[nodiscard]] http::Handler handle_record_start(const AppContext& context);
[[nodiscard]] http::Handler handle_record_stop(const AppContext& context);
[[nodiscard]] http::Handler handle_index(const AppContext& context);
// /custom: index.html with a CSP that allows connecting to any LiveKit server.
[[nodiscard]] http::Handler handle_custom_page(const AppContext& context);
[[nodiscard]] http::Handler handle_static(const AppContext& context);
// /brand/{file}: the configured logo or favicon; 404 for any other name.
[[nodiscard]] http::Handler handle_brand_file(const AppContext& context);

}  // namespace lkm::api
