#include "api/handlers.hpp"

#include "api/meetings.hpp"

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

awaitable<http::Response> connection_details(const AppContext& context,
                                             const http::Request& request) {
  const auto query = parse_connection_query(request.query(), request.header("Cookie"));
  const std::int64_t now = context.clock->now_unix();
  auto details = make_connection_details(query, context.credentials, now, context.random);
  if (!details) co_return to_response(details.error());
  auto response = http::Response::json(200, to_json(*details));
  response.header("Cache-Control", "no-store");
  response.header("Set-Cookie", postfix_set_cookie(details->postfix, now));
  co_return response;
}

http::Response json_no_store(std::string body) {
  auto response = http::Response::json(200, std::move(body));
  response.header("Cache-Control", "no-store");
  return response;
}

awaitable<http::Response> webhook(const AppContext& context, const http::Request& request) {
  auto received = receive_webhook(*context.webhooks, *context.store, request.body(),
                                  request.header("Authorization"), context.clock->now_unix());
  if (!received) co_return to_response(received.error());
  co_return json_no_store(*received ? R"({"status":"ok"})" : R"({"status":"duplicate"})");
}

awaitable<http::Response> meeting_list(const AppContext& context, const http::Request& request) {
  auto page = list_meetings(*context.store, request.query());
  if (!page) co_return to_response(page.error());
  co_return json_no_store(to_json(*page));
}

awaitable<http::Response> meeting(const AppContext& context, const http::Request& request) {
  constexpr std::string_view kPrefix = "/api/meetings/";
  auto found = get_meeting(*context.store, request.path().substr(kPrefix.size()));
  if (!found) co_return to_response(found.error());
  co_return json_no_store(to_json(*found));
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

http::Handler handle_connection_details(const AppContext& context) {
  return
      [ctx = &context](const http::Request& request) { return connection_details(*ctx, request); };
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
