#include "services/random.hpp"

#include <array>
#include <stdexcept>

#include <openssl/rand.h>

namespace lkm::services {
namespace {

// Bytes from OpenSSL's CSPRNG, drawn a few hundred at a time per thread: one call to the
// generator (its locks, its fork check) serves many strings. Each byte is handed out once and
// wiped as it is taken.
class BytePool {
 public:
  unsigned char take() {
    if (next_ == bytes_.size()) refill();
    const unsigned char byte = bytes_[next_];
    bytes_[next_++] = 0;
    return byte;
  }

 private:
  void refill() {
    if (RAND_bytes(bytes_.data(), static_cast<int>(bytes_.size())) != 1) {
      throw std::runtime_error("the system random number generator failed");
    }
    next_ = 0;
  }
  std::array<unsigned char, 256> bytes_{};
  std::size_t next_ = bytes_.size();
};

thread_local BytePool pool;

}  // namespace

std::string random_lower_alnum(std::size_t length) {
  static constexpr std::string_view kAlphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
  // 252 = 7 * 36: bytes at or above it are dropped so every character is equally likely.
  constexpr unsigned kLimit = 252;
  std::string out;
  out.reserve(length);
  while (out.size() < length) {
    const unsigned char byte = pool.take();
    if (byte >= kLimit) continue;
    out.push_back(kAlphabet[byte % kAlphabet.size()]);
  }
  return out;
}

}  // namespace lkm::services
