// RequestReporter: route labels for metrics, redacted paths for the log; and the server reporting
// every answer under the route that gave it.
#include "http/request_report.hpp"

#include "server_fixture.hpp"

namespace lkm::http::testing_support {
namespace {

const std::vector<std::string> kSecret{"ticket"};

TEST(RedactPath, HidesSecretSegmentsOnly) {
  EXPECT_EQ(redact_path("/api/rooms/{room}/admission/{ticket}", "/api/rooms/r1/admission/T0PS3CRET",
                        kSecret),
            "/api/rooms/r1/admission/{ticket}");
  EXPECT_EQ(redact_path("/api/rooms/{room}/waiting/{ticket}/admit",
                        "/meet/app/api/rooms/r1/waiting/abc/admit", kSecret),
            "/meet/app/api/rooms/r1/waiting/{ticket}/admit");
  EXPECT_EQ(redact_path("/api/rooms/{room}", "/api/rooms/r1", kSecret), "/api/rooms/r1");
  EXPECT_EQ(redact_path("/api/rooms/{room}", "/api/rooms/r1", {"room"}), "/api/rooms/{room}");
  EXPECT_EQ(redact_path("/a/{ticket}/b", "/x", kSecret), "/x");  // not a match: left alone
}

TEST(RequestReporter, RegistersEveryPatternAndItsOwnLabels) {
  Router router;
  auto handler = [](const Request&) -> net::awaitable<Response> { co_return Response::empty(204); };
  router.add(Method::get, "/a", handler);
  router.add(Method::post, "/a", handler);
  router.add(Method::get, "/rooms/*", handler);
  metrics::Registry registry;
  const RequestReporter reporter(&registry, router, kSecret);
  // "/a" once for both methods, "/rooms/*" as written, then the reporter's five.
  EXPECT_EQ(registry.route_count(), 2U + 5U);
  EXPECT_EQ(registry.add_route("/rooms/*"), 1U);
  EXPECT_EQ(registry.add_route("static"), 2U);
  EXPECT_EQ(registry.add_route("invalid"), 6U);

  reporter.request("POST", "/a", "127.0.0.1", 1, 204, std::chrono::milliseconds(2));
  reporter.request("GET", "/x.css", "127.0.0.1", Router::kFallbackRoute, 200, {});
  reporter.request("GET", "/b", "127.0.0.1", kRouteNotFound, 404, {});
  reporter.request("PUT", "/a", "127.0.0.1", kRouteMethodNotAllowed, 405, {});
  EXPECT_EQ(registry.requests(0, metrics::Method::post, 204), 1U);
  EXPECT_EQ(registry.requests(registry.add_route("static"), metrics::Method::get, 200), 1U);
  EXPECT_EQ(registry.requests(registry.add_route("not_found"), metrics::Method::get, 404), 1U);
  EXPECT_EQ(registry.requests(registry.add_route("method_not_allowed"), metrics::Method::put, 405),
            1U);
}

class ServerMetricsTest : public ServerTest {
 protected:
  ServerMetricsTest() { options_.metrics = &registry_; }
  // The server reports closing connections while it stops: stop it before the registry goes.
  ~ServerMetricsTest() override { stop(); }

  // The count of a series once it reaches `expected`; the server reports after writing, so the
  // client may see the answer first.
  std::uint64_t count(std::string_view route, metrics::Method method, unsigned status,
                      std::uint64_t expected) {
    const auto id = registry_.add_route(route);
    const auto deadline = std::chrono::steady_clock::now() + kDeadline;
    std::uint64_t seen = registry_.requests(id, method, status);
    while (seen < expected && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(2ms);
      seen = registry_.requests(id, method, status);
    }
    return seen;
  }

  metrics::Registry registry_;
};

TEST_F(ServerMetricsTest, CountsEachAnswerUnderTheRouteThatGaveIt) {
  start();
  ASSERT_TRUE(exchange(get("/hello")));
  ASSERT_TRUE(exchange(get("/hello?name=x")));
  ASSERT_TRUE(exchange(get("/rooms/abc")));
  ASSERT_TRUE(exchange(get("/missing")));
  ASSERT_TRUE(exchange("DELETE /hello HTTP/1.1\r\nHost: t\r\n\r\n"));
  ASSERT_TRUE(
      exchange("GET /hello HTTP/1.1\r\nHost: t\r\nContent-Length: 1\r\n"
               "Transfer-Encoding: chunked\r\n\r\n"));
  EXPECT_EQ(count("/hello", metrics::Method::get, 200, 2), 2U);
  EXPECT_EQ(count("/rooms/*", metrics::Method::get, 200, 1), 1U);
  EXPECT_EQ(count("not_found", metrics::Method::get, 404, 1), 1U);
  EXPECT_EQ(count("method_not_allowed", metrics::Method::delete_, 405, 1), 1U);
  EXPECT_EQ(count("invalid", metrics::Method::get, 400, 1), 1U);
  const std::string text = registry_.render({});
  EXPECT_EQ(text.find("abc"), std::string::npos) << "never a raw path";
  EXPECT_EQ(text.find("/missing"), std::string::npos) << "never a raw path";
}

TEST_F(ServerMetricsTest, NamesBasePathRedirectsAndPathsOutsideIt) {
  options_.base_path = "/meet";
  start();
  ASSERT_TRUE(exchange(get("/meet")));
  ASSERT_TRUE(exchange(get("/elsewhere")));
  ASSERT_TRUE(exchange(get("/meet/hello")));
  EXPECT_EQ(count("redirect", metrics::Method::get, 308, 1), 1U);
  EXPECT_EQ(count("not_found", metrics::Method::get, 404, 1), 1U);
  EXPECT_EQ(count("/hello", metrics::Method::get, 200, 1), 1U);
}

TEST_F(ServerMetricsTest, KeepsTheOpenConnectionGauge) {
  start();
  {
    Client first = connect();
    Client second = connect();
    first.send(get("/hello"));
    second.send(get("/hello"));
    ASSERT_TRUE(first.read_response());
    ASSERT_TRUE(second.read_response());
    EXPECT_EQ(registry_.connections_open(), 2);
  }
  const auto deadline = std::chrono::steady_clock::now() + kDeadline;
  while (registry_.connections_open() != 0 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(2ms);
  }
  EXPECT_EQ(registry_.connections_open(), 0);
}

TEST_F(ServerMetricsTest, CountsConnectionsRefusedOverTheLimit) {
  options_.max_connections = 1;
  start();
  Client first = connect();
  first.send(get("/hello"));
  ASSERT_TRUE(first.read_response());
  Client second = connect();
  EXPECT_TRUE(second.wait_closed());
  const std::string line =
      "\nlivekit_meet_http_connections_refused_total{reason=\"max_connections\"} 1\n";
  const auto deadline = std::chrono::steady_clock::now() + kDeadline;
  while (registry_.render({}).find(line) == std::string::npos &&
         std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(2ms);
  }
  EXPECT_NE(registry_.render({}).find(line), std::string::npos);
  EXPECT_EQ(registry_.connections_open(), 1);
}

}  // namespace
}  // namespace lkm::http::testing_support
