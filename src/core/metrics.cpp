#include "core/metrics.hpp"

#include <algorithm>
#include <limits>
#include <map>
#include <stdexcept>
#include <tuple>

namespace lkm::metrics {
namespace {

constexpr std::size_t kShardCount = 8;
constexpr std::size_t kSlotBits = 9;
constexpr std::size_t kSlotCount = std::size_t{1} << kSlotBits;
constexpr std::size_t kBucketCount = kDurationBuckets.size() + 1;  // the last one is +Inf

// Bucket bounds in nanoseconds, so that a request's duration is placed without floating point.
constexpr auto kBucketNanos = [] {
  std::array<std::uint64_t, kDurationBuckets.size()> nanos{};
  for (std::size_t i = 0; i < nanos.size(); ++i) {
    const double exact = kDurationBuckets[i] * 1e9;
    nanos[i] = static_cast<std::uint64_t>(exact);
    if (exact - static_cast<double>(nanos[i]) >= 0.5) ++nanos[i];
  }
  return nanos;
}();

constexpr std::array<std::string_view, kMethodCount> kMethodNames{
    "GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "OTHER"};

// A request series (route, method, status) packed into one non-zero word.
constexpr unsigned kStatusBits = 10;
constexpr unsigned kMethodBits = 3;
static_assert(kMethodCount <= (1U << kMethodBits));
static_assert(Registry::kMaxRoutes < (1U << (32 - kStatusBits - kMethodBits - 1)));

constexpr std::uint32_t pack(RouteId route, Method method, unsigned status) noexcept {
  const unsigned code = std::min(status, 999U);
  return 1 + ((static_cast<std::uint32_t>(route) << (kStatusBits + kMethodBits)) |
              (static_cast<std::uint32_t>(method) << kStatusBits) | code);
}

struct Unpacked {
  RouteId route;
  Method method;
  unsigned status;
};
constexpr Unpacked unpack(std::uint32_t key) noexcept {
  const std::uint32_t bits = key - 1;
  return {static_cast<RouteId>(bits >> (kStatusBits + kMethodBits)),
          static_cast<Method>((bits >> kStatusBits) & ((1U << kMethodBits) - 1)),
          bits & ((1U << kStatusBits) - 1)};
}

std::size_t this_thread_shard() noexcept {
  static std::atomic<std::size_t> next{0};
  thread_local const std::size_t kShard =
      next.fetch_add(1, std::memory_order_relaxed) % kShardCount;
  return kShard;
}

}  // namespace

struct Slot {
  std::atomic<std::uint32_t> key{0};  // 0: free; set once, never cleared
  std::atomic<std::uint64_t> count{0};
};

struct alignas(64) Registry::Shard {
  std::array<Slot, kSlotCount> slots{};
  std::array<std::array<std::atomic<std::uint64_t>, kBucketCount>, kMaxRoutes> buckets{};
  std::array<std::atomic<std::uint64_t>, kMaxRoutes> duration_nanos{};
  std::atomic<std::uint64_t> overflow{0};  // requests whose series found no free slot

