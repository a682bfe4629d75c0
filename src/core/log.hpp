#pragma once
// A minimal line logger to stderr. Callers pass what may be logged: identities, rooms, paths
// without query strings. Never a token, a secret or a cookie.
#include <string_view>

namespace lkm::log {

enum class Level { debug, info, warn, error };

void set_min_level(Level level) noexcept;
void write(Level level, std::string_view message);

inline void info(std::string_view message) {
  write(Level::info, message);
}
inline void warn(std::string_view message) {
  write(Level::warn, message);
}
inline void error(std::string_view message) {
  write(Level::error, message);
}

}  // namespace lkm::log
