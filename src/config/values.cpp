#include "config/values.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <limits>
#include <optional>
#include <utility>

namespace lkm::config {
namespace {

// Splits "10s" into 10 and "s"; nullopt when there are no leading digits or they overflow.
std::optional<std::pair<std::uint64_t, std::string_view>> number_and_unit(std::string_view text) {
  std::uint64_t number = 0;
  const auto* const end = text.data() + text.size();
  const auto [rest, ec] = std::from_chars(text.data(), end, number);
  if (ec != std::errc() || rest == text.data()) return std::nullopt;
  return std::pair{number, std::string_view(rest, static_cast<std::size_t>(end - rest))};
}

std::string range_text(std::uint64_t min, std::uint64_t max) {
  return "between " + std::to_string(min) + " and " + std::to_string(max);
}

}  // namespace

Result<std::uint64_t, std::string> parse_integer(std::string_view text, std::uint64_t min,
                                                 std::uint64_t max) {
  const auto parsed = number_and_unit(text);
  if (!parsed || !parsed->second.empty()) {
    return fail("must be a whole number " + range_text(min, max) + ", not \"" + std::string(text) +
                "\"");
  }
  if (parsed->first < min || parsed->first > max) return fail("must be " + range_text(min, max));
  return parsed->first;
}

Result<std::chrono::milliseconds, std::string> parse_duration(std::string_view text,
                                                              std::chrono::milliseconds min,
                                                              std::chrono::milliseconds max) {
  const std::string bounds = "between " + format_duration(min) + " and " + format_duration(max);
  const auto parsed = number_and_unit(text);
  constexpr std::array<std::pair<std::string_view, std::uint64_t>, 6> kUnits = {
      {{"ms", 1}, {"s", 1000}, {"", 1000}, {"m", 60'000}, {"h", 3'600'000}, {"d", 86'400'000}}};
  if (parsed) {
    for (const auto& [unit, scale] : kUnits) {
      if (parsed->second != unit) continue;
      if (parsed->first > std::numeric_limits<std::uint64_t>::max() / scale) break;
      const std::chrono::milliseconds value(static_cast<std::int64_t>(parsed->first * scale));
      if (value < min || value > max) return fail("must be " + bounds);
      return value;
    }
  }
  return fail("must be a duration such as 500ms, 10s, 2m, 1h or 30d (" + bounds + "), not \"" +
              std::string(text) + "\"");
}

Result<std::uint64_t, std::string> parse_size(std::string_view text, std::uint64_t min,
                                              std::uint64_t max) {
  const std::string bounds = "between " + format_size(min) + " and " + format_size(max);
  const auto parsed = number_and_unit(text);
  constexpr std::array<std::pair<std::string_view, std::uint64_t>, 7> kUnits = {
      {{"", 1},
       {"K", 1024},
       {"KB", 1024},
       {"KiB", 1024},
       {"M", 1024 * 1024},
       {"MB", 1024 * 1024},
       {"MiB", 1024 * 1024}}};
  if (parsed) {
    for (const auto& [unit, scale] : kUnits) {
      if (parsed->second != unit) continue;
      if (parsed->first > max / scale) return fail("must be " + bounds);
      const std::uint64_t value = parsed->first * scale;
      if (value < min) return fail("must be " + bounds);
      return value;
    }
  }
  return fail("must be a size such as 65536, 64KiB or 1MiB (" + bounds + "), not \"" +
              std::string(text) + "\"");
}

Result<bool, std::string> parse_bool(std::string_view text) {
  for (std::string_view yes : {"true", "yes", "on", "1"}) {
    if (text == yes) return true;
  }
  for (std::string_view no : {"false", "no", "off", "0"}) {
    if (text == no) return false;
  }
  return fail("must be true or false, not \"" + std::string(text) + "\"");
}

std::string format_duration(std::chrono::milliseconds value) {
  const auto ms = value.count();
  if (ms % 86'400'000 == 0 && ms != 0) return std::to_string(ms / 86'400'000) + "d";
  if (ms % 3'600'000 == 0 && ms != 0) return std::to_string(ms / 3'600'000) + "h";
  if (ms % 60'000 == 0 && ms != 0) return std::to_string(ms / 60'000) + "m";
  if (ms % 1000 == 0) return std::to_string(ms / 1000) + "s";
  return std::to_string(ms) + "ms";
}

std::string format_size(std::uint64_t bytes) {
  constexpr std::uint64_t kMiB = std::uint64_t{1024} * 1024;
  if (bytes != 0 && bytes % kMiB == 0) return std::to_string(bytes / kMiB) + "MiB";
  if (bytes != 0 && bytes % 1024 == 0) return std::to_string(bytes / 1024) + "KiB";
  return std::to_string(bytes);
}

bool is_host_name(std::string_view name) {
  if (name.empty() || name.size() > 253) return false;
  std::size_t start = 0;
  while (start <= name.size()) {
    const std::size_t end = std::min(name.find('.', start), name.size());
    const std::string_view label = name.substr(start, end - start);
    if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-')
      return false;
    const bool valid = std::all_of(label.begin(), label.end(), [](char c) {
      return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
    });
    if (!valid) return false;
    start = end + 1;
  }
  return true;
}

}  // namespace lkm::config
