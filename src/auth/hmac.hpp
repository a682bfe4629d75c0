#pragma once
// HMAC-SHA256 and SHA-256 through OpenSSL 3, plus a constant-time comparison.
#include <array>
#include <cstdint>
#include <string_view>

namespace lkm::auth {

using Digest = std::array<std::uint8_t, 32>;

[[nodiscard]] Digest hmac_sha256(std::string_view key, std::string_view message);
[[nodiscard]] Digest sha256(std::string_view message);

// Compares in time that depends only on the lengths (CRYPTO_memcmp).
[[nodiscard]] bool constant_time_equal(std::string_view a, std::string_view b) noexcept;

}  // namespace lkm::auth
