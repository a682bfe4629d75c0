#include "core/attempt_limiter.hpp"

#include <algorithm>

namespace lkm {

std::int64_t block_seconds(const AttemptPolicy& policy, std::int64_t failures) {
  const std::int64_t over = failures - policy.free_attempts;
  if (over <= 0) return 0;
  const std::int64_t doublings = std::min<std::int64_t>(over - 1, 40);
  std::int64_t block = policy.base_block_seconds;
  for (std::int64_t i = 0; i < doublings && block < policy.max_block_seconds; ++i) block *= 2;
  return std::min(block, policy.max_block_seconds);
}

std::int64_t AttemptLimiter::blocked_until(const Counter& counter) const {
  const std::int64_t block = block_seconds(policy_, counter.failures);
  return block > 0 ? counter.last_attempt_at + block : 0;
}

std::int64_t AttemptLimiter::take(std::string_view key, std::int64_t now) {
  const std::lock_guard lock(mutex_);
  auto it = counters_.find(std::string(key));
  if (it == counters_.end()) {
    if (counters_.size() >= max_keys_) make_room(now);
    it = counters_.emplace(std::string(key), Counter{}).first;
  }
  Counter& counter = it->second;
  if (const auto until = blocked_until(counter); until > now) return until - now;
  if (now - counter.last_attempt_at > policy_.forget_after_seconds) counter.failures = 0;
  ++counter.failures;
  counter.last_attempt_at = now;
  return 0;
}

void AttemptLimiter::forgive(std::string_view key) {
  const std::lock_guard lock(mutex_);
  const auto it = counters_.find(std::string(key));
  if (it != counters_.end() && it->second.failures > 0) --it->second.failures;
}

std::size_t AttemptLimiter::size() const {
  const std::lock_guard lock(mutex_);
  return counters_.size();
}

void AttemptLimiter::make_room(std::int64_t now) {
  // Forget counters that would start again anyway, then those that block nothing; a table full of
  // blocked clients forgets the one whose block ends first.
  std::erase_if(counters_, [&](const auto& entry) {
    return blocked_until(entry.second) <= now &&
           now - entry.second.last_attempt_at > policy_.forget_after_seconds;
  });
  if (counters_.size() < max_keys_) return;
  std::erase_if(counters_, [&](const auto& entry) { return blocked_until(entry.second) <= now; });
  if (counters_.size() < max_keys_) return;
  const auto soonest =
      std::min_element(counters_.begin(), counters_.end(), [&](const auto& a, const auto& b) {
        return blocked_until(a.second) < blocked_until(b.second);
      });
  counters_.erase(soonest);
}

}  // namespace lkm
