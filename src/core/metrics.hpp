#pragma once
// Registry: the metrics livekit-meet exposes (prefix livekit_meet_), rendered in Prometheus' text
// format by render(). It knows nothing of HTTP: the server reports requests and connections
// through http::RequestReporter, the LiveKit client its calls, the handlers tokens and webhooks.
//
// Requests are the hot path. Their counters and duration histograms live in fixed-size tables,
// one copy per shard (a thread always uses the same shard; shards are cache-line aligned), updated
// with relaxed atomics: no lock and no allocation per request. Labels stay bounded: routes are the
// labels registered with add_route (at start-up, before any request is counted), methods one of
// eight, statuses the three-digit code.
// LiveKit API calls and webhooks are rare next to requests: their labelled counters sit in a
// small table under a mutex, at most kMaxLabelledSeries series each (then "other").
#include <array>
#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/exposition.hpp"
#include "core/process_stats.hpp"

namespace lkm::metrics {

// Upper bounds (seconds) of the request duration histogram's buckets; +Inf follows.
inline constexpr std::array<double, 14> kDurationBuckets{
    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0};

enum class Method : std::uint8_t { get, head, post, put, delete_, patch, options, other };
inline constexpr std::size_t kMethodCount = 8;
// "GET" -> get ... (exact, upper case); anything else -> other.
[[nodiscard]] Method method_from_name(std::string_view name) noexcept;
[[nodiscard]] std::string_view method_name(Method method) noexcept;  // "OTHER" for other

using RouteId = std::uint16_t;

// Why a connection was closed at once, the `reason` label of connections refused: the server was
// at --max-connections, or the client at --max-connections-per-client.
enum class Refusal : std::uint8_t { max_connections, per_client };
inline constexpr std::size_t kRefusalCount = 2;
[[nodiscard]] std::string_view refusal_name(Refusal reason) noexcept;

// Counters by two label values, for rare events; a mutex guards the table.
class LabelledCounter {
 public:
  LabelledCounter(std::string_view first_label, std::string_view second_label)
      : names_{first_label, second_label} {}
  void increment(std::string_view first, std::string_view second);
  [[nodiscard]] std::uint64_t value(std::string_view first, std::string_view second) const;
  void render(Exposition& out, std::string_view name) const;

 private:
  struct Series {
    std::string first;
    std::string second;
    std::uint64_t count = 0;
  };
  std::array<std::string_view, 2> names_;
  mutable std::mutex mutex_;
  std::vector<Series> series_;  // in order of first appearance
};
inline constexpr std::size_t kMaxLabelledSeries = 256;

class Registry {
 public:
  static constexpr std::size_t kMaxRoutes = 64;

  Registry();
  ~Registry();
  Registry(const Registry&) = delete;
  Registry& operator=(const Registry&) = delete;

  // The id of a route label; the same label gives the same id. Call before requests are counted
  // (not safe against concurrent observe_request or render). Throws std::length_error beyond
  // kMaxRoutes labels.
  RouteId add_route(std::string_view label);
  [[nodiscard]] std::size_t route_count() const noexcept;

  // One answered request: counted by route, method and status; its duration by route.
  void observe_request(RouteId route, Method method, unsigned status,
                       std::chrono::nanoseconds duration) noexcept;
  void connection_opened() noexcept { connections_open_.fetch_add(1, std::memory_order_relaxed); }
  void connection_closed() noexcept { connections_open_.fetch_sub(1, std::memory_order_relaxed); }
  void connection_refused(Refusal reason) noexcept {
    connections_refused_[static_cast<std::size_t>(reason)].fetch_add(1, std::memory_order_relaxed);
  }
  void token_minted() noexcept { tokens_minted_.fetch_add(1, std::memory_order_relaxed); }
  // "RoomService/ListRooms", "ok" / an error kind.
  void livekit_call(std::string_view service_method, std::string_view outcome) {
    livekit_calls_.increment(service_method, outcome);
  }
  // A webhook event name (bounded by the caller) and what became of the delivery.
  void webhook(std::string_view event, std::string_view outcome) {
    webhooks_.increment(event, outcome);
  }
  void set_version(std::string version) { version_ = std::move(version); }

  // Totals over all shards (for tests and diagnostics).
  [[nodiscard]] std::uint64_t requests(RouteId route, Method method, unsigned status) const;
  [[nodiscard]] std::int64_t connections_open() const noexcept {
    return connections_open_.load(std::memory_order_relaxed);
  }

  // The whole exposition, with the process_* families from `process`.
  [[nodiscard]] std::string render(const ProcessStats& process) const;

 private:
  struct Shard;
  Shard& shard() const noexcept;

  std::array<std::string, kMaxRoutes> routes_;
  std::atomic<std::size_t> route_count_{0};
  std::unique_ptr<Shard[]> shards_;
  std::atomic<std::int64_t> connections_open_{0};
  std::array<std::atomic<std::uint64_t>, kRefusalCount> connections_refused_{};
  std::atomic<std::uint64_t> tokens_minted_{0};
  LabelledCounter livekit_calls_{"service_method", "outcome"};
  LabelledCounter webhooks_{"event", "outcome"};
  std::string version_;
};

}  // namespace lkm::metrics
