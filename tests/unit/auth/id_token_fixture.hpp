#pragma once
// The fixture of the ID token tests: a provider with an RSA, a P-256 and (where OpenSSL has it) an
// Ed25519 key, a payload valid at kNow, and the checks every refusal must pass.
#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

#include <boost/json/serialize.hpp>

#include "auth/id_token.hpp"
#include "jose_test_keys.hpp"

namespace lkm::auth::test {

inline constexpr std::int64_t kNow = 1700000000;
inline constexpr const char* kIssuer = "https://id.example.org/realms/staff";
inline constexpr const char* kClient = "livekit-meet";
inline constexpr const char* kNonce = "n-0S6_WzA2Mj";

// The provider's keys, made once for the whole suite (an RSA key takes a moment).
struct Keys {
  KeyPair rsa = test::make_rsa_key();
  KeyPair other_rsa = test::make_rsa_key();
  KeyPair p256 = test::make_p256_key();
  KeyPair ed25519 = test::make_ed25519_key();
};
inline const Keys& keys() {
  static const Keys made;
  return made;
}

// A payload valid at kNow for this client and nonce.
inline boost::json::object claims() {
  return {{"iss", kIssuer},
          {"sub", "248289761001"},
          {"aud", kClient},
          {"exp", kNow + 300},
          {"iat", kNow},
          {"nonce", kNonce},
          {"email", "ann@example.org"},
          {"email_verified", true},
          {"name", "Ann Example"},
          {"preferred_username", "ann"},
          {"groups", boost::json::array{"staff", "meet-organizers"}}};
}

inline std::string header(std::string_view alg, std::string_view kid) {
  boost::json::object object{{"alg", alg}, {"typ", "JWT"}};
  if (!kid.empty()) object["kid"] = kid;
  return boost::json::serialize(object);
}

class IdTokenTest : public ::testing::Test {
 protected:
  IdTokenTest() {
    std::vector<boost::json::object> published = {public_jwk(keys().rsa, "rsa-1"),
                                                  public_jwk(keys().p256, "ec-1", "ES256")};
    if (ed25519_available()) published.push_back(public_jwk(keys().ed25519, "ed-1"));
    jwks_ = *parse_jwks(test::jwks_document(published));
  }

  static IdTokenSettings settings(std::vector<std::string> algs = {"RS256", "PS256", "ES256",
                                                                   "EdDSA"}) {
    return {kIssuer, kClient, std::move(algs), kDefaultIdTokenLeeway};
  }

  // A token signed by `key` under `alg` with the given kid.
  static std::string token(const KeyPair& key, std::string_view alg, std::string_view kid,
                           const boost::json::object& payload = claims()) {
    return test::make_token(key, alg, header(alg, kid), boost::json::serialize(payload));
  }
  static std::string rs256(const boost::json::object& payload = claims()) {
    return token(keys().rsa, "RS256", "rsa-1", payload);
  }

  [[nodiscard]] Result<IdTokenClaims, IdTokenFailure> validate(
      std::string_view token, std::int64_t now = kNow, std::string_view nonce = kNonce) const {
    return validator_.validate(token, jwks_, nonce, now);
  }

  // Asserts the token is refused with `code`, and that the message quotes nothing of it.
  void expect_refused(const std::string& token, IdTokenError code, std::int64_t now = kNow,
                      std::string_view nonce = kNonce) const {
    const auto result = validate(token, now, nonce);
    ASSERT_FALSE(result.ok()) << "accepted: " << token;
    EXPECT_EQ(result.error().code, code)
        << to_string(result.error().code) << ": " << result.error().message;
    expect_quiet(result.error(), token);
  }

  static void expect_quiet(const IdTokenFailure& failure, std::string_view token) {
    EXPECT_FALSE(failure.message.empty());
    for (std::string_view part : {token.substr(0, 10), token.substr(token.size() / 2, 10),
                                  token.substr(token.size() > 10 ? token.size() - 10 : 0)}) {
      if (part.size() == 10) {
        EXPECT_EQ(failure.message.find(part), std::string::npos);
      }
    }
    for (const char* value : {kNonce, "248289761001", "ann@example.org", "rsa-1", "rsa-2"}) {
      EXPECT_EQ(failure.message.find(value), std::string::npos) << failure.message;
    }
  }

  Jwks jwks_;
  IdTokenValidator validator_{settings()};
};

}  // namespace lkm::auth::test
