#include "api/meetings.hpp"

#include <gtest/gtest.h>

#include <unistd.h>
#include <filesystem>

#include <boost/json/parse.hpp>

#include "auth/access_token.hpp"
#include "auth/base64url.hpp"
#include "auth/hmac.hpp"
#include "core/clock.hpp"
#include "store/sqlite_store.hpp"

namespace lkm::api {
namespace {

namespace fs = std::filesystem;
constexpr std::int64_t kNow = 1'800'000'000;

class MeetingsApi : public testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("lkm-api-meetings-" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    auto opened = store::SqliteStore::open(dir_ / "meetings.db", clock_);
    ASSERT_TRUE(opened) << opened.error().message;
    store_ = std::move(opened).value();
  }
  void TearDown() override {
    store_.reset();
    fs::remove_all(dir_);
  }

  std::string sign(const std::string& body, const std::string& secret) const {
    const auto digest = auth::sha256(body);
    auth::AccessToken token("APIkey", Secret(secret));
    token.sha256(auth::base64_encode(
        std::string_view(reinterpret_cast<const char*>(digest.data()), digest.size())));  // NOLINT
    return *token.ttl(std::chrono::minutes(5)).to_jwt(kNow);
  }

  FixedClock clock_{kNow};
  auth::KeyProvider keys_{"APIkey", Secret("a-webhook-secret-long-enough-000000")};
  livekit::WebhookReceiver receiver_{keys_};
  fs::path dir_;
  std::unique_ptr<store::SqliteStore> store_;
};

const std::string kRoomStarted =
    R"({"event":"room_started","id":"EV_1","createdAt":"1799999000",)"
    R"("room":{"sid":"RM_1","name":"weekly","creationTime":"1799999000"}})";

TEST_F(MeetingsApi, RecordsASignedDeliveryOnceAndListsIt) {
  const auto auth = sign(kRoomStarted, "a-webhook-secret-long-enough-000000");
  auto first = receive_webhook(receiver_, *store_, kRoomStarted, auth, kNow);
  ASSERT_TRUE(first) << first.error().message;
  EXPECT_TRUE(*first);
  auto again = receive_webhook(receiver_, *store_, kRoomStarted, auth, kNow);
  ASSERT_TRUE(again);
  EXPECT_FALSE(*again);

  const auto page = list_meetings(*store_, "", {});
  ASSERT_TRUE(page);
  const auto json = boost::json::parse(to_json(*page, MeetingView::full)).as_object();
  const auto& meetings = json.at("meetings").as_array();
  ASSERT_EQ(meetings.size(), 1U);
  EXPECT_EQ(meetings[0].at("roomName").as_string(), "weekly");
  EXPECT_EQ(meetings[0].at("startedAt").as_int64(), 1799999000);
  EXPECT_TRUE(meetings[0].at("endedAt").is_null());
  EXPECT_TRUE(json.at("nextCursor").is_null());
}

TEST_F(MeetingsApi, MapsRefusedDeliveriesToUnauthorizedAndBadBodiesToBadRequest) {
  auto forged = receive_webhook(receiver_, *store_, kRoomStarted,
                                sign(kRoomStarted, "some-other-secret-long-enough-00000"), kNow);
  ASSERT_FALSE(forged);
  EXPECT_EQ(forged.error().code, ErrorCode::unauthorized);
  const std::string not_an_event = R"({"hello":1})";
  auto bad = receive_webhook(receiver_, *store_, not_an_event,
                             sign(not_an_event, "a-webhook-secret-long-enough-000000"), kNow);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, ErrorCode::bad_request);
}

TEST_F(MeetingsApi, CountsDeliveriesByEventAndOutcome) {
  metrics::Registry metrics;
  const std::string secret = "a-webhook-secret-long-enough-000000";
  const auto auth = sign(kRoomStarted, secret);
  (void)receive_webhook(receiver_, *store_, kRoomStarted, auth, kNow, &metrics);
  (void)receive_webhook(receiver_, *store_, kRoomStarted, auth, kNow, &metrics);
  (void)receive_webhook(receiver_, *store_, kRoomStarted, "not-a-token", kNow, &metrics);
  (void)receive_webhook(receiver_, *store_, kRoomStarted, "", kNow, &metrics);
  const std::string not_an_event = R"({"hello":1})";
  (void)receive_webhook(receiver_, *store_, not_an_event, sign(not_an_event, secret), kNow,
                        &metrics);
  const std::string odd = R"({"event":"new_kind_of_event","id":"EV_9","createdAt":"1799999000"})";
  (void)receive_webhook(receiver_, *store_, odd, sign(odd, secret), kNow, &metrics);

  const std::string text = metrics.render({});
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

TEST(MeetingJson, ThePublicViewHasNoIdentitiesNorRecordingLocations) {
  store::Meeting meeting;
  meeting.id = 7;
  meeting.room_name = "weekly";
  meeting.attendees.push_back({"ceo__ab12", "The CEO", 100, std::nullopt});
  meeting.recordings.push_back(
      {"EG_1", "EGRESS_COMPLETE", 100, 200, "s3://bucket/secret.mp4", "disk quota"});
  const auto full = boost::json::parse(to_json(meeting, MeetingView::full)).as_object();
  EXPECT_EQ(full.at("attendees").as_array()[0].at("identity").as_string(), "ceo__ab12");
  EXPECT_EQ(full.at("recordings").as_array()[0].at("location").as_string(),
            "s3://bucket/secret.mp4");
  const std::string shown = to_json(meeting, MeetingView::public_view);
  const auto open = boost::json::parse(shown).as_object();
  EXPECT_EQ(open.at("attendees").as_array()[0].at("name").as_string(), "The CEO");
  EXPECT_EQ(open.at("recordings").as_array()[0].at("status").as_string(), "EGRESS_COMPLETE");
  for (const char* hidden : {"ceo__ab12", "identity", "secret.mp4", "location", "disk quota"}) {
    EXPECT_EQ(shown.find(hidden), std::string::npos) << hidden;
  }
  store::MeetingPage page;
  page.items.push_back(meeting);
  EXPECT_EQ(to_json(page, MeetingView::public_view).find("ceo__ab12"), std::string::npos);
}

TEST(WebhookEventLabel, KeepsLivekitsEventNamesOnly) {
  EXPECT_EQ(webhook_event_label("participant_joined"), "participant_joined");
  EXPECT_EQ(webhook_event_label("egress_ended"), "egress_ended");
  EXPECT_EQ(webhook_event_label("Participant_Joined"), "other");
  EXPECT_EQ(webhook_event_label(""), "other");
}

TEST_F(MeetingsApi, ValidatesTheLimitAndTheId) {
  for (const char* query : {"limit=0", "limit=501", "limit=-3", "limit=ten", "limit="}) {
    const auto page = list_meetings(*store_, query, {});
    ASSERT_FALSE(page) << query;
    EXPECT_EQ(page.error().code, ErrorCode::bad_request) << query;
  }
  EXPECT_TRUE(list_meetings(*store_, "limit=500", {}));
  for (const char* id : {"", "0", "-1", "12abc", "99"}) {
    const auto meeting = get_meeting(*store_, id);
    ASSERT_FALSE(meeting) << id;
    EXPECT_EQ(meeting.error().code, ErrorCode::not_found) << id;
  }
}

}  // namespace
}  // namespace lkm::api
