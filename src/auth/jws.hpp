#pragma once
// The JSON Web Signature algorithms an ID token may be signed with (RFC 7518 section 3, RFC 8037)
// and the check of a signature with a key from a JWKS. RS256 is RSASSA-PKCS1-v1_5 with SHA-256;
// PS256 RSASSA-PSS with SHA-256, MGF1 with SHA-256 and a 32-byte salt; ES256 ECDSA on P-256 with
// SHA-256, its signature the 64 bytes of r and s (JOSE's form, never DER); EdDSA Ed25519.
// The HMAC algorithms and "none" have no name here: nothing can select them.
#include <optional>
#include <string>
#include <string_view>

#include "auth/jwk.hpp"

namespace lkm::auth {

enum class JwsAlg { rs256, ps256, es256, eddsa };

// The algorithm a JOSE header's "alg" names, compared exactly; nullopt for any other name.
[[nodiscard]] std::optional<JwsAlg> jws_alg_from_name(std::string_view name) noexcept;
[[nodiscard]] std::string_view to_string(JwsAlg alg) noexcept;

// Whether `key` may check `alg` signatures: its type fits the algorithm, and its own "alg", when
// it has one, is the same.
[[nodiscard]] bool key_fits(const Jwk& key, JwsAlg alg) noexcept;

// Whether `signature` (decoded) signs `signing_input` ("header.payload" as sent) under `alg` with
// `key`. False, never an error, for a key that does not fit or a signature of the wrong length.
[[nodiscard]] bool verify_jws_signature(JwsAlg alg, const Jwk& key, std::string_view signing_input,
                                        std::string_view signature);

// ES256's 64-byte r || s as the DER ECDSA-Sig-Value OpenSSL verifies; nullopt for another length.
[[nodiscard]] std::optional<std::string> es256_signature_to_der(std::string_view jose);

}  // namespace lkm::auth
