#include "services/history.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "auth/access_token.hpp"
#include "auth/base64url.hpp"
#include "auth/hmac.hpp"
#include "auth/key_provider.hpp"
#include "core/metrics.hpp"
#include "livekit_api/webhook.hpp"
#include "livekit_stand_in.hpp"
#include "service_fixture.hpp"
#include "services/sessions.hpp"

namespace lkm::services {
namespace {

using testing::error_code;
using testing::kNow;
using testing::LiveKitStandIn;
using testing::run_call;

constexpr const char* kWebhookSecret = "a-webhook-secret-long-enough-000000";

const std::string kRoomStarted =
    R"({"event":"room_started","id":"EV_hook","createdAt":"1799999000",)"
    R"("room":{"sid":"RM_hook","name":"standup","creationTime":"1799999000"}})";

// An Authorization value as LiveKit signs a delivery: a token whose sha256 claim is the body's.
std::string sign(const std::string& body, const std::string& secret) {
  const auto digest = auth::sha256(body);
  auth::AccessToken token("APIkey", Secret(secret));
  token.sha256(auth::base64_encode(
      std::string_view(reinterpret_cast<const char*>(digest.data()), digest.size())));  // NOLINT
  return *token.ttl(std::chrono::minutes(5)).to_jwt(kNow);
}

std::vector<std::string> room_names(const store::MeetingPage& page) {
  std::vector<std::string> names;
  for (const auto& meeting : page.items) names.push_back(meeting.room_name);
  return names;
}

std::vector<std::string> room_names(const std::vector<livekit::Room>& rooms) {
  std::vector<std::string> names;
  for (const auto& room : rooms) names.push_back(room.name);
  return names;
}

using Names = std::vector<std::string>;

// Three rooms with one meeting each, newest first: "plain" (no host), "secret" (a host, not
// listed), "weekly" (a host who listed it).
class HistoryTest : public testing::ServiceTest {
 protected:
  void SetUp() override {
    ServiceTest::SetUp();
    weekly_host_ = add_room("weekly", false, /*listed=*/true);
    secret_host_ = add_room("secret");
    meeting_in_history("weekly", kNow - 3000);
    meeting_in_history("secret", kNow - 2000);
    meeting_in_history("plain", kNow - 1000);
    const std::string session_random(32, 's');
    organizer_key_ = session_id_hash(session_random);
    ASSERT_TRUE(store_->create_session(organizer_key_, kNow + 3600, kNow).ok());
  }

  // Builds the service (after the test chose its LiveKit).
  void start(Lobby lobby) {
    rooms_.emplace(room_dependencies(), RoomPolicy{});
    sessions_.emplace(OrganizerSessions::Dependencies{blocking(), store_.get(), &clock_,
                                                      random_.source(), &keys_, ""});
    history_.emplace(History::Dependencies{blocking(), store_.get(), &receiver_, livekit(),
                                           &*rooms_, &*sessions_, &clock_, &metrics_},
                     lobby);
  }

  void meeting_in_history(const std::string& room, std::int64_t started) {
    auto applied = store_->apply(store::testing::room_event(
        store::HistoryEventKind::room_started, "EV_" + room, "RM_" + room, room, started));
    ASSERT_TRUE(applied.ok() && *applied);
  }

  std::int64_t meeting_id(const std::string& room) {
    store::MeetingFilter filter;
    filter.room = room;
    auto page = store_->list_meetings(10, std::nullopt, filter);
    EXPECT_TRUE(page.ok() && page->items.size() == 1) << room;
    return page.ok() && !page->items.empty() ? page->items.front().id : 0;
  }

  static Visitor anonymous() {
    return {std::nullopt, [](const std::string&) { return std::optional<std::string>(); }};
  }
  static Visitor host_of(const std::string& room, const std::string& hash) {
    return {std::nullopt, [room, hash](const std::string& asked) {
              return asked == room ? std::optional<std::string>(hash) : std::nullopt;
            }};
  }
  [[nodiscard]] Visitor organizer() const { return {organizer_key_, anonymous().host_hash}; }

  Result<History::Page, Error> meetings(const Visitor& visitor,
                                        std::optional<std::string> room = std::nullopt) {
    return run_call(history_->meetings(visitor, std::move(room), 50, std::nullopt));
  }

