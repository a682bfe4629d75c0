#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "auth/access_token.hpp"
#include "auth/base64url.hpp"
#include "auth/hmac.hpp"
#include "livekit_api/webhook.hpp"

namespace lkm::livekit {
namespace {

using namespace std::chrono_literals;

constexpr std::int64_t kNow = 1700000000;
constexpr const char* kKey = "APIwebhookKey";
constexpr const char* kSecret = "webhook-secret-0123456789-abcdefghij";

// The body from the protocol notes, and the hash LiveKit puts in its token.
constexpr const char* kVectorBody =
    R"({"event":"room_started", "room":{"sid":"RM_TkVjUvAqgzKz", "name":"mytestroom", )"
    R"("emptyTimeout":300, "creationTime":"1628545903", )"
    R"("turnPassword":"ICkSr2rEeslkN6e9bXL4Ji5zzMD5Z7zzr6ulOaxMj6N", )"
    R"("enabledCodecs":[{"mime":"audio/opus"}, {"mime":"video/VP8"}]}})";
constexpr const char* kVectorHash = "CoEQz1chqJ9bnZRcORddjplkvpjmPujmLTR42DbefYI=";

// A current room_started delivery (LiveKit now sends id and createdAt).
constexpr const char* kRoomStarted =
    R"({"event":"room_started","room":{"sid":"RM_TkVjUvAqgzKz","name":"mytestroom",)"
    R"("emptyTimeout":300,"creationTime":"1628545903"},"id":"EV_3fSmh4Bm5Ld7",)"
    R"("createdAt":"1700000000"})";

std::string hash_of(std::string_view body) {
  const auth::Digest digest = auth::sha256(body);
  return auth::base64_encode(std::string(digest.begin(), digest.end()));
}

// Signs like the LiveKit server: a 5-minute token with no video grant and the body's hash.
std::string sign(std::string_view body, std::string key = kKey, std::string secret = kSecret,
                 std::int64_t now = kNow) {
  auth::AccessToken token(std::move(key), Secret(std::move(secret)));
  token.sha256(hash_of(body)).ttl(5min);
  auto jwt = token.to_jwt(now);
  EXPECT_TRUE(jwt.ok());
  return jwt.ok() ? *jwt : std::string();
}

class WebhookReceiverTest : public ::testing::Test {
 protected:
  WebhookReceiverTest() {
    keys_.add("APIother", Secret("other-secret-0123456789"));
    keys_.add(kKey, Secret(kSecret));
  }

  // Asserts the delivery is refused with `code`, and that the message is set and reveals neither
  // the token nor the secret.
  void expect_refused(std::string_view body, const std::string& authorization, WebhookError code,
                      std::int64_t now = kNow) const {
    const auto result = receiver_.receive(body, authorization, now);
    ASSERT_FALSE(result.ok()) << "accepted: " << body;
    EXPECT_EQ(result.error().code, code)
        << to_string(result.error().code) << ": " << result.error().message;
    EXPECT_FALSE(result.error().message.empty());
    EXPECT_EQ(result.error().message.find(kSecret), std::string::npos);
    if (authorization.size() > 12) {
      EXPECT_EQ(result.error().message.find(authorization.substr(authorization.size() - 12)),
                std::string::npos);
    }
  }

