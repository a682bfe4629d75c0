#include "api/meetings.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

namespace lkm::api {
namespace {

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

TEST(PageRequest, ValidatesTheLimitAndKeepsTheCursor) {
  for (const char* query : {"limit=0", "limit=501", "limit=-3", "limit=ten", "limit="}) {
    const auto page = parse_page_request(query);
    ASSERT_FALSE(page) << query;
    EXPECT_EQ(page.error().code, ErrorCode::bad_request) << query;
  }
  const auto largest = parse_page_request("limit=500&cursor=abc");
  ASSERT_TRUE(largest);
  EXPECT_EQ(largest->limit, 500U);
  EXPECT_EQ(largest->cursor, "abc");
  const auto plain = parse_page_request("");
  ASSERT_TRUE(plain);
  EXPECT_EQ(plain->limit, kDefaultMeetingPage);
  EXPECT_EQ(plain->cursor, std::nullopt);
}

TEST(MeetingId, IsAPositiveDecimalNumber) {
  for (const char* id : {"", "0", "-1", "12abc", "1.5", "99999999999999999999999"}) {
    EXPECT_EQ(parse_meeting_id(id), std::nullopt) << id;
  }
  EXPECT_EQ(parse_meeting_id("99"), 99);
}

}  // namespace
}  // namespace lkm::api
