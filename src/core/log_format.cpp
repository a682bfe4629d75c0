#include "core/log_format.hpp"

#include <algorithm>
#include <charconv>

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

// `value` with `decimals` digits after the point ("0" when it does not fit).
void append_fixed(std::string& out, double value, int decimals) {
  char number[64];
  const auto written =
      std::to_chars(number, number + sizeof number, value, std::chars_format::fixed, decimals);
  if (written.ec == std::errc()) {
    out.append(number, written.ptr);
  } else {
    out.push_back('0');
  }
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
  // Digits by hand: this runs for every request line.
  char stamp[] = "0000-00-00T00:00:00.000Z";
  auto put = [&stamp](std::size_t at, std::size_t width, long long value) {
    for (std::size_t i = at + width; i > at; --i) {
      stamp[i - 1] = static_cast<char>('0' + value % 10);
      value /= 10;
    }
  };
  put(0, 4, std::clamp(static_cast<long long>(static_cast<int>(date.year())), 0LL, 9999LL));
  put(5, 2, static_cast<unsigned>(date.month()));
  put(8, 2, static_cast<unsigned>(date.day()));
  put(11, 2, time.hours().count());
  put(14, 2, time.minutes().count());
  put(17, 2, time.seconds().count());
  put(20, 3, time.subseconds().count());
  out.append(stamp, sizeof stamp - 1);
}

void append_json_string(std::string& out, std::string_view text) {
  static constexpr char kHex[] = "0123456789abcdef";
  out.push_back('"');
  std::size_t i = 0;
  while (i < text.size()) {
    // Plain printable ASCII goes in as one run.
    std::size_t run = i;
    while (run < text.size()) {
      const auto c = static_cast<unsigned char>(text[run]);
      if (c < 0x20 || c >= 0x7F || c == '"' || c == '\\') break;
      ++run;
    }
    out.append(text.substr(i, run - i));
    i = run;
    if (i == text.size()) break;
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
      line.append(request->method).append(" ").append(request->path).append(" ");
      line.append(std::to_string(request->status)).append(" ");
      append_fixed(line, request->duration_ms, 2);
      line.append("ms");
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
    append_fixed(line, request->duration_ms, 3);
    append_field(line, "remote");
    append_json_string(line, request->remote);
  } else {
    append_json_string(line, message);
  }
  line.append("}\n");
  return line;
}

}  // namespace lkm::log
