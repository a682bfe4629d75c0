#include "auth/base64url.hpp"

#include <array>
#include <cstdint>

namespace lkm::auth {
namespace {

constexpr std::string_view kUrlAlphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
constexpr std::string_view kStdAlphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
constexpr std::uint8_t kInvalid = 0xFF;

// Encodes whole 3-byte groups and the tail; pads the tail with '=' when `pad` is set.
std::string encode(std::string_view bytes, std::string_view alphabet, bool pad) {
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  std::size_t i = 0;
  auto byte = [&](std::size_t k) {
    return static_cast<std::uint32_t>(static_cast<std::uint8_t>(bytes[k]));
  };
  for (; i + 3 <= bytes.size(); i += 3) {
    const std::uint32_t group = (byte(i) << 16U) | (byte(i + 1) << 8U) | byte(i + 2);
    for (unsigned shift : {18U, 12U, 6U, 0U}) out += alphabet[(group >> shift) & 0x3FU];
  }
  const std::size_t rest = bytes.size() - i;
  if (rest == 0) return out;
  std::uint32_t group = byte(i) << 16U;
  if (rest == 2) group |= byte(i + 1) << 8U;
  out += alphabet[(group >> 18U) & 0x3FU];
  out += alphabet[(group >> 12U) & 0x3FU];
  if (rest == 2) out += alphabet[(group >> 6U) & 0x3FU];
  if (pad) out.append(3 - rest, '=');
  return out;
}

constexpr std::array<std::uint8_t, 256> make_url_table() {
  std::array<std::uint8_t, 256> table{};
  for (auto& entry : table) entry = kInvalid;
  for (std::size_t i = 0; i < kUrlAlphabet.size(); ++i) {
    table[static_cast<std::uint8_t>(kUrlAlphabet[i])] = static_cast<std::uint8_t>(i);
  }
  return table;
}
constexpr auto kUrlTable = make_url_table();

}  // namespace

std::string base64url_encode(std::string_view bytes) {
  return encode(bytes, kUrlAlphabet, false);
}

std::string base64_encode(std::string_view bytes) {
  return encode(bytes, kStdAlphabet, true);
}

std::optional<std::string> base64url_decode(std::string_view text) {
  if (text.size() % 4 == 1) return std::nullopt;
  std::string out;
  out.reserve(text.size() / 4 * 3 + 2);
  std::uint32_t bits = 0;
  unsigned count = 0;  // bits held in `bits`
  for (const char c : text) {
    const std::uint8_t value = kUrlTable[static_cast<std::uint8_t>(c)];
    if (value == kInvalid) return std::nullopt;
    bits = (bits << 6U) | value;
    count += 6;
    if (count >= 8) {
      count -= 8;
      out += static_cast<char>((bits >> count) & 0xFFU);
      bits &= (1U << count) - 1U;
    }
  }
  // Whatever is left over are the unused low bits of the last character: they must be zero.
  if (bits != 0) return std::nullopt;
  return out;
}

}  // namespace lkm::auth
