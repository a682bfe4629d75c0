#include "auth/hmac.hpp"

#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

#include "auth/base64url.hpp"

namespace lkm::auth {
namespace {

std::string hex(const Digest& digest) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (const auto byte : digest) {
    out += kHex[byte >> 4U];
    out += kHex[byte & 0x0FU];
  }
  return out;
}

std::string bytes(const Digest& digest) {
  return {digest.begin(), digest.end()};
}

TEST(Hmac, MatchesRfc4231TestCase2) {
  EXPECT_EQ(hex(hmac_sha256("Jefe", "what do ya want for nothing?")),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

TEST(Hmac, MatchesRfc4231TestCase6WithAKeyLongerThanABlock) {
  EXPECT_EQ(hex(hmac_sha256(std::string(131, '\xaa'),
                            "Test Using Larger Than Block-Size Key - Hash Key First")),
            "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
}

// Contexts are keyed once and kept per thread: interleaving more keys than are kept, keys that
// are prefixes of one another and several threads must not change any digest.
TEST(Hmac, KeptContextsNeverMixKeys) {
  const std::vector<std::string> keys = {
      "Jefe", "Jef", "", "Jefe ", std::string(131, '\xaa'), "secret-a", "secret-b"};
  std::vector<std::string> expected;
  for (const auto& key : keys) expected.push_back(hex(hmac_sha256(key, "message")));
  EXPECT_EQ(expected[0], hex(hmac_sha256("Jefe", "message")));
  for (std::size_t i = 0; i < keys.size(); ++i) {
    for (std::size_t j = i + 1; j < keys.size(); ++j) EXPECT_NE(expected[i], expected[j]);
  }
  const auto check = [&] {
    for (int round = 0; round < 50; ++round) {
      for (std::size_t i = 0; i < keys.size(); ++i) {
        const std::size_t k = (i * 3 + static_cast<std::size_t>(round)) % keys.size();
        if (hex(hmac_sha256(keys[k], "message")) != expected[k]) return false;
      }
    }
    return true;
  };
  std::vector<std::thread> threads;
  std::vector<char> ok(4, 0);
  for (std::size_t t = 0; t < ok.size(); ++t) {
    threads.emplace_back([&, t] { ok[t] = check() ? 1 : 0; });
  }
  for (auto& thread : threads) thread.join();
  for (const char result : ok) EXPECT_EQ(result, 1);
  EXPECT_EQ(hex(hmac_sha256("Jefe", "what do ya want for nothing?")),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

TEST(Hmac, AcceptsAnEmptyKey) {
  EXPECT_EQ(hex(hmac_sha256("", "")),
            "b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad");
}

TEST(Sha256, MatchesFipsVectors) {
  EXPECT_EQ(hex(sha256("abc")), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(hex(sha256("")), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST(Sha256, HashesTheWebhookVectorFromTheProtocolNotes) {
  const std::string body =
      R"({"event":"room_started", "room":{"sid":"RM_TkVjUvAqgzKz", "name":"mytestroom", )"
      R"("emptyTimeout":300, "creationTime":"1628545903", )"
      R"("turnPassword":"ICkSr2rEeslkN6e9bXL4Ji5zzMD5Z7zzr6ulOaxMj6N", )"
      R"("enabledCodecs":[{"mime":"audio/opus"}, {"mime":"video/VP8"}]}})";
  EXPECT_EQ(base64_encode(bytes(sha256(body))), "CoEQz1chqJ9bnZRcORddjplkvpjmPujmLTR42DbefYI=");
}

TEST(ConstantTimeEqual, ComparesContentAndLength) {
  EXPECT_TRUE(constant_time_equal("", ""));
  EXPECT_TRUE(constant_time_equal("secret", "secret"));
  EXPECT_FALSE(constant_time_equal("secret", "secreT"));
  EXPECT_FALSE(constant_time_equal("secret", "secret2"));
  EXPECT_FALSE(constant_time_equal("", "x"));
}

}  // namespace
}  // namespace lkm::auth
