#pragma once
// What the accept loop needs beyond the total of open connections: the count per client address
// (--max-connections-per-client) and the warning about connections refused (at most one line per
// interval, never one per refusal: refusals come in floods, and so would the lines).
#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include <boost/asio/ip/address.hpp>

#include "core/metrics.hpp"

namespace lkm::http {

// An IPv4-mapped IPv6 address (::ffff:10.0.0.1, what a dual-stack listener sees) as the IPv4
// address it stands for; any other address as it is.
[[nodiscard]] boost::asio::ip::address unmapped(const boost::asio::ip::address& address);

// Open connections per client address. Thread-safe (connections are counted where they are
// accepted and released on the loop that served them); a mutex guards one hash map whose entry
// for an address goes when its count drops to 0, so the memory follows the clients connected now.
// An IPv4 address and its IPv4-mapped IPv6 form are one client.
class ConnectionsPerClient {
 public:
  // `limit`: connections one client may hold open; 0 for no limit (nothing is counted then).
  explicit ConnectionsPerClient(std::size_t limit) : limit_(limit) {}

  [[nodiscard]] std::size_t limit() const noexcept { return limit_; }
  // Counts one more connection of `client`; false, and nothing counted, when it holds `limit`.
  [[nodiscard]] bool try_add(const boost::asio::ip::address& client);
  // Releases one connection that try_add counted.
  void remove(const boost::asio::ip::address& client);
  [[nodiscard]] std::size_t count(const boost::asio::ip::address& client) const;
  // Clients with at least one connection counted.
  [[nodiscard]] std::size_t clients() const;

 private:
  using Key = std::array<unsigned char, 16>;  // the IPv6 form (IPv4 mapped)
  struct KeyHash {
    std::size_t operator()(const Key& key) const noexcept;
  };
  [[nodiscard]] static Key key_of(const boost::asio::ip::address& client);

  std::size_t limit_;
  mutable std::mutex mutex_;
  std::unordered_map<Key, std::size_t, KeyHash> counts_;
};

// The warning about refused connections: refusals are counted as they come, and a line that
// sums them up (how many, over which limit, the latest client over the per-client one) is due
// at most once per `interval`. Not thread-safe: the accept loop owns it. Time is a parameter.
class RefusalLog {
 public:
  using Clock = std::chrono::steady_clock;
  static constexpr std::chrono::seconds kInterval{10};

  RefusalLog(std::size_t max_connections, std::size_t max_per_client,
             Clock::duration interval = kInterval)
      : max_connections_(max_connections), max_per_client_(max_per_client), interval_(interval) {}

  // One more refusal; `client` is the peer's address (kept for a per-client refusal only).
  void add(metrics::Refusal reason, std::string_view client);
  [[nodiscard]] bool pending() const noexcept { return over_total_ + over_client_ != 0; }
  // The earliest time the next line may be written.
  [[nodiscard]] Clock::time_point next_line_at() const noexcept { return next_; }
  // The line summing up the refusals since the last one (nullopt when there were none), which
  // starts the next interval at `now`.
  [[nodiscard]] std::optional<std::string> take(Clock::time_point now);

 private:
  std::size_t max_connections_;
  std::size_t max_per_client_;
  Clock::duration interval_;
  Clock::time_point next_{};  // the first refusal is written at once
  std::uint64_t over_total_ = 0;
  std::uint64_t over_client_ = 0;
  std::string latest_client_;
};

}  // namespace lkm::http
