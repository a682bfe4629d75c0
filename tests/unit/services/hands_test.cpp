#include "services/hands.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <optional>
#include <string>

#include "auth/access_token.hpp"
#include "livekit_stand_in.hpp"
#include "service_fixture.hpp"

namespace lkm::services {
namespace {

using testing::kNow;
using testing::LiveKitStandIn;
using testing::run_call;

constexpr std::string_view kApiKey = "APIhands";
const Secret kApiSecret("a-livekit-api-secret-for-the-hands-tests-000");

std::string token(const std::string& identity, std::optional<std::string> room,
                  bool room_join = true, std::int64_t issued_at = kNow,
                  const Secret& secret = kApiSecret) {
  auth::AccessToken minted(std::string(kApiKey), secret);
  minted.identity(identity).ttl(std::chrono::minutes(5));
  auth::VideoGrant grant;
  grant.room = std::move(room);
  grant.room_join = room_join;
  minted.add_grant(grant);
  auto jwt = minted.to_jwt(issued_at);
  EXPECT_TRUE(jwt.ok());
  return jwt.ok() ? *jwt : std::string();
}

TEST(MemberFromToken, GivesTheIdentityOfAValidTokenForThatRoom) {
  const auth::KeyProvider keys(std::string(kApiKey), kApiSecret);
  const auto identity = member_from_token(keys, token("alice__ab12", "standup"), "standup", kNow);
  ASSERT_TRUE(identity.ok()) << identity.error().message;
  EXPECT_EQ(*identity, "alice__ab12");
}

TEST(MemberFromToken, RefusesEveryOtherToken) {
  const auth::KeyProvider keys(std::string(kApiKey), kApiSecret);
  const auto refused = [&](const std::string& jwt, std::int64_t now = kNow) {
    const auto identity = member_from_token(keys, jwt, "standup", now);
    if (identity.ok()) return false;
    EXPECT_EQ(identity.error().code, ErrorCode::unauthorized);
    EXPECT_EQ(identity.error().message.find(jwt.empty() ? "\x01" : jwt), std::string::npos)
        << "the message never holds the token";
    return true;
  };
  EXPECT_TRUE(refused(token("alice__ab12", "retro"))) << "another room";
  EXPECT_TRUE(refused(token("alice__ab12", std::nullopt))) << "no room";
  EXPECT_TRUE(refused(token("alice__ab12", "standup", false))) << "no roomJoin";
  EXPECT_TRUE(refused(token("alice__ab12", "standup"), kNow + 3600)) << "expired";
  const Secret other("another-api-secret-nobody-here-should-accept");
  EXPECT_TRUE(refused(token("alice__ab12", "standup", true, kNow, other))) << "another secret";
  EXPECT_TRUE(refused("not.a.token"));
  EXPECT_TRUE(refused(""));
}

class HandsTest : public testing::ServiceTest {
 protected:
  void SetUp() override {
    ServiceTest::SetUp();
    use_livekit(livekit_server_.url());
    rooms_.emplace(room_dependencies(), RoomPolicy{});
  }

  Hands hands(std::shared_ptr<RateLimiter> limiter = nullptr) {
    return Hands(*rooms_, clock_, std::move(limiter));
  }
  std::string hand_of(const std::string& identity) {
    const auto attributes = livekit_server_.attributes("standup", identity);
    const auto found = attributes.find(std::string(kHandAttribute));
    return found == attributes.end() ? std::string() : found->second;
  }

