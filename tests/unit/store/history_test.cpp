#include "store/history.hpp"

#include <gtest/gtest.h>

#include <limits>
#include <variant>

#include "store_fixture.hpp"

namespace lkm::store::history {
namespace {

using lkm::store::testing::egress_event;
using lkm::store::testing::participant_event;
using lkm::store::testing::room_event;

TEST(History, CursorsRoundTripIncludingExtremes) {
  for (const Cursor cursor : {Cursor{0, 1}, Cursor{1700000000, 42}, Cursor{-5, 7},
                              Cursor{std::numeric_limits<std::int64_t>::max(),
                                     std::numeric_limits<std::int64_t>::min()}}) {
    EXPECT_EQ(decode_cursor(encode_cursor(cursor)), cursor);
  }
}

TEST(History, MalformedCursorsAreRejected) {
  for (const char* text : {"", "m1.", "m1..", "m1.1.", "m1..1", "m2.1.2", "m1.1.2.3", "m1. 1.2",
                           "m1.99999999999999999999.1", "m1.+1.2"}) {
    EXPECT_FALSE(decode_cursor(text)) << text;
  }
}

TEST(History, EgressStatusesOnlyMoveForward) {
  EXPECT_LT(egress_status_rank("EGRESS_STARTING"), egress_status_rank("EGRESS_ACTIVE"));
  EXPECT_LT(egress_status_rank("EGRESS_ACTIVE"), egress_status_rank("EGRESS_ENDING"));
  EXPECT_LT(egress_status_rank("EGRESS_ENDING"), egress_status_rank("EGRESS_COMPLETE"));
  EXPECT_EQ(egress_status_rank("EGRESS_FAILED"), egress_status_rank("EGRESS_COMPLETE"));
  EXPECT_EQ(egress_status_rank("EGRESS_LIMIT_REACHED"), egress_status_rank("EGRESS_ABORTED"));
  EXPECT_LT(egress_status_rank(""), egress_status_rank("EGRESS_STARTING"));
}

TEST(History, EachTrackedEventKindBecomesItsChange) {
  EXPECT_TRUE(std::holds_alternative<RoomStarted>(
      interpret(room_event("room_started", "1", "RM", "r", 10), 99)));
  const auto finished = interpret(room_event("room_finished", "2", "RM", "r", 0), 99);
  ASSERT_TRUE(std::holds_alternative<RoomFinished>(finished));
  EXPECT_EQ(std::get<RoomFinished>(finished).at, 99);  // no event time: now
  EXPECT_TRUE(std::holds_alternative<ParticipantJoined>(
      interpret(participant_event("participant_joined", "3", "RM", "a", "PA", 10), 99)));
  EXPECT_TRUE(std::holds_alternative<ParticipantLeft>(
      interpret(participant_event("participant_left", "4", "RM", "a", "PA", 10), 99)));
  EXPECT_TRUE(std::holds_alternative<ParticipantLeft>(interpret(
      participant_event("participant_connection_aborted", "5", "RM", "a", "PA", 10), 99)));
  for (const char* kind : {"egress_started", "egress_updated", "egress_ended"}) {
    EXPECT_TRUE(std::holds_alternative<EgressChanged>(
        interpret(egress_event(kind, "6", "EG", "RM", "r", "EGRESS_ACTIVE", 10), 99)))
        << kind;
  }
}

TEST(History, EventsMissingWhatTheyNeedAreIgnored) {
  livekit::WebhookEvent bare;
  bare.id = "1";
  for (const char* kind : {"room_started", "room_finished", "participant_joined",
                           "participant_left", "egress_started", "track_published"}) {
    bare.event = kind;
    EXPECT_TRUE(std::holds_alternative<Ignored>(interpret(bare, 99))) << kind;
  }
  auto no_identity = participant_event("participant_joined", "2", "RM", "", "PA", 10);
  EXPECT_TRUE(std::holds_alternative<Ignored>(interpret(no_identity, 99)));
  auto no_room = egress_event("egress_started", "3", "EG", "", "", "EGRESS_ACTIVE", 10);
  EXPECT_TRUE(std::holds_alternative<Ignored>(interpret(no_room, 99)));
}

TEST(History, AnEgressFallsBackToTheEventsRoom) {
  auto event = egress_event("egress_started", "1", "EG", "", "", "EGRESS_STARTING", 10);
  event.room = livekit::RoomInfo{"RM_x", "standup", 0, ""};
  const auto change = interpret(event, 99);
  ASSERT_TRUE(std::holds_alternative<EgressChanged>(change));
  EXPECT_EQ(std::get<EgressChanged>(change).room_sid, "RM_x");
  EXPECT_EQ(std::get<EgressChanged>(change).room_name, "standup");
}

}  // namespace
}  // namespace lkm::store::history