  auth::KeyProvider keys_;
  WebhookReceiver receiver_{keys_};
};

TEST(WebhookHash, IsTheStandardBase64OfTheBodysSha256AsInTheProtocolNotes) {
  EXPECT_EQ(hash_of(kVectorBody), kVectorHash);
}

TEST(WebhookError, HasAStableNameForEachCode) {
  EXPECT_EQ(to_string(WebhookError::missing_authorization), "missing_authorization");
  EXPECT_EQ(to_string(WebhookError::invalid_token), "invalid_token");
  EXPECT_EQ(to_string(WebhookError::missing_sha256), "missing_sha256");
  EXPECT_EQ(to_string(WebhookError::body_mismatch), "body_mismatch");
  EXPECT_EQ(to_string(WebhookError::invalid_body), "invalid_body");
}

TEST_F(WebhookReceiverTest, AcceptsADeliverySignedLikeLiveKitDoes) {
  const auto event = receiver_.receive(kRoomStarted, sign(kRoomStarted), kNow);
  ASSERT_TRUE(event.ok()) << event.error().message;
  EXPECT_EQ(event->event, "room_started");
  EXPECT_EQ(event->id, "EV_3fSmh4Bm5Ld7");
  EXPECT_EQ(event->created_at, 1700000000);
  ASSERT_TRUE(event->room.has_value());
  EXPECT_EQ(event->room->sid, "RM_TkVjUvAqgzKz");
  EXPECT_EQ(event->room->name, "mytestroom");
  EXPECT_EQ(event->room->creation_time, 1628545903);
}

TEST_F(WebhookReceiverTest, ChecksTheProtocolVectorsHashButWantsAnEventId) {
  // The vector predates event ids: its hash and token pass, and only the missing id is refused.
  expect_refused(kVectorBody, sign(kVectorBody), WebhookError::invalid_body);
  const auto result = receiver_.receive(kVectorBody, sign(kVectorBody), kNow);
  ASSERT_FALSE(result.ok());
  EXPECT_NE(result.error().message.find("id"), std::string::npos) << result.error().message;
}

TEST_F(WebhookReceiverTest, AcceptsABearerPrefixInAnyCase) {
  const std::string token = sign(kRoomStarted);
  for (const std::string prefix : {"Bearer ", "bearer ", "BEARER ", "  Bearer   "}) {
    const auto event = receiver_.receive(kRoomStarted, prefix + token, kNow);
    EXPECT_TRUE(event.ok()) << '"' << prefix << "\": " << event.error().message;
  }
}

TEST_F(WebhookReceiverTest, FindsTheSecretByTheTokensIssuer) {
  const std::string body = R"({"event":"room_finished","id":"EV_2"})";
  const auto event =
      receiver_.receive(body, sign(body, "APIother", "other-secret-0123456789"), kNow);
  ASSERT_TRUE(event.ok()) << event.error().message;
  EXPECT_EQ(event->event, "room_finished");
}

TEST_F(WebhookReceiverTest, RejectsABodyThatDoesNotMatchItsHash) {
  const std::string token = sign(kRoomStarted);
  std::string tampered = kRoomStarted;
  tampered.replace(tampered.find("mytestroom"), 10, "yourroom!!");
  expect_refused(tampered, token, WebhookError::body_mismatch);
  expect_refused(std::string(kRoomStarted) + "\n", token, WebhookError::body_mismatch);
  expect_refused("", token, WebhookError::body_mismatch);
}

TEST_F(WebhookReceiverTest, RejectsAHashInAnotherEncoding) {
  const std::string hash = hash_of(kRoomStarted);
  auth::AccessToken unpadded(kKey, Secret(kSecret));
  unpadded.sha256(hash.substr(0, hash.size() - 1)).ttl(5min);
  expect_refused(kRoomStarted, *unpadded.to_jwt(kNow), WebhookError::body_mismatch);
}

TEST_F(WebhookReceiverTest, RejectsATokenWithoutASha256Claim) {
  auth::AccessToken token(kKey, Secret(kSecret));
  token.ttl(5min);
  expect_refused(kRoomStarted, *token.to_jwt(kNow), WebhookError::missing_sha256);
}

TEST_F(WebhookReceiverTest, RejectsATokenSignedWithAnotherSecretOrAnUnknownKey) {
  expect_refused(kRoomStarted, sign(kRoomStarted, kKey, "not-the-secret"),
                 WebhookError::invalid_token);
  expect_refused(kRoomStarted, sign(kRoomStarted, "APIunknown", kSecret),
                 WebhookError::invalid_token);
}

TEST_F(WebhookReceiverTest, ChecksTheTokenBeforeTheBody) {
  std::string tampered = kRoomStarted;
  tampered += ' ';
  expect_refused(tampered, sign(kRoomStarted, kKey, "not-the-secret"), WebhookError::invalid_token);
}

TEST_F(WebhookReceiverTest, RejectsAnExpiredTokenAfterTheLeeway) {
  const std::string token = sign(kRoomStarted);
  EXPECT_TRUE(receiver_.receive(kRoomStarted, token, kNow + 300 + 60).ok());
  expect_refused(kRoomStarted, token, WebhookError::invalid_token, kNow + 300 + 61);
  expect_refused(kRoomStarted, token, WebhookError::invalid_token, kNow - 61);

  const WebhookReceiver strict(keys_, 0s);
  EXPECT_TRUE(strict.receive(kRoomStarted, token, kNow + 300).ok());
  EXPECT_FALSE(strict.receive(kRoomStarted, token, kNow + 301).ok());
}

TEST_F(WebhookReceiverTest, RejectsAMissingOrEmptyAuthorization) {
  for (const char* authorization : {"", "   ", "Bearer", "Bearer ", "\tbearer\t  "}) {
    expect_refused(kRoomStarted, authorization, WebhookError::missing_authorization);
  }
  expect_refused(kRoomStarted, "Basic dXNlcjpwYXNz", WebhookError::invalid_token);
  expect_refused(kRoomStarted, "not-a-token", WebhookError::invalid_token);
  expect_refused(kRoomStarted, "Bearer" + sign(kRoomStarted), WebhookError::invalid_token);
}

TEST_F(WebhookReceiverTest, RejectsInvalidJsonAfterAValidSignature) {
  for (const std::string body :
       {"", "not json", "[]", R"({"event":"room_started","id":"EV_1")", R"({"event":1,"id":"x"})",
        R"({"id":"EV_1"})", R"({"event":"","id":"EV_1"})"}) {
    expect_refused(body, sign(body), WebhookError::invalid_body);
  }
}

TEST_F(WebhookReceiverTest, NamesTheFieldOfTheWrongTypeInItsMessage) {
  const std::string body = R"({"event":"room_started","id":"EV_1","room":{"name":7}})";
  const auto result = receiver_.receive(body, sign(body), kNow);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, WebhookError::invalid_body);
  EXPECT_NE(result.error().message.find("room.name"), std::string::npos) << result.error().message;
}

}  // namespace
}  // namespace lkm::livekit
