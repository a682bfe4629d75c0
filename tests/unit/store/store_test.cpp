// The store's behaviour, the same for every backend: each test runs against SQLite and against
// PostgreSQL (see store_backends.hpp).
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "core/clock.hpp"
#include "store/access.hpp"
#include "store/store.hpp"
#include "store_backends.hpp"
#include "store_fixture.hpp"

namespace lkm::store {
namespace {

using testing::Kind;
using testing::participant_event;
using testing::recording_event;
using testing::room_event;

class StoreTest : public ::testing::TestWithParam<const char*> {
 protected:
  void SetUp() override {
    backend_ = testing::make_backend(GetParam());
    LKM_REQUIRE_BACKEND(backend_);
    reopen();
  }

  void reopen() {
    store_.reset();
    auto opened = backend_->open(clock_);
    ASSERT_TRUE(opened.ok()) << opened.error().message;
    store_ = std::move(opened).value();
  }

  bool apply(const HistoryEvent& event) {
    auto applied = store_->apply(event);
    EXPECT_TRUE(applied.ok()) << applied.error().message;
    return applied.ok() && *applied;
  }

  // The only meeting of room sid `sid`, looked up through list_meetings.
  Meeting meeting(const std::string& sid) {
    auto page = store_->list_meetings(Store::kMaxPageSize, std::nullopt, MeetingFilter{});
    EXPECT_TRUE(page.ok());
    for (auto& item : page->items) {
      if (item.room_sid == sid) return item;
    }
    ADD_FAILURE() << "no meeting for " << sid;
    return {};
  }

  std::size_t meeting_count() {
    auto page = store_->list_meetings(Store::kMaxPageSize, std::nullopt, MeetingFilter{});
    EXPECT_TRUE(page.ok());
    return page.ok() ? page->items.size() : 0;
  }

  // The room sids of a listing page, in order.
  std::vector<std::string> sids(const MeetingPage& page) {
    std::vector<std::string> out;
    out.reserve(page.items.size());
    for (const auto& item : page.items) out.push_back(item.room_sid);
    return out;
  }

  std::vector<std::string> listed_sids(const MeetingFilter& filter) {
    auto page = store_->list_meetings(Store::kMaxPageSize, std::nullopt, filter);
    EXPECT_TRUE(page.ok()) << page.error().message;
    return page.ok() ? sids(*page) : std::vector<std::string>{};
  }

  std::optional<RoomActivity> activity(const std::string& room_name) {
    auto found = store_->room_activity(room_name);
    EXPECT_TRUE(found.ok()) << found.error().message;
    return found.ok() ? *found : std::nullopt;
  }

  // A hosted room (listed or not), through the store's AccessStore side.
  void host(const std::string& name, bool listed) {
    AccessStore* access = store_.get();
    HostedRoom room;
    room.name = name;
    room.listed = listed;
    room.created_at = 1000;
    auto created = access->create_room(room, name + "-host", 0);
    ASSERT_TRUE(created.ok() && *created);
  }

