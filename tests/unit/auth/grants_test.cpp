#include "auth/grants.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

namespace lkm::auth {
namespace {

VideoGrant every_video_field() {
  VideoGrant grant;
  grant.room = "r";
  grant.room_join = true;
  grant.room_create = false;
  grant.room_list = true;
  grant.room_record = false;
  grant.room_admin = true;
  grant.ingress_admin = false;
  grant.can_publish = true;
  grant.can_publish_sources = std::vector<std::string>{"camera", "screen_share_audio"};
  grant.can_publish_data = false;
  grant.can_subscribe = true;
  grant.can_update_own_metadata = false;
  grant.hidden = true;
  grant.recorder = false;
  grant.agent = true;
  grant.can_subscribe_metrics = false;
  grant.can_manage_agent_session = true;
  grant.destination_room = "d";
  return grant;
}

constexpr const char* kEveryVideoField =
    R"({"room":"r","roomJoin":true,"roomCreate":false,"roomList":true,"roomRecord":false,)"
    R"("roomAdmin":true,"ingressAdmin":false,"canPublish":true,)"
    R"("canPublishSources":["camera","screen_share_audio"],"canPublishData":false,)"
    R"("canSubscribe":true,"canUpdateOwnMetadata":false,"hidden":true,"recorder":false,)"
    R"("agent":true,"canSubscribeMetrics":false,"canManageAgentSession":true,)"
    R"("destinationRoom":"d"})";

boost::json::object object(std::string_view text) {
  return boost::json::parse(text).as_object();
}

TEST(VideoGrant, IsEmptyOnlyWhenNoFieldIsSet) {
  EXPECT_TRUE(VideoGrant{}.empty());
  VideoGrant grant;
  grant.can_publish = false;
  EXPECT_FALSE(grant.empty());
  grant = VideoGrant{};
  grant.destination_room = "";
  EXPECT_FALSE(grant.empty());
}

TEST(VideoGrantToJson, WritesEverySetFieldInCamelCaseInDeclaredOrder) {
  EXPECT_EQ(boost::json::serialize(video_grant_to_json(every_video_field())), kEveryVideoField);
  EXPECT_EQ(boost::json::serialize(video_grant_to_json(VideoGrant{})), "{}");
}

TEST(VideoGrantToJson, KeepsFalseAndEmptyValuesThatAreSet) {
  VideoGrant grant;
  grant.can_subscribe = false;
  grant.can_publish_sources = std::vector<std::string>{};
  EXPECT_EQ(boost::json::serialize(video_grant_to_json(grant)),
            R"({"canPublishSources":[],"canSubscribe":false})");
}

TEST(AppendGrants, WritesClaimsInTheSdkOrder) {
  ClaimGrants grants;
  grants.room_config = object(R"({"name":"x","emptyTimeout":30})");
  grants.room_preset = "preset";
  grants.sha256 = "hash";
  grants.kind = "agent";
  grants.sip = SipGrant{true, false};
  grants.video = VideoGrant{};
  grants.video->room = "r";
  grants.name = "Ann";
  grants.attributes = {{"b", "1"}, {"a", "2"}};
  grants.metadata = "{\"m\":1}";
  boost::json::object payload;
  payload["first"] = 1;
  append_grants(payload, grants);
  EXPECT_EQ(
      boost::json::serialize(payload),
      R"({"first":1,"metadata":"{\"m\":1}","attributes":{"b":"1","a":"2"},"name":"Ann",)"
      R"("video":{"room":"r"},"sip":{"admin":true,"call":false},"kind":"agent",)"
      R"("sha256":"hash","roomPreset":"preset","roomConfig":{"name":"x","emptyTimeout":30}})");
}

TEST(AppendGrants, OmitsEmptyStringsEmptyAttributesAndAbsentGrants) {
  boost::json::object payload;
  append_grants(payload, ClaimGrants{});
  EXPECT_TRUE(payload.empty());
}

TEST(AppendGrants, KeepsAnEmptyVideoGrantThatWasAdded) {
  ClaimGrants grants;
  grants.video = VideoGrant{};
  grants.sip = SipGrant{};
  boost::json::object payload;
  append_grants(payload, grants);
  EXPECT_EQ(boost::json::serialize(payload), R"({"video":{},"sip":{}})");
}

TEST(VideoGrantFromJson, ReadsBackEveryField) {
  const auto grant = video_grant_from_json(object(kEveryVideoField));
  ASSERT_TRUE(grant.ok()) << grant.error();
  EXPECT_EQ(*grant, every_video_field());
}

TEST(VideoGrantFromJson, IgnoresUnknownKeysAndTreatsNullAsAbsent) {
  const auto grant =
      video_grant_from_json(object(R"({"room":"r","futureField":[1],"canPublish":null})"));
  ASSERT_TRUE(grant.ok()) << grant.error();
  VideoGrant expected;
  expected.room = "r";
  EXPECT_EQ(*grant, expected);
}

TEST(VideoGrantFromJson, RefusesAWrongTypeNamingTheKey) {
  const auto as_string = video_grant_from_json(object(R"({"roomJoin":"true"})"));
  ASSERT_FALSE(as_string.ok());
  EXPECT_EQ(as_string.error(), "video.roomJoin must be a boolean");
  const auto room = video_grant_from_json(object(R"({"room":5})"));
  ASSERT_FALSE(room.ok());
  EXPECT_EQ(room.error(), "video.room must be a string");
  const auto destination = video_grant_from_json(object(R"({"destinationRoom":true})"));
  ASSERT_FALSE(destination.ok());
  EXPECT_NE(destination.error().find("video.destinationRoom"), std::string::npos);
}

TEST(VideoGrantFromJson, RefusesUnknownTrackSources) {
  for (const char* json :
       {R"({"canPublishSources":["camera","webcam"]})", R"({"canPublishSources":[1]})",
        R"({"canPublishSources":"camera"})", R"({"canPublishSources":["CAMERA"]})"}) {
    const auto grant = video_grant_from_json(object(json));
    ASSERT_FALSE(grant.ok()) << json;
    EXPECT_NE(grant.error().find("video.canPublishSources"), std::string::npos);
  }
  const auto all = video_grant_from_json(object(
      R"({"canPublishSources":["camera","microphone","screen_share","screen_share_audio"]})"));
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all->can_publish_sources->size(), 4U);
}

TEST(SipGrantFromJson, ReadsBothFieldsAndRefusesWrongTypes) {
  const auto grant = sip_grant_from_json(object(R"({"admin":true,"call":false,"other":1})"));
  ASSERT_TRUE(grant.ok());
  EXPECT_EQ(*grant, (SipGrant{true, false}));
  const auto bad = sip_grant_from_json(object(R"({"call":1})"));
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error(), "sip.call must be a boolean");
  EXPECT_TRUE(SipGrant{}.empty());
}

