#include "http/query.hpp"
#include "core/text.hpp"

#include <array>
#include <cstdio>

namespace lkm::http {
namespace {

int hex_value(char c) noexcept {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Decodes %XX at text[i] into `out`; false when text[i..] is not a well-formed escape.
bool decode_escape(std::string_view text, std::size_t i, char& out) noexcept {
  if (text.size() - i < 3) return false;
  const int high = hex_value(text[i + 1]);
  const int low = hex_value(text[i + 2]);
  if (high < 0 || low < 0) return false;
  out = static_cast<char>((high << 4) | low);
  return true;
}

// application/x-www-form-urlencoded decoding, as URLSearchParams does it.
std::string form_decode(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    char decoded = 0;
    if (c == '+') {
      out.push_back(' ');
    } else if (c == '%' && decode_escape(text, i, decoded)) {
      out.push_back(decoded);
      i += 2;
    } else {
      out.push_back(c);
    }
  }
  return out;
}

// Days since 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's civil_from_days).
void civil_from_days(std::int64_t days, std::int64_t& year, unsigned& month,
                     unsigned& day) noexcept {
  days += 719468;
  const std::int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  const auto doe = static_cast<unsigned>(days - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  day = doy - (153 * mp + 2) / 5 + 1;
  month = mp < 10 ? mp + 3 : mp - 9;
  year = static_cast<std::int64_t>(yoe) + era * 400 + (month <= 2 ? 1 : 0);
}

// Whether every '%' of `text` starts a well-formed escape.
bool escapes_well_formed(std::string_view text) noexcept {
  for (std::size_t i = text.find('%'); i != std::string_view::npos; i = text.find('%', i + 1)) {
    char ignored = 0;
    if (!decode_escape(text, i, ignored)) return false;
  }
  return true;
}

}  // namespace

std::optional<std::string> malformed_query_param(std::string_view query) {
  while (!query.empty()) {
    const std::size_t amp = query.find('&');
    const std::string_view pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
    if (escapes_well_formed(pair)) continue;
    const std::string_view name = pair.substr(0, pair.find('='));
    std::string decoded = form_decode(name);
    if (decoded.size() > 64) decoded.resize(64);
    return decoded;
  }
  return std::nullopt;
}

std::optional<std::string> query_param(std::string_view query, std::string_view name) {
  while (!query.empty()) {
    const std::size_t amp = query.find('&');
    const std::string_view pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
    if (pair.empty()) continue;
    const std::size_t eq = pair.find('=');
    const std::string_view key = pair.substr(0, eq);
    if (form_decode(key) != name) continue;
    return eq == std::string_view::npos ? std::string() : form_decode(pair.substr(eq + 1));
  }
  return std::nullopt;
}

std::optional<std::string> percent_decode(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '%') {
      out.push_back(text[i]);
      continue;
    }
    char decoded = 0;
    if (!decode_escape(text, i, decoded)) return std::nullopt;
    out.push_back(decoded);
    i += 2;
  }
  return out;
}

std::optional<std::string_view> cookie_value(std::string_view cookie_header,
                                             std::string_view name) {
  while (!cookie_header.empty()) {
    const std::size_t semi = cookie_header.find(';');
    const std::string_view pair = trim_ows(cookie_header.substr(0, semi));
    cookie_header =
        semi == std::string_view::npos ? std::string_view() : cookie_header.substr(semi + 1);
    const std::size_t eq = pair.find('=');
    if (eq == std::string_view::npos) continue;
    if (trim_ows(pair.substr(0, eq)) == name) return trim_ows(pair.substr(eq + 1));
  }
  return std::nullopt;
}

std::string http_date(std::int64_t unix_seconds) {
  static constexpr std::array<const char*, 7> kDays = {"Thu", "Fri", "Sat", "Sun",
                                                       "Mon", "Tue", "Wed"};
  static constexpr std::array<const char*, 12> kMonths = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                          "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  std::int64_t days = unix_seconds / 86400;
  std::int64_t secs = unix_seconds % 86400;
  if (secs < 0) {
    secs += 86400;
    days -= 1;
  }
  std::int64_t year = 0;
  unsigned month = 1;
  unsigned day = 1;
  civil_from_days(days, year, month, day);
  const auto weekday = static_cast<std::size_t>(((days % 7) + 7) % 7);  // 1970-01-01 was a Thursday
  if (year >= 0 && year <= 9999) {
    // The common case without printf: "Thu, 01 Jan 1970 00:00:00 GMT".
    std::string text(kDays[weekday]);
    const auto two = [&text](std::int64_t value) {
      text += static_cast<char>('0' + value / 10);
      text += static_cast<char>('0' + value % 10);
    };
    text += ", ";
    two(day);
    text += ' ';
    text += kMonths[month - 1];
    text += ' ';
    two(year / 100);
    two(year % 100);
    text += ' ';
    two(secs / 3600);
    text += ':';
    two((secs / 60) % 60);
    text += ':';
    two(secs % 60);
    text += " GMT";
    return text;
  }
  char out[64];
  const int n = std::snprintf(
      out, sizeof out, "%s, %02u %s %04lld %02lld:%02lld:%02lld GMT", kDays[weekday], day,
      kMonths[month - 1], static_cast<long long>(year), static_cast<long long>(secs / 3600),
      static_cast<long long>((secs / 60) % 60), static_cast<long long>(secs % 60));
  return std::string(out, n > 0 ? static_cast<std::size_t>(n) : 0);
}

}  // namespace lkm::http