  FixedClock clock_{5000};
  std::unique_ptr<testing::Backend> backend_;
  std::unique_ptr<Database> store_;
};

TEST_P(StoreTest, RoomStartedCreatesAMeetingWithTheRoomsCreationTime) {
  EXPECT_TRUE(apply(room_event(Kind::room_started, "e1", "RM_a", "standup", 110, 100)));
  const Meeting m = meeting("RM_a");
  EXPECT_GT(m.id, 0);
  EXPECT_EQ(m.room_name, "standup");
  EXPECT_EQ(m.started_at, 100);
  EXPECT_FALSE(m.ended_at);
  EXPECT_EQ(m.participants_joined, 0);
  EXPECT_EQ(m.current_participants, 0);
}

TEST_P(StoreTest, RoomFinishedEndsTheMeetingAndEmptiesIt) {
  apply(room_event(Kind::room_started, "e1", "RM_a", "standup", 100));
  apply(participant_event(Kind::participant_joined, "e2", "RM_a", "alice", "PA_1", 110));
  EXPECT_TRUE(apply(room_event(Kind::room_finished, "e3", "RM_a", "standup", 200)));
  const Meeting m = meeting("RM_a");
  EXPECT_EQ(m.ended_at, 200);
  EXPECT_EQ(m.current_participants, 0);
  ASSERT_EQ(m.attendees.size(), 1U);
  EXPECT_EQ(m.attendees[0].last_left_at, 200);
}

TEST_P(StoreTest, RoomFinishedWithoutAnEventTimeEndsTheMeetingNow) {
  apply(room_event(Kind::room_started, "e1", "RM_a", "standup", 100));
  apply(room_event(Kind::room_finished, "e2", "RM_a", "standup", 0));
  EXPECT_EQ(meeting("RM_a").ended_at, 5000);
}

TEST_P(StoreTest, ParticipantJoinedAddsAnAttendeeAndCountsThem) {
  apply(room_event(Kind::room_started, "e1", "RM_a", "standup", 100));
  EXPECT_TRUE(
      apply(participant_event(Kind::participant_joined, "e2", "RM_a", "alice", "PA_1", 110)));
  const Meeting m = meeting("RM_a");
  EXPECT_EQ(m.participants_joined, 1);
  EXPECT_EQ(m.current_participants, 1);
  EXPECT_EQ(m.peak_participants, 1);
  ASSERT_EQ(m.attendees.size(), 1U);
  EXPECT_EQ(m.attendees[0], (Attendee{"alice", "alice name", 110, std::nullopt}));
}

TEST_P(StoreTest, ParticipantLeftRecordsTheLeaveAndLowersTheCount) {
  apply(room_event(Kind::room_started, "e1", "RM_a", "standup", 100));
  apply(participant_event(Kind::participant_joined, "e2", "RM_a", "alice", "PA_1", 110));
  EXPECT_TRUE(apply(participant_event(Kind::participant_left, "e3", "RM_a", "alice", "PA_1", 150)));
  const Meeting m = meeting("RM_a");
  EXPECT_EQ(m.current_participants, 0);
  EXPECT_EQ(m.peak_participants, 1);
  ASSERT_EQ(m.attendees.size(), 1U);
  EXPECT_EQ(m.attendees[0].last_left_at, 150);
}

TEST_P(StoreTest, TheSameEventDeliveredTwiceIsAppliedOnce) {
  apply(room_event(Kind::room_started, "e1", "RM_a", "standup", 100));
  const auto joined =
      participant_event(Kind::participant_joined, "e2", "RM_a", "alice", "PA_1", 110);
  EXPECT_TRUE(apply(joined));
  EXPECT_FALSE(apply(joined));
  EXPECT_FALSE(apply(room_event(Kind::room_started, "e1", "RM_a", "standup", 100)));
  const Meeting m = meeting("RM_a");
  EXPECT_EQ(m.participants_joined, 1);
  EXPECT_EQ(m.current_participants, 1);
  EXPECT_EQ(meeting_count(), 1U);
}

TEST_P(StoreTest, AJoinDeliveredBeforeRoomStartedCreatesTheMeeting) {
  EXPECT_TRUE(
      apply(participant_event(Kind::participant_joined, "e2", "RM_a", "alice", "PA_1", 110)));
  Meeting m = meeting("RM_a");
  EXPECT_EQ(m.room_name, "standup");
  EXPECT_EQ(m.started_at, 110);
  EXPECT_EQ(m.current_participants, 1);

  EXPECT_TRUE(apply(room_event(Kind::room_started, "e1", "RM_a", "standup", 101, 100)));
  m = meeting("RM_a");
  EXPECT_EQ(m.started_at, 100);  // the real start replaces the placeholder
  EXPECT_EQ(m.current_participants, 1);
  EXPECT_EQ(meeting_count(), 1U);
}

TEST_P(StoreTest, RejoinsCountOneDistinctIdentityAndPeakIsTheMostAtOnce) {
  apply(room_event(Kind::room_started, "e1", "RM_a", "standup", 100));
  apply(participant_event(Kind::participant_joined, "j1", "RM_a", "alice", "PA_1", 110));
  apply(participant_event(Kind::participant_joined, "j2", "RM_a", "bob", "PA_2", 111));
  apply(participant_event(Kind::participant_left, "l1", "RM_a", "alice", "PA_1", 120));
  apply(participant_event(Kind::participant_joined, "j3", "RM_a", "alice", "PA_3", 130));
  apply(participant_event(Kind::participant_left, "l2", "RM_a", "bob", "PA_2", 140));
  apply(participant_event(Kind::participant_joined, "j4", "RM_a", "bob", "PA_4", 150));
  apply(participant_event(Kind::participant_joined, "j5", "RM_a", "carol", "PA_5", 160));
  const Meeting m = meeting("RM_a");
  EXPECT_EQ(m.participants_joined, 3);
  EXPECT_EQ(m.current_participants, 3);
  EXPECT_EQ(m.peak_participants, 3);
  ASSERT_EQ(m.attendees.size(), 3U);
  EXPECT_EQ(m.attendees[0].identity, "alice");
  EXPECT_EQ(m.attendees[0].first_joined_at, 110);
  EXPECT_FALSE(m.attendees[0].last_left_at);  // back in the room
}

TEST_P(StoreTest, ANewConnectionOfTheSameIdentityReplacesTheOld) {
  apply(room_event(Kind::room_started, "e1", "RM_a", "standup", 100));
  apply(participant_event(Kind::participant_joined, "j1", "RM_a", "alice", "PA_1", 110));
  apply(participant_event(Kind::participant_joined, "j2", "RM_a", "alice", "PA_2", 120));
  apply(participant_event(Kind::participant_left, "l1", "RM_a", "alice", "PA_1", 121));
  const Meeting m = meeting("RM_a");
  EXPECT_EQ(m.current_participants, 1);
  EXPECT_EQ(m.peak_participants, 1);
  EXPECT_EQ(m.participants_joined, 1);
}

TEST_P(StoreTest, ALeaveDeliveredBeforeItsJoinLeavesNobodyPresent) {
  apply(room_event(Kind::room_started, "e1", "RM_a", "standup", 100));
  apply(participant_event(Kind::participant_left, "l1", "RM_a", "alice", "PA_1", 150));
  apply(participant_event(Kind::participant_joined, "j1", "RM_a", "alice", "PA_1", 110));
  const Meeting m = meeting("RM_a");
  EXPECT_EQ(m.current_participants, 0);
  EXPECT_EQ(m.participants_joined, 1);
  ASSERT_EQ(m.attendees.size(), 1U);
  EXPECT_EQ(m.attendees[0].first_joined_at, 110);
  EXPECT_EQ(m.attendees[0].last_left_at, 150);
}

TEST_P(StoreTest, CurrentParticipantsNeverGoesBelowZero) {
  apply(room_event(Kind::room_started, "e1", "RM_a", "standup", 100));
  apply(participant_event(Kind::participant_joined, "j1", "RM_a", "alice", "PA_1", 110));
  apply(room_event(Kind::room_finished, "f1", "RM_a", "standup", 200));
  apply(participant_event(Kind::participant_left, "l1", "RM_a", "alice", "PA_1", 190));
  apply(participant_event(Kind::participant_left, "l2", "RM_a", "bob", "PA_2", 195));
  const Meeting m = meeting("RM_a");
  EXPECT_EQ(m.current_participants, 0);
  EXPECT_EQ(m.attendees.at(0).last_left_at, 190);  // the late leave has the exact time
}

TEST_P(StoreTest, AJoinDeliveredAfterTheRoomFinishedDoesNotReopenIt) {
  apply(room_event(Kind::room_started, "e1", "RM_a", "standup", 100));
  apply(room_event(Kind::room_finished, "f1", "RM_a", "standup", 200));
  apply(participant_event(Kind::participant_joined, "j1", "RM_a", "alice", "PA_1", 150));
  const Meeting m = meeting("RM_a");
  EXPECT_EQ(m.current_participants, 0);
  EXPECT_EQ(m.participants_joined, 1);
  EXPECT_EQ(m.ended_at, 200);
}

TEST_P(StoreTest, ARecordingGoesFromStartedToEnded) {
  apply(room_event(Kind::room_started, "e1", "RM_a", "standup", 100));
  EXPECT_TRUE(apply(recording_event("g1", "EG_1", "RM_a", "standup", "EGRESS_STARTING", 120)));
  Meeting m = meeting("RM_a");
  ASSERT_EQ(m.recordings.size(), 1U);
  EXPECT_EQ(m.recordings[0].status, "EGRESS_STARTING");
  EXPECT_EQ(m.recordings[0].started_at, 120);

  apply(recording_event("g2", "EG_1", "RM_a", "standup", "EGRESS_ACTIVE", 125, 121));
  auto ended = recording_event("g3", "EG_1", "RM_a", "standup", "EGRESS_COMPLETE", 300, 121, 299);
  ended.recording->location = "s3://bucket/standup.mp4";
  apply(ended);
  m = meeting("RM_a");
  ASSERT_EQ(m.recordings.size(), 1U);
  EXPECT_EQ(m.recordings[0],
            (Recording{"EG_1", "EGRESS_COMPLETE", 121, 299, "s3://bucket/standup.mp4", ""}));
}

TEST_P(StoreTest, ALateEgressUpdateDoesNotUndoTheEnd) {
  apply(room_event(Kind::room_started, "e1", "RM_a", "standup", 100));
  auto failed = recording_event("g3", "EG_1", "RM_a", "standup", "EGRESS_FAILED", 300, 121, 299);
  failed.recording->error = "upload failed";
  apply(failed);
  apply(recording_event("g2", "EG_1", "RM_a", "standup", "EGRESS_ACTIVE", 125, 121));
  const Meeting m = meeting("RM_a");
  ASSERT_EQ(m.recordings.size(), 1U);
  EXPECT_EQ(m.recordings[0].status, "EGRESS_FAILED");
  EXPECT_EQ(m.recordings[0].ended_at, 299);
  EXPECT_EQ(m.recordings[0].error, "upload failed");
}

TEST_P(StoreTest, AnEgressWithoutRoomSidAttachesToTheLatestMeetingOfItsRoomName) {
  apply(room_event(Kind::room_started, "e1", "RM_old", "standup", 100));
  apply(room_event(Kind::room_started, "e2", "RM_new", "standup", 200));
  apply(recording_event("g1", "EG_1", "", "standup", "EGRESS_STARTING", 210));
  EXPECT_EQ(meeting("RM_new").recordings.size(), 1U);
  EXPECT_TRUE(meeting("RM_old").recordings.empty());
}

TEST_P(StoreTest, AnEgressOfAnUnseenRoomSidCreatesItsMeeting) {
  apply(recording_event("g1", "EG_1", "RM_a", "standup", "EGRESS_STARTING", 210));
  const Meeting m = meeting("RM_a");
  EXPECT_EQ(m.room_name, "standup");
  EXPECT_EQ(m.recordings.size(), 1U);
}

TEST_P(StoreTest, EventsWithoutTheNeededFieldsAreRecordedAndOtherwiseIgnored) {
  auto no_identity = participant_event(Kind::participant_joined, "p1", "RM_a", "", "PA_1", 110);
  EXPECT_TRUE(apply(no_identity));
  EXPECT_FALSE(apply(no_identity));
  HistoryEvent no_room;
  no_room.kind = Kind::room_started;
  no_room.id = "r1";
  EXPECT_TRUE(apply(no_room));
  EXPECT_TRUE(apply(recording_event("g1", "EG_1", "", "nowhere", "EGRESS_STARTING",
                                    210)));  // no meeting of that name
  HistoryEvent untracked;
  untracked.kind = Kind::other;
  untracked.id = "t1";
  EXPECT_TRUE(apply(untracked));
  EXPECT_EQ(meeting_count(), 0U);
}

TEST_P(StoreTest, AnEventWithoutAnIdIsInvalid) {
  auto event = room_event(Kind::room_started, "", "RM_a", "standup", 100);
  auto applied = store_->apply(event);
  ASSERT_FALSE(applied.ok());
  EXPECT_EQ(applied.error().code, StoreError::Code::invalid);
  EXPECT_EQ(meeting_count(), 0U);
}

TEST_P(StoreTest, MeetingsAreListedNewestFirstAndTheCursorSurvivesInserts) {
  for (int i = 0; i < 5; ++i) {
    apply(room_event(Kind::room_started, "s" + std::to_string(i), "RM_" + std::to_string(i), "room",
                     100 + i));
  }
  apply(room_event(Kind::room_started, "tie", "RM_tie", "room", 102));  // same start as RM_2
  auto first = store_->list_meetings(2, std::nullopt, MeetingFilter{});
  ASSERT_TRUE(first.ok());
  ASSERT_EQ(first->items.size(), 2U);
  EXPECT_EQ(first->items[0].room_sid, "RM_4");
  EXPECT_EQ(first->items[1].room_sid, "RM_3");
  ASSERT_TRUE(first->next_cursor);

  apply(room_event(Kind::room_started, "s9", "RM_9", "room", 900));  // newer: must not shift pages

  auto second = store_->list_meetings(2, first->next_cursor, MeetingFilter{});
  ASSERT_TRUE(second.ok());
  ASSERT_EQ(second->items.size(), 2U);
  EXPECT_EQ(second->items[0].room_sid, "RM_tie");  // same start, higher id first
  EXPECT_EQ(second->items[1].room_sid, "RM_2");
  auto third = store_->list_meetings(2, second->next_cursor, MeetingFilter{});
  ASSERT_TRUE(third.ok());
  ASSERT_EQ(third->items.size(), 2U);
  EXPECT_EQ(third->items[0].room_sid, "RM_1");
  EXPECT_EQ(third->items[1].room_sid, "RM_0");
  EXPECT_FALSE(third->next_cursor);
}

TEST_P(StoreTest, APageThatHoldsEverythingHasNoCursor) {
  apply(room_event(Kind::room_started, "s1", "RM_1", "room", 100));
  auto page = store_->list_meetings(1, std::nullopt, MeetingFilter{});
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(page->items.size(), 1U);
  EXPECT_FALSE(page->next_cursor);
}

TEST_P(StoreTest, AMalformedCursorOrAnEmptyPageSizeIsInvalid) {
  for (const std::string cursor : {"", "garbage", "m1.1", "m1.x.2", "m1.1.2.3", "m1.1.2x"}) {
    auto page = store_->list_meetings(10, cursor, MeetingFilter{});
    ASSERT_FALSE(page.ok()) << cursor;
    EXPECT_EQ(page.error().code, StoreError::Code::invalid);
  }
  auto empty = store_->list_meetings(0, std::nullopt, MeetingFilter{});
  ASSERT_FALSE(empty.ok());
  EXPECT_EQ(empty.error().code, StoreError::Code::invalid);
}

TEST_P(StoreTest, GetMeetingReturnsTheMeetingOrNothing) {
  apply(room_event(Kind::room_started, "e1", "RM_a", "standup", 100));
  const Meeting listed = meeting("RM_a");
  auto found = store_->get_meeting(listed.id);
  ASSERT_TRUE(found.ok());
  ASSERT_TRUE(*found);
  EXPECT_EQ(**found, listed);
  auto unknown = store_->get_meeting(listed.id + 1000);
  ASSERT_TRUE(unknown.ok());
  EXPECT_FALSE(*unknown);
}

TEST_P(StoreTest, DataSurvivesCloseAndReopenWithoutReapplyingMigrations) {
  apply(room_event(Kind::room_started, "e1", "RM_a", "standup", 100));
  apply(participant_event(Kind::participant_joined, "e2", "RM_a", "alice", "PA_1", 110));
  const Meeting before = meeting("RM_a");
  clock_.set(9000);
  reopen();
  EXPECT_EQ(meeting("RM_a"), before);
  EXPECT_FALSE(
      apply(participant_event(Kind::participant_joined, "e2", "RM_a", "alice", "PA_1", 110)));

  store_.reset();
  const auto known = static_cast<std::int64_t>(backend_->known_migrations());
  EXPECT_EQ(backend_->scalar("SELECT COUNT(*) FROM schema_migrations"), known);
  EXPECT_EQ(backend_->scalar("SELECT MAX(version) FROM schema_migrations"), known);
  // Applied by the first open only.
  EXPECT_EQ(backend_->scalar("SELECT COUNT(*) FROM schema_migrations WHERE applied_at <> 5000"), 0);
}

TEST_P(StoreTest, ADatabaseFromANewerVersionIsRefused) {
  store_.reset();
  backend_->exec("INSERT INTO schema_migrations (version, applied_at) VALUES (999, 0)");
  auto opened = backend_->open(clock_);
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.error().code, StoreError::Code::unavailable);
  EXPECT_NE(opened.error().message.find("newer livekit-meet"), std::string::npos)
      << opened.error().message;
}

TEST_P(StoreTest, AppliedEventIdsArePrunedAfterAWeek) {
  apply(room_event(Kind::room_started, "old", "RM_a", "standup", 100));
  clock_.set(5000 + 8 * 24 * 3600);
  apply(room_event(Kind::room_started, "new", "RM_b", "standup", 200));
  EXPECT_EQ(backend_->scalar("SELECT COUNT(*) FROM applied_events"), 1);
  EXPECT_EQ(backend_->scalar("SELECT COUNT(*) FROM applied_events WHERE event_id = 'new'"), 1);
  // Within the week nothing is pruned.
  clock_.set(5000 + 9 * 24 * 3600);
  apply(room_event(Kind::room_started, "newer", "RM_c", "standup", 300));
  EXPECT_EQ(backend_->scalar("SELECT COUNT(*) FROM applied_events"), 2);
}

TEST_P(StoreTest, ConcurrentAppliesFromManyThreadsAreAllCounted) {
  apply(room_event(Kind::room_started, "e1", "RM_a", "standup", 100));
  std::vector<std::thread> threads;
  threads.reserve(4);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([this, t] {
      for (int i = 0; i < 25; ++i) {
        const std::string who = std::to_string(t) + "-" + std::to_string(i);
        auto applied = store_->apply(participant_event(Kind::participant_joined, "j" + who, "RM_a",
                                                       "user" + who, "PA_" + who, 110));
        EXPECT_TRUE(applied.ok() && *applied);
      }
    });
  }
  for (auto& thread : threads) thread.join();
  const Meeting m = meeting("RM_a");
  EXPECT_EQ(m.participants_joined, 100);
  EXPECT_EQ(m.current_participants, 100);
}

