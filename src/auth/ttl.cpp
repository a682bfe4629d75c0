#include "auth/ttl.hpp"
#include "core/text.hpp"

#include <array>
#include <charconv>
#include <cmath>
#include <cstdint>

namespace lkm::auth {
namespace {

// The largest lifetime accepted: JavaScript's Number.MAX_SAFE_INTEGER seconds, beyond which the
// SDK itself could not count exactly.
constexpr double kMaxSeconds = 9007199254740991.0;

constexpr double kMinute = 60;
constexpr double kHour = 60 * kMinute;
constexpr double kDay = 24 * kHour;
constexpr double kWeek = 7 * kDay;
constexpr double kYear = 365.25 * kDay;

struct Unit {
  std::string_view name;
  double seconds;
};
// clang-format off
constexpr std::array<Unit, 26> kUnits{{
    {"s", 1}, {"sec", 1}, {"secs", 1}, {"second", 1}, {"seconds", 1},
    {"m", kMinute}, {"min", kMinute}, {"mins", kMinute}, {"minute", kMinute}, {"minutes", kMinute},
    {"h", kHour}, {"hr", kHour}, {"hrs", kHour}, {"hour", kHour}, {"hours", kHour},
    {"d", kDay}, {"day", kDay}, {"days", kDay},
    {"w", kWeek}, {"week", kWeek}, {"weeks", kWeek},
    {"y", kYear}, {"yr", kYear}, {"yrs", kYear}, {"year", kYear}, {"years", kYear},
}};
// clang-format on

std::string invalid(std::string_view text, std::string_view reason) {
  std::string message = "invalid TTL \"";
  message.append(text).append("\": ").append(reason);
  message.append(
      "; expected a positive whole number of seconds (\"90\") or a number and a unit, e.g. "
      "\"10m\", \"5h\", \"2d\", \"1w\", \"2 days\", \"1.5h\", \"1y\" (units: s, sec(s), "
      "second(s), m, min(s), minute(s), h, hr(s), hour(s), d, day(s), w, week(s), y, yr(s), "
      "year(s); case-insensitive; optional \" from now\")");
  return message;
}

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}
bool is_letter(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

const Unit* find_unit(std::string_view word) {
  for (const Unit& unit : kUnits) {
    if (ascii_iequals(unit.name, word)) return &unit;
  }
  return nullptr;
}

// JavaScript's Math.round for a non-negative finite value: ties go up.
double js_round(double value) {
  const double floor = std::floor(value);
  return value - floor >= 0.5 ? floor + 1 : floor;
}

Result<std::chrono::seconds, std::string> checked(std::string_view text, double seconds) {
  if (!(seconds <= kMaxSeconds)) return fail(invalid(text, "too large"));
  if (seconds < 1) return fail(invalid(text, "must be positive"));
  return std::chrono::seconds(static_cast<std::int64_t>(seconds));
}

}  // namespace

Result<std::chrono::seconds, std::string> parse_ttl(std::string_view text) {
  // ^(\+|-)? ?(\d+|\d+\.\d+) ?(unit)(?: (ago|from now))?$, case-insensitive, as jose 5 reads it.
  std::size_t pos = 0;
  const auto at = [&](std::size_t i) { return i < text.size() ? text[i] : '\0'; };
  const char sign = (at(pos) == '+' || at(pos) == '-') ? text[pos++] : '\0';
  if (at(pos) == ' ') ++pos;
  const std::size_t number_start = pos;
  while (is_digit(at(pos))) ++pos;
  if (pos == number_start) return fail(invalid(text, "no number"));
  if (at(pos) == '.' && is_digit(at(pos + 1))) {
    ++pos;
    while (is_digit(at(pos))) ++pos;
  }
  const std::string_view number = text.substr(number_start, pos - number_start);
  if (at(pos) == ' ') ++pos;
  const std::size_t unit_start = pos;
  while (is_letter(at(pos))) ++pos;
  // A bare integer ("90") means seconds, as a number does in the SDK.
  static constexpr Unit kBareSeconds{"", 1};
  const bool bare = number.size() == text.size() && number.find('.') == std::string_view::npos;
  const Unit* unit = bare ? &kBareSeconds : find_unit(text.substr(unit_start, pos - unit_start));
  if (unit == nullptr) return fail(invalid(text, "unknown or missing unit"));
  const std::string_view suffix = text.substr(pos);
  const bool ago = ascii_iequals(suffix, " ago");
  if (!suffix.empty() && !ago && !ascii_iequals(suffix, " from now")) {
    return fail(invalid(text, "unexpected text after the unit"));
  }
  if (!suffix.empty() && sign != '\0') return fail(invalid(text, "a sign and a suffix together"));
  // jose only negates a lower-case "ago"; any spelling of it is refused here, as is a '-'.
  if (sign == '-' || ago) return fail(invalid(text, "must be positive"));

  double value = 0;
  const auto [end, error] = std::from_chars(number.data(), number.data() + number.size(), value);
  if (error == std::errc::result_out_of_range) return fail(invalid(text, "too large"));
  if (error != std::errc() || end != number.data() + number.size()) {
    return fail(invalid(text, "no number"));
  }
  return checked(text, js_round(value * unit->seconds));
}

}  // namespace lkm::auth
