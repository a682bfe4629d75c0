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

// Appends whole 3-byte groups and the tail, written in place after one resize; pads the tail with
// '=' when `pad` is set.
void encode_into(std::string& out, std::string_view bytes, std::string_view alphabet, bool pad) {
  const std::size_t whole = bytes.size() / 3;
  const std::size_t rest = bytes.size() % 3;
  const std::size_t tail = rest == 0 ? 0 : (pad ? 4 : rest + 1);
  const std::size_t start = out.size();
  out.resize(start + whole * 4 + tail);
  char* dst = out.data() + start;
  const auto* src = reinterpret_cast<const std::uint8_t*>(bytes.data());  // NOLINT
  const char* const abc = alphabet.data();
  for (std::size_t g = 0; g < whole; ++g, src += 3, dst += 4) {
    const std::uint32_t group =
        (std::uint32_t{src[0]} << 16U) | (std::uint32_t{src[1]} << 8U) | std::uint32_t{src[2]};
    dst[0] = abc[(group >> 18U) & 0x3FU];
    dst[1] = abc[(group >> 12U) & 0x3FU];
    dst[2] = abc[(group >> 6U) & 0x3FU];
    dst[3] = abc[group & 0x3FU];
  }
  if (rest == 0) return;
  std::uint32_t group = std::uint32_t{src[0]} << 16U;
  if (rest == 2) group |= std::uint32_t{src[1]} << 8U;
  dst[0] = abc[(group >> 18U) & 0x3FU];
  dst[1] = abc[(group >> 12U) & 0x3FU];
  if (rest == 2) dst[2] = abc[(group >> 6U) & 0x3FU];
  if (pad) {
    if (rest == 1) dst[2] = '=';
    dst[3] = '=';
  }
}

std::string encode(std::string_view bytes, std::string_view alphabet, bool pad) {
  std::string out;
  encode_into(out, bytes, alphabet, pad);
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

void base64url_append(std::string& out, std::string_view bytes) {
  encode_into(out, bytes, kUrlAlphabet, false);
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
