#include "api/handlers.hpp"

#include <algorithm>

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include "api/live_rooms.hpp"
#include "api/meetings.hpp"
#include "api/room_handler_support.hpp"
#include "api/room_handlers.hpp"
#include "http/query.hpp"

namespace lkm::api {
namespace {

using boost::asio::awaitable;

// Handlers are free coroutines taking everything by reference: the context outlives the server
// and the server keeps the request alive until the handler completes. (A coroutine lambda would
// tie its frame to the lambda object's lifetime instead.)

http::Response web_app_missing() {
  auto response = http::Response::text(
      503, "The web app is not installed: build it (make build) or pass --web-root.\n");
  response.header("Cache-Control", "no-store");
  return response;
}

awaitable<http::Response> health(const http::Request& /*request*/) {
  auto response = http::Response::json(200, R"({"status":"ok"})");
  response.header("Cache-Control", "no-store");
  co_return response;
}

awaitable<http::Response> webhook(const AppContext& context, const http::Request& request) {
  if (auto limited = check_rate(context.webhook_limiter, request, context.clock->now_unix())) {
    if (context.metrics != nullptr) context.metrics->webhook("unknown", "rate_limited");
    co_return to_response(*limited);
  }
  auto received =
      receive_webhook(*context.webhooks, *context.store, request.body(),
                      request.header("Authorization"), context.clock->now_unix(), context.metrics);
  if (!received) co_return to_response(received.error());
  co_return no_store_json(200, *received ? R"({"status":"ok"})" : R"({"status":"duplicate"})");
}

// The lobby (--lobby): who sees which rooms' live state and history, and how much of it.
struct Viewer {
  bool everything = false;  // --lobby all, or a signed-in organizer
};

Result<Viewer, ApiError> viewer_of(const AppContext& context, const http::Request& request) {
  if (context.lobby == Lobby::all) return Viewer{true};
  auto organizer = signed_in_organizer(context, request);
  if (!organizer) return fail(std::move(organizer).error());
  return Viewer{*organizer};
}

ApiError lobby_off() {
  return {ErrorCode::lobby_off, "The lobby is off on this server"};
}

// Whether the room's host listed it (never under --lobby off).
Result<bool, ApiError> is_listed(const AppContext& context, const std::string& room) {
  if (context.lobby != Lobby::listed || context.access == nullptr) return false;
  auto listed = context.access->listed_rooms({room});
  if (!listed) return fail(from_store_error(listed.error(), "room settings"));
  return !listed->empty();
}

// How much of a room's history the request may see; nullopt: nothing.
Result<std::optional<MeetingView>, ApiError> room_view(const AppContext& context,
                                                       const http::Request& request,
                                                       const Viewer& viewer,
                                                       const std::string& room) {
  using View = std::optional<MeetingView>;
  if (viewer.everything) return View(MeetingView::full);
  auto host = is_room_host(context, request, room);
  if (!host) return fail(std::move(host).error());
  if (*host) return View(MeetingView::full);
  auto listed = is_listed(context, room);
  if (!listed) return fail(std::move(listed).error());
  return *listed ? View(MeetingView::public_view) : View();
}

awaitable<http::Response> meeting_list(const AppContext& context, const http::Request& request) {
  auto viewer = viewer_of(context, request);
  if (!viewer) co_return to_response(viewer.error());
  store::MeetingFilter filter;
  MeetingView view = MeetingView::full;
  if (auto room = http::query_param(request.query(), "room"); room && !room->empty()) {
    auto allowed = room_view(context, request, *viewer, *room);
    if (!allowed) co_return to_response(allowed.error());
    if (!*allowed) co_return to_response({ErrorCode::room_not_found, "No such room"});
    view = **allowed;
    filter.room = std::move(*room);
  } else if (!viewer->everything) {
    if (context.lobby == Lobby::off) co_return to_response(lobby_off());
    filter.listed_only = true;
    view = MeetingView::public_view;
  }
  auto page = list_meetings(*context.store, request.query(), filter);
  if (!page) co_return to_response(page.error());
  co_return no_store_json(200, to_json(*page, view));
}

awaitable<http::Response> meeting(const AppContext& context, const http::Request& request) {
  constexpr std::string_view kPrefix = "/api/meetings/";
  auto viewer = viewer_of(context, request);
  if (!viewer) co_return to_response(viewer.error());
  auto found = get_meeting(*context.store, request.path().substr(kPrefix.size()));
  if (!found) co_return to_response(found.error());
  auto view = room_view(context, request, *viewer, found->room_name);
  if (!view) co_return to_response(view.error());
  // A meeting the visitor may not see is answered as one that does not exist.
  if (!*view) co_return to_response({ErrorCode::not_found, "No such meeting"});
  co_return no_store_json(200, to_json(*found, **view));
}

awaitable<http::Response> live_rooms_page(const AppContext& context, const http::Request& request) {
  auto viewer = viewer_of(context, request);
  if (!viewer) co_return to_response(viewer.error());
  if (!viewer->everything && context.lobby == Lobby::off) co_return to_response(lobby_off());
  auto rooms = co_await live_rooms(*context.rooms);
  if (!rooms) co_return to_response(rooms.error());
  if (!viewer->everything) {
    std::vector<std::string> names;
    names.reserve(rooms->size());
    for (const auto& room : *rooms) names.push_back(room.name);
    std::vector<std::string> listed;
    if (context.access != nullptr && !names.empty()) {
      auto found = context.access->listed_rooms(names);
      if (!found) co_return to_response(from_store_error(found.error(), "room settings"));
      listed = std::move(found).value();
    }
    std::erase_if(*rooms, [&](const livekit::Room& room) {
      return std::find(listed.begin(), listed.end(), room.name) == listed.end();
    });
  }
  co_return no_store_json(200, to_json(*rooms));
}

Result<std::string, ApiError> required_room(const http::Request& request) {
  auto room = http::query_param(request.query(), "roomName");
  if (!room || room->empty()) {
    return fail(ApiError{ErrorCode::bad_request, "Missing required query parameter: roomName"});
  }
  return std::move(*room);
}

awaitable<http::Response> record_start(const AppContext& context, const http::Request& request) {
  auto room = required_room(request);
  if (!room) co_return to_response(room.error());
  if (auto refused = check_recording_allowed(context, request, *room)) {
    co_return to_response(*refused);
  }
  auto started = co_await start_recording(*context.egress, context.recording_storage,
                                          std::move(room).value(), context.clock->now_unix());
  if (!started) co_return to_response(started.error());
  boost::json::object body;
  body["status"] = "recording";
  body["egressId"] = *started;
  co_return no_store_json(200, boost::json::serialize(body));
}

awaitable<http::Response> record_stop(const AppContext& context, const http::Request& request) {
  auto room = required_room(request);
  if (!room) co_return to_response(room.error());
  if (auto refused = check_recording_allowed(context, request, *room)) {
    co_return to_response(*refused);
  }
  auto stopped = co_await stop_recording(*context.egress, std::move(room).value());
  if (!stopped) co_return to_response(stopped.error());
  boost::json::object body;
  body["status"] = "stopped";
  body["stopped"] = *stopped;
  co_return no_store_json(200, boost::json::serialize(body));
}

awaitable<http::Response> index_page(const AppContext& context, const http::Request& request) {
  if (!context.static_files) co_return web_app_missing();
  co_return context.static_files->serve_index(request);
}

awaitable<http::Response> custom_page(const AppContext& context, const http::Request& request) {
  if (!context.static_files) co_return web_app_missing();
  auto response = context.static_files->serve_index(request);
  response.header("Content-Security-Policy", context.custom_page_csp);
  co_return response;
}

awaitable<http::Response> static_file(const AppContext& context, const http::Request& request) {
  if (!context.static_files) co_return http::Response::text(404, "Not found\n");
  co_return context.static_files->serve(request, request.path());
}

}  // namespace

http::Handler handle_health() {
  return health;
}

http::Handler handle_webhook(const AppContext& context) {
  return [ctx = &context](const http::Request& request) { return webhook(*ctx, request); };
}

http::Handler handle_meeting_list(const AppContext& context) {
  return [ctx = &context](const http::Request& request) { return meeting_list(*ctx, request); };
}

http::Handler handle_meeting(const AppContext& context) {
  return [ctx = &context](const http::Request& request) { return meeting(*ctx, request); };
}

http::Handler handle_live_rooms(const AppContext& context) {
  return [ctx = &context](const http::Request& request) { return live_rooms_page(*ctx, request); };
}

http::Handler handle_record_start(const AppContext& context) {
  return [ctx = &context](const http::Request& request) { return record_start(*ctx, request); };
}

http::Handler handle_record_stop(const AppContext& context) {
  return [ctx = &context](const http::Request& request) { return record_stop(*ctx, request); };
}

http::Handler handle_index(const AppContext& context) {
  return [ctx = &context](const http::Request& request) { return index_page(*ctx, request); };
}

http::Handler handle_custom_page(const AppContext& context) {
  return [ctx = &context](const http::Request& request) { return custom_page(*ctx, request); };
}

http::Handler handle_static(const AppContext& context) {
  return [ctx = &context](const http::Request& request) { return static_file(*ctx, request); };
}

}  // namespace lkm::api
