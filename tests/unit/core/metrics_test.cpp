#include "core/metrics.hpp"

#include <gtest/gtest.h>

#include <thread>
#include <vector>

#include "core/exposition.hpp"
#include "core/process_stats.hpp"

namespace lkm::metrics {
namespace {

using std::chrono::microseconds;
using std::chrono::milliseconds;
using std::chrono::nanoseconds;
using std::chrono::seconds;

bool has_line(const std::string& text, const std::string& line) {
  return ("\n" + text).find("\n" + line + "\n") != std::string::npos;
}

TEST(Registry, NamesRoutesOnce) {
  Registry registry;
  const RouteId a = registry.add_route("/api/a");
  const RouteId b = registry.add_route("/api/b");
  EXPECT_NE(a, b);
  EXPECT_EQ(registry.add_route("/api/a"), a);
  EXPECT_EQ(registry.route_count(), 2U);
  for (std::size_t i = registry.route_count(); i < Registry::kMaxRoutes; ++i) {
    registry.add_route("/r" + std::to_string(i));
  }
  EXPECT_THROW(registry.add_route("/one-too-many"), std::length_error);
}

TEST(Registry, CountsRequestsByRouteMethodAndStatus) {
  Registry registry;
  const RouteId rooms = registry.add_route("/api/rooms/{room}");
  const RouteId missing = registry.add_route("not_found");
  registry.observe_request(rooms, Method::get, 200, milliseconds(1));
  registry.observe_request(rooms, Method::get, 200, milliseconds(1));
  registry.observe_request(rooms, Method::delete_, 403, milliseconds(1));
  registry.observe_request(missing, method_from_name("BREW"), 404, milliseconds(1));
  EXPECT_EQ(registry.requests(rooms, Method::get, 200), 2U);
  EXPECT_EQ(registry.requests(rooms, Method::delete_, 403), 1U);
  EXPECT_EQ(registry.requests(rooms, Method::get, 404), 0U);

  const std::string text = registry.render({});
  EXPECT_TRUE(has_line(text, "# TYPE livekit_meet_http_requests_total counter")) << text;
  EXPECT_TRUE(has_line(
      text,
      R"(livekit_meet_http_requests_total{route="/api/rooms/{room}",method="GET",status="200"} 2)"))
      << text;
  EXPECT_TRUE(has_line(
      text,
      R"(livekit_meet_http_requests_total{route="/api/rooms/{room}",method="DELETE",status="403"} 1)"))
      << text;
  EXPECT_TRUE(has_line(
      text, R"(livekit_meet_http_requests_total{route="not_found",method="OTHER",status="404"} 1)"))
      << text;
}

TEST(Registry, MapsMethodNames) {
  EXPECT_EQ(method_from_name("GET"), Method::get);
  EXPECT_EQ(method_from_name("OPTIONS"), Method::options);
  EXPECT_EQ(method_from_name("get"), Method::other);
  EXPECT_EQ(method_from_name("OTHER"), Method::other);
  EXPECT_EQ(method_name(Method::delete_), "DELETE");
  EXPECT_EQ(method_name(Method::other), "OTHER");
}

TEST(Registry, HistogramBucketsAreCumulativeWithSumCountAndInf) {
  Registry registry;
  const RouteId route = registry.add_route("/healthz");
  registry.observe_request(route, Method::get, 200, microseconds(100));  // <= 0.0005
  registry.observe_request(route, Method::get, 200, milliseconds(1));    // exactly 0.001
  registry.observe_request(route, Method::get, 200, milliseconds(3));    // <= 0.005
  registry.observe_request(route, Method::get, 200, seconds(20));        // only +Inf
  const std::string text = registry.render({});
  const std::string prefix =
      R"(livekit_meet_http_request_duration_seconds_bucket{route="/healthz",le=")";
  EXPECT_TRUE(has_line(text, "# TYPE livekit_meet_http_request_duration_seconds histogram"));
  EXPECT_TRUE(has_line(text, prefix + R"(0.0005"} 1)")) << text;
  EXPECT_TRUE(has_line(text, prefix + R"(0.001"} 2)")) << text;
  EXPECT_TRUE(has_line(text, prefix + R"(0.0025"} 2)")) << text;
  EXPECT_TRUE(has_line(text, prefix + R"(0.005"} 3)")) << text;
  EXPECT_TRUE(has_line(text, prefix + R"(10"} 3)")) << text;
  EXPECT_TRUE(has_line(text, prefix + R"(+Inf"} 4)")) << text;
  EXPECT_TRUE(
      has_line(text, R"(livekit_meet_http_request_duration_seconds_count{route="/healthz"} 4)"))
      << text;
  EXPECT_TRUE(
      has_line(text, R"(livekit_meet_http_request_duration_seconds_sum{route="/healthz"} 20.0041)"))
      << text;
  // Every bound once, in increasing order, +Inf last.
  std::size_t last = 0;
  for (const double bound : kDurationBuckets) {
    std::string le;
    append_number(le, bound);
    const auto at = text.find(prefix + le + "\"}");
    ASSERT_NE(at, std::string::npos) << le;
    EXPECT_GT(at, last);
    last = at;
  }
  EXPECT_GT(text.find(prefix + "+Inf\"}"), last);
}

TEST(Registry, LeavesRoutesWithoutRequestsOutOfTheHistogram) {
  Registry registry;
  registry.add_route("/quiet");
  EXPECT_EQ(registry.render({}).find("route=\"/quiet\""), std::string::npos);
}

TEST(Registry, CountsFromManyThreadsWithoutLosingAny) {
  Registry registry;
  const RouteId route = registry.add_route("/busy");
  constexpr int kThreads = 8;
  constexpr int kEach = 20000;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&registry, route, t] {
      for (int i = 0; i < kEach; ++i) {
        registry.observe_request(route, Method::get, t % 2 == 0 ? 200U : 304U, nanoseconds(i));
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(registry.requests(route, Method::get, 200), 4U * kEach);
  EXPECT_EQ(registry.requests(route, Method::get, 304), 4U * kEach);
  const std::string text = registry.render({});
  EXPECT_TRUE(
      has_line(text, R"(livekit_meet_http_request_duration_seconds_count{route="/busy"} 160000)"))
      << text;
}

TEST(Registry, KeepsConnectionsTokensAndBuildInfo) {
  Registry registry;
  registry.connection_opened();
  registry.connection_opened();
  registry.connection_closed();
  registry.connection_refused(Refusal::per_client);
  registry.connection_refused(Refusal::per_client);
  registry.connection_refused(Refusal::max_connections);
  registry.token_minted();
  registry.token_minted();
  registry.set_version("1.2.3+abc");
  const std::string text = registry.render({});
  EXPECT_TRUE(has_line(text, "# TYPE livekit_meet_http_connections_open gauge"));
  EXPECT_TRUE(has_line(text, "livekit_meet_http_connections_open 1")) << text;
  EXPECT_TRUE(
      has_line(text, R"(livekit_meet_http_connections_refused_total{reason="per_client"} 2)"))
      << text;
  EXPECT_TRUE(
      has_line(text, R"(livekit_meet_http_connections_refused_total{reason="max_connections"} 1)"))
      << text;
  EXPECT_TRUE(has_line(text, "livekit_meet_tokens_minted_total 2")) << text;
  EXPECT_TRUE(has_line(text, R"(livekit_meet_build_info{version="1.2.3+abc"} 1)")) << text;
}

TEST(Registry, CountsLivekitCallsAndWebhooksByLabels) {
  Registry registry;
  registry.livekit_call("RoomService/ListRooms", "ok");
  registry.livekit_call("RoomService/ListRooms", "ok");
  registry.livekit_call("Egress/StopEgress", "timeout");
  registry.webhook("room_started", "accepted");
  const std::string text = registry.render({});
  EXPECT_TRUE(has_line(
      text,
      R"(livekit_meet_livekit_api_requests_total{service_method="RoomService/ListRooms",outcome="ok"} 2)"))
      << text;
  EXPECT_TRUE(has_line(
      text,
      R"(livekit_meet_livekit_api_requests_total{service_method="Egress/StopEgress",outcome="timeout"} 1)"))
      << text;
  EXPECT_TRUE(
      has_line(text, R"(livekit_meet_webhooks_total{event="room_started",outcome="accepted"} 1)"))
      << text;
}

TEST(LabelledCounter, EscapesLabelValues) {
  LabelledCounter counter("event", "outcome");
  counter.increment("back\\slash \"quoted\"\nnext", "ok");
  Exposition out;
  counter.render(out, "x_total");
  EXPECT_EQ(out.text(),
            "x_total{event=\"back\\\\slash \\\"quoted\\\"\\nnext\",outcome=\"ok\"} 1\n");
}

TEST(LabelledCounter, StaysBoundedInSeries) {
  LabelledCounter counter("a", "b");
  for (std::size_t i = 0; i < kMaxLabelledSeries + 50; ++i)
    counter.increment(std::to_string(i), "x");
  EXPECT_EQ(counter.value("0", "x"), 1U);
  EXPECT_EQ(counter.value(std::to_string(kMaxLabelledSeries - 1), "x"), 1U);
  EXPECT_EQ(counter.value(std::to_string(kMaxLabelledSeries), "x"), 0U);
  EXPECT_EQ(counter.value("other", "other"), 50U);
}

TEST(Exposition, WritesFamiliesAndSamples) {
  Exposition out;
  out.family("m_total", "counter", "Help with a \\ and a\nline break.");
  out.sample("m_total", {}, std::uint64_t{18446744073709551615ULL});
  out.sample("m_total", {{"k", "v"}, {"q", "a\"b"}}, 0.25);
  EXPECT_EQ(out.text(),
            "# HELP m_total Help with a \\\\ and a\\nline break.\n"
            "# TYPE m_total counter\n"
            "m_total 18446744073709551615\n"
            "m_total{k=\"v\",q=\"a\\\"b\"} 0.25\n");
}

TEST(Exposition, FormatsNumbers) {
  auto text = [](double value) {
    std::string out;
    append_number(out, value);
    return out;
  };
  EXPECT_EQ(text(0.0005), "0.0005");
  EXPECT_EQ(text(10), "10");
  EXPECT_EQ(text(0), "0");
  EXPECT_EQ(text(2.5), "2.5");
  EXPECT_EQ(text(1e20), "1e+20");
  EXPECT_EQ(text(std::numeric_limits<double>::infinity()), "+Inf");
  EXPECT_EQ(text(-std::numeric_limits<double>::infinity()), "-Inf");
  EXPECT_EQ(text(std::numeric_limits<double>::quiet_NaN()), "NaN");
  EXPECT_EQ(std::stod(text(0.1 + 0.2)), 0.1 + 0.2);
}

TEST(ProcessStats, ParsesProcStatWithAnOddCommand) {
  // Fields 14/15 utime/stime = 250/150 ticks, 22 starttime = 1000 ticks, 23 vsize, 24 rss pages.
  const std::string line =
      "4242 (a (b) c) S 1 2 3 0 -1 4194560 100 0 0 0 250 150 0 0 20 0 4 0 1000 123456789 300 "
      "18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0\n";
  ProcessStats stats;
  parse_proc_stat(line, 100, 4096, 1'700'000'000.0, stats);
  ASSERT_TRUE(stats.cpu_seconds);
  EXPECT_DOUBLE_EQ(*stats.cpu_seconds, 4.0);
  ASSERT_TRUE(stats.start_time_seconds);
  EXPECT_DOUBLE_EQ(*stats.start_time_seconds, 1'700'000'010.0);
  EXPECT_EQ(stats.resident_bytes, 300U * 4096);
  EXPECT_EQ(stats.virtual_bytes, 123456789U);

  ProcessStats untouched;
  parse_proc_stat("garbage", 100, 4096, 0.0, untouched);
  parse_proc_stat("1 (x) S 1 2", 100, 4096, 0.0, untouched);
  EXPECT_FALSE(untouched.cpu_seconds);
  EXPECT_FALSE(untouched.resident_bytes);
}

TEST(ProcessStats, ReadsThisProcessAndRendersTheStandardFamilies) {
  const ProcessStats stats = read_process_stats();
  ASSERT_TRUE(stats.resident_bytes);
  EXPECT_GT(*stats.resident_bytes, 0U);
  ASSERT_TRUE(stats.open_fds);
  EXPECT_GE(*stats.open_fds, 3U);
  ASSERT_TRUE(stats.start_time_seconds);
  EXPECT_GT(*stats.start_time_seconds, 1'600'000'000.0);
  EXPECT_TRUE(stats.cpu_seconds);

  const std::string text = Registry().render(stats);
  for (const char* family :
       {"process_cpu_seconds_total counter", "process_resident_memory_bytes gauge",
        "process_open_fds gauge", "process_start_time_seconds gauge"}) {
    EXPECT_TRUE(has_line(text, std::string("# TYPE ") + family)) << family;
  }
}

}  // namespace
}  // namespace lkm::metrics
