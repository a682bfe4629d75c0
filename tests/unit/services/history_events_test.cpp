#include "services/history_events.hpp"

#include <gtest/gtest.h>

#include <string>

namespace lkm::services {
namespace {

using store::HistoryEventKind;

livekit::WebhookEvent webhook(const std::string& kind, const std::string& id,
                              std::int64_t created_at) {
  livekit::WebhookEvent event;
  event.event = kind;
  event.id = id;
  event.created_at = created_at;
  return event;
}

TEST(HistoryEvents, LivekitEventNamesBecomeKinds) {
  EXPECT_EQ(history_event_kind("room_started"), HistoryEventKind::room_started);
  EXPECT_EQ(history_event_kind("room_finished"), HistoryEventKind::room_finished);
  EXPECT_EQ(history_event_kind("participant_joined"), HistoryEventKind::participant_joined);
  EXPECT_EQ(history_event_kind("participant_left"), HistoryEventKind::participant_left);
  // An aborted connection is a leave; the three egress events are one recording change.
  EXPECT_EQ(history_event_kind("participant_connection_aborted"),
            HistoryEventKind::participant_left);
  for (const char* egress : {"egress_started", "egress_updated", "egress_ended"}) {
    EXPECT_EQ(history_event_kind(egress), HistoryEventKind::recording_changed) << egress;
  }
  for (const char* untracked : {"track_published", "track_unpublished", "ingress_started", "",
                                "Room_Started", "room_started "}) {
    EXPECT_EQ(history_event_kind(untracked), HistoryEventKind::other) << untracked;
  }
}

TEST(HistoryEvents, ARoomEventKeepsItsIdTimeAndRoom) {
  auto event = webhook("room_started", "EV_1", 1700000100);
  event.room = livekit::RoomInfo{"RM_a", "standup", 1700000000, "{\"ignored\":true}"};
  const auto converted = to_history_event(event);
  EXPECT_EQ(converted.kind, HistoryEventKind::room_started);
  EXPECT_EQ(converted.id, "EV_1");
  EXPECT_EQ(converted.at, 1700000100);
  ASSERT_TRUE(converted.room);
  EXPECT_EQ(converted.room->sid, "RM_a");
  EXPECT_EQ(converted.room->name, "standup");
  EXPECT_EQ(converted.room->created_at, 1700000000);
  EXPECT_FALSE(converted.participant);
  EXPECT_FALSE(converted.recording);
}

TEST(HistoryEvents, AParticipantEventKeepsWhoJoinedOrLeft) {
  auto event = webhook("participant_connection_aborted", "EV_2", 200);
  event.room = livekit::RoomInfo{"RM_a", "standup", 0, ""};
  event.participant = livekit::ParticipantInfo{"PA_1", "alice__x1", "Alice", 150};
  const auto converted = to_history_event(event);
  EXPECT_EQ(converted.kind, HistoryEventKind::participant_left);
  ASSERT_TRUE(converted.participant);
  EXPECT_EQ(converted.participant->sid, "PA_1");
  EXPECT_EQ(converted.participant->identity, "alice__x1");
  EXPECT_EQ(converted.participant->name, "Alice");
  EXPECT_EQ(converted.participant->joined_at, 150);
  ASSERT_TRUE(converted.room);
  EXPECT_EQ(converted.room->sid, "RM_a");
}

TEST(HistoryEvents, AnEgressBecomesARecording) {
  auto event = webhook("egress_ended", "EV_3", 300);
  livekit::EgressInfo egress;
  egress.egress_id = "EG_1";
  egress.room_id = "RM_b";
  egress.room_name = "retro";
  egress.status = "EGRESS_FAILED";
  egress.started_at = 121'400'000'000;  // nanoseconds, as LiveKit sends them
  egress.ended_at = 299'999'999'999;
  egress.error = "upload failed";
  egress.location = "s3://bucket/retro.mp4";
  event.egress_info = egress;
  event.room = livekit::RoomInfo{"RM_other", "other", 0, ""};
  const auto converted = to_history_event(event);
  EXPECT_EQ(converted.kind, HistoryEventKind::recording_changed);
  EXPECT_EQ(converted.at, 300);
  ASSERT_TRUE(converted.recording);
  const auto& recording = *converted.recording;
  EXPECT_EQ(recording.id, "EG_1");
  // The egress's own room wins over the event's.
  EXPECT_EQ(recording.room_sid, "RM_b");
  EXPECT_EQ(recording.room_name, "retro");
  EXPECT_EQ(recording.status, "EGRESS_FAILED");
  EXPECT_EQ(recording.started_at, 121);
  EXPECT_EQ(recording.ended_at, 299);
  EXPECT_EQ(recording.error, "upload failed");
  EXPECT_EQ(recording.location, "s3://bucket/retro.mp4");
}

TEST(HistoryEvents, AnEgressWithoutARoomTakesTheEventsRoom) {
  auto event = webhook("egress_started", "EV_4", 10);
  livekit::EgressInfo egress;
  egress.egress_id = "EG_2";
  egress.status = "EGRESS_STARTING";
  event.egress_info = egress;
  event.room = livekit::RoomInfo{"RM_x", "standup", 0, ""};
  const auto both = to_history_event(event);
  ASSERT_TRUE(both.recording);
  EXPECT_EQ(both.recording->room_sid, "RM_x");
  EXPECT_EQ(both.recording->room_name, "standup");
  // Only the missing half is taken.
  event.egress_info->room_name = "named";
  const auto name_only = to_history_event(event);
  EXPECT_EQ(name_only.recording->room_sid, "RM_x");
  EXPECT_EQ(name_only.recording->room_name, "named");
  // No room anywhere: none.
  event.room.reset();
  event.egress_info->room_name.clear();
  const auto none = to_history_event(event);
  EXPECT_EQ(none.recording->room_sid, "");
  EXPECT_EQ(none.recording->room_name, "");
}

TEST(HistoryEvents, AnUntrackedEventKeepsItsIdSoThatARedeliveryIsKnown) {
  auto event = webhook("track_published", "EV_5", 0);
  event.room = livekit::RoomInfo{"RM_a", "standup", 0, ""};
  const auto converted = to_history_event(event);
  EXPECT_EQ(converted.kind, HistoryEventKind::other);
  EXPECT_EQ(converted.id, "EV_5");
  EXPECT_EQ(converted.at, 0);
  EXPECT_FALSE(converted.recording);
}

}  // namespace
}  // namespace lkm::services