  LiveKitStandIn livekit_server_;
  std::optional<HostedRooms> rooms_;  // over the stand-in's API
};

TEST_F(HandsTest, AHandGoesUpAtTheServersTimeAndComesDown) {
  livekit_server_.add_participant("standup", "alice__ab12", {{"role", "guest"}});
  livekit_server_.add_participant("standup", "bob__cd34");
  const auto service = hands();
  clock_.set_ms(kNow * 1000 + 250);
  const auto alice = run_call(service.set_own("standup", "alice__ab12", true));
  ASSERT_TRUE(alice.ok()) << alice.error().message;
  EXPECT_TRUE(alice->raised);
  EXPECT_EQ(alice->raised_at_ms, kNow * 1000 + 250);
  clock_.set_ms(kNow * 1000 + 900);
  ASSERT_TRUE(run_call(service.set_own("standup", "bob__cd34", true)).ok());
  EXPECT_EQ(hand_of("alice__ab12"), std::to_string(kNow * 1000 + 250));
  EXPECT_EQ(hand_of("bob__cd34"), std::to_string(kNow * 1000 + 900)) << "the queue's order";
  EXPECT_EQ(livekit_server_.attributes("standup", "alice__ab12").at("role"), "guest")
      << "other attributes are left alone";

  const auto lowered = run_call(service.set_own("standup", "alice__ab12", false));
  ASSERT_TRUE(lowered.ok()) << lowered.error().message;
  EXPECT_FALSE(lowered->raised);
  EXPECT_EQ(hand_of("alice__ab12"), "");
  EXPECT_EQ(hand_of("bob__cd34"), std::to_string(kNow * 1000 + 900));
}

TEST_F(HandsTest, SomeoneNotInTheMeetingHasNoHand) {
  const auto raised = run_call(hands().set_own("standup", "ghost__zz99", true));
  EXPECT_EQ(testing::error_code(raised), ErrorCode::not_found);
}

TEST_F(HandsTest, OnlyTheHostLowersOthersHands) {
  const auto host = add_room("standup");
  livekit_server_.add_participant("standup", "alice__ab12");
  livekit_server_.add_participant("standup", "bob__cd34");
  livekit_server_.add_participant("standup", "carol__ef56");
  const auto service = hands();
  for (const char* who : {"alice__ab12", "bob__cd34"}) {
    ASSERT_TRUE(run_call(service.set_own("standup", who, true)).ok());
  }
  EXPECT_EQ(testing::error_code(run_call(service.lower("standup", std::nullopt, "alice__ab12"))),
            ErrorCode::host_required);
  EXPECT_EQ(testing::error_code(run_call(service.lower("standup", "not-the-host", "alice__ab12"))),
            ErrorCode::host_required);
  EXPECT_EQ(testing::error_code(run_call(service.lower_all("standup", std::nullopt))),
            ErrorCode::host_required);
  EXPECT_NE(hand_of("alice__ab12"), "");

  ASSERT_TRUE(run_call(service.lower("standup", host, "alice__ab12")).ok());
  EXPECT_EQ(hand_of("alice__ab12"), "");
  ASSERT_TRUE(run_call(service.set_own("standup", "carol__ef56", true)).ok());
  const auto all = run_call(service.lower_all("standup", host));
  ASSERT_TRUE(all.ok()) << all.error().message;
  EXPECT_EQ(*all, 2U);
  EXPECT_EQ(hand_of("bob__cd34"), "");
  EXPECT_EQ(hand_of("carol__ef56"), "");
  // In a room without a host, nobody lowers another's hand.
  EXPECT_EQ(testing::error_code(run_call(service.lower_all("open-room", std::nullopt))),
            ErrorCode::room_not_found);
}

TEST_F(HandsTest, AFloodOfHandChangesIsRefusedBeforeReachingLiveKit) {
  livekit_server_.add_participant("standup", "alice__ab12");
  livekit_server_.add_participant("standup", "bob__cd34");
  const auto service = hands(std::make_shared<RateLimiter>(RateLimiter::Options{4, 3, 100}));
  for (int i = 0; i < 4; ++i) {
    ASSERT_TRUE(run_call(service.set_own("standup", "alice__ab12", i % 2 == 0)).ok()) << i;
  }
  const auto calls = livekit_server_.calls().size();
  const auto refused = run_call(service.set_own("standup", "alice__ab12", true));
  ASSERT_EQ(testing::error_code(refused), ErrorCode::too_many_requests);
  EXPECT_GT(refused.error().retry_after_seconds, 0);
  EXPECT_EQ(livekit_server_.calls().size(), calls) << "LiveKit was not asked";
  EXPECT_TRUE(run_call(service.set_own("standup", "bob__cd34", true)).ok())
      << "each participant has a limit of their own";
  clock_.set(kNow + 3);
  EXPECT_TRUE(run_call(service.set_own("standup", "alice__ab12", true)).ok()) << "it refills";
}

}  // namespace
}  // namespace lkm::services
