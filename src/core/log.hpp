#pragma once
// A minimal line logger to stderr. Callers pass what may be logged: identities, rooms, paths
// without query strings or secret segments. Never a token, a secret or a cookie.
// Text lines: "<time> <level> <message>"; JSON lines (--log-format json): one object per line
// with "time" (RFC 3339, UTC, milliseconds), "level", "msg", and for requests "method", "path",
// "status", "duration_ms" and "remote" (see log_format.hpp).
// Each line is formatted whole and written with one write(2), no stdio and no lock: lines up to
// PIPE_BUF bytes never interleave; longer ones (rare) are written under a mutex.
#include <string_view>

namespace lkm::log {

enum class Level { debug, info, warn, error };
enum class Format { text, json };

void set_min_level(Level level) noexcept;
void set_format(Format format) noexcept;
void write(Level level, std::string_view message);

// One answered HTTP request, logged at info level.
struct RequestLine {
  std::string_view method;
  std::string_view path;  // without the query
  unsigned status = 0;
  double duration_ms = 0;
  std::string_view remote;  // the client's address
};
void request(const RequestLine& line);

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
