#pragma once
// Clock: the one source of "now" (Unix seconds, or milliseconds). Injected wherever time decides
// an outcome so that tests can pin it.
#include <chrono>
#include <cstdint>

namespace lkm {

class Clock {
 public:
  virtual ~Clock() = default;
  [[nodiscard]] virtual std::int64_t now_unix() const = 0;
  // Milliseconds, where an order within a second matters (a clock that counts seconds gives the
  // start of the second).
  [[nodiscard]] virtual std::int64_t now_unix_ms() const { return now_unix() * 1000; }
};

class SystemClock final : public Clock {
 public:
  [[nodiscard]] std::int64_t now_unix() const override {
    return std::chrono::duration_cast<std::chrono::seconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
  }
  [[nodiscard]] std::int64_t now_unix_ms() const override {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
  }
};

class FixedClock final : public Clock {
 public:
  explicit FixedClock(std::int64_t now) : now_ms_(now * 1000) {}
  [[nodiscard]] std::int64_t now_unix() const override { return now_ms_ / 1000; }
  [[nodiscard]] std::int64_t now_unix_ms() const override { return now_ms_; }
  void set(std::int64_t now) { now_ms_ = now * 1000; }
  void set_ms(std::int64_t now_ms) { now_ms_ = now_ms; }

 private:
  std::int64_t now_ms_;
};

}  // namespace lkm
