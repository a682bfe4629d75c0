#include "services/absent_rooms.hpp"

#include <algorithm>

namespace lkm::services {

AbsentRooms::AbsentRooms(const Clock& clock, Options options) : clock_(&clock), options_(options) {
  options_.capacity = std::max<std::size_t>(1, options_.capacity);
}

std::uint64_t AbsentRooms::generation() const {
  const std::lock_guard lock(mutex_);
  return generation_;
}

bool AbsentRooms::known_absent(std::string_view room) const {
  const std::int64_t now = clock_->now_unix();
  const std::lock_guard lock(mutex_);
  const auto found = recorded_at_.find(room);
  return found != recorded_at_.end() && now - found->second <= options_.ttl_seconds &&
         now >= found->second;
}

void AbsentRooms::remember(const std::string& room, std::uint64_t generation) {
  if (options_.ttl_seconds <= 0) return;
  const std::int64_t now = clock_->now_unix();
  const std::lock_guard lock(mutex_);
  if (generation != generation_) return;
  if (recorded_at_.size() >= options_.capacity && !recorded_at_.contains(room)) {
    std::erase_if(recorded_at_, [&](const auto& entry) {
      return now - entry.second > options_.ttl_seconds || now < entry.second;
    });
    if (recorded_at_.size() >= options_.capacity) recorded_at_.clear();
  }
  recorded_at_[room] = now;
}

void AbsentRooms::forget(std::string_view room) {
  const std::lock_guard lock(mutex_);
  ++generation_;
  if (const auto found = recorded_at_.find(room); found != recorded_at_.end()) {
    recorded_at_.erase(found);
  }
}

void AbsentRooms::forget_all() {
  const std::lock_guard lock(mutex_);
  ++generation_;
  recorded_at_.clear();
}

std::size_t AbsentRooms::size() const {
  const std::lock_guard lock(mutex_);
  return recorded_at_.size();
}

}  // namespace lkm::services
