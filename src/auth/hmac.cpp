#include "auth/hmac.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <limits>
#include <stdexcept>

namespace lkm::auth {
namespace {

const unsigned char* bytes_of(std::string_view text) {
  // OpenSSL wants unsigned bytes; a string_view's chars are the same storage.
  return reinterpret_cast<const unsigned char*>(text.data());  // NOLINT
}

}  // namespace

Digest hmac_sha256(std::string_view key, std::string_view message) {
  Digest digest{};
  unsigned int length = 0;
  // HMAC() accepts a null key pointer only with length 0; pass a valid pointer either way.
  static constexpr unsigned char kEmpty = 0;
  const unsigned char* key_bytes = key.empty() ? &kEmpty : bytes_of(key);
  if (key.size() > static_cast<std::size_t>(std::numeric_limits<int>::max()) ||
      HMAC(EVP_sha256(), key_bytes, static_cast<int>(key.size()), bytes_of(message), message.size(),
           digest.data(), &length) == nullptr ||
      length != digest.size()) {
    throw std::runtime_error("HMAC-SHA256 failed");
  }
  return digest;
}

Digest sha256(std::string_view message) {
  Digest digest{};
  unsigned int length = 0;
  const int ok =
      EVP_Digest(message.data(), message.size(), digest.data(), &length, EVP_sha256(), nullptr);
  if (ok != 1 || length != digest.size()) {
    throw std::runtime_error("SHA-256 failed");
  }
  return digest;
}

bool constant_time_equal(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size()) return false;
  if (a.empty()) return true;
  return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace lkm::auth
