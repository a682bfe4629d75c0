#pragma once
// Proof Key for Code Exchange (RFC 7636) with the S256 method: the code verifier a sign-in keeps
// and the challenge the authorization request carries, so that a stolen authorization code is
// worth nothing without the verifier.
#include <optional>
#include <string>
#include <string_view>

namespace lkm::auth {

inline constexpr std::size_t kMinCodeVerifierLength = 43;
inline constexpr std::size_t kMaxCodeVerifierLength = 128;

// Whether `verifier` is one: 43 to 128 characters of [A-Za-z0-9-._~] (RFC 7636, section 4.1).
[[nodiscard]] bool is_code_verifier(std::string_view verifier) noexcept;

// BASE64URL(SHA256(verifier)), without padding (section 4.2); nullopt for what is not a verifier.
[[nodiscard]] std::optional<std::string> s256_challenge(std::string_view verifier);

}  // namespace lkm::auth
