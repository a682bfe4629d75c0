#include "auth/password_hash.hpp"

#include <openssl/evp.h>

#include <array>
#include <charconv>
#include <climits>
#include <cstdint>
#include <vector>

#include "auth/base64url.hpp"
#include "auth/hmac.hpp"

namespace lkm::auth {
namespace {

constexpr std::string_view kScheme = "pbkdf2-sha256";
constexpr unsigned kMaxIterations = 10'000'000;
constexpr std::size_t kKeyBytes = 32;

struct Parsed {
  unsigned iterations = 0;
  std::string_view salt;
  std::string key;  // decoded
};

std::optional<Parsed> parse(std::string_view encoded) {
  std::array<std::string_view, 4> parts;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    const auto dollar = encoded.find('$');
    if ((dollar == std::string_view::npos) != (i == parts.size() - 1)) return std::nullopt;
    parts.at(i) = encoded.substr(0, dollar);
    if (dollar != std::string_view::npos) encoded.remove_prefix(dollar + 1);
  }
  if (parts[0] != kScheme || parts[2].empty()) return std::nullopt;
  Parsed out;
  const auto [end, ec] =
      std::from_chars(parts[1].data(), parts[1].data() + parts[1].size(), out.iterations);
  if (ec != std::errc() || end != parts[1].data() + parts[1].size() || out.iterations == 0 ||
      out.iterations > kMaxIterations) {
    return std::nullopt;
  }
  auto key = base64url_decode(parts[3]);
  if (!key || key->size() != kKeyBytes) return std::nullopt;
  out.salt = parts[2];
  out.key = std::move(*key);
  return out;
}

std::string derive(std::string_view password, std::string_view salt, unsigned iterations) {
  std::string key(kKeyBytes, '\0');
  if (password.size() > INT_MAX || salt.size() > INT_MAX || iterations > INT_MAX) return {};
  const int ok = PKCS5_PBKDF2_HMAC(
      password.data(), static_cast<int>(password.size()),
      reinterpret_cast<const unsigned char*>(salt.data()),  // NOLINT: OpenSSL's byte pointers
      static_cast<int>(salt.size()), static_cast<int>(iterations), EVP_sha256(),
      static_cast<int>(key.size()),
      reinterpret_cast<unsigned char*>(key.data()));  // NOLINT: OpenSSL's byte pointers
  if (ok != 1) return {};
  return key;
}

}  // namespace

std::string hash_password(std::string_view password, std::string_view salt, unsigned iterations) {
  if (salt.empty() || salt.find('$') != std::string_view::npos || iterations == 0 ||
      iterations > kMaxIterations) {
    return {};
  }
  const std::string key = derive(password, salt, iterations);
  if (key.empty()) return {};
  std::string out(kScheme);
  out += '$';
  out += std::to_string(iterations);
  out += '$';
  out += salt;
  out += '$';
  out += base64url_encode(key);
  return out;
}

bool verify_password(std::string_view password, std::string_view encoded) {
  const auto parsed = parse(encoded);
  if (!parsed) return false;
  const std::string key = derive(password, parsed->salt, parsed->iterations);
  return !key.empty() && constant_time_equal(key, parsed->key);
}

bool is_password_hash(std::string_view encoded) {
  return parse(encoded).has_value();
}

}  // namespace lkm::auth