TEST(MergeGrant, ReplacesOnlyTheFieldsSetInTheUpdate) {
  VideoGrant target;
  target.room = "a";
  target.can_publish = true;
  target.can_subscribe = true;
  VideoGrant update;
  update.room = "b";
  update.can_subscribe = false;
  update.hidden = true;
  merge_grant(target, update);
  EXPECT_EQ(target.room, "b");
  EXPECT_EQ(target.can_publish, true);
  EXPECT_EQ(target.can_subscribe, false);
  EXPECT_EQ(target.hidden, true);

  VideoGrant everything;
  merge_grant(everything, every_video_field());
  EXPECT_EQ(everything, every_video_field());

  SipGrant sip{true, std::nullopt};
  merge_grant(sip, SipGrant{std::nullopt, true});
  EXPECT_EQ(sip, (SipGrant{true, true}));
}

}  // namespace
}  // namespace lkm::auth

namespace lkm::auth {
namespace {

TEST(VideoGrantKeys, KnowEveryFieldAndNothingElse) {
  for (const char* key :
       {"room", "roomJoin", "canPublish", "canPublishSources", "destinationRoom"}) {
    EXPECT_TRUE(is_video_grant_key(key)) << key;
  }
  for (const char* key : {"", "canPublishh", "room_join", "RoomJoin", "admin"}) {
    EXPECT_FALSE(is_video_grant_key(key)) << key;
  }
}

}  // namespace
}  // namespace lkm::auth