TEST_P(StoreTest, AFilterByRoomListsOnlyThatRoomsMeetings) {
  apply(room_event(Kind::room_started, "s1", "RM_1", "standup", 100));
  apply(room_event(Kind::room_started, "s2", "RM_2", "retro", 110));
  apply(room_event(Kind::room_started, "s3", "RM_3", "standup", 120));
  apply(room_event(Kind::room_started, "s4", "RM_4", "Standup", 130));
  EXPECT_EQ(listed_sids(MeetingFilter{"standup", false}),
            (std::vector<std::string>{"RM_3", "RM_1"}));
  EXPECT_EQ(listed_sids(MeetingFilter{"retro", false}), (std::vector<std::string>{"RM_2"}));
  EXPECT_EQ(listed_sids(MeetingFilter{"missing", false}), (std::vector<std::string>{}));
  EXPECT_EQ(listed_sids(MeetingFilter{}),
            (std::vector<std::string>{"RM_4", "RM_3", "RM_2", "RM_1"}));
}

TEST_P(StoreTest, AListedOnlyFilterShowsOnlyRoomsWhoseHostListedThem) {
  apply(room_event(Kind::room_started, "s1", "RM_1", "listed", 100));
  apply(room_event(Kind::room_started, "s2", "RM_2", "unlisted", 110));
  apply(room_event(Kind::room_started, "s3", "RM_3", "no-host", 120));
  apply(room_event(Kind::room_started, "s4", "RM_4", "listed", 130));
  host("listed", true);
  host("unlisted", false);
  EXPECT_EQ(listed_sids(MeetingFilter{std::nullopt, true}),
            (std::vector<std::string>{"RM_4", "RM_1"}));
  EXPECT_EQ(listed_sids(MeetingFilter{"listed", true}), (std::vector<std::string>{"RM_4", "RM_1"}));
  EXPECT_EQ(listed_sids(MeetingFilter{"unlisted", true}), (std::vector<std::string>{}));
  EXPECT_EQ(listed_sids(MeetingFilter{"no-host", true}), (std::vector<std::string>{}));
  AccessStore* access = store_.get();
  ASSERT_TRUE(*access->set_listed("unlisted", true));
  ASSERT_TRUE(*access->set_listed("listed", false));
  EXPECT_EQ(listed_sids(MeetingFilter{std::nullopt, true}), (std::vector<std::string>{"RM_2"}));
}

