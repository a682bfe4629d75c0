#pragma once
// RateLimiter: token buckets per key (a client address, or an address and a room), with bounded
// memory. A bucket holds up to `burst` tokens and regains one every `refill_seconds`; keys whose
// bucket is full again are forgotten first when the table is full. Thread-safe.
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

namespace lkm {

class RateLimiter {
 public:
  struct Options {
    double burst = 5;
    double refill_seconds = 12;
    std::size_t max_keys = 10'000;
  };
  explicit RateLimiter(Options options) : options_(options) {}

  // 0 when `key` has a token at `now` (Unix seconds), else the seconds until it has one.
  [[nodiscard]] std::int64_t wait_seconds(std::string_view key, std::int64_t now);
  // Takes a token; returns what wait_seconds returned before taking (nothing is taken then).
  std::int64_t take(std::string_view key, std::int64_t now);
  // Number of keys held (for tests of the memory bound).
  [[nodiscard]] std::size_t size() const;

 private:
  struct Bucket {
    double tokens = 0;
    std::int64_t updated = 0;
  };
  Bucket refilled(std::string_view key, std::int64_t now) const;  // requires mutex_
  void make_room(std::int64_t now);                               // requires mutex_

  Options options_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, Bucket> buckets_;
};

}  // namespace lkm
