#pragma once
// JSON Web Key Sets (RFC 7517) as an OpenID Provider publishes them at its `jwks_uri`: the public
// keys its ID tokens are signed with. Read: RSA (`n`, `e`; 2048 to 8192 bits), EC P-256 (`x`, `y`,
// the point checked to be on the curve) and Ed25519 (OKP, `x`; RFC 8037) when this OpenSSL offers
// it. As RFC 7517 section 5 asks, a key that cannot be used is skipped, not fatal to the set: one
// of another type or curve, with a `use` other than "sig", or `key_ops` without "verify"; and a
// malformed one (a member missing, of the wrong type, not base64url, out of range), which is
// recorded with the reason. The document itself is bounded: kMaxJwksBytes, kMaxJwksKeys entries.
#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <openssl/types.h>

#include "core/result.hpp"

namespace lkm::auth {

inline constexpr std::size_t kMaxJwksBytes = std::size_t{128} * 1024;
inline constexpr std::size_t kMaxJwksKeys = 64;  // entries of "keys", usable or not
inline constexpr std::size_t kMaxKidBytes = 256;

// A public key, shared by the copies of its Jwk; OpenSSL 3 lets several threads verify with one
// key at once. Freed with the last copy.
using PublicKey = std::shared_ptr<EVP_PKEY>;

enum class KeyType { rsa, ec_p256, ed25519 };
[[nodiscard]] std::string_view to_string(KeyType type) noexcept;

struct Jwk {
  KeyType type = KeyType::rsa;
  std::string kid;  // empty when absent; UTF-8 without control characters, kMaxKidBytes at most
  std::string alg;  // the one algorithm the provider ties the key to; empty when absent
  std::string use;  // "sig", or empty when absent
  PublicKey key;    // never null
};

// A key of "keys" that was left out, for the log.
struct SkippedJwk {
  std::size_t index = 0;   // position in "keys"
  std::string kid;         // empty when absent or itself malformed
  bool malformed = false;  // true: refused; false: a type, curve or use this reader leaves out
  std::string reason;      // for people; names members, never their values
};

struct Jwks {
  std::vector<Jwk> keys;  // in document order
  std::vector<SkippedJwk> skipped;
};

enum class JwksError {
  too_large,      // longer than kMaxJwksBytes
  malformed,      // not a JSON object whose "keys" is an array
  too_many_keys,  // more than kMaxJwksKeys entries
  no_usable_key,  // every entry was skipped: a set that verifies nothing replaces no other
};
[[nodiscard]] std::string_view to_string(JwksError error) noexcept;

struct JwksFailure {
  JwksError code;
  std::string message;  // for people; never quotes the document
};

[[nodiscard]] Result<Jwks, JwksFailure> parse_jwks(std::string_view document);

// Whether this OpenSSL can verify Ed25519 signatures (not every FIPS configuration can).
[[nodiscard]] bool ed25519_available() noexcept;

}  // namespace lkm::auth
