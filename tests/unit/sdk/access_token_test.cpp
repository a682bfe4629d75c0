// The public AccessToken: the project's test vector byte for byte, TTLs, grants and errors.
#include "livekit/access_token.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <limits>
#include <string>

#include "livekit/token_verifier.hpp"

namespace {

using std::chrono::seconds;
using std::chrono::system_clock;

system_clock::time_point at(std::int64_t unix_seconds) {
  return system_clock::time_point(seconds(unix_seconds));
}

TEST(SdkAccessToken, MintsTheReferenceVectorByteForByte) {
  // nbf 1700000000, exp 2000000000: a TTL of 300000000 s.
  livekit::AccessToken token("abcdefg", "abababa",
                             {.identity = "me", .name = "myname", .ttl = 300000000});
  token.add_grant({.room = "myroom", .room_join = true});
  const auto jwt = token.try_to_jwt(at(1700000000));
  ASSERT_TRUE(jwt.ok()) << jwt.error().message;
  EXPECT_EQ(*jwt,
            "eyJhbGciOiJIUzI1NiJ9.eyJuYW1lIjoibXluYW1lIiwidmlkZW8iOnsicm9vbSI6Im15cm9vbSIsInJvb21K"
            "b2luIjp0cnVlfSwiaXNzIjoiYWJjZGVmZyIsImV4cCI6MjAwMDAwMDAwMCwibmJmIjoxNzAwMDAwMDAwLCJz"
            "dWIiOiJtZSJ9.neUJLiKFDUj7sQSS4khnL4LwHf1dNSqjTPNIdZTQW3g");
}

TEST(SdkAccessToken, ReadsTtlsAsTheNodeSdkDoes) {
  EXPECT_EQ(*livekit::Ttl("2h").seconds(), seconds(7200));
  EXPECT_EQ(*livekit::Ttl("1.5h").seconds(), seconds(5400));
  EXPECT_EQ(*livekit::Ttl("2 days").seconds(), seconds(172800));
  EXPECT_EQ(*livekit::Ttl(90).seconds(), seconds(90));
  EXPECT_EQ(*livekit::Ttl(std::chrono::minutes(10)).seconds(), seconds(600));
  EXPECT_EQ(*livekit::Ttl(std::chrono::milliseconds(1500)).seconds(), seconds(2));  // rounded
  EXPECT_EQ(*livekit::Ttl(7200L).seconds(), seconds(7200));
  EXPECT_EQ(*livekit::Ttl(3600U).seconds(), seconds(3600));
  EXPECT_EQ(*livekit::Ttl(std::uint64_t{60}).seconds(), seconds(60));
  EXPECT_EQ(*livekit::Ttl(std::string("5h")).seconds(), seconds(18000));
  for (const livekit::Ttl& bad :
       {livekit::Ttl("100ms"), livekit::Ttl("abc"), livekit::Ttl(0), livekit::Ttl(-5),
        livekit::Ttl("-5m"), livekit::Ttl(std::chrono::hours::max()),
        livekit::Ttl(std::numeric_limits<std::uint64_t>::max()),
        livekit::Ttl(std::chrono::milliseconds(400))}) {
    const auto parsed = bad.seconds();
    ASSERT_FALSE(parsed.ok());
    EXPECT_EQ(parsed.error().code, livekit::ErrorCode::invalid_argument);
  }
}

TEST(SdkAccessToken, TheTtlSetsExpiry) {
  livekit::AccessToken token("key", "secret-secret-secret-secret-secret",
                             {.identity = "alice", .ttl = "5h"});
  const auto jwt = token.try_to_jwt(at(1800000000));
  ASSERT_TRUE(jwt.ok());
  const auto claims = livekit::TokenVerifier("key", "secret-secret-secret-secret-secret")
                          .try_verify(*jwt, at(1800000001));
  ASSERT_TRUE(claims.ok()) << claims.error().message;
  EXPECT_EQ(claims->nbf, 1800000000);
  EXPECT_EQ(claims->exp, 1800000000 + 5 * 3600);
  EXPECT_EQ(claims->sub, "alice");
}

TEST(SdkAccessToken, MergesGrantsFieldByField) {
  livekit::AccessToken token("key", "secret", {.identity = "bob"});
  token.add_grant({.room = "r", .room_join = true, .can_publish = true});
  token.add_grant({.can_publish = false, .can_subscribe = true});
  token.set_attribute("team", "blue").set_attribute("team", "red").set_attribute("desk", "4");
  const auto jwt = token.try_to_jwt(at(1800000000));
  ASSERT_TRUE(jwt.ok());
  const auto claims = livekit::TokenVerifier("key", "secret").try_verify(*jwt, at(1800000000));
  ASSERT_TRUE(claims.ok()) << claims.error().message;
  EXPECT_EQ(claims->video.room, "r");
  EXPECT_EQ(claims->video.room_join, true);
  EXPECT_EQ(claims->video.can_publish, false);
  EXPECT_EQ(claims->video.can_subscribe, true);
  EXPECT_FALSE(claims->video.can_publish_data.has_value());  // unset stays unset
  const livekit::Attributes expected{{"team", "red"}, {"desk", "4"}};
  EXPECT_EQ(claims->attributes, expected);
}

TEST(SdkAccessToken, RefusesWhatCannotBeMinted) {
  livekit::AccessToken no_identity("key", "secret");
  no_identity.add_grant({.room = "r", .room_join = true});
  const auto refused = no_identity.try_to_jwt();
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, livekit::ErrorCode::invalid_argument);
  try {
    (void)no_identity.to_jwt();
    FAIL() << "to_jwt did not throw";
  } catch (const livekit::Exception& e) {
    EXPECT_EQ(e.error().code, livekit::ErrorCode::invalid_argument);
    EXPECT_STREQ(e.what(), refused.error().message.c_str());
  }
  EXPECT_FALSE(livekit::AccessToken("", "secret").try_to_jwt().ok());
  EXPECT_FALSE(livekit::AccessToken("key", "").try_to_jwt().ok());
  EXPECT_FALSE(livekit::AccessToken("key", "secret", {.ttl = "soon"}).try_to_jwt().ok());
  livekit::AccessToken bad_config("key", "secret");
  bad_config.set_room_config("[1,2]");
  EXPECT_FALSE(bad_config.try_to_jwt().ok());
}

TEST(SdkAccessToken, CopiesAreIndependent) {
  livekit::AccessToken first("key", "secret", {.identity = "a"});
  livekit::AccessToken second = first;
  second.set_identity("b");
  EXPECT_EQ(first.identity(), "a");
  EXPECT_EQ(second.identity(), "b");
}

}  // namespace
