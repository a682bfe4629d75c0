#include "auth/pkce.hpp"

#include <gtest/gtest.h>

#include <string>

namespace lkm::auth {
namespace {

TEST(Pkce, MatchesTheExampleOfRfc7636) {
  // RFC 7636, appendix B.
  EXPECT_EQ(s256_challenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"),
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
}

TEST(Pkce, TakesVerifiersOf43To128UnreservedCharacters) {
  EXPECT_TRUE(is_code_verifier(std::string(43, 'a')));
  EXPECT_TRUE(is_code_verifier(std::string(128, '~')));
  EXPECT_TRUE(
      is_code_verifier("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~"));
  EXPECT_FALSE(is_code_verifier(std::string(42, 'a')));
  EXPECT_FALSE(is_code_verifier(std::string(129, 'a')));
  for (const char bad : {'+', '/', '=', ' ', '%', '\0', '\n', '!'}) {
    std::string verifier(43, 'a');
    verifier[20] = bad;
    EXPECT_FALSE(is_code_verifier(verifier)) << static_cast<int>(bad);
    EXPECT_EQ(s256_challenge(verifier), std::nullopt);
  }
}

TEST(Pkce, GivesA43CharacterChallengeWithoutPadding) {
  const auto challenge = s256_challenge(std::string(64, 'x'));
  ASSERT_TRUE(challenge);
  EXPECT_EQ(challenge->size(), 43U);
  EXPECT_EQ(challenge->find('='), std::string::npos);
  EXPECT_NE(s256_challenge(std::string(64, 'y')), challenge);
}

}  // namespace
}  // namespace lkm::auth
