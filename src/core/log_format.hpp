#pragma once
// The log's line formats, as pure functions of their inputs (log.cpp adds the clock and the
// write). Text: "2024-05-01T12:00:00.123Z info message\n"; a request's message is
// "METHOD /path STATUS 1.23ms". JSON: {"time":"2024-05-01T12:00:00.123Z","level":"info",
// "msg":"..."} and for a request "msg":"request" plus "method", "path", "status" (number),
// "duration_ms" (number) and "remote"; always one line, ending in "\n".
#include <chrono>
#include <string>
#include <string_view>

#include "core/log.hpp"

namespace lkm::log {

[[nodiscard]] std::string_view level_name(Level level) noexcept;

// "2024-05-01T12:00:00.123Z" (UTC, milliseconds truncated).
void append_rfc3339(std::string& out, std::chrono::system_clock::time_point when);

// `text` as a JSON string, quotes included: " and \ escaped, control characters (and DEL) as
// \n, \t, ... or \u00XX, each byte that is not part of well-formed UTF-8 as \ufffd.
void append_json_string(std::string& out, std::string_view text);

// A whole line; `request` (may be null) makes it a request line and `message` is then ignored.
[[nodiscard]] std::string format_line(Format format, std::chrono::system_clock::time_point when,
                                      Level level, std::string_view message,
                                      const RequestLine* request = nullptr);

}  // namespace lkm::log
