#include "core/log_format.hpp"

#include <charconv>
#include <cstdio>

namespace lkm::log {
namespace {

bool continuation(unsigned c) {
  return (c & 0xC0) == 0x80;
}

// The length of the well-formed UTF-8 sequence starting at text[at] (a byte >= 0x80), or 0.
std::size_t utf8_sequence(std::string_view text, std::size_t at) {
  const auto byte = [&](std::size_t i) -> unsigned {
    return at + i < text.size() ? static_cast<unsigned char>(text[at + i]) : 0U;
  };
  const unsigned lead = byte(0);
  std::size_t length = 0;
  unsigned low = 0x80;  // the second byte's range; the others are 0x80..0xBF
  unsigned high = 0xBF;
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    if (lead == 0xE0) low = 0xA0;   // no overlongs
    if (lead == 0xED) high = 0x9F;  // no surrogates
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    if (lead == 0xF0) low = 0x90;   // no overlongs
    if (lead == 0xF4) high = 0x8F;  // nothing above U+10FFFF
  } else {
    return 0;
  }
  if (byte(1) < low || byte(1) > high) return 0;
  for (std::size_t i = 2; i < length; ++i) {
    if (!continuation(byte(i))) return 0;
  }
  return length;
}

void append_field(std::string& out, std::string_view name) {
  out.append(",\"").append(name).append("\":");
}

}  // namespace

std::string_view level_name(Level level) noexcept {
  switch (level) {
    case Level::debug: return "debug";
    case Level::info: return "info";
    case Level::warn: return "warn";
    case Level::error: return "error";
  }
  return "info";
}

void append_rfc3339(std::string& out, std::chrono::system_clock::time_point when) {
  using namespace std::chrono;
  const auto millis = floor<milliseconds>(when);
  const auto day = floor<days>(millis);
  const year_month_day date{day};
  const hh_mm_ss time{millis - day};
  char stamp[40];
  const int n = std::snprintf(
      stamp, sizeof stamp, "%04d-%02u-%02uT%02d:%02d:%02d.%03dZ", static_cast<int>(date.year()),
      static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()),
      static_cast<int>(time.hours().count()), static_cast<int>(time.minutes().count()),
      static_cast<int>(time.seconds().count()), static_cast<int>(time.subseconds().count()));
  if (n > 0) out.append(stamp, static_cast<std::size_t>(n));
}

void append_json_string(std::string& out, std::string_view text) {
  static constexpr char kHex[] = "0123456789abcdef";
  out.push_back('"');
  std::size_t i = 0;
  while (i < text.size()) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c >= 0x80) {
      const std::size_t length = utf8_sequence(text, i);
      if (length == 0) {
        out += "\\ufffd";
        ++i;
      } else {
        out.append(text.substr(i, length));
        i += length;
      }
      continue;
    }
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      default:
        if (c < 0x20 || c == 0x7F) {
          out += "\\u00";
          out.push_back(kHex[c >> 4]);
          out.push_back(kHex[c & 0xF]);
        } else {
          out.push_back(static_cast<char>(c));
        }
    }
    ++i;
  }
  out.push_back('"');
}

std::string format_line(Format format, std::chrono::system_clock::time_point when, Level level,
                        std::string_view message, const RequestLine* request) {
  std::string line;
  line.reserve(96 + message.size() + (request ? request->path.size() : 0));
  if (format == Format::text) {
    append_rfc3339(line, when);
    line.push_back(' ');
    line.append(level_name(level));
    line.push_back(' ');
    if (request != nullptr) {
      char tail[48];
      const int n =
          std::snprintf(tail, sizeof tail, " %u %.2fms", request->status, request->duration_ms);
      line.append(request->method).append(" ").append(request->path);
      if (n > 0) line.append(tail, static_cast<std::size_t>(n));
    } else {
      line.append(message);
    }
    line.push_back('\n');
    return line;
  }
  line.append("{\"time\":\"");
  append_rfc3339(line, when);
  line.append("\",\"level\":\"").append(level_name(level)).append("\"");
  append_field(line, "msg");
  if (request != nullptr) {
    line.append("\"request\"");
    append_field(line, "method");
    append_json_string(line, request->method);
    append_field(line, "path");
    append_json_string(line, request->path);
    append_field(line, "status");
    line.append(std::to_string(request->status));
    append_field(line, "duration_ms");
    char number[32];
    const auto written = std::to_chars(number, number + sizeof number, request->duration_ms,
                                       std::chars_format::fixed, 3);
    line.append(number, written.ec == std::errc() ? written.ptr : number);
    if (written.ec != std::errc()) line.append("0");
    append_field(line, "remote");
    append_json_string(line, request->remote);
  } else {
    append_json_string(line, message);
  }
  line.append("}\n");
  return line;
}

}  // namespace lkm::log
