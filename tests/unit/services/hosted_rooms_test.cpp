#include "services/hosted_rooms.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "auth/password_hash.hpp"
#include "core/rate_limiter.hpp"
#include "livekit_stand_in.hpp"
#include "service_fixture.hpp"

namespace lkm::services {
namespace {

using testing::error_code;
using testing::kDay;
using testing::kNow;
using testing::LiveKitStandIn;
using testing::run_call;
using Kind = JoinDecision::Kind;

class HostedRoomsTest : public testing::ServiceTest {
 protected:
  HostedRooms rooms(RoomPolicy policy = {}) {
    return HostedRooms(room_dependencies(), std::move(policy));
  }

  // The hash the service is given for a created room's host cookie.
  std::optional<std::string> host_hash(const HostedRooms::Created& created) {
    auto hash = host_credential_hash(keys_, created.room.name, created.host_cookie);
    EXPECT_TRUE(hash.has_value()) << "the host cookie is signed for its room";
    return hash;
  }

  // A meeting of `room` in the history, from `started` to `ended`.
  void meeting_in_history(const std::string& room, std::int64_t started, std::int64_t ended) {
    const auto id = std::to_string(++events_);
    auto begun = store_->apply(store::testing::room_event(store::HistoryEventKind::room_started,
                                                          "EV_S" + id, "RM_" + id, room, started));
    ASSERT_TRUE(begun.ok() && *begun);
    auto finished = store_->apply(store::testing::room_event(store::HistoryEventKind::room_finished,
                                                             "EV_F" + id, "RM_" + id, room, ended));
    ASSERT_TRUE(finished.ok() && *finished);
  }

  static RoomRequest named(const std::string& name) {
    RoomRequest request;
    request.name = name;
    return request;
  }