  // The meetings' rooms, newest first, and the view they are shown in.
  void expect_page(const Result<History::Page, Error>& page, const Names& rooms, MeetingView view) {
    ASSERT_TRUE(page.ok()) << page.error().message;
    EXPECT_EQ(room_names(page->page), rooms);
    EXPECT_EQ(page->view, view);
  }

  auth::KeyProvider webhook_keys_{"APIkey", Secret(kWebhookSecret)};
  livekit::WebhookReceiver receiver_{webhook_keys_};
  metrics::Registry metrics_;
  std::string weekly_host_;
  std::string secret_host_;
  std::string organizer_key_;
  std::optional<HostedRooms> rooms_;
  std::optional<OrganizerSessions> sessions_;
  std::optional<History> history_;
};

// Webhooks

TEST_F(HistoryTest, RecordsASignedDeliveryOnce) {
  start(Lobby::all);
  const auto authorization = sign(kRoomStarted, kWebhookSecret);
  const auto first = run_call(history_->receive(kRoomStarted, authorization));
  ASSERT_TRUE(first.ok()) << first.error().message;
  EXPECT_TRUE(*first);
  const auto again = run_call(history_->receive(kRoomStarted, authorization));
  ASSERT_TRUE(again.ok()) << again.error().message;
  EXPECT_FALSE(*again) << "a repeated delivery changes nothing";

  const auto page = meetings(anonymous(), std::string("standup"));
  ASSERT_TRUE(page.ok()) << page.error().message;
  expect_page(page, {"standup"}, MeetingView::full);
  EXPECT_EQ(page->page.items.front().started_at, 1'799'999'000);
}

TEST_F(HistoryTest, RefusesForgedDeliveriesAndBadBodies) {
  start(Lobby::all);
  const auto forged = run_call(
      history_->receive(kRoomStarted, sign(kRoomStarted, "some-other-secret-long-enough-00000")));
  EXPECT_EQ(error_code(forged), ErrorCode::unauthorized);
  EXPECT_EQ(error_code(run_call(history_->receive(kRoomStarted, ""))), ErrorCode::unauthorized);
  const std::string tampered =
      std::string(kRoomStarted)
          .replace(kRoomStarted.find("standup"), std::string_view("standup").size(), "standin");
  EXPECT_EQ(error_code(run_call(history_->receive(tampered, sign(kRoomStarted, kWebhookSecret)))),
            ErrorCode::unauthorized)
      << "a body that is not the one signed";
  const std::string not_an_event = R"({"hello":1})";
  EXPECT_EQ(
      error_code(run_call(history_->receive(not_an_event, sign(not_an_event, kWebhookSecret)))),
      ErrorCode::bad_request);

  const auto page = meetings(anonymous());
  expect_page(page, {"plain", "secret", "weekly"}, MeetingView::full);
}

TEST_F(HistoryTest, CountsDeliveriesByEventAndOutcome) {
  start(Lobby::all);
  const auto authorization = sign(kRoomStarted, kWebhookSecret);
  (void)run_call(history_->receive(kRoomStarted, authorization));
  (void)run_call(history_->receive(kRoomStarted, authorization));
  (void)run_call(history_->receive(kRoomStarted, "not-a-token"));
  (void)run_call(history_->receive(kRoomStarted, ""));
  const std::string not_an_event = R"({"hello":1})";
  (void)run_call(history_->receive(not_an_event, sign(not_an_event, kWebhookSecret)));
  const std::string odd = R"({"event":"new_kind_of_event","id":"EV_9","createdAt":"1799999000"})";
  (void)run_call(history_->receive(odd, sign(odd, kWebhookSecret)));

  const std::string text = metrics_.render({});
  for (const char* line : {
           R"(livekit_meet_webhooks_total{event="room_started",outcome="accepted"} 1)",
           R"(livekit_meet_webhooks_total{event="room_started",outcome="duplicate"} 1)",
           R"(livekit_meet_webhooks_total{event="unknown",outcome="rejected_auth"} 2)",
           R"(livekit_meet_webhooks_total{event="unknown",outcome="bad_body"} 1)",
           R"(livekit_meet_webhooks_total{event="other",outcome="accepted"} 1)",
       }) {
    EXPECT_NE(text.find(std::string(line) + "\n"), std::string::npos) << line << "\n" << text;
  }
  EXPECT_EQ(text.find("new_kind_of_event"), std::string::npos) << "event labels stay bounded";
}

TEST_F(HistoryTest, RecordsNothingOfAConnectionTestsRoom) {
  start(Lobby::all);
  const std::string room =
      R"("room":{"sid":"RM_test","name":"lkm-connection-test-abcdefghijklmnop",)"
      R"("creationTime":"1799999000"})";
  const std::vector<std::string> bodies = {
      R"({"event":"room_started","id":"EV_t1","createdAt":"1799999000",)" + room + "}",
      R"({"event":"participant_joined","id":"EV_t2","createdAt":"1799999001",)" + room +
          R"(,"participant":{"sid":"PA_t","identity":"connection-test-x","name":"Connection test"}})",
      R"({"event":"egress_started","id":"EV_t3","createdAt":"1799999002","egressInfo":)"
      R"({"egressId":"EG_t","roomId":"RM_test","roomName":"lkm-connection-test-abcdefghijklmnop",)"
      R"("status":"EGRESS_ACTIVE"}})",
      R"({"event":"room_finished","id":"EV_t4","createdAt":"1799999003",)" + room + "}",
  };
  for (const auto& body : bodies) {
    const auto received = run_call(history_->receive(body, sign(body, kWebhookSecret)));
    ASSERT_TRUE(received.ok()) << received.error().message;
    EXPECT_TRUE(*received) << body;
  }
  expect_page(meetings(anonymous()), {"plain", "secret", "weekly"}, MeetingView::full);
  const auto page = meetings(organizer(), std::string("lkm-connection-test-abcdefghijklmnop"));
  ASSERT_TRUE(page.ok());
  EXPECT_TRUE(page->page.items.empty());
  const std::string text = metrics_.render({});
  EXPECT_NE(text.find(R"(livekit_meet_webhooks_total{event="room_started",outcome="ignored"} 1)"),
            std::string::npos)
      << text;
  // Still verified first: a forged delivery for such a room is refused, not ignored.
  EXPECT_EQ(error_code(run_call(history_->receive(bodies[0], "not-a-token"))),
            ErrorCode::unauthorized);
}

// Meetings by the lobby rules

TEST_F(HistoryTest, ListedLobbyShowsOthersThePublicViewOfListedRoomsOnly) {
  start(Lobby::listed);
  expect_page(meetings(anonymous()), {"weekly"}, MeetingView::public_view);
  expect_page(meetings(anonymous(), std::string("weekly")), {"weekly"}, MeetingView::public_view);
  EXPECT_EQ(error_code(meetings(anonymous(), std::string("secret"))), ErrorCode::room_not_found);
  EXPECT_EQ(error_code(meetings(anonymous(), std::string("plain"))), ErrorCode::room_not_found);
  const Visitor stale{std::string(64, '0'), anonymous().host_hash};
  expect_page(meetings(stale), {"weekly"}, MeetingView::public_view);
}

TEST_F(HistoryTest, ListedLobbyShowsAHostItsRoomInFull) {
  start(Lobby::listed);
  const auto host = host_of("secret", secret_host_);
  expect_page(meetings(host, std::string("secret")), {"secret"}, MeetingView::full);
  expect_page(meetings(host), {"weekly"}, MeetingView::public_view);
  const auto forged = host_of("secret", weekly_host_);  // another room's credential
  EXPECT_EQ(error_code(meetings(forged, std::string("secret"))), ErrorCode::room_not_found);
  expect_page(meetings(host_of("weekly", weekly_host_), std::string("weekly")), {"weekly"},
              MeetingView::full);
}

TEST_F(HistoryTest, OrganizersSeeEverythingInFull) {
  start(Lobby::listed);
  expect_page(meetings(organizer()), {"plain", "secret", "weekly"}, MeetingView::full);
  expect_page(meetings(organizer(), std::string("secret")), {"secret"}, MeetingView::full);
}

TEST_F(HistoryTest, LobbyAllShowsEveryoneEverythingInFull) {
  start(Lobby::all);
  expect_page(meetings(anonymous()), {"plain", "secret", "weekly"}, MeetingView::full);
  expect_page(meetings(anonymous(), std::string("plain")), {"plain"}, MeetingView::full);
}

TEST_F(HistoryTest, LobbyOffShowsNothingButToOrganizersAndHosts) {
  start(Lobby::off);
  EXPECT_EQ(error_code(meetings(anonymous())), ErrorCode::lobby_off);
  EXPECT_EQ(error_code(meetings(anonymous(), std::string("weekly"))), ErrorCode::room_not_found)
      << "a listed room is not shown under --lobby off";
  EXPECT_EQ(error_code(meetings(host_of("secret", secret_host_))), ErrorCode::lobby_off);
  expect_page(meetings(host_of("secret", secret_host_), std::string("secret")), {"secret"},
              MeetingView::full);
  expect_page(meetings(organizer()), {"plain", "secret", "weekly"}, MeetingView::full);
}

TEST_F(HistoryTest, OneMeetingIsShownByTheSameRules) {
  start(Lobby::listed);
  const auto weekly = run_call(history_->meeting(anonymous(), meeting_id("weekly")));
  ASSERT_TRUE(weekly.ok()) << weekly.error().message;
  EXPECT_EQ(weekly->meeting.room_name, "weekly");
  EXPECT_EQ(weekly->view, MeetingView::public_view);
  EXPECT_EQ(error_code(run_call(history_->meeting(anonymous(), meeting_id("secret")))),
            ErrorCode::not_found)
      << "a meeting the visitor may not see does not exist for them";
  const auto hosted =
      run_call(history_->meeting(host_of("secret", secret_host_), meeting_id("secret")));
  ASSERT_TRUE(hosted.ok()) << hosted.error().message;
  EXPECT_EQ(hosted->view, MeetingView::full);
  const auto any = run_call(history_->meeting(organizer(), meeting_id("plain")));
  ASSERT_TRUE(any.ok()) << any.error().message;
  EXPECT_EQ(any->view, MeetingView::full);
  EXPECT_EQ(error_code(run_call(history_->meeting(organizer(), 999'999))), ErrorCode::not_found);
}

// Live rooms by the lobby rules

class LiveRoomsTest : public HistoryTest {
 protected:
  LiveKitStandIn livekit_server_{{LiveKitStandIn::room("plain", 2), LiveKitStandIn::room("secret"),
                                  LiveKitStandIn::room("weekly", 5)}};

  Result<std::vector<livekit::Room>, Error> live(const Visitor& visitor) {
    return run_call(history_->live_rooms(visitor));
  }
  void expect_rooms(const Result<std::vector<livekit::Room>, Error>& rooms, const Names& names) {
    ASSERT_TRUE(rooms.ok()) << rooms.error().message;
    EXPECT_EQ(room_names(*rooms), names);
  }
};

TEST_F(LiveRoomsTest, ListedLobbyShowsOthersTheListedRoomsOnly) {
  use_livekit(livekit_server_.url());
  start(Lobby::listed);
  const auto shown = live(anonymous());
  ASSERT_TRUE(shown.ok()) << shown.error().message;
  expect_rooms(shown, {"weekly"});
  EXPECT_EQ(shown->front().num_participants, 5U);
  expect_rooms(live(host_of("secret", secret_host_)), {"weekly"});
  expect_rooms(live(organizer()), {"plain", "secret", "weekly"});
}

TEST_F(LiveRoomsTest, LobbyAllShowsEveryoneEveryRoom) {
  use_livekit(livekit_server_.url());
  start(Lobby::all);
  expect_rooms(live(anonymous()), {"plain", "secret", "weekly"});
}

TEST_F(LiveRoomsTest, LobbyOffShowsRoomsToOrganizersOnly) {
  use_livekit(livekit_server_.url());
  start(Lobby::off);
  EXPECT_EQ(error_code(live(anonymous())), ErrorCode::lobby_off);
  EXPECT_TRUE(livekit_server_.calls().empty()) << "LiveKit is not asked for a refused visitor";
  expect_rooms(live(organizer()), {"plain", "secret", "weekly"});
}

TEST_F(LiveRoomsTest, NeverShowsAConnectionTestsRoom) {
  LiveKitStandIn with_test{{LiveKitStandIn::room("plain", 2),
                            LiveKitStandIn::room("lkm-connection-test-abcdefghijklmnop", 1)}};
  use_livekit(with_test.url());
  start(Lobby::all);
  expect_rooms(live(anonymous()), {"plain"});
  expect_rooms(live(organizer()), {"plain"});
}

TEST_F(LiveRoomsTest, FailsWhenLiveKitCannotBeAsked) {
  start(Lobby::all);  // LiveKit: nothing listens
  EXPECT_EQ(error_code(live(anonymous())), ErrorCode::bad_gateway);
}

}  // namespace
}  // namespace lkm::services
