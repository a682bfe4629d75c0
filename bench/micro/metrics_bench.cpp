// Microbenchmarks of what every request pays for operability: counting it in the metrics registry
// (per-thread shards) against one shared atomic counter, formatting its log line, and rendering
// the exposition that a scrape asks for.
#include <benchmark/benchmark.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <string>

#include "core/log_format.hpp"
#include "core/metrics.hpp"

namespace {

namespace metrics = lkm::metrics;
namespace log = lkm::log;

metrics::Registry& registry() {
  static metrics::Registry instance;
  static const bool routes = [] {
    for (int i = 0; i < 30; ++i) instance.add_route("/api/route/" + std::to_string(i));
    return true;
  }();
  (void)routes;
  return instance;
}

// One request counted: series lookup, counter, histogram bucket and sum.
void BM_ObserveRequest(benchmark::State& state) {
  metrics::Registry& counted = registry();
  const auto route = static_cast<metrics::RouteId>(state.thread_index() % 4);
  std::int64_t i = 0;
  for (auto _ : state) {
    counted.observe_request(route, metrics::Method::get, 200, std::chrono::microseconds(++i % 900));
  }
}
BENCHMARK(BM_ObserveRequest)->ThreadRange(1, 4)->UseRealTime();

// The same three updates on shared atomics that every thread touches: the cost sharding avoids.
std::atomic<std::uint64_t> g_count{0};
std::atomic<std::uint64_t> g_bucket{0};
std::atomic<std::uint64_t> g_sum{0};
void BM_SharedAtomics(benchmark::State& state) {
  std::uint64_t i = 0;
  for (auto _ : state) {
    g_count.fetch_add(1, std::memory_order_relaxed);
    g_bucket.fetch_add(1, std::memory_order_relaxed);
    g_sum.fetch_add(++i, std::memory_order_relaxed);
  }
}
BENCHMARK(BM_SharedAtomics)->ThreadRange(1, 4)->UseRealTime();

void BM_FormatRequestLine(benchmark::State& state) {
  const auto format = state.range(0) == 0 ? log::Format::text : log::Format::json;
  const log::RequestLine request{"GET", "/api/connection-details", 200, 1.234, "203.0.113.7"};
  const auto now = std::chrono::system_clock::now();
  for (auto _ : state) {
    benchmark::DoNotOptimize(log::format_line(format, now, log::Level::info, {}, &request));
  }
}
BENCHMARK(BM_FormatRequestLine)->Arg(0)->Arg(1);

void BM_Render(benchmark::State& state) {
  metrics::Registry& counted = registry();
  for (int route = 0; route < 30; ++route) {
    counted.observe_request(static_cast<metrics::RouteId>(route), metrics::Method::get, 200,
                            std::chrono::milliseconds(1));
  }
  for (auto _ : state) benchmark::DoNotOptimize(counted.render({}));
}
BENCHMARK(BM_Render);

}  // namespace