TEST_P(StoreTest, AFilteredListPagesWithItsCursor) {
  // Meetings of "a" and "b" interleaved, two of "a" starting together.
  apply(room_event(Kind::room_started, "s1", "RM_a1", "a", 100));
  apply(room_event(Kind::room_started, "s2", "RM_b1", "b", 101));
  apply(room_event(Kind::room_started, "s3", "RM_a2", "a", 102));
  apply(room_event(Kind::room_started, "s4", "RM_a3", "a", 102));
  apply(room_event(Kind::room_started, "s5", "RM_b2", "b", 103));
  apply(room_event(Kind::room_started, "s6", "RM_a4", "a", 104));
  apply(room_event(Kind::room_started, "s7", "RM_b3", "b", 105));
  host("a", true);
  for (const MeetingFilter& filter :
       {MeetingFilter{"a", false}, MeetingFilter{std::nullopt, true}, MeetingFilter{"a", true}}) {
    auto first = store_->list_meetings(2, std::nullopt, filter);
    ASSERT_TRUE(first.ok()) << first.error().message;
    EXPECT_EQ(sids(*first), (std::vector<std::string>{"RM_a4", "RM_a3"}));
    ASSERT_TRUE(first->next_cursor);
    auto second = store_->list_meetings(2, first->next_cursor, filter);
    ASSERT_TRUE(second.ok()) << second.error().message;
    EXPECT_EQ(sids(*second), (std::vector<std::string>{"RM_a2", "RM_a1"}));
    EXPECT_FALSE(second->next_cursor);
  }
  // A newer meeting does not shift the pages after a cursor.
  auto first = store_->list_meetings(3, std::nullopt, MeetingFilter{"a", false});
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(sids(*first), (std::vector<std::string>{"RM_a4", "RM_a3", "RM_a2"}));
  apply(room_event(Kind::room_started, "s8", "RM_a5", "a", 900));
  auto rest = store_->list_meetings(3, first->next_cursor, MeetingFilter{"a", false});
  ASSERT_TRUE(rest.ok());
  EXPECT_EQ(sids(*rest), (std::vector<std::string>{"RM_a1"}));
  EXPECT_FALSE(rest->next_cursor);
}

