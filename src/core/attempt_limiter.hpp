#pragma once
// Limits on guessing (passcodes, the organizer password): a few free attempts, then a block after
// each further attempt that doubles up to a cap. An attempt is counted before the guess is
// checked, so concurrent guesses cannot slip past the count; a right guess takes its count back
// afterwards (and with it the block it would have caused). A scope is blocked while
// now < last attempt + block_seconds(failures).
// AttemptLimiter keeps the counters of one process (per client); the store keeps the ones that
// every instance shares (per room, store::AccessStore::take_attempt), with the same rules.
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

namespace lkm {

struct AttemptPolicy {
  std::int64_t free_attempts = 20;
  std::int64_t base_block_seconds = 1;
  std::int64_t max_block_seconds = 900;
  std::int64_t forget_after_seconds = 3600;  // a counter quiet for this long starts again
};

// How long a scope with `failures` counted attempts is blocked: 0 up to policy.free_attempts,
// then base * 2^(failures - free - 1), at most max.
[[nodiscard]] std::int64_t block_seconds(const AttemptPolicy& policy, std::int64_t failures);

// Thread-safe; holds at most `max_keys` counters (blocked ones are kept before others).
class AttemptLimiter {
 public:
  AttemptLimiter(AttemptPolicy policy, std::size_t max_keys)
      : policy_(policy), max_keys_(max_keys) {}

  // 0: the attempt is counted and may go ahead. > 0: blocked for that many more seconds; nothing
  // is counted.
  std::int64_t take(std::string_view key, std::int64_t now);
  // Takes back one counted attempt (the guess was right): the block is that of one failure fewer.
  void forgive(std::string_view key);
  [[nodiscard]] std::size_t size() const;
  [[nodiscard]] const AttemptPolicy& policy() const { return policy_; }

 private:
  struct Counter {
    std::int64_t failures = 0;
    std::int64_t last_attempt_at = 0;
  };
  [[nodiscard]] std::int64_t blocked_until(const Counter& counter) const;
  void make_room(std::int64_t now);  // requires mutex_

  AttemptPolicy policy_;
  std::size_t max_keys_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, Counter> counters_;
};

}  // namespace lkm
