#include "core/rate_limiter.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

namespace lkm {

RateLimiter::Bucket RateLimiter::refilled(std::string_view key, std::int64_t now) const {
  const auto it = buckets_.find(std::string(key));
  if (it == buckets_.end()) return Bucket{options_.burst, now};
  Bucket bucket = it->second;
  const auto elapsed = static_cast<double>(std::max<std::int64_t>(0, now - bucket.updated));
  bucket.tokens = std::min(options_.burst, bucket.tokens + elapsed / options_.refill_seconds);
  bucket.updated = now;
  return bucket;
}

std::int64_t RateLimiter::wait_seconds(std::string_view key, std::int64_t now) {
  const std::lock_guard lock(mutex_);
  const Bucket bucket = refilled(key, now);
  if (bucket.tokens >= 1) return 0;
  return std::max<std::int64_t>(
      1, static_cast<std::int64_t>(std::ceil((1 - bucket.tokens) * options_.refill_seconds)));
}

std::int64_t RateLimiter::take(std::string_view key, std::int64_t now) {
  const std::lock_guard lock(mutex_);
  Bucket bucket = refilled(key, now);
  if (bucket.tokens < 1) {
    return std::max<std::int64_t>(
        1, static_cast<std::int64_t>(std::ceil((1 - bucket.tokens) * options_.refill_seconds)));
  }
  bucket.tokens -= 1;
  if (buckets_.size() >= options_.max_keys && buckets_.find(std::string(key)) == buckets_.end()) {
    make_room(now);
  }
  buckets_[std::string(key)] = bucket;
  return 0;
}

void RateLimiter::make_room(std::int64_t now) {
  // Buckets that have refilled completely carry no information: forget them first.
  std::erase_if(buckets_, [&](const auto& entry) {
    const auto elapsed = static_cast<double>(std::max<std::int64_t>(0, now - entry.second.updated));
    return entry.second.tokens + elapsed / options_.refill_seconds >= options_.burst;
  });
  // Still full: forget the least recently updated half.
  if (buckets_.size() >= options_.max_keys) {
    std::vector<std::int64_t> times;
    times.reserve(buckets_.size());
    for (const auto& entry : buckets_) times.push_back(entry.second.updated);
    auto middle = times.begin() + static_cast<std::ptrdiff_t>(times.size() / 2);
    std::nth_element(times.begin(), middle, times.end());
    const std::int64_t cutoff = *middle;
    std::erase_if(buckets_, [&](const auto& entry) { return entry.second.updated <= cutoff; });
  }
}

std::size_t RateLimiter::size() const {
  const std::lock_guard lock(mutex_);
  return buckets_.size();
}

}  // namespace lkm