TEST_P(StoreTest, RoomActivityIsTheLatestEndOrTheStartOfAMeetingStillOpen) {
  EXPECT_EQ(activity("standup"), std::nullopt);
  apply(room_event(Kind::room_started, "s1", "RM_1", "standup", 100));
  apply(room_event(Kind::room_started, "s2", "RM_2", "retro", 900));
  auto found = activity("standup");
  ASSERT_TRUE(found);
  EXPECT_EQ(found->last_active_at, 100);
  EXPECT_TRUE(found->open);

  apply(room_event(Kind::room_finished, "f1", "RM_1", "standup", 500));
  found = activity("standup");
  ASSERT_TRUE(found);
  EXPECT_EQ(found->last_active_at, 500);
  EXPECT_FALSE(found->open);

  // A later meeting that ended earlier than the first does not move it back; an open one counts.
  apply(room_event(Kind::room_started, "s3", "RM_3", "standup", 200));
  apply(room_event(Kind::room_finished, "f3", "RM_3", "standup", 300));
  found = activity("standup");
  ASSERT_TRUE(found);
  EXPECT_EQ(found->last_active_at, 500);
  EXPECT_FALSE(found->open);
  apply(room_event(Kind::room_started, "s4", "RM_4", "standup", 450));
  found = activity("standup");
  ASSERT_TRUE(found);
  EXPECT_EQ(found->last_active_at, 500);
  EXPECT_TRUE(found->open);
  apply(room_event(Kind::room_started, "s5", "RM_5", "standup", 700));
  EXPECT_EQ(activity("standup")->last_active_at, 700);
  EXPECT_EQ(activity("retro")->last_active_at, 900);
  EXPECT_EQ(activity("Standup"), std::nullopt);
}

std::string backend_name(const ::testing::TestParamInfo<const char*>& param) {
  return param.param;
}

INSTANTIATE_TEST_SUITE_P(Backends, StoreTest, ::testing::Values("sqlite", "postgres"),
                         backend_name);

}  // namespace
}  // namespace lkm::store
