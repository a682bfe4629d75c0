#include "services/sign_in_cookies.hpp"

#include <gtest/gtest.h>

#include <string>

#include "auth/pkce.hpp"

namespace lkm::services {
namespace {

constexpr std::int64_t kNow = 1'700'000'000;
const std::string kId = "abcdefghijklmnopqrstuvwxyz012345";

SignInKeys keys(std::string_view issuer = "https://id.example.org") {
  return SignInKeys::derive(AccessKeys::derive(Secret("an-api-secret-of-enough-length-0123")),
                            issuer);
}

TEST(LocalPath, AllowsOnlyPathsOfThisServer) {
  for (const char* path : {"/", "/rooms/abc", "/rooms/a%20b?x=1", "/lobby#top", "/rooms/...",
                           "/rooms/a.b", "/rooms/x?next=/../y", "/.well"}) {
    EXPECT_TRUE(is_local_path(path)) << path;
  }
  for (const char* path : {"", "rooms", "//elsewhere.org", "/\\elsewhere.org", "https://x.org/",
                           "/a\\b", "/a b", "/a\r\nSet-Cookie:x", "/\x7f", "/..", "/../x", "/a/./b",
                           "/a/..", "/%2e%2e/x", "/%2E./x", "/.%2e", "/a/%2e?x"}) {
    EXPECT_FALSE(is_local_path(path)) << path;
  }
  EXPECT_TRUE(is_local_path("/" + std::string(kMaxNextBytes - 1, 'a')));
  EXPECT_FALSE(is_local_path("/" + std::string(kMaxNextBytes, 'a')));
}

TEST(LoginSecrets, AreDerivedFromTheIdAndTheKey) {
  const auto secrets = login_secrets(keys(), kId);
  EXPECT_EQ(secrets.state.size(), 43U);
  EXPECT_TRUE(auth::is_code_verifier(secrets.verifier));
  EXPECT_NE(secrets.state, secrets.nonce);
  EXPECT_NE(secrets.nonce, secrets.verifier);
  EXPECT_EQ(login_secrets(keys(), kId).state, secrets.state);
  EXPECT_NE(login_secrets(keys(), "abcdefghijklmnopqrstuvwxyz012346").state, secrets.state);
  EXPECT_NE(login_secrets(keys("https://other.example.org"), kId).state, secrets.state);
}

TEST(LoginCookie, RoundTripsUntilItExpires) {
  const auto value = login_cookie(keys(), kId, "/rooms/abc", kNow + 600);
  // The cookie holds neither the state, the nonce nor the verifier.
  const auto secrets = login_secrets(keys(), kId);
  EXPECT_EQ(value.find(secrets.state), std::string::npos);
  EXPECT_EQ(value.find(secrets.verifier), std::string::npos);
  const auto login = read_login_cookie(keys(), value, kNow);
  ASSERT_TRUE(login);
  EXPECT_EQ(login->id, kId);
  EXPECT_EQ(login->next, "/rooms/abc");
  EXPECT_FALSE(read_login_cookie(keys(), value, kNow + 600));
  EXPECT_FALSE(read_login_cookie(keys("https://other.example.org"), value, kNow));
}

TEST(LoginCookie, RefusesAlteredValues) {
  const auto value = login_cookie(keys(), kId, "/", kNow + 600);
  // Each character changed in turn: none passes.
  for (std::size_t i = 0; i < value.size(); ++i) {
    std::string altered = value;
    altered[i] = altered[i] == 'A' ? 'B' : 'A';
    EXPECT_FALSE(read_login_cookie(keys(), altered, kNow)) << i;
  }
  EXPECT_FALSE(read_login_cookie(keys(), value + ".x", kNow));
  EXPECT_FALSE(read_login_cookie(keys(), "", kNow));
  EXPECT_FALSE(read_login_cookie(keys(), "...", kNow));
  // A later expiry with the old signature.
  const auto dot = value.find('.');
  EXPECT_FALSE(read_login_cookie(keys(), std::to_string(kNow + 99999) + value.substr(dot), kNow));
}

TEST(UserCookie, CarriesThePersonAndTheStoreKey) {
  const Person ada{owner_key("https://id.example.org", "u-1"), "Ada Lovelace", "ada@example.org",
                   true};
  const auto value = user_cookie(keys(), kId, ada, kNow + kUserSessionSeconds);
  const auto session = read_user_cookie(keys(), value, kNow);
  ASSERT_TRUE(session);
  EXPECT_EQ(session->person, ada);
  EXPECT_EQ(session->id_hash, user_session_hash(kId));
  EXPECT_NE(user_session_hash(kId), login_id_hash(kId));
  EXPECT_NE(user_session_hash(kId), session_id_hash(kId));
  EXPECT_FALSE(read_user_cookie(keys(), value, kNow + kUserSessionSeconds));
  // A login cookie is no session, and a session no login: their keys differ.
  EXPECT_FALSE(read_login_cookie(keys(), value, kNow));
  EXPECT_FALSE(read_user_cookie(keys(), login_cookie(keys(), kId, "/", kNow + 600), kNow));
}

TEST(UserCookie, BoundsTheNameAndEmail) {
  std::string name(151, 'a');
  for (int i = 0; i < 30; ++i) name += "\xC3\xA9";  // é: cut at 200 bytes, it would be split
  const Person long_name{owner_key("https://id.example.org", "u-2"), name, "e@x.org", false};
  const auto session =
      read_user_cookie(keys(), user_cookie(keys(), kId, long_name, kNow + 60), kNow);
  ASSERT_TRUE(session);
  EXPECT_EQ(session->person.name.size(), 199U);
  EXPECT_EQ(session->person.name, name.substr(0, 199));
}

TEST(UserCookie, DropsControlCharactersAndStaysSmall) {
  const Person odd{owner_key("https://id.example.org", "u-3"),
                   "Ada\x01\x1f\x7f Lovelace" + std::string(400, '"'), std::string(600, '\x02'),
                   false};
  const auto value = user_cookie(keys(), kId, odd, kNow + 60);
  EXPECT_LT(value.size(), 2048U);
  const auto session = read_user_cookie(keys(), value, kNow);
  ASSERT_TRUE(session);
  EXPECT_TRUE(session->person.name.starts_with("Ada Lovelace\"")) << session->person.name;
  EXPECT_EQ(session->person.name.size(), kMaxPersonNameBytes);
  EXPECT_EQ(session->person.email, "");
}

TEST(OwnerKey, DependsOnTheIssuerAndTheSubject) {
  EXPECT_EQ(owner_key("https://a", "1").size(), 64U);
  EXPECT_NE(owner_key("https://a", "1"), owner_key("https://b", "1"));
  EXPECT_NE(owner_key("https://a", "1"), owner_key("https://a", "2"));
}

}  // namespace
}  // namespace lkm::services
