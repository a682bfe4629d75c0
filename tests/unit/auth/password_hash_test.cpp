#include "auth/password_hash.hpp"

#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "auth/base64url.hpp"

namespace lkm::auth {
namespace {

// PBKDF2-HMAC-SHA256 of P = "password", S = "salt" with dkLen = 32, the well-known test vectors:
// 120fb6cffcf8b32c43e7225256c4f837a86548c92ccc35480805987cb70be17b for c = 1, and
// c5e478d59288c841aa530db6845c4c8d962893a001ce4e11a4963873aa98134a for c = 4096, in base64url.
constexpr std::string_view kOneIterationKey = "Eg-2z_z4syxD5yJSVsT4N6hlSMkszDVICAWYfLcL4Xs";
constexpr std::string_view kFourThousandIterationsKey =
    "xeR41ZKIyEGqUw22hFxMjZYok6ABzk4RpJY4c6qYE0o";

std::string encoded(std::string_view iterations, std::string_view salt, std::string_view key) {
  return "pbkdf2-sha256$" + std::string(iterations) + "$" + std::string(salt) + "$" +
         std::string(key);
}

bool is_base64url_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '_';
}

TEST(PasswordHash, WritesSchemeIterationsSaltAndA43CharacterKey) {
  const std::string hash = hash_password("correct horse", "NaCl", 1000);
  const std::string prefix = "pbkdf2-sha256$1000$NaCl$";
  ASSERT_TRUE(hash.starts_with(prefix)) << hash;
  const std::string key = hash.substr(prefix.size());
  EXPECT_EQ(key.size(), 43U) << key;
  for (const char c : key) EXPECT_TRUE(is_base64url_char(c)) << key;
  EXPECT_TRUE(is_password_hash(hash));
}

TEST(PasswordHash, UsesTheDefaultIterationCountWhenNoneIsGiven) {
  const std::string hash = hash_password("correct horse", "NaCl");
  EXPECT_TRUE(
      hash.starts_with("pbkdf2-sha256$" + std::to_string(kPasswordHashIterations) + "$NaCl$"))
      << hash;
  EXPECT_EQ(kPasswordHashIterations, 100'000U);
  EXPECT_TRUE(verify_password("correct horse", hash));
}

TEST(PasswordHash, MatchesThePbkdf2HmacSha256TestVectors) {
  EXPECT_EQ(hash_password("password", "salt", 1), encoded("1", "salt", kOneIterationKey));
  EXPECT_EQ(hash_password("password", "salt", 4096),
            encoded("4096", "salt", kFourThousandIterationsKey));
}

TEST(PasswordHash, VerifiesAHandBuiltHashOfTheTestVector) {
  EXPECT_TRUE(verify_password("password", encoded("1", "salt", kOneIterationKey)));
  EXPECT_TRUE(verify_password("password", encoded("4096", "salt", kFourThousandIterationsKey)));
  EXPECT_FALSE(verify_password("Password", encoded("1", "salt", kOneIterationKey)));
  EXPECT_FALSE(verify_password("password", encoded("1", "Salt", kOneIterationKey)));
  // The iterations are read from the hash: the key of c = 1 does not verify as c = 2.
  EXPECT_FALSE(verify_password("password", encoded("2", "salt", kOneIterationKey)));
}

TEST(PasswordHash, VerifiesTheRightPasswordAndRejectsAWrongOne) {
  const std::string hash = hash_password("open sesame", "pepper", 1000);
  ASSERT_FALSE(hash.empty());
  EXPECT_TRUE(verify_password("open sesame", hash));
  EXPECT_FALSE(verify_password("open sesame!", hash));
  EXPECT_FALSE(verify_password("open sesam", hash));
  EXPECT_FALSE(verify_password("", hash));
}

TEST(PasswordHash, IsDeterministicForOneSaltAndDiffersBetweenSalts) {
  const std::string first = hash_password("open sesame", "salt-one", 1000);
  EXPECT_EQ(first, hash_password("open sesame", "salt-one", 1000));
  const std::string second = hash_password("open sesame", "salt-two", 1000);
  ASSERT_FALSE(second.empty());
  EXPECT_NE(first.substr(first.rfind('$')), second.substr(second.rfind('$')));
  EXPECT_TRUE(verify_password("open sesame", second));
}

TEST(PasswordHash, RefusesAnEmptySaltADollarInTheSaltAndABadIterationCount) {
  EXPECT_EQ(hash_password("pw", "", 1000), "");
  EXPECT_EQ(hash_password("pw", "a$b", 1000), "");
  EXPECT_EQ(hash_password("pw", "$", 1000), "");
  EXPECT_EQ(hash_password("pw", "salt", 0), "");
  EXPECT_EQ(hash_password("pw", "salt", 10'000'001), "");
}

TEST(PasswordHash, AcceptsTheIterationBounds) {
  EXPECT_TRUE(is_password_hash(encoded("1", "salt", kOneIterationKey)));
  EXPECT_TRUE(is_password_hash(encoded("10000000", "salt", kOneIterationKey)));
}

TEST(PasswordHash, RejectsMalformedHashes) {
  const std::string key(kOneIterationKey);
  const std::string bad[] = {
      "",
      "pbkdf2-sha256",
      "pbkdf2-sha256$1",
      "pbkdf2-sha256$1$salt",
      "pbkdf2-sha256$1$salt$",
      "$1$salt$" + key,
      "pbkdf2-sha1$1$salt$" + key,
      "PBKDF2-SHA256$1$salt$" + key,
      "bcrypt$1$salt$" + key,
      encoded("0", "salt", key),
      encoded("10000001", "salt", key),
      encoded("4294967296", "salt", key),
      encoded("", "salt", key),
      encoded("-1", "salt", key),
      encoded("+1", "salt", key),
      encoded("1x", "salt", key),
      encoded(" 1", "salt", key),
      encoded("1", "", key),
      encoded("1", "salt", key + "="),
      encoded("1", "salt", "Eg+2z/z4syxD5yJSVsT4N6hlSMkszDVICAWYfLcL4Xs"),
      encoded("1", "salt", "Eg-2z_z4syxD5yJSVsT4N6hlSMkszDVICAWYfLcL4X!"),
      encoded("1", "salt", base64url_encode(std::string(31, 'k'))),
      encoded("1", "salt", base64url_encode(std::string(33, 'k'))),
      encoded("1", "salt", key) + "$",
      encoded("1", "salt", key) + "$extra",
      encoded("1", "sa$lt", key),
  };
  for (const auto& hash : bad) {
    EXPECT_FALSE(is_password_hash(hash)) << hash;
    EXPECT_FALSE(verify_password("password", hash)) << hash;
  }
}

}  // namespace
}  // namespace lkm::auth
