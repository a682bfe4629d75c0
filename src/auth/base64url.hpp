#pragma once
// Base64 encodings used by JWTs (RFC 4648 section 5, no padding) and by LiveKit webhooks (standard
// alphabet with padding).
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace lkm::auth {

[[nodiscard]] std::string base64url_encode(std::string_view bytes);
// The same, appended to `out`; and the length it appends for `size` bytes.
void base64url_append(std::string& out, std::string_view bytes);
[[nodiscard]] constexpr std::size_t base64url_length(std::size_t size) noexcept {
  return size / 3 * 4 + (size % 3 == 0 ? 0 : size % 3 + 1);
}

// Strict: only the URL-safe alphabet, no padding, no whitespace, and no length of 1 mod 4; the
// unused low bits of the last character must be zero (so every input has exactly one encoding).
[[nodiscard]] std::optional<std::string> base64url_decode(std::string_view text);

// Standard alphabet with '=' padding.
[[nodiscard]] std::string base64_encode(std::string_view bytes);

}  // namespace lkm::auth
