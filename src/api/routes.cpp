#include "api/routes.hpp"

#include "api/handlers.hpp"
#include "api/meetings.hpp"
#include "api/my_rooms_handlers.hpp"
#include "api/room_handlers.hpp"
#include "api/room_json.hpp"
#include "api/sign_in_handlers.hpp"

namespace lkm::api {

std::shared_ptr<RateLimiter> per_minute_limiter(unsigned per_minute) {
  if (per_minute == 0) return nullptr;
  return std::make_shared<RateLimiter>(
      RateLimiter::Options{static_cast<double>(per_minute), 60.0 / per_minute, 100'000});
}

std::shared_ptr<RateLimiter> per_hour_limiter(unsigned per_hour) {
  if (per_hour == 0) return nullptr;
  return std::make_shared<RateLimiter>(
      RateLimiter::Options{static_cast<double>(per_hour), 3600.0 / per_hour, 100'000});
}

std::optional<ApiError> check_rate(const std::shared_ptr<RateLimiter>& limiter,
                                   const http::Request& request, std::int64_t now) {
  if (!limiter) return std::nullopt;
  const auto wait = limiter->take(request.remote_address(), now);
  if (wait == 0) return std::nullopt;
  return ApiError{ErrorCode::too_many_requests,
                  "Too many requests: try again in " + std::to_string(wait) + " s", wait};
}

std::vector<std::string> secret_path_params() {
  return {"ticket"};
}

http::Router build_router(const AppContext& context) {
  using http::Method;
  const auto& same_site = context.same_site;
  // Every /api route checks its query string; state-changing ones refuse cross-site requests,
  // and those with JSON bodies any other body.
  const auto read = [&](http::Handler handler) {
    return guarded(Guard::query, same_site, std::move(handler));
  };
  const auto act = [&](http::Handler handler) {
    return guarded(Guard::same_site, same_site, std::move(handler));
  };
  const auto act_json = [&](http::Handler handler) {
    return guarded(Guard::same_site_json, same_site, std::move(handler));
  };
  http::Router router;
  router.add(Method::get, "/healthz", handle_health());
  router.add(Method::get, "/api/connection-details", read(handle_connection_details(context)));
  router.add(Method::post, "/api/connection-details",
             act_json(handle_connection_details_post(context)), kMaxRoomRequestBytes);
  router.add(Method::post, "/api/connection-test", act_json(handle_connection_test(context)),
             kMaxRoomRequestBytes);
  router.add(Method::post, "/api/webhook", read(handle_webhook(context)), kMaxWebhookBodyBytes);
  router.add(Method::get, "/api/meetings", read(handle_meeting_list(context)));
  router.add(Method::get, "/api/meetings/*", read(handle_meeting(context)));
  router.add(Method::get, "/api/rooms", read(handle_live_rooms(context)));
  router.add(Method::post, "/api/record/start", act(handle_record_start(context)));
  router.add(Method::post, "/api/record/stop", act(handle_record_stop(context)));
  router.add(Method::post, "/api/rooms", act_json(handle_room_create(context)),
             kMaxRoomRequestBytes);
  router.add(Method::get, "/api/rooms/{room}", read(handle_room_info(context)));
  router.add(Method::delete_, "/api/rooms/{room}", act(handle_room_end(context)));
  router.add(Method::delete_, "/api/rooms/{room}/host", act(handle_host_sign_out(context)));
  router.add(Method::get, "/api/rooms/{room}/admission/{ticket}", read(handle_admission(context)));
  router.add(Method::get, "/api/rooms/{room}/waiting", read(handle_waiting_list(context)));
  router.add(Method::post, "/api/rooms/{room}/waiting/{ticket}/admit", act(handle_admit(context)));
  router.add(Method::post, "/api/rooms/{room}/waiting/{ticket}/deny", act(handle_deny(context)));
  router.add(Method::get, "/api/rooms/{room}/participants", read(handle_participants(context)));
  router.add(Method::post, "/api/rooms/{room}/participants/{identity}/remove",
             act(handle_remove_participant(context)));
  router.add(Method::post, "/api/rooms/{room}/participants/{identity}/mute",
             act_json(handle_mute_track(context)), kMaxRoomRequestBytes);
  router.add(Method::post, "/api/rooms/{room}/member", act(handle_become_member(context)));
  router.add(Method::post, "/api/rooms/{room}/hand", act(handle_raise_hand(context)));
  router.add(Method::delete_, "/api/rooms/{room}/hand", act(handle_lower_own_hand(context)));
  router.add(Method::delete_, "/api/rooms/{room}/participants/{identity}/hand",
             act(handle_lower_hand(context)));
  router.add(Method::delete_, "/api/rooms/{room}/hands", act(handle_lower_all_hands(context)));
  router.add(Method::post, "/api/rooms/{room}/participants/{identity}/cohost",
             act(handle_promote_cohost(context)));
  router.add(Method::delete_, "/api/rooms/{room}/participants/{identity}/cohost",
             act(handle_demote_cohost(context)));
  router.add(Method::post, "/api/rooms/{room}/cohost", act(handle_claim_cohost(context)));
  router.add(Method::post, "/api/rooms/{room}/lock", act(handle_lock(context)));
  router.add(Method::post, "/api/rooms/{room}/unlock", act(handle_unlock(context)));
  router.add(Method::post, "/api/rooms/{room}/list", act(handle_list(context)));
  router.add(Method::post, "/api/rooms/{room}/unlist", act(handle_unlist(context)));
  router.add(Method::get, "/api/session", read(handle_session_get(context)));
  router.add(Method::post, "/api/session", act_json(handle_session_sign_in(context)),
             kMaxRoomRequestBytes);
  router.add(Method::delete_, "/api/session", act(handle_session_sign_out(context)));
  if (context.sign_in->enabled()) {
    router.add(Method::get, "/auth/login",
               guarded(Guard::query, same_site, handle_sign_in_start(context)));
    router.add(Method::get, "/auth/callback",
               guarded(Guard::query, same_site, handle_sign_in_callback(context)));
    router.add(Method::post, "/auth/logout", act(handle_sign_out(context)));
    router.add(Method::get, "/api/my/rooms", read(handle_my_rooms(context)));
    router.add(Method::post, "/api/my/rooms/{room}/host", act(handle_my_room_host(context)));
    router.add(Method::delete_, "/api/my/rooms/{room}", act(handle_my_room_delete(context)));
  }
  for (const char* page : {"/", "/rooms/*", "/lobby", "/test"}) {
    router.add(Method::get, page, handle_index(context));
  }
  router.add(Method::get, "/custom", handle_custom_page(context));
  // The brand directory holds other files too: only the two named ones are served.
  router.add(Method::get, "/brand/{file}", handle_brand_file(context));
  router.add(Method::get, "/brand/*", handle_brand_file(context));
  if (context.metrics != nullptr && context.metrics_access.enabled()) {
    router.add(Method::get, "/metrics", handle_metrics(context));
  }
  router.set_fallback(handle_static(context));
  return router;
}

}  // namespace lkm::api
