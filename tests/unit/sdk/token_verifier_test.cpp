// The public TokenVerifier and WebhookReceiver: the server's rules, reasons in errors.
#include "livekit/token_verifier.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "auth/base64url.hpp"
#include "auth/hmac.hpp"
#include "livekit/access_token.hpp"
#include "livekit/webhook_receiver.hpp"

namespace {

using std::chrono::seconds;
using std::chrono::system_clock;

constexpr const char* kSecret = "verifier-secret-0123456789-abcdefghij";

system_clock::time_point at(std::int64_t unix_seconds) {
  return system_clock::time_point(seconds(unix_seconds));
}

std::string mint(const std::string& key, const std::string& secret, std::int64_t now,
                 livekit::Ttl ttl = 600) {
  livekit::AccessToken token(key, secret, {.identity = "alice", .ttl = std::move(ttl)});
  token.add_grant({.room = "demo", .room_join = true});
  return token.try_to_jwt(at(now)).value();
}

TEST(SdkTokenVerifier, AcceptsItsKeysTokensAndSaysWhyOthersAreRefused) {
  livekit::TokenVerifier verifier("key-a", kSecret);
  verifier.add_key("key-b", "another-secret-0123456789-abcdefghijkl");
  const auto jwt = mint("key-a", kSecret, 1800000000);
  const auto claims = verifier.try_verify(jwt, at(1800000010));
  ASSERT_TRUE(claims.ok());
  EXPECT_EQ(claims->iss, "key-a");
  EXPECT_EQ(claims->video.room, "demo");
  EXPECT_NE(claims->payload.find("\"sub\":\"alice\""), std::string::npos);
  EXPECT_TRUE(verifier
                  .try_verify(mint("key-b", "another-secret-0123456789-abcdefghijkl", 1800000000),
                              at(1800000010))
                  .ok());

  const auto reason = [&](const std::string& token, std::int64_t now) {
    const auto result = verifier.try_verify(token, at(now));
    EXPECT_FALSE(result.ok());
    if (result.ok()) return std::string();
    EXPECT_EQ(result.error().code, livekit::ErrorCode::invalid_token);
    EXPECT_EQ(result.error().message.find(kSecret), std::string::npos);
    return result.error().reason;
  };
  EXPECT_EQ(reason(jwt, 1800000000 + 600 + 61), "expired");
  EXPECT_EQ(reason(jwt, 1800000000 - 61), "not_yet_valid");
  EXPECT_EQ(reason(mint("key-c", kSecret, 1800000000), 1800000000), "unknown_key");
  EXPECT_EQ(reason(mint("key-a", "wrong-secret-0123456789-abcdefghijklm", 1800000000), 1800000000),
            "bad_signature");
  EXPECT_EQ(reason("not-a-token", 1800000000), "malformed");
  EXPECT_EQ(reason(std::string(9000, 'a'), 1800000000), "too_large");
  EXPECT_THROW((void)verifier.verify("a.b.c"), livekit::Exception);
}

TEST(SdkWebhookReceiver, ChecksTheBodyHashBeforeReadingIt) {
  const std::string body =
      R"({"event":"room_started", "room":{"sid":"RM_TkVjUvAqgzKz", "name":"mytestroom", )"
      R"("emptyTimeout":300, "creationTime":"1628545903", )"
      R"("turnPassword":"ICkSr2rEeslkN6e9bXL4Ji5zzMD5Z7zzr6ulOaxMj6N", )"
      R"("enabledCodecs":[{"mime":"audio/opus"}, {"mime":"video/VP8"}]}, "id":"EV_1"})";
  // What LiveKit signs: no video grant, sha256 = base64 of the body's SHA-256.
  const auto sign = [&](const std::string& sha256) {
    livekit::AccessToken token("key-a", kSecret, {.ttl = 300});
    token.set_sha256(sha256);
    return token.try_to_jwt(at(1800000000)).value();
  };
  const livekit::WebhookReceiver receiver("key-a", kSecret);
  // The digest of a different body (the reference vector's, whose body has no "id").
  const auto other = receiver.try_receive(
      body, sign("CoEQz1chqJ9bnZRcORddjplkvpjmPujmLTR42DbefYI="), at(1800000000));
  ASSERT_FALSE(other.ok());
  EXPECT_EQ(other.error().code, livekit::ErrorCode::invalid_webhook);
  EXPECT_EQ(other.error().reason, "body_mismatch");

  const auto digest = lkm::auth::sha256(body);
  const std::string hash = lkm::auth::base64_encode(
      std::string_view(reinterpret_cast<const char*>(digest.data()), digest.size()));
  const auto event = receiver.try_receive(body, sign(hash), at(1800000000));
  ASSERT_TRUE(event.ok()) << event.error().message;
  EXPECT_EQ(event->event, "room_started");
  EXPECT_EQ(event->id, "EV_1");
  ASSERT_TRUE(event->room.has_value());
  EXPECT_EQ(event->room->name, "mytestroom");
  EXPECT_EQ(event->room->creation_time, 1628545903);
  EXPECT_EQ(event->body, body);
  // "Bearer " is accepted too; one changed byte is not.
  EXPECT_TRUE(receiver.try_receive(body, "Bearer " + sign(hash), at(1800000000)).ok());
  std::string changed = body;
  changed[changed.find("mytestroom")] = 'M';
  const auto tampered = receiver.try_receive(changed, sign(hash), at(1800000000));
  ASSERT_FALSE(tampered.ok());
  EXPECT_EQ(tampered.error().reason, "body_mismatch");
  EXPECT_THROW((void)receiver.receive(changed, sign(hash)), livekit::Exception);

  const auto missing = receiver.try_receive(body, "", at(1800000000));
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().reason, "missing_authorization");
}

}  // namespace
