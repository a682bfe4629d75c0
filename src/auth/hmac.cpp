#include "auth/hmac.hpp"

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/params.h>

#include <array>
#include <limits>
#include <stdexcept>
#include <string>

namespace lkm::auth {
namespace {

const unsigned char* bytes_of(std::string_view text) {
  // OpenSSL wants unsigned bytes; a string_view's chars are the same storage.
  return reinterpret_cast<const unsigned char*>(text.data());  // NOLINT
}

[[noreturn]] void hmac_failed() {
  throw std::runtime_error("HMAC-SHA256 failed");
}

// The HMAC implementation, looked up once for the process.
EVP_MAC* hmac_algorithm() {
  static EVP_MAC* const mac = EVP_MAC_fetch(nullptr, "HMAC", nullptr);
  if (mac == nullptr) hmac_failed();
  return mac;
}

// An HMAC-SHA256 context keyed once. Setting a key up (fetching the digest, hashing the padded
// key) costs three times the HMAC of a token, and a server signs with the same few keys all day.
class KeyedContext {
 public:
  KeyedContext() = default;
  ~KeyedContext() { clear(); }
  KeyedContext(const KeyedContext&) = delete;
  KeyedContext& operator=(const KeyedContext&) = delete;

  [[nodiscard]] bool holds(std::string_view key) const {
    return ctx_ != nullptr && key.size() == key_.size() &&
           CRYPTO_memcmp(key.data(), key_.data(), key.size()) == 0;
  }

  void rekey(std::string_view key) {
    clear();
    ctx_ = EVP_MAC_CTX_new(hmac_algorithm());
    if (ctx_ == nullptr) hmac_failed();
    char digest_name[] = "SHA256";
    const std::array<OSSL_PARAM, 2> params = {
        OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest_name, 0),
        OSSL_PARAM_construct_end()};
    // A valid pointer even for an empty key: a null key means "keep the previous one".
    static constexpr unsigned char kEmpty = 0;
    const unsigned char* bytes = key.empty() ? &kEmpty : bytes_of(key);
    if (EVP_MAC_init(ctx_, bytes, key.size(), params.data()) != 1) {
      clear();
      hmac_failed();
    }
    key_.assign(key);
  }

  Digest sign(std::string_view message) {
    Digest digest{};
    std::size_t length = 0;
    // Re-initialising without a key restarts the MAC with the key already set.
    if (EVP_MAC_init(ctx_, nullptr, 0, nullptr) != 1 ||
        EVP_MAC_update(ctx_, bytes_of(message), message.size()) != 1 ||
        EVP_MAC_final(ctx_, digest.data(), &length, digest.size()) != 1 ||
        length != digest.size()) {
      hmac_failed();
    }
    return digest;
  }

 private:
  void clear() {
    EVP_MAC_CTX_free(ctx_);
    ctx_ = nullptr;
    if (!key_.empty()) OPENSSL_cleanse(key_.data(), key_.size());
    key_.clear();
  }

  EVP_MAC_CTX* ctx_ = nullptr;
  std::string key_;
};

// Each thread keeps a few keyed contexts (a server uses the API secret and two keys derived
// from it), replaced in turn when a new key comes.
constexpr std::size_t kKeyedPerThread = 4;
struct ThreadContexts {
  std::array<KeyedContext, kKeyedPerThread> slots;
  std::size_t next = 0;
};

}  // namespace

Digest hmac_sha256(std::string_view key, std::string_view message) {
  thread_local ThreadContexts contexts;
  for (auto& slot : contexts.slots) {
    if (slot.holds(key)) return slot.sign(message);
  }
  auto& slot = contexts.slots[contexts.next];
  contexts.next = (contexts.next + 1) % kKeyedPerThread;
  slot.rekey(key);
  return slot.sign(message);
}

Digest sha256(std::string_view message) {
  // Fetched once: EVP_sha256() makes every EVP_Digest look its implementation up again.
  static EVP_MD* const algorithm = EVP_MD_fetch(nullptr, "SHA256", nullptr);
  if (algorithm == nullptr) throw std::runtime_error("SHA-256 failed");
  Digest digest{};
  unsigned int length = 0;
  const int ok =
      EVP_Digest(message.data(), message.size(), digest.data(), &length, algorithm, nullptr);
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
