#pragma once
// Checks on untrusted text before it reaches a token or a log line.
#include <string_view>

namespace lkm {

// True when `text` is well-formed UTF-8 (no overlongs, no surrogates, nothing above U+10FFFF).
[[nodiscard]] bool is_valid_utf8(std::string_view text) noexcept;

// True when `text` contains a C0 control character, DEL, or a C1 control (U+0080..U+009F).
// Expects valid UTF-8.
[[nodiscard]] bool has_control_chars(std::string_view text) noexcept;

}  // namespace lkm
