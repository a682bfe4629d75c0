#pragma once
// AbsentRooms: a short memory of the room names the store said have no host, so that joining an
// open room (the common case) answers without a store call and its hand-off to the worker pool.
//   - Only for a store this process alone uses (AccessStore::exclusive): every room with a host is
//     then created through this service, which forgets the name first. A store shared with other
//     instances would let a guest skip a new room's passcode until the memory expired.
//   - An entry lasts `ttl_seconds` whole seconds after the second it was recorded in (the clock
//     counts seconds), at most ttl + 1 s.
//   - A lookup that started before a room was created never records its stale answer: each
//     creation moves the generation on, and `remember` ignores answers from an older one.
//   - At most `capacity` names: a full memory drops its expired entries, then all of them, so that
//     a flood of distinct names costs store calls, never memory.
// Thread-safe: the connection threads share one.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/clock.hpp"

namespace lkm::services {

class AbsentRooms {
 public:
  struct Options {
    std::int64_t ttl_seconds = 1;
    std::size_t capacity = 4096;
  };
  AbsentRooms(const Clock& clock, Options options);

  // Taken before the store is asked; handed back to remember().
  [[nodiscard]] std::uint64_t generation() const;
  // Whether `room` was found without a host within the last ttl.
  [[nodiscard]] bool known_absent(std::string_view room) const;
  // The store found no host for `room` in a lookup begun at `generation`.
  void remember(const std::string& room, std::uint64_t generation);
  // `room` now has a host (or may have): forget it and every answer still in flight.
  void forget(std::string_view room);
  // Some room, its name unknown, may have a host now (a creation whose outcome is unknown).
  void forget_all();
  [[nodiscard]] std::size_t size() const;

 private:
  const Clock* clock_;
  Options options_;
  mutable std::mutex mutex_;
  std::uint64_t generation_ = 0;
  struct NameHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view name) const noexcept {
      return std::hash<std::string_view>{}(name);
    }
  };
  // name -> the Unix second it was recorded in
  std::unordered_map<std::string, std::int64_t, NameHash, std::equal_to<>> recorded_at_;
};

}  // namespace lkm::services
