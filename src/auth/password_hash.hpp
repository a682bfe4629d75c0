#pragma once
// Salted slow hashes of short secrets (room passcodes, the organizer password): PBKDF2 with
// HMAC-SHA256, written as "pbkdf2-sha256$<iterations>$<salt>$<base64url hash>". The salt is text
// without '$'; verification reads the iterations from the hash, so they can be raised later.
#include <optional>
#include <string>
#include <string_view>

namespace lkm::auth {

inline constexpr unsigned kPasswordHashIterations = 100'000;

// Empty when the salt is empty or contains '$', or iterations is 0.
[[nodiscard]] std::string hash_password(std::string_view password, std::string_view salt,
                                        unsigned iterations = kPasswordHashIterations);

// Constant-time comparison of the derived key; false for a malformed hash.
[[nodiscard]] bool verify_password(std::string_view password, std::string_view encoded);

// Whether `encoded` has the form hash_password writes (1 to 10,000,000 iterations).
[[nodiscard]] bool is_password_hash(std::string_view encoded);

}  // namespace lkm::auth
