#pragma once
// Checks on untrusted text before it reaches a token or a log line.
#include <algorithm>
#include <string_view>

namespace lkm {

// True when `text` is well-formed UTF-8 (no overlongs, no surrogates, nothing above U+10FFFF).
[[nodiscard]] bool is_valid_utf8(std::string_view text) noexcept;

// True when `text` contains a C0 control character, DEL, or a C1 control (U+0080..U+009F).
// Expects valid UTF-8.
[[nodiscard]] bool has_control_chars(std::string_view text) noexcept;

// True when `text` contains a character that changes how the text around it reads without being
// seen: bidirectional marks, embeddings, overrides and isolates (U+061C, U+200E, U+200F,
// U+202A..U+202E, U+2066..U+2069) and zero-width characters (U+180E, U+200B..U+200D, U+2060,
// U+FEFF). Such characters let one name pass for another. Expects valid UTF-8.
[[nodiscard]] bool has_invisible_format_chars(std::string_view text) noexcept;

// ASCII-only case folding, for protocol tokens (header values, units, codings): never locale-aware.
[[nodiscard]] constexpr char ascii_lower(char c) noexcept {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

[[nodiscard]] constexpr bool ascii_iequals(std::string_view a, std::string_view b) noexcept {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return ascii_lower(x) == ascii_lower(y);
         });
}

// Strips HTTP's optional whitespace (spaces and tabs) from both ends.
[[nodiscard]] constexpr std::string_view trim_ows(std::string_view text) noexcept {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

}  // namespace lkm
