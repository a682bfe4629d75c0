#include "store/history.hpp"

#include <gtest/gtest.h>

#include <limits>
#include <variant>

#include "store_fixture.hpp"

namespace lkm::store::history {
namespace {

using lkm::store::testing::Kind;
using lkm::store::testing::participant_event;
using lkm::store::testing::recording_event;
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
      interpret(room_event(Kind::room_started, "1", "RM", "r", 10), 99)));
  const auto finished = interpret(room_event(Kind::room_finished, "2", "RM", "r", 0), 99);
  ASSERT_TRUE(std::holds_alternative<RoomFinished>(finished));
  EXPECT_EQ(std::get<RoomFinished>(finished).at, 99);  // no event time: now
  EXPECT_TRUE(std::holds_alternative<ParticipantJoined>(
      interpret(participant_event(Kind::participant_joined, "3", "RM", "a", "PA", 10), 99)));
  EXPECT_TRUE(std::holds_alternative<ParticipantLeft>(
      interpret(participant_event(Kind::participant_left, "4", "RM", "a", "PA", 10), 99)));
  const auto recording =
      interpret(recording_event("6", "EG", "RM", "r", "EGRESS_ACTIVE", 10, 0, 20), 99);
  ASSERT_TRUE(std::holds_alternative<EgressChanged>(recording));
  const auto& changed = std::get<EgressChanged>(recording);
  EXPECT_EQ(changed.room_sid, "RM");
  EXPECT_EQ(changed.room_name, "r");
  EXPECT_EQ(changed.start_hint, 10);  // no start time: the event's
  EXPECT_EQ(changed.recording, (Recording{"EG", "EGRESS_ACTIVE", 0, 20, "", ""}));
}

TEST(History, TheRoomsCreationTimeIsTheMeetingsStart) {
  const auto started = interpret(room_event(Kind::room_started, "1", "RM", "r", 10, 7), 99);
  ASSERT_TRUE(std::holds_alternative<RoomStarted>(started));
  EXPECT_EQ(std::get<RoomStarted>(started).room.start_hint, 7);
  const auto joined =
      interpret(participant_event(Kind::participant_joined, "2", "RM", "a", "PA", 0), 99);
  ASSERT_TRUE(std::holds_alternative<ParticipantJoined>(joined));
  EXPECT_EQ(std::get<ParticipantJoined>(joined).room.start_hint, 99);
  EXPECT_EQ(std::get<ParticipantJoined>(joined).joined_at, 99);
}

TEST(History, EventsMissingWhatTheyNeedAreIgnored) {
  HistoryEvent bare;
  bare.id = "1";
  for (const Kind kind : {Kind::room_started, Kind::room_finished, Kind::participant_joined,
                          Kind::participant_left, Kind::recording_changed, Kind::other}) {
    bare.kind = kind;
    EXPECT_TRUE(std::holds_alternative<Ignored>(interpret(bare, 99))) << to_string(kind);
  }
  auto no_identity = participant_event(Kind::participant_joined, "2", "RM", "", "PA", 10);
  EXPECT_TRUE(std::holds_alternative<Ignored>(interpret(no_identity, 99)));
  auto no_room = recording_event("3", "EG", "", "", "EGRESS_ACTIVE", 10);
  EXPECT_TRUE(std::holds_alternative<Ignored>(interpret(no_room, 99)));
  auto no_id = recording_event("4", "", "RM", "r", "EGRESS_ACTIVE", 10);
  EXPECT_TRUE(std::holds_alternative<Ignored>(interpret(no_id, 99)));
  // A room sid is needed: a room or participant event without one has no meeting.
  EXPECT_TRUE(std::holds_alternative<Ignored>(
      interpret(room_event(Kind::room_started, "5", "", "r", 10), 99)));
}

TEST(History, EveryKindHasAName) {
  EXPECT_EQ(to_string(Kind::room_started), "room_started");
  EXPECT_EQ(to_string(Kind::room_finished), "room_finished");
  EXPECT_EQ(to_string(Kind::participant_joined), "participant_joined");
  EXPECT_EQ(to_string(Kind::participant_left), "participant_left");
  EXPECT_EQ(to_string(Kind::recording_changed), "recording_changed");
  EXPECT_EQ(to_string(Kind::other), "other");
}

}  // namespace
}  // namespace lkm::store::history
