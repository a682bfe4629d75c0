#include <gtest/gtest.h>

#include <string>

#include "livekit_api/webhook.hpp"

namespace lkm::livekit {
namespace {

WebhookEvent parse_ok(std::string_view json) {
  auto event = parse_webhook_event(json);
  EXPECT_TRUE(event.ok()) << event.error() << "\n" << json;
  return event.ok() ? std::move(event).value() : WebhookEvent{};
}

// Asserts `json` is refused with a message that mentions `field`.
void expect_error_naming(std::string_view json, std::string_view field) {
  const auto event = parse_webhook_event(json);
  ASSERT_FALSE(event.ok()) << "accepted: " << json;
  EXPECT_NE(event.error().find(field), std::string::npos) << event.error();
}

TEST(ParseWebhookEvent, ReadsRoomStarted) {
  const auto event = parse_ok(
      R"({"event":"room_started","room":{"sid":"RM_abc","name":"team-sync","emptyTimeout":300,)"
      R"("departureTimeout":20,"creationTime":"1700000000","creationTimeMs":"1700000000123",)"
      R"("metadata":"{\"topic\":\"x\"}","enabledCodecs":[{"mime":"audio/opus"}]},)"
      R"("id":"EV_room","createdAt":"1700000001"})");
  EXPECT_EQ(event.event, "room_started");
  EXPECT_EQ(event.id, "EV_room");
  EXPECT_EQ(event.created_at, 1700000001);
  ASSERT_TRUE(event.room.has_value());
  EXPECT_EQ(event.room->sid, "RM_abc");
  EXPECT_EQ(event.room->name, "team-sync");
  EXPECT_EQ(event.room->creation_time, 1700000000);
  EXPECT_EQ(event.room->metadata, R"({"topic":"x"})");
  EXPECT_FALSE(event.participant.has_value());
  EXPECT_FALSE(event.egress_info.has_value());
}

TEST(ParseWebhookEvent, ReadsParticipantJoined) {
  const auto event = parse_ok(
      R"({"event":"participant_joined","room":{"sid":"RM_abc","name":"team-sync"},)"
      R"("participant":{"sid":"PA_xyz","identity":"Ada__x1y2","state":"ACTIVE","joinedAt":"1700000005",)"
      R"("joinedAtMs":"1700000005123","name":"Ada","version":3,"permission":{"canSubscribe":true},)"
      R"("isPublisher":false,"kind":"STANDARD"},"id":"EV_part","createdAt":1700000006})");
  EXPECT_EQ(event.event, "participant_joined");
  EXPECT_EQ(event.created_at, 1700000006);
  ASSERT_TRUE(event.room.has_value());
  EXPECT_EQ(event.room->name, "team-sync");
  ASSERT_TRUE(event.participant.has_value());
  EXPECT_EQ(event.participant->sid, "PA_xyz");
  EXPECT_EQ(event.participant->identity, "Ada__x1y2");
  EXPECT_EQ(event.participant->name, "Ada");
  EXPECT_EQ(event.participant->joined_at, 1700000005);
}

TEST(ParseWebhookEvent, ReadsEgressEndedWithANumericStatusAndNanosecondTimes) {
  const auto event = parse_ok(
      R"({"event":"egress_ended","id":"EV_eg","createdAt":"1700000100","egressInfo":{)"
      R"("egressId":"EG_1","roomId":"RM_abc","roomName":"team-sync","status":3,)"
      R"("startedAt":1700000000123456789,"endedAt":"1700000099999999999","updatedAt":"1",)"
      R"("file":{"filename":"a.mp4","location":"s3://bucket/old.mp4"},)"
      R"("fileResults":[{"filename":"a.mp4","location":"s3://bucket/a.mp4","size":"42"}]}})");
  ASSERT_TRUE(event.egress_info.has_value());
  const EgressInfo& egress = *event.egress_info;
  EXPECT_EQ(egress.egress_id, "EG_1");
  EXPECT_EQ(egress.room_id, "RM_abc");
  EXPECT_EQ(egress.room_name, "team-sync");
  EXPECT_EQ(egress.status, "EGRESS_COMPLETE");
  EXPECT_EQ(egress.started_at, 1700000000123456789);
  EXPECT_EQ(egress.ended_at, 1700000099999999999);
  EXPECT_EQ(egress.error, "");
  EXPECT_EQ(egress.location, "s3://bucket/a.mp4");  // fileResults wins over the deprecated file
}

TEST(ParseWebhookEvent, ReadsEgressEndedWithAStatusNameAndAnError) {
  const auto event = parse_ok(
      R"({"event":"egress_ended","id":"EV_eg2","egressInfo":{"egressId":"EG_2",)"
      R"("status":"EGRESS_FAILED","startedAt":"1700000000500000000","endedAt":"1700000001000000000",)"
      R"("error":"pipeline failed","file":{"location":"/out/b.mp4"}}})");
  ASSERT_TRUE(event.egress_info.has_value());
  EXPECT_EQ(event.egress_info->status, "EGRESS_FAILED");
  EXPECT_EQ(event.egress_info->started_at, 1700000000500000000);
  EXPECT_EQ(event.egress_info->ended_at, 1700000001000000000);
  EXPECT_EQ(event.egress_info->error, "pipeline failed");
  EXPECT_EQ(event.egress_info->location, "/out/b.mp4");  // the deprecated file, for lack of results
}

TEST(ParseWebhookEvent, MapsEveryNumericEgressStatusToItsName) {
  const char* names[] = {"EGRESS_STARTING",     "EGRESS_ACTIVE", "EGRESS_ENDING",
                         "EGRESS_COMPLETE",     "EGRESS_FAILED", "EGRESS_ABORTED",
                         "EGRESS_LIMIT_REACHED"};
  for (int number = 0; number < 7; ++number) {
    const auto event = parse_ok(R"({"event":"egress_updated","id":"E","egressInfo":{"status":)" +
                                std::to_string(number) + "}}");
    ASSERT_TRUE(event.egress_info.has_value());
    EXPECT_EQ(event.egress_info->status, names[number]);
  }
  expect_error_naming(R"({"event":"egress_updated","id":"E","egressInfo":{"status":7}})",
                      "egressInfo.status");
  expect_error_naming(R"({"event":"egress_updated","id":"E","egressInfo":{"status":-1}})",
                      "egressInfo.status");
  expect_error_naming(R"({"event":"egress_updated","id":"E","egressInfo":{"status":true}})",
                      "egressInfo.status");
}

TEST(ParseWebhookEvent, ReadsCreatedAtAsANumberOrADecimalString) {
  EXPECT_EQ(parse_ok(R"({"event":"e","id":"i","createdAt":"1700000000"})").created_at, 1700000000);
  EXPECT_EQ(parse_ok(R"({"event":"e","id":"i","createdAt":1700000000})").created_at, 1700000000);
  EXPECT_EQ(parse_ok(R"({"event":"e","id":"i","createdAt":1.7e9})").created_at, 1700000000);
  EXPECT_EQ(parse_ok(R"({"event":"e","id":"i","createdAt":"-5"})").created_at, -5);
  EXPECT_EQ(parse_ok(R"({"event":"e","id":"i","createdAt":null})").created_at, 0);
  EXPECT_EQ(parse_ok(R"({"event":"e","id":"i"})").created_at, 0);
  for (const char* bad :
       {R"("")", R"("abc")", R"("12x")", R"(" 12")", R"("+12")", R"("-")", R"("1.5")", "1.5",
        R"("9223372036854775808")", "9223372036854775808", "true", "[]"}) {
    expect_error_naming(std::string(R"({"event":"e","id":"i","createdAt":)") + bad + "}",
                        "createdAt");
  }
}

TEST(ParseWebhookEvent, IgnoresUnknownFieldsAndTreatsNullAsAbsent) {
  const auto event = parse_ok(
      R"({"event":"track_published","id":"EV_t","track":{"sid":"TR_1","type":"AUDIO"},)"
      R"("numDropped":0,"future":{"deep":[1,2,{"x":null}]},"room":null,"participant":null})");
  EXPECT_EQ(event.event, "track_published");
  EXPECT_FALSE(event.room.has_value());
  EXPECT_FALSE(event.participant.has_value());
}

TEST(ParseWebhookEvent, RequiresANonEmptyEventAndId) {
  expect_error_naming(R"({"id":"EV_1"})", "event");
  expect_error_naming(R"({"event":"","id":"EV_1"})", "event");
  expect_error_naming(R"({"event":"room_started"})", "id");
  expect_error_naming(R"({"event":"room_started","id":""})", "id");
}

TEST(ParseWebhookEvent, NamesTheFieldOfTheWrongType) {
  expect_error_naming(R"({"event":1,"id":"i"})", "event");
  expect_error_naming(R"({"event":"e","id":7})", "id");
  expect_error_naming(R"({"event":"e","id":"i","room":"RM_1"})", "room");
  expect_error_naming(R"({"event":"e","id":"i","room":{"sid":1}})", "room.sid");
  expect_error_naming(R"({"event":"e","id":"i","room":{"creationTime":"x"}})", "room.creationTime");
  expect_error_naming(R"({"event":"e","id":"i","participant":{"identity":[]}})",
                      "participant.identity");
  expect_error_naming(R"({"event":"e","id":"i","participant":{"joinedAt":{}}})",
                      "participant.joinedAt");
  expect_error_naming(R"({"event":"e","id":"i","egressInfo":[]})", "egressInfo");
  expect_error_naming(R"({"event":"e","id":"i","egressInfo":{"startedAt":"soon"}})",
                      "egressInfo.startedAt");
  expect_error_naming(R"({"event":"e","id":"i","egressInfo":{"fileResults":{}}})",
                      "egressInfo.fileResults");
  expect_error_naming(R"({"event":"e","id":"i","egressInfo":{"fileResults":["x"]}})",
                      "egressInfo.fileResults[0]");
  expect_error_naming(R"({"event":"e","id":"i","egressInfo":{"fileResults":[{"location":1}]}})",
                      "egressInfo.fileResults[0].location");
  expect_error_naming(R"({"event":"e","id":"i","egressInfo":{"file":{"location":false}}})",
                      "egressInfo.file.location");
}

TEST(ParseWebhookEvent, RefusesTextThatIsNotAJsonObject) {
  for (const char* text :
       {"", "null", "[]", "\"room_started\"", "{", R"({"event":"e","id":"i"} x)"}) {
    EXPECT_FALSE(parse_webhook_event(text).ok()) << text;
  }
}

}  // namespace
}  // namespace lkm::livekit
