// auth::parse_jwks over any bytes (what a provider, or whoever answers for it, can serve).
// Properties: a refusal, and each skipped key, says why in one of a few fixed texts; an accepted
// set holds at least one key and no more entries than the limit; every key is a public key of its
// stated type (RSA of 2048 to 8192 bits, P-256 or Ed25519) with a well-formed kid and a "sig" or
// empty use; every entry is either a key or a skipped one, in document order; reading again gives
// the same keys.
#include <openssl/evp.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <set>
#include <string>
#include <string_view>

#include "auth/jwk.hpp"
#include "core/text.hpp"

namespace {

using namespace lkm;
using namespace lkm::auth;

constexpr std::size_t kMaxTexts = 128;

void check(bool condition, const char* what) {
  if (condition) return;
  std::fprintf(stderr, "property violated: %s\n", what);
  std::abort();
}

// Messages and reasons quoting the document would make new texts without end.
void check_fixed_text(const std::string& text) {
  static std::set<std::string> texts;
  texts.insert(text);
  check(!text.empty() && texts.size() <= kMaxTexts, "a reason is one of a few fixed texts");
}

bool is_a(const Jwk& jwk) {
  EVP_PKEY* key = jwk.key.get();
  switch (jwk.type) {
    case KeyType::rsa: {
      const int bits = EVP_PKEY_get_bits(key);
      return EVP_PKEY_is_a(key, "RSA") == 1 && bits >= 2048 && bits <= 8192;
    }
    case KeyType::ec_p256: return EVP_PKEY_is_a(key, "EC") == 1 && EVP_PKEY_get_bits(key) == 256;
    case KeyType::ed25519: return EVP_PKEY_is_a(key, "ED25519") == 1;
  }
  return false;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view document(reinterpret_cast<const char*>(data), size);  // NOLINT
  const auto jwks = parse_jwks(document);
  if (!jwks) {
    check(to_string(jwks.error().code) != "unknown", "a refusal says why");
    check_fixed_text(jwks.error().message);
    return 0;
  }
  check(document.size() <= kMaxJwksBytes, "size limit");
  check(!jwks->keys.empty(), "an accepted set has a key");
  check(jwks->keys.size() + jwks->skipped.size() <= kMaxJwksKeys, "key limit");
  for (const Jwk& key : jwks->keys) {
    check(key.key != nullptr && is_a(key), "a key is a public key of its type");
    check(key.kid.size() <= kMaxKidBytes && is_valid_utf8(key.kid) && !has_control_chars(key.kid),
          "a kid is short printable UTF-8");
    check(key.use.empty() || key.use == "sig", "only signing keys");
  }
  std::size_t previous = 0;
  for (const SkippedJwk& skipped : jwks->skipped) {
    check_fixed_text(skipped.reason);
    check(skipped.index < jwks->keys.size() + jwks->skipped.size(), "a skipped index is an entry");
    check(skipped.index >= previous, "skipped keys in document order");
    previous = skipped.index + 1;
  }

  const auto again = parse_jwks(document);
  check(again.ok() && again->keys.size() == jwks->keys.size() &&
            again->skipped.size() == jwks->skipped.size(),
        "reading is deterministic");
  for (std::size_t i = 0; i < jwks->keys.size(); ++i) {
    const Jwk& a = jwks->keys[i];
    const Jwk& b = again->keys[i];
    check(a.kid == b.kid && a.alg == b.alg && a.type == b.type &&
              EVP_PKEY_eq(a.key.get(), b.key.get()) == 1,
          "the same keys each time");
  }
  return 0;
}
