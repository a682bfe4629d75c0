#include "api/random.hpp"

#include <array>
#include <stdexcept>

#include <openssl/rand.h>

namespace lkm::api {

std::string random_lower_alnum(std::size_t length) {
  static constexpr std::string_view kAlphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
  // 252 = 7 * 36: bytes at or above it are dropped so every character is equally likely.
  constexpr unsigned kLimit = 252;
  std::string out;
  out.reserve(length);
  std::array<unsigned char, 32> pool{};
  while (out.size() < length) {
    if (RAND_bytes(pool.data(), static_cast<int>(pool.size())) != 1) {
      throw std::runtime_error("the system random number generator failed");
    }
    for (unsigned char byte : pool) {
      if (byte >= kLimit) continue;
      out.push_back(kAlphabet[byte % kAlphabet.size()]);
      if (out.size() == length) break;
    }
  }
  return out;
}

}  // namespace lkm::api