  int events_ = 0;
};

// Creating a room

TEST_F(HostedRoomsTest, CreatesARoomUnderADrawnNameWithItsHostCredential) {
  // Both halves alike: the order in which the two are drawn is not the test's business.
  random_.script(4, {"ab12", "ab12"});
  const auto service = rooms();
  RoomRequest request;
  request.waiting_room = true;
  request.listed = true;
  // LiveKit cannot be asked here: a drawn name does not need it.
  const auto created = run_call(service.create(request, "10.0.0.1", false));
  ASSERT_TRUE(created.ok()) << created.error().message;
  EXPECT_EQ(created->room.name, "ab12-ab12");
  EXPECT_TRUE(created->room.waiting_room);
  EXPECT_TRUE(created->room.listed);
  EXPECT_TRUE(created->room.passcode_hash.empty());
  EXPECT_EQ(created->room.created_at, kNow);
  EXPECT_EQ(stored_room("ab12-ab12"), created->room);

  const auto hash = host_hash(*created);
  const auto host = run_call(service.is_host("ab12-ab12", hash));
  ASSERT_TRUE(host.ok());
  EXPECT_TRUE(*host);
  const auto seen = run_call(service.view("ab12-ab12", hash));
  ASSERT_TRUE(seen.ok());
  EXPECT_TRUE(seen->is_host);
  ASSERT_TRUE(seen->room.has_value());
  EXPECT_EQ(seen->room->name, "ab12-ab12");
  const auto stranger = run_call(service.view("ab12-ab12", std::string(64, 'f')));
  ASSERT_TRUE(stranger.ok());
  EXPECT_FALSE(stranger->is_host);
  const auto guest = run_call(service.decide_join("ab12-ab12", {}, {}, "10.0.0.2"));
  ASSERT_TRUE(guest.ok());
  EXPECT_EQ(guest->kind, Kind::wait) << "a guest of a waiting room waits";
}

TEST_F(HostedRoomsTest, DrawsAgainWhenTheDrawnNameAlreadyHasAHost) {
  const auto first_host = add_room("aaaa-aaaa");
  random_.script(4, {"aaaa", "aaaa", "cccc", "cccc"});
  const auto service = rooms();
  const auto created = run_call(service.create({}, "10.0.0.1", false));
  ASSERT_TRUE(created.ok()) << created.error().message;
  EXPECT_EQ(created->room.name, "cccc-cccc");
  EXPECT_TRUE(stored_room("cccc-cccc").has_value());
  // The room that held the name keeps its host, and only its host.
  const auto still = run_call(service.is_host("aaaa-aaaa", first_host));
  ASSERT_TRUE(still.ok());
  EXPECT_TRUE(*still);
  const auto newcomer = run_call(service.is_host("aaaa-aaaa", host_hash(*created)));
  ASSERT_TRUE(newcomer.ok());
  EXPECT_FALSE(*newcomer);
}

TEST_F(HostedRoomsTest, GivesUpAfterFiveCollisionsInARow) {
  (void)add_room("aaaa-aaaa");
  for (int i = 0; i < 5; ++i) random_.script(4, {"aaaa", "aaaa"});
  random_.script(4, {"cccc", "cccc"});  // what a sixth attempt would get
  const auto service = rooms();
  const auto created = run_call(service.create({}, "10.0.0.1", false));
  EXPECT_EQ(error_code(created), ErrorCode::conflict);
  EXPECT_EQ(random_.drawn(4), 10U);
  EXPECT_FALSE(stored_room("cccc-cccc").has_value());
}

TEST_F(HostedRoomsTest, RefusesAChosenNameUsedInAMeetingWithinTheRetention) {
  meeting_in_history("standup", kNow - 2 * kDay, kNow - 2 * kDay + 3600);
  LiveKitStandIn livekit_server;
  use_livekit(livekit_server.url());
  const auto service = rooms();
  const auto created = run_call(service.create(named("standup"), "10.0.0.1", false));
  EXPECT_EQ(error_code(created), ErrorCode::room_in_use);
  EXPECT_FALSE(stored_room("standup").has_value());
}

TEST_F(HostedRoomsTest, AcceptsAChosenNameLastUsedBeforeTheRetention) {
  meeting_in_history("standup", kNow - 40 * kDay, kNow - 40 * kDay + 3600);
  LiveKitStandIn livekit_server;
  use_livekit(livekit_server.url());
  const auto service = rooms();
  const auto created = run_call(service.create(named("standup"), "10.0.0.1", false));
  ASSERT_TRUE(created.ok()) << created.error().message;
  EXPECT_EQ(created->room.name, "standup");
  EXPECT_TRUE(stored_room("standup").has_value());
  const auto calls = livekit_server.calls();
  ASSERT_EQ(calls.size(), 1U);
  EXPECT_EQ(calls[0].method, "ListRooms") << "a chosen name is checked against LiveKit";
}

TEST_F(HostedRoomsTest, RefusesAChosenNameLiveOnLiveKit) {
  LiveKitStandIn livekit_server({LiveKitStandIn::room("standup", 3)});
  use_livekit(livekit_server.url());
  const auto service = rooms();
  const auto created = run_call(service.create(named("standup"), "10.0.0.1", false));
  EXPECT_EQ(error_code(created), ErrorCode::room_in_use);
  EXPECT_FALSE(stored_room("standup").has_value());
}

TEST_F(HostedRoomsTest, NeverClaimsAChosenNameWhenLiveKitCannotBeAsked) {
  const auto service = rooms();  // LiveKit: nothing listens
  const auto created = run_call(service.create(named("standup"), "10.0.0.1", false));
  ASSERT_EQ(error_code(created), ErrorCode::unavailable);
  EXPECT_GT(created.error().retry_after_seconds, 0);
  EXPECT_FALSE(stored_room("standup").has_value());
}

TEST_F(HostedRoomsTest, OnlySignedInOrganizersCreateRoomsWhenThePolicySaysSo) {
  RoomPolicy policy;
  policy.creation = RoomCreation::organizers;
  const auto service = rooms(policy);
  const auto refused = run_call(service.create({}, "10.0.0.1", false));
  EXPECT_EQ(error_code(refused), ErrorCode::organizer_required);
  EXPECT_EQ(random_.drawn(4), 0U) << "no name was drawn for a refused request";
  const auto created = run_call(service.create({}, "10.0.0.1", true));
  ASSERT_TRUE(created.ok()) << created.error().message;
  EXPECT_TRUE(stored_room(created->room.name).has_value());
}

TEST_F(HostedRoomsTest, LimitsRoomCreationsPerClient) {
  RoomPolicy policy;
  policy.creation_limiter = std::make_shared<RateLimiter>(RateLimiter::Options{2, 1800, 100});
  const auto service = rooms(policy);
  for (int i = 0; i < 2; ++i) {
    const auto created = run_call(service.create({}, "10.0.0.1", false));
    ASSERT_TRUE(created.ok()) << i << ": " << created.error().message;
  }
  const auto limited = run_call(service.create({}, "10.0.0.1", false));
  ASSERT_EQ(error_code(limited), ErrorCode::too_many_requests);
  EXPECT_GT(limited.error().retry_after_seconds, 0);
  EXPECT_LE(limited.error().retry_after_seconds, 1800);
  EXPECT_EQ(random_.drawn(4), 4U) << "the limited request stored nothing";

  const auto other_client = run_call(service.create({}, "10.0.0.2", false));
  EXPECT_TRUE(other_client.ok()) << "the limit is per client";
  clock_.set(kNow + 1800);
  const auto later = run_call(service.create({}, "10.0.0.1", false));
  EXPECT_TRUE(later.ok()) << "a token comes back after its refill time";
}

TEST_F(HostedRoomsTest, StoresThePasscodeHashedAndAsksJoinersForIt) {
  const std::string passcode = "open sesame 42";
  RoomRequest request;
  request.passcode = passcode;
  const auto service = rooms();
  const auto created = run_call(service.create(request, "10.0.0.1", false));
  ASSERT_TRUE(created.ok()) << created.error().message;
  const std::string name = created->room.name;
  const auto stored = stored_room(name);
  ASSERT_TRUE(stored.has_value());
  EXPECT_EQ(stored->passcode_hash.find(passcode), std::string::npos);
  EXPECT_TRUE(auth::is_password_hash(stored->passcode_hash)) << stored->passcode_hash;
  EXPECT_TRUE(auth::verify_password(passcode, stored->passcode_hash));

  const auto without = run_call(service.decide_join(name, {}, {}, "10.0.0.2"));
  EXPECT_EQ(error_code(without), ErrorCode::passcode_required);
  const auto wrong = run_call(service.decide_join(name, "open sesame 41", {}, "10.0.0.2"));
  EXPECT_EQ(error_code(wrong), ErrorCode::passcode_invalid);
  const auto right = run_call(service.decide_join(name, passcode, {}, "10.0.0.2"));
  ASSERT_TRUE(right.ok()) << right.error().message;
  EXPECT_EQ(right->kind, Kind::guest);
  const auto host = run_call(service.decide_join(name, {}, host_hash(*created), "10.0.0.1"));
  ASSERT_TRUE(host.ok()) << host.error().message;
  EXPECT_EQ(host->kind, Kind::host) << "the host needs no passcode";
  const auto unhosted = run_call(service.decide_join("no-host-here", {}, {}, "10.0.0.2"));
  ASSERT_TRUE(unhosted.ok());
  EXPECT_EQ(unhosted->kind, Kind::open);
}

TEST_F(HostedRoomsTest, AJoinToARoomWithoutAHostIsAnsweredFromMemoryForASecond) {
  const auto service = rooms();
  const auto first = run_call(service.decide_join("standup", {}, {}, "10.0.0.2"));
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(first->kind, Kind::open);
  // The room gets a host behind the service's back (the SQLite store is this process's alone, so
  // only a test can do this): within the second the store is not asked again, after it the
  // room's rules apply.
  const auto host = add_room("standup");
  const auto remembered = run_call(service.decide_join("standup", {}, {}, "10.0.0.2"));
  ASSERT_TRUE(remembered.ok());
  EXPECT_EQ(remembered->kind, Kind::open) << "answered without the store";
  clock_.set(kNow + 2);
  const auto guest = run_call(service.decide_join("standup", {}, {}, "10.0.0.2"));
  ASSERT_TRUE(guest.ok()) << guest.error().message;
  EXPECT_EQ(guest->kind, Kind::guest);
  const auto hosted = run_call(service.decide_join("standup", {}, host, "10.0.0.1"));
  ASSERT_TRUE(hosted.ok()) << hosted.error().message;
  EXPECT_EQ(hosted->kind, Kind::host);
}

TEST_F(HostedRoomsTest, ARoomCreatedHereIsSeenByTheNextJoinAtOnce) {
  LiveKitStandIn livekit_server;
  use_livekit(livekit_server.url());
  const auto service = rooms();
  const auto before = run_call(service.decide_join("team-sync", {}, {}, "10.0.0.2"));
  ASSERT_TRUE(before.ok());
  EXPECT_EQ(before->kind, Kind::open);
  RoomRequest request = named("team-sync");
  request.passcode = "open sesame 42";
  const auto created = run_call(service.create(request, "10.0.0.1", false));
  ASSERT_TRUE(created.ok()) << created.error().message;
  EXPECT_EQ(error_code(run_call(service.decide_join("team-sync", {}, {}, "10.0.0.2"))),
            ErrorCode::passcode_required)
      << "the memory of the room without a host is gone with its creation";
}

TEST_F(HostedRoomsTest, UnderOrganizersAnUnknownRoomStaysRefusedFromMemory) {
  RoomPolicy policy;
  policy.creation = RoomCreation::organizers;
  const auto service = rooms(policy);
  EXPECT_EQ(error_code(run_call(service.decide_join("no-such", {}, {}, "10.0.0.2"))),
            ErrorCode::room_not_found);
  add_room("no-such");
  EXPECT_EQ(error_code(run_call(service.decide_join("no-such", {}, {}, "10.0.0.2"))),
            ErrorCode::room_not_found);
  clock_.set(kNow + 2);
  const auto guest = run_call(service.decide_join("no-such", {}, {}, "10.0.0.2"));
  ASSERT_TRUE(guest.ok()) << guest.error().message;
  EXPECT_EQ(guest->kind, Kind::guest);
}

TEST_F(HostedRoomsTest, IsNotConfiguredWithoutTheStore) {
  auto dependencies = room_dependencies();
  dependencies.access = nullptr;
  const HostedRooms service(dependencies, {});
  EXPECT_FALSE(service.enabled());
  EXPECT_EQ(error_code(run_call(service.create({}, "10.0.0.1", true))), ErrorCode::not_configured);
  const auto join = run_call(service.decide_join("any-room", {}, {}, "10.0.0.1"));
  ASSERT_TRUE(join.ok());
  EXPECT_EQ(join->kind, Kind::open);
}

// The host's controls

TEST_F(HostedRoomsTest, RequireHostTellsTheHostFromEveryoneElseAndCountsAsUse) {
  const auto host = add_room("team-sync");
  const auto other = add_room("other-room");
  const auto service = rooms();
  clock_.set(kNow + 2 * kDay);
  EXPECT_EQ(error_code(run_call(service.require_host("team-sync", other))),
            ErrorCode::host_required);
  EXPECT_EQ(error_code(run_call(service.require_host("team-sync", std::nullopt))),
            ErrorCode::host_required);
  EXPECT_EQ(error_code(run_call(service.require_host("no-such-room", host))),
            ErrorCode::room_not_found);
  EXPECT_EQ(stored_room("team-sync")->last_used_at, kNow) << "a refused action is no use";

  const auto hosted = run_call(service.require_host("team-sync", host));
  ASSERT_TRUE(hosted.ok()) << hosted.error().message;
  EXPECT_EQ(hosted->name, "team-sync");
  EXPECT_EQ(stored_room("team-sync")->last_used_at, kNow + 2 * kDay);

  clock_.set(kNow + 2 * kDay + 31 * kDay);
  EXPECT_EQ(error_code(run_call(service.require_host("team-sync", host))),
            ErrorCode::room_not_found)
      << "a room unused past the retention is as good as forgotten";
}

TEST_F(HostedRoomsTest, OnlyTheHostLocksAndListsTheRoom) {
  const auto host = add_room("team-sync");
  const auto other = add_room("other-room");
  const auto service = rooms();
  using Flag = HostedRooms::Flag;

  EXPECT_EQ(error_code(run_call(service.set_flag("team-sync", other, Flag::locked, true))),
            ErrorCode::host_required);
  EXPECT_FALSE(stored_room("team-sync")->locked);

  const auto locked = run_call(service.set_flag("team-sync", host, Flag::locked, true));
  ASSERT_TRUE(locked.ok()) << locked.error().message;
  EXPECT_TRUE(locked->locked);
  EXPECT_TRUE(stored_room("team-sync")->locked);
  EXPECT_EQ(error_code(run_call(service.decide_join("team-sync", {}, {}, "10.0.0.2"))),
            ErrorCode::room_locked);
  const auto host_join = run_call(service.decide_join("team-sync", {}, host, "10.0.0.1"));
  ASSERT_TRUE(host_join.ok());
  EXPECT_EQ(host_join->kind, Kind::host) << "the lock keeps guests out, not the host";

  const auto listed = run_call(service.set_flag("team-sync", host, Flag::listed, true));
  ASSERT_TRUE(listed.ok()) << listed.error().message;
  EXPECT_TRUE(listed->listed);
  EXPECT_TRUE(listed->locked);
  EXPECT_TRUE(stored_room("team-sync")->listed);

  const auto unlocked = run_call(service.set_flag("team-sync", host, Flag::locked, false));
  ASSERT_TRUE(unlocked.ok());
  EXPECT_FALSE(stored_room("team-sync")->locked);
  const auto guest = run_call(service.decide_join("team-sync", {}, {}, "10.0.0.2"));
  ASSERT_TRUE(guest.ok());
  EXPECT_EQ(guest->kind, Kind::guest);
}

TEST_F(HostedRoomsTest, SigningOutRevokesOnlyThatCredential) {
  const auto host = add_room("team-sync");
  const auto other = add_room("other-room");
  const auto service = rooms();

  EXPECT_TRUE(run_call(service.sign_out_host("team-sync", other)).ok());
  EXPECT_TRUE(run_call(service.sign_out_host("team-sync", std::nullopt)).ok());
  EXPECT_TRUE(run_call(service.require_host("team-sync", host)).ok())
      << "someone else's sign-out changes nothing";

  EXPECT_TRUE(run_call(service.sign_out_host("team-sync", host)).ok());
  EXPECT_EQ(error_code(run_call(service.require_host("team-sync", host))),
            ErrorCode::host_required);
  EXPECT_TRUE(stored_room("team-sync").has_value()) << "the room itself stays";
  EXPECT_TRUE(run_call(service.require_host("other-room", other)).ok());
}

TEST_F(HostedRoomsTest, OnlyTheHostEndsTheMeetingWhichForgetsTheRoom) {
  LiveKitStandIn livekit_server({LiveKitStandIn::room("team-sync", 4)});
  use_livekit(livekit_server.url());
  const auto host = add_room("team-sync");
  const auto other = add_room("other-room");
  const auto service = rooms();

  EXPECT_EQ(error_code(run_call(service.end("team-sync", other))), ErrorCode::host_required);
  EXPECT_TRUE(livekit_server.calls().empty()) << "LiveKit is not asked for a non-host";
  EXPECT_TRUE(stored_room("team-sync").has_value());

  const auto ended = run_call(service.end("team-sync", host));
  ASSERT_TRUE(ended.ok()) << ended.error().message;
  const auto calls = livekit_server.calls();
  ASSERT_EQ(calls.size(), 1U);
  EXPECT_EQ(calls[0].method, "DeleteRoom");
  EXPECT_EQ(calls[0].room, "team-sync");
  EXPECT_TRUE(livekit_server.room_names().empty());
  EXPECT_FALSE(stored_room("team-sync").has_value());
  EXPECT_TRUE(stored_room("other-room").has_value());
}

TEST_F(HostedRoomsTest, EndsARoomThatIsNotLiveOnLiveKit) {
  LiveKitStandIn livekit_server;  // LiveKit answers not_found
  use_livekit(livekit_server.url());
  const auto host = add_room("quiet-room");
  const auto service = rooms();
  const auto ended = run_call(service.end("quiet-room", host));
  ASSERT_TRUE(ended.ok()) << ended.error().message;
  EXPECT_EQ(livekit_server.calls().size(), 1U);
  EXPECT_FALSE(stored_room("quiet-room").has_value());
}

TEST_F(HostedRoomsTest, KeepsTheRoomWhenLiveKitCannotEndTheMeeting) {
  const auto host = add_room("team-sync");
  const auto service = rooms();  // LiveKit: nothing listens
  EXPECT_EQ(error_code(run_call(service.end("team-sync", host))), ErrorCode::bad_gateway);
  EXPECT_TRUE(stored_room("team-sync").has_value());
}

}  // namespace
}  // namespace lkm::services
