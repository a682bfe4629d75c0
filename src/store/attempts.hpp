#pragma once
// The rules of AccessStore::take_attempt, independent of the database: each backend reads the
// scope's counter under its lock, asks next_attempt what to write, and writes it.
#include <cstdint>
#include <optional>

#include "store/access.hpp"

namespace lkm::store::attempts {

// An attempt_counters row.
struct Counter {
  std::int64_t failures = 0;
  std::int64_t blocked_until = 0;
  std::int64_t last_attempt_at = 0;
  bool operator==(const Counter&) const = default;
};

struct Step {
  std::int64_t seconds_left = 0;  // > 0: blocked, and `counter` is unchanged
  Counter counter;                // to write back when seconds_left is 0
};

// What take_attempt answers and writes for a scope whose counter is `current` (nullopt: none).
[[nodiscard]] Step next_attempt(const std::optional<Counter>& current, std::int64_t now,
                                const AttemptPolicy& policy) noexcept;

// The counter once a right guess took one failure back: one failure fewer, and the block that
// count would have set at the last attempt (none at or below the free attempts).
[[nodiscard]] Counter forgiven(const Counter& current, const AttemptPolicy& policy) noexcept;

// min(base * 2^exponent, max) without overflow; never below zero.
[[nodiscard]] std::int64_t block_seconds(std::int64_t exponent,
                                         const AttemptPolicy& policy) noexcept;

// Counters that are not blocked and were last used before `now - policy.forget_after_seconds`
// are forgotten (pruned) at most this often by each store.
inline constexpr std::int64_t kPruneIntervalSeconds = 600;

}  // namespace lkm::store::attempts