  // The slot of `key`, claimed when new; null when the table is full.
  Slot* find(std::uint32_t key) noexcept {
    std::size_t position = (key * 0x9E3779B1U) >> (32 - kSlotBits);
    for (std::size_t probe = 0; probe < kSlotCount; ++probe) {
      Slot& slot = slots[position];
      std::uint32_t seen = slot.key.load(std::memory_order_acquire);
      if (seen == key) return &slot;
      if (seen == 0) {
        if (slot.key.compare_exchange_strong(seen, key, std::memory_order_acq_rel)) return &slot;
        if (seen == key) return &slot;  // another thread of this shard claimed it first
      }
      position = (position + 1) & (kSlotCount - 1);
    }
    return nullptr;
  }
};

Method method_from_name(std::string_view name) noexcept {
  for (std::size_t i = 0; i + 1 < kMethodNames.size(); ++i) {
    if (kMethodNames[i] == name) return static_cast<Method>(i);
  }
  return Method::other;
}

std::string_view method_name(Method method) noexcept {
  const auto index = static_cast<std::size_t>(method);
  return index < kMethodNames.size() ? kMethodNames[index] : kMethodNames.back();
}

std::string_view refusal_name(Refusal reason) noexcept {
  return reason == Refusal::per_client ? "per_client" : "max_connections";
}

void LabelledCounter::increment(std::string_view first, std::string_view second) {
  const std::lock_guard lock(mutex_);
  auto found = std::find_if(series_.begin(), series_.end(), [&](const Series& series) {
    return series.first == first && series.second == second;
  });
  if (found == series_.end() && series_.size() >= kMaxLabelledSeries) {
    first = "other";
    second = "other";
    found = std::find_if(series_.begin(), series_.end(), [&](const Series& series) {
      return series.first == first && series.second == second;
    });
  }
  if (found == series_.end()) {
    series_.push_back(Series{std::string(first), std::string(second), 1});
  } else {
    ++found->count;
  }
}

std::uint64_t LabelledCounter::value(std::string_view first, std::string_view second) const {
  const std::lock_guard lock(mutex_);
  for (const Series& series : series_) {
    if (series.first == first && series.second == second) return series.count;
  }
  return 0;
}

void LabelledCounter::render(Exposition& out, std::string_view name) const {
  std::vector<Series> copy;
  {
    const std::lock_guard lock(mutex_);
    copy = series_;
  }
  std::sort(copy.begin(), copy.end(), [](const Series& a, const Series& b) {
    return std::tie(a.first, a.second) < std::tie(b.first, b.second);
  });
  for (const Series& series : copy) {
    out.sample(name, {{names_[0], series.first}, {names_[1], series.second}}, series.count);
  }
}

Registry::Registry() : shards_(std::make_unique<Shard[]>(kShardCount)) {}

Registry::~Registry() = default;

RouteId Registry::add_route(std::string_view label) {
  const std::size_t count = route_count_.load(std::memory_order_acquire);
  for (std::size_t i = 0; i < count; ++i) {
    if (routes_[i] == label) return static_cast<RouteId>(i);
  }
  if (count == kMaxRoutes) throw std::length_error("too many metric route labels");
  routes_[count] = std::string(label);
  route_count_.store(count + 1, std::memory_order_release);
  return static_cast<RouteId>(count);
}

std::size_t Registry::route_count() const noexcept {
  return route_count_.load(std::memory_order_acquire);
}

Registry::Shard& Registry::shard() const noexcept {
  return shards_[this_thread_shard()];
}

void Registry::observe_request(RouteId route, Method method, unsigned status,
                               std::chrono::nanoseconds duration) noexcept {
  if (route >= kMaxRoutes) return;
  Shard& mine = shard();
  if (Slot* slot = mine.find(pack(route, method, status))) {
    slot->count.fetch_add(1, std::memory_order_relaxed);
  } else {
    mine.overflow.fetch_add(1, std::memory_order_relaxed);
  }
  const auto nanos = static_cast<std::uint64_t>(std::max<std::int64_t>(duration.count(), 0));
  std::size_t bucket = 0;
  while (bucket < kBucketNanos.size() && nanos > kBucketNanos[bucket]) ++bucket;
  mine.buckets[route][bucket].fetch_add(1, std::memory_order_relaxed);
  mine.duration_nanos[route].fetch_add(nanos, std::memory_order_relaxed);
}

std::uint64_t Registry::requests(RouteId route, Method method, unsigned status) const {
  const std::uint32_t key = pack(route, method, status);
  std::uint64_t total = 0;
  for (std::size_t s = 0; s < kShardCount; ++s) {
    for (const Slot& slot : shards_[s].slots) {
      if (slot.key.load(std::memory_order_acquire) == key) {
        total += slot.count.load(std::memory_order_relaxed);
      }
    }
  }
  return total;
}

std::string Registry::render(const ProcessStats& process) const {
  Exposition out;
  const std::size_t routes = route_count();
  auto route_label = [&](RouteId id) -> std::string_view {
    return id < routes ? std::string_view(routes_[id]) : std::string_view("other");
  };

  out.family("livekit_meet_http_requests_total", "counter",
             "HTTP requests answered, by route pattern (or static, not_found, "
             "method_not_allowed, redirect, invalid), method and status.");
  std::map<std::uint32_t, std::uint64_t> totals;
  std::uint64_t overflow = 0;
  for (std::size_t s = 0; s < kShardCount; ++s) {
    const Shard& each = shards_[s];
    for (const Slot& slot : each.slots) {
      const std::uint32_t key = slot.key.load(std::memory_order_acquire);
      if (key != 0) totals[key] += slot.count.load(std::memory_order_relaxed);
    }
    overflow += each.overflow.load(std::memory_order_relaxed);
  }
  for (const auto& [key, count] : totals) {
    const Unpacked series = unpack(key);
    const std::string status = std::to_string(series.status);
    out.sample("livekit_meet_http_requests_total",
               {{"route", route_label(series.route)},
                {"method", method_name(series.method)},
                {"status", status}},
               count);
  }
  if (overflow > 0) {
    out.sample("livekit_meet_http_requests_total",
               {{"route", "overflow"}, {"method", "OTHER"}, {"status", "other"}}, overflow);
  }

  out.family("livekit_meet_http_request_duration_seconds", "histogram",
             "Time from the first byte of a request to its answer written, by route.");
  for (std::size_t route = 0; route < routes; ++route) {
    std::array<std::uint64_t, kBucketCount> buckets{};
    std::uint64_t nanos = 0;
    for (std::size_t s = 0; s < kShardCount; ++s) {
      for (std::size_t b = 0; b < kBucketCount; ++b) {
        buckets[b] += shards_[s].buckets[route][b].load(std::memory_order_relaxed);
      }
      nanos += shards_[s].duration_nanos[route].load(std::memory_order_relaxed);
    }
    std::uint64_t cumulative = 0;
    for (const std::uint64_t count : buckets) cumulative += count;
    if (cumulative == 0) continue;
    const std::string_view label = routes_[route];
    cumulative = 0;
    for (std::size_t b = 0; b < kBucketCount; ++b) {
      cumulative += buckets[b];
      std::string le;
      append_number(le, b < kDurationBuckets.size() ? kDurationBuckets[b]
                                                    : std::numeric_limits<double>::infinity());
      out.sample("livekit_meet_http_request_duration_seconds_bucket",
                 {{"route", label}, {"le", le}}, cumulative);
    }
    out.sample("livekit_meet_http_request_duration_seconds_sum", {{"route", label}},
               static_cast<double>(nanos) / 1e9);
    out.sample("livekit_meet_http_request_duration_seconds_count", {{"route", label}}, cumulative);
  }

  out.family("livekit_meet_http_connections_open", "gauge", "HTTP connections open now.");
  out.sample("livekit_meet_http_connections_open", {},
             static_cast<double>(connections_open_.load(std::memory_order_relaxed)));
  out.family("livekit_meet_http_connections_refused_total", "counter",
             "Connections closed at once, by the limit they were over: max_connections (the "
             "server's) or per_client.");
  for (const Refusal reason : {Refusal::max_connections, Refusal::per_client}) {
    out.sample(
        "livekit_meet_http_connections_refused_total", {{"reason", refusal_name(reason)}},
        connections_refused_[static_cast<std::size_t>(reason)].load(std::memory_order_relaxed));
  }

  out.family("livekit_meet_tokens_minted_total", "counter",
             "Participant access tokens handed out (connection details and admissions).");
  out.sample("livekit_meet_tokens_minted_total", {},
             tokens_minted_.load(std::memory_order_relaxed));

  out.family("livekit_meet_livekit_api_requests_total", "counter",
             "Calls to the LiveKit server API, by service/method and outcome (ok or the error "
             "kind), retries included in one call.");
  livekit_calls_.render(out, "livekit_meet_livekit_api_requests_total");

  out.family("livekit_meet_webhooks_total", "counter", "Webhook deliveries, by event and outcome.");
  webhooks_.render(out, "livekit_meet_webhooks_total");

  out.family("livekit_meet_build_info", "gauge", "The running version; always 1.");
  out.sample("livekit_meet_build_info", {{"version", version_}}, std::uint64_t{1});

  if (process.cpu_seconds) {
    out.family("process_cpu_seconds_total", "counter", "User and system CPU time spent.");
    out.sample("process_cpu_seconds_total", {}, *process.cpu_seconds);
  }
  if (process.resident_bytes) {
    out.family("process_resident_memory_bytes", "gauge", "Resident memory size in bytes.");
    out.sample("process_resident_memory_bytes", {}, *process.resident_bytes);
  }
  if (process.virtual_bytes) {
    out.family("process_virtual_memory_bytes", "gauge", "Virtual memory size in bytes.");
    out.sample("process_virtual_memory_bytes", {}, *process.virtual_bytes);
  }
  if (process.open_fds) {
    out.family("process_open_fds", "gauge", "Open file descriptors.");
    out.sample("process_open_fds", {}, *process.open_fds);
  }
  if (process.max_fds) {
    out.family("process_max_fds", "gauge", "Limit on open file descriptors.");
    out.sample("process_max_fds", {}, *process.max_fds);
  }
  if (process.start_time_seconds) {
    out.family("process_start_time_seconds", "gauge",
               "Start time of the process since the Unix epoch in seconds.");
    out.sample("process_start_time_seconds", {}, *process.start_time_seconds);
  }
  return out.take();
}

}  // namespace lkm::metrics
