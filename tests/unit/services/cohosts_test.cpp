#include "services/cohosts.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <optional>
#include <string>

#include "livekit_stand_in.hpp"
#include "service_fixture.hpp"
#include "services/admission_signals.hpp"
#include "services/moderation.hpp"

namespace lkm::services {
namespace {

using testing::error_code;
using testing::kNow;
using testing::LiveKitStandIn;
using testing::run_call;

class CoHostsTest : public testing::ServiceTest {
 protected:
  void SetUp() override {
    ServiceTest::SetUp();
    use_livekit(livekit_server_.url());
    rooms_.emplace(room_dependencies(), RoomPolicy{});
    host_ = add_room("standup");
    livekit_server_.add_participant("standup", "hana__aa11", {{"role", "host"}});
    livekit_server_.add_participant("standup", "alice__ab12", {{"role", "guest"}});
    livekit_server_.add_participant("standup", "bob__cd34", {{"role", "guest"}});
  }

  CoHosts cohosts(std::shared_ptr<RateLimiter> limiter = nullptr) {
    return CoHosts(*rooms_, clock_, std::move(limiter));
  }
  std::string role_of(const std::string& identity) {
    const auto attributes = livekit_server_.attributes("standup", identity);
    const auto found = attributes.find("role");
    return found == attributes.end() ? std::string() : found->second;
  }
  // The hash the services are given for a claimed cookie.
  std::optional<std::string> hash_of(const std::string& cookie) {
    auto hash = host_credential_hash(keys_, "standup", cookie);
    EXPECT_TRUE(hash.has_value()) << "the cookie is signed for its room";
    return hash;
  }

  // Alice promoted by the host: the hash of the credential she claims.
  std::optional<std::string> promoted_alice(const CoHosts& service) {
    EXPECT_TRUE(run_call(service.promote("standup", host_, "alice__ab12")).ok());
    const auto cookie = run_call(service.claim("standup", "alice__ab12"));
    EXPECT_TRUE(cookie.ok());
    return cookie.ok() ? hash_of(*cookie) : std::nullopt;
  }

