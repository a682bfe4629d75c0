#include "auth/pkce.hpp"

#include <algorithm>

#include "auth/base64url.hpp"
#include "auth/hmac.hpp"

namespace lkm::auth {

bool is_code_verifier(std::string_view verifier) noexcept {
  if (verifier.size() < kMinCodeVerifierLength || verifier.size() > kMaxCodeVerifierLength) {
    return false;
  }
  return std::ranges::all_of(verifier, [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '.' || c == '_' || c == '~';
  });
}

std::optional<std::string> s256_challenge(std::string_view verifier) {
  if (!is_code_verifier(verifier)) return std::nullopt;
  const Digest digest = sha256(verifier);
  return base64url_encode(
      std::string_view(reinterpret_cast<const char*>(digest.data()), digest.size()));
}

}  // namespace lkm::auth
