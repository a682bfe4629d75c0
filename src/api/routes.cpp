#include "api/routes.hpp"

#include "api/handlers.hpp"
#include "api/meetings.hpp"

namespace lkm::api {

http::Router build_router(const AppContext& context) {
  using http::Method;
  http::Router router;
  router.add(Method::get, "/healthz", handle_health());
  router.add(Method::get, "/api/connection-details", handle_connection_details(context));
  router.add(Method::post, "/api/webhook", handle_webhook(context), kMaxWebhookBodyBytes);
  router.add(Method::get, "/api/meetings", handle_meeting_list(context));
  router.add(Method::get, "/api/meetings/*", handle_meeting(context));
  router.add(Method::get, "/api/rooms", handle_live_rooms(context));
  router.add(Method::post, "/api/record/start", handle_record_start(context));
  router.add(Method::post, "/api/record/stop", handle_record_stop(context));
  for (const char* page : {"/", "/rooms/*", "/lobby"}) {
    router.add(Method::get, page, handle_index(context));
  }
  router.add(Method::get, "/custom", handle_custom_page(context));
  router.set_fallback(handle_static(context));
  return router;
}

}  // namespace lkm::api
