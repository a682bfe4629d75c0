#include "api/handlers.hpp"

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include "api/meetings.hpp"
#include "api/room_json.hpp"
#include "api/security_headers.hpp"
#include "http/query.hpp"
#include "http/response_head.hpp"

namespace lkm::api {
namespace {

using boost::asio::awaitable;
using Response = http::Response;

Response web_app_missing() {
  auto response = Response::text(
      503, "The web app is not installed: build it (make build) or pass --web-root.\n");
  response.header("Cache-Control", "no-store");
  return response;
}

awaitable<Response> health(const http::Request& /*request*/) {
  co_return no_store_json(200, R"({"status":"ok"})");
}

awaitable<Response> webhook(const services::History& history, const WebhookIntake& intake,
                            const http::Request& request) {
  if (auto limited = check_rate(intake.limiter, request, intake.clock->now_unix())) {
    if (intake.metrics != nullptr) intake.metrics->webhook("unknown", "rate_limited");
    co_return to_response(*limited);
  }
  auto received = co_await history.receive(std::string(request.body()),
                                           std::string(request.header("Authorization")));
  if (!received) co_return to_response(received.error());
  co_return no_store_json(200, *received ? R"({"status":"ok"})" : R"({"status":"duplicate"})");
}

awaitable<Response> meeting_list(const services::History& history, const Cookies& cookies,
                                 const http::Request& request) {
  auto page = parse_page_request(request.query());
  if (!page) co_return to_response(page.error());
  auto room = http::query_param(request.query(), "room");
  if (room && room->empty()) room.reset();
  auto found = co_await history.meetings(cookies.visitor(request), std::move(room), page->limit,
                                         std::move(page->cursor));
  if (!found) co_return to_response(found.error());
  co_return no_store_json(200, to_json(found->page, found->view));
}

awaitable<Response> meeting(const services::History& history, const Cookies& cookies,
                            const http::Request& request) {
  constexpr std::string_view kPrefix = "/api/meetings/";
  const auto id = parse_meeting_id(request.path().substr(kPrefix.size()));
  if (!id) co_return to_response({ErrorCode::not_found, "No such meeting"});
  auto found = co_await history.meeting(cookies.visitor(request), *id);
  if (!found) co_return to_response(found.error());
  co_return no_store_json(200, to_json(found->meeting, found->view));
}

awaitable<Response> live_rooms(const services::History& history, const Cookies& cookies,
                               const http::Request& request) {
  auto rooms = co_await history.live_rooms(cookies.visitor(request));
  if (!rooms) co_return to_response(rooms.error());
  co_return no_store_json(200, to_json(*rooms));
}

Result<std::string, ApiError> required_room(const http::Request& request) {
  auto room = http::query_param(request.query(), "roomName");
  if (!room || room->empty()) {
    return fail(ApiError{ErrorCode::bad_request, "Missing required query parameter: roomName"});
  }
  if (services::is_reserved_room_name(*room)) {
    return fail(ApiError{
        ErrorCode::bad_request,
        "Invalid query parameter roomName: " + std::string(services::kReservedRoomNameMessage)});
  }
  return std::move(*room);
}

awaitable<Response> record_start(const services::Recordings& recordings, const Cookies& cookies,
                                 const http::Request& request) {
  auto room = required_room(request);
  if (!room) co_return to_response(room.error());
  auto started = co_await recordings.start(*room, cookies.requester(request, *room));
  if (!started) co_return to_response(started.error());
  boost::json::object body;
  body["status"] = "recording";
  body["egressId"] = *started;
  co_return no_store_json(200, boost::json::serialize(body));
}

awaitable<Response> record_stop(const services::Recordings& recordings, const Cookies& cookies,
                                const http::Request& request) {
  auto room = required_room(request);
  if (!room) co_return to_response(room.error());
  auto stopped = co_await recordings.stop(*room, cookies.requester(request, *room));
  if (!stopped) co_return to_response(stopped.error());
  boost::json::object body;
  body["status"] = "stopped";
  body["stopped"] = *stopped;
  co_return no_store_json(200, boost::json::serialize(body));
}

awaitable<Response> index_page(const WebApp& web, const http::Request& request) {
  if (!web.files) co_return web_app_missing();
  co_return web.files->serve_index(request);
}

awaitable<Response> custom_page(const WebApp& web, const http::Request& request) {
  if (!web.files) co_return web_app_missing();
  auto response = web.files->serve_index(request);
  response.header("Content-Security-Policy", web.custom_page_csp);
  co_return response;
}

awaitable<Response> brand_file(const BrandFiles& brand, const http::Request& request) {
  const std::string name = request.param("file").value_or("");
  if (!brand.files || name.empty() || (name != brand.logo && name != brand.favicon)) {
    co_return Response::text(404, "Not found");
  }
  auto response = brand.files->serve(request, "/" + name);
  // An SVG is a document when opened on its own: it gets a policy that runs nothing.
  if (http::is_active_content(response.content_type)) {
    response.header("Content-Security-Policy", std::string(kBrandImageContentSecurityPolicy));
  }
  co_return response;
}

awaitable<Response> static_file(const WebApp& web, const http::Request& request) {
  if (!web.files) co_return Response::text(404, "Not found\n");
  co_return web.files->serve(request, request.path());
}

}  // namespace

http::Handler handle_health() {
  return bind<health>();
}
http::Handler handle_webhook(const AppContext& c) {
  return bind<webhook>(*c.history, c.webhooks);
}
http::Handler handle_meeting_list(const AppContext& c) {
  return bind<meeting_list>(*c.history, *c.cookies);
}
http::Handler handle_meeting(const AppContext& c) {
  return bind<meeting>(*c.history, *c.cookies);
}
http::Handler handle_live_rooms(const AppContext& c) {
  return bind<live_rooms>(*c.history, *c.cookies);
}
http::Handler handle_record_start(const AppContext& c) {
  return bind<record_start>(*c.recordings, *c.cookies);
}
http::Handler handle_record_stop(const AppContext& c) {
  return bind<record_stop>(*c.recordings, *c.cookies);
}
http::Handler handle_index(const AppContext& c) {
  return bind<index_page>(c.web);
}
http::Handler handle_custom_page(const AppContext& c) {
  return bind<custom_page>(c.web);
}
http::Handler handle_static(const AppContext& c) {
  return bind<static_file>(c.web);
}
http::Handler handle_brand_file(const AppContext& c) {
  return bind<brand_file>(c.brand);
}

}  // namespace lkm::api
