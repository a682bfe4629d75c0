#include "store/attempts.hpp"

#include <algorithm>

namespace lkm::store::attempts {

std::int64_t block_seconds(std::int64_t exponent, const AttemptPolicy& policy) noexcept {
  const std::int64_t max = std::max<std::int64_t>(policy.max_block_seconds, 0);
  std::int64_t block = std::clamp<std::int64_t>(policy.base_block_seconds, 0, max);
  for (std::int64_t doubled = 0; doubled < exponent && block > 0 && block < max; ++doubled) {
    block = block > max / 2 ? max : block * 2;
  }
  return std::min(block, max);
}

Step next_attempt(const std::optional<Counter>& current, std::int64_t now,
                  const AttemptPolicy& policy) noexcept {
  Step step;
  if (current && current->blocked_until > now) {
    step.seconds_left = current->blocked_until - now;
    step.counter = *current;
    return step;
  }
  const bool forgotten = !current || now - current->last_attempt_at > policy.forget_after_seconds;
  step.counter.failures = forgotten ? 1 : current->failures + 1;
  step.counter.blocked_until = forgotten ? 0 : current->blocked_until;
  step.counter.last_attempt_at = now;
  if (step.counter.failures > policy.free_attempts) {
    step.counter.blocked_until =
        now + block_seconds(step.counter.failures - policy.free_attempts - 1, policy);
  }
  return step;
}

Counter forgiven(const Counter& current, const AttemptPolicy& policy) noexcept {
  Counter out = current;
  out.failures = std::max<std::int64_t>(current.failures - 1, 0);
  out.blocked_until =
      out.failures > policy.free_attempts
          ? current.last_attempt_at + block_seconds(out.failures - policy.free_attempts - 1, policy)
          : 0;
  return out;
}

}  // namespace lkm::store::attempts