  LiveKitStandIn livekit_server_;
  std::optional<HostedRooms> rooms_;  // over the stand-in's API
  std::string host_;                  // the host credential's hash
};

TEST_F(CoHostsTest, APromotedParticipantClaimsACredentialThatActsAsAHost) {
  const auto service = cohosts();
  const auto before = run_call(service.claim("standup", "alice__ab12"));
  EXPECT_EQ(error_code(before), ErrorCode::host_required) << "not a co-host yet";

  const auto promoted = run_call(service.promote("standup", host_, "alice__ab12"));
  ASSERT_TRUE(promoted.ok()) << promoted.error().message;
  EXPECT_EQ(role_of("alice__ab12"), "cohost") << "everyone's list learns of it";
  EXPECT_TRUE(run_call(service.promote("standup", host_, "alice__ab12")).ok())
      << "promoting again changes nothing";

  const auto cookie = run_call(service.claim("standup", "alice__ab12"));
  ASSERT_TRUE(cookie.ok()) << cookie.error().message;
  const auto hash = hash_of(*cookie);
  const auto granted = run_call(rooms_->require_grant("standup", hash));
  ASSERT_TRUE(granted.ok()) << granted.error().message;
  EXPECT_TRUE(granted->grant.cohost);
  EXPECT_EQ(granted->grant.identity, "alice__ab12");
  const auto view = run_call(rooms_->view("standup", hash));
  ASSERT_TRUE(view.ok());
  EXPECT_TRUE(view->is_host);
  EXPECT_TRUE(view->cohost);

  // A co-host does what a host does: here, promote and demote someone else.
  ASSERT_TRUE(run_call(service.promote("standup", hash, "bob__cd34")).ok());
  EXPECT_EQ(role_of("bob__cd34"), "cohost");
  ASSERT_TRUE(run_call(service.demote("standup", hash, "bob__cd34")).ok());
  EXPECT_EQ(role_of("bob__cd34"), "guest");
}

TEST_F(CoHostsTest, ADemotionRevokesTheCredentialAtOnce) {
  const auto service = cohosts();
  ASSERT_TRUE(run_call(service.promote("standup", host_, "alice__ab12")).ok());
  const auto cookie = run_call(service.claim("standup", "alice__ab12"));
  ASSERT_TRUE(cookie.ok());
  const auto hash = hash_of(*cookie);
  ASSERT_TRUE(run_call(rooms_->require_host("standup", hash)).ok());

  ASSERT_TRUE(run_call(service.demote("standup", host_, "alice__ab12")).ok());
  EXPECT_EQ(role_of("alice__ab12"), "guest");
  EXPECT_EQ(error_code(run_call(rooms_->require_host("standup", hash))), ErrorCode::host_required)
      << "the same credential no longer works";
  EXPECT_EQ(error_code(run_call(service.claim("standup", "alice__ab12"))), ErrorCode::host_required)
      << "nor can a new one be claimed";
  EXPECT_EQ(error_code(run_call(service.demote("standup", host_, "alice__ab12"))),
            ErrorCode::not_found);

  // Promoted again, the old credential stays dead: only a new claim works.
  ASSERT_TRUE(run_call(service.promote("standup", host_, "alice__ab12")).ok());
  EXPECT_EQ(error_code(run_call(rooms_->require_host("standup", hash))), ErrorCode::host_required);
  EXPECT_TRUE(run_call(service.claim("standup", "alice__ab12")).ok());
}

TEST_F(CoHostsTest, ACoHostCannotEndTheMeetingNorDemoteTheHost) {
  const auto service = cohosts();
  ASSERT_TRUE(run_call(service.promote("standup", host_, "alice__ab12")).ok());
  const auto cookie = run_call(service.claim("standup", "alice__ab12"));
  ASSERT_TRUE(cookie.ok());
  const auto hash = hash_of(*cookie);

  const auto ended = run_call(rooms_->end("standup", hash));
  EXPECT_EQ(error_code(ended), ErrorCode::owner_required);
  EXPECT_TRUE(stored_room("standup").has_value()) << "the room is still there";
  const auto demoted = run_call(service.demote("standup", hash, "hana__aa11"));
  EXPECT_EQ(error_code(demoted), ErrorCode::forbidden);
  EXPECT_EQ(role_of("hana__aa11"), "host");
  EXPECT_EQ(error_code(run_call(service.promote("standup", hash, "hana__aa11"))),
            ErrorCode::conflict)
      << "the host is no co-host";
  EXPECT_TRUE(run_call(rooms_->end("standup", host_)).ok()) << "the host may";
}

TEST_F(CoHostsTest, ACoHostRemovesGuestsButNotTheHost) {
  const auto service = cohosts();
  const auto hash = promoted_alice(service);
  const Moderation moderation(*rooms_, std::make_shared<AdmissionSignals>());

  const auto host_removed = run_call(moderation.remove("standup", hash, "hana__aa11"));
  EXPECT_EQ(error_code(host_removed), ErrorCode::forbidden);
  EXPECT_TRUE(livekit_server_.present("standup", "hana__aa11")) << "the host is still there";

  const auto guest_removed = run_call(moderation.remove("standup", hash, "bob__cd34"));
  ASSERT_TRUE(guest_removed.ok()) << guest_removed.error().message;
  EXPECT_FALSE(livekit_server_.present("standup", "bob__cd34"));
  // The host may remove a co-host.
  ASSERT_TRUE(run_call(moderation.remove("standup", host_, "alice__ab12")).ok());
  EXPECT_FALSE(livekit_server_.present("standup", "alice__ab12"));
}

TEST_F(CoHostsTest, ACoHostRemovesNobodyWhenTheHostCannotBeToldApart) {
  const auto service = cohosts();
  const auto hash = promoted_alice(service);
  const Moderation moderation(*rooms_, std::make_shared<AdmissionSignals>());

  livekit_server_.fail_listing();
  const auto removed = run_call(moderation.remove("standup", hash, "hana__aa11"));
  ASSERT_FALSE(removed.ok());
  EXPECT_NE(error_code(removed), ErrorCode::not_found);
  EXPECT_TRUE(livekit_server_.present("standup", "hana__aa11")) << "fails closed";
  // The host's own request does not depend on the listing.
  ASSERT_TRUE(run_call(moderation.remove("standup", host_, "bob__cd34")).ok());
}

TEST_F(CoHostsTest, GuestsPromoteNobodyAndOnlyPeopleInTheMeetingArePromoted) {
  const auto service = cohosts();
  EXPECT_EQ(error_code(run_call(service.promote("standup", std::nullopt, "alice__ab12"))),
            ErrorCode::host_required);
  EXPECT_EQ(error_code(run_call(service.promote("standup", "forged-hash", "alice__ab12"))),
            ErrorCode::host_required);
  EXPECT_EQ(error_code(run_call(service.demote("standup", std::nullopt, "alice__ab12"))),
            ErrorCode::host_required);
  EXPECT_EQ(role_of("alice__ab12"), "guest");
  EXPECT_EQ(error_code(run_call(service.promote("standup", host_, "ghost__zz99"))),
            ErrorCode::not_found);
  EXPECT_EQ(error_code(run_call(service.claim("standup", "ghost__zz99"))),
            ErrorCode::host_required);
}

TEST_F(CoHostsTest, ARoomHasABoundedNumberOfCoHosts) {
  const auto service = cohosts();
  for (std::size_t i = 0; i < CoHosts::kMaxPerRoom; ++i) {
    ASSERT_TRUE(store_->add_cohost("standup", "p" + std::to_string(i), kNow).value());
  }
  const auto refused = run_call(service.promote("standup", host_, "alice__ab12"));
  EXPECT_EQ(error_code(refused), ErrorCode::conflict);
  EXPECT_EQ(role_of("alice__ab12"), "guest");
  ASSERT_TRUE(run_call(service.demote("standup", host_, "p0")).ok())
      << "someone who has left is demoted too";
  EXPECT_TRUE(run_call(service.promote("standup", host_, "alice__ab12")).ok());
}

TEST_F(CoHostsTest, AFloodOfClaimsIsRefusedBeforeTheStore) {
  const auto service = cohosts(std::make_shared<RateLimiter>(RateLimiter::Options{3, 1, 100}));
  ASSERT_TRUE(run_call(service.promote("standup", host_, "alice__ab12")).ok());
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(run_call(service.claim("standup", "alice__ab12")).ok()) << i;
  }
  const auto refused = run_call(service.claim("standup", "alice__ab12"));
  ASSERT_EQ(error_code(refused), ErrorCode::too_many_requests);
  EXPECT_GT(refused.error().retry_after_seconds, 0);
  EXPECT_EQ(error_code(run_call(service.claim("standup", "bob__cd34"))), ErrorCode::host_required)
      << "each participant has a limit of their own";
}

TEST_F(CoHostsTest, ACoHostsCredentialJoinsOnlyAsThemselves) {
  const auto service = cohosts();
  ASSERT_TRUE(run_call(service.promote("standup", host_, "alice__ab12")).ok());
  const auto cookie = run_call(service.claim("standup", "alice__ab12"));
  ASSERT_TRUE(cookie.ok());
  const auto hash = hash_of(*cookie);
  const auto same =
      run_call(rooms_->decide_join("standup", {}, hash, "10.0.0.2", std::string("alice__ab12")));
  ASSERT_TRUE(same.ok()) << same.error().message;
  EXPECT_EQ(same->kind, JoinDecision::Kind::cohost);
  const auto other =
      run_call(rooms_->decide_join("standup", {}, hash, "10.0.0.2", std::string("mallory__ee55")));
  ASSERT_TRUE(other.ok()) << other.error().message;
  EXPECT_EQ(other->kind, JoinDecision::Kind::guest) << "under another name, a guest";
  const auto host = run_call(rooms_->decide_join("standup", {}, host_, "10.0.0.1"));
  ASSERT_TRUE(host.ok());
  EXPECT_EQ(host->kind, JoinDecision::Kind::host);
}

}  // namespace
}  // namespace lkm::services
