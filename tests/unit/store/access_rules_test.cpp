// The AccessStore's rules of room retention and listing, single-use and revoked tickets, guess
// counters and organizer sessions, the same for every backend (SQLite and PostgreSQL).
#include "access_store_fixture.hpp"

#include <gtest/gtest.h>

#include <mutex>
#include <string>
#include <vector>

namespace lkm::store {
namespace {

class AccessRulesTest : public AccessStoreTest {};

WaitingTicket ticket_of(const std::string& room, const std::string& ticket,
                        const std::string& participant, const std::string& postfix) {
  return WaitingTicket{ticket, room, participant, postfix, TicketStatus::waiting,
                       1000,   1000, std::nullopt};
}

TEST_P(AccessRulesTest, ARoomCreatedWithoutALastUseWasLastUsedWhenCreated) {
  HostedRoom fresh = room_named("standup", 1234);
  fresh.last_used_at = 0;
  ASSERT_TRUE(create(fresh, "host"));
  const auto found = room("standup");
  ASSERT_TRUE(found);
  EXPECT_EQ(found->created_at, 1234);
  EXPECT_EQ(found->last_used_at, 1234);
  EXPECT_FALSE(found->listed);
}

TEST_P(AccessRulesTest, CreatingARoomForgetsRoomsUnusedSinceTheCutoffWithAllTheyHold) {
  ASSERT_TRUE(create(room_named("old", 1000), "old-host"));
  ASSERT_TRUE(create(room_named("at-cutoff", 3000), "cutoff-host"));
  ASSERT_TRUE(create(room_named("recent", 4000), "recent-host"));
  ASSERT_TRUE(add(ticket_for("old", "t-old", 1000)));
  ASSERT_TRUE(add(ticket_for("recent", "t-recent", 4000)));

  auto created = access().create_room(room_named("new", 5000), "new-host", 3000);
  ASSERT_TRUE(created.ok()) << created.error().message;
  EXPECT_TRUE(*created);

  EXPECT_EQ(room("old"), std::nullopt);
  EXPECT_FALSE(is_host("old", "old-host"));
  EXPECT_EQ(poll("old", "t-old", 5000), std::nullopt);
  EXPECT_EQ(backend_->scalar("SELECT COUNT(*) FROM host_credentials WHERE room_name = 'old'"), 0);
  EXPECT_EQ(backend_->scalar("SELECT COUNT(*) FROM waiting_tickets WHERE room_name = 'old'"), 0);
  // Used at the cutoff itself, or after it: kept with everything.
  EXPECT_TRUE(room("at-cutoff").has_value());
  EXPECT_TRUE(is_host("at-cutoff", "cutoff-host"));
  EXPECT_TRUE(room("recent").has_value());
  EXPECT_TRUE(is_host("recent", "recent-host"));
  EXPECT_TRUE(poll("recent", "t-recent", 5000).has_value());
  EXPECT_TRUE(is_host("new", "new-host"));
}

TEST_P(AccessRulesTest, AnUnusedRoomsNameCanBeTakenByANewHost) {
  ASSERT_TRUE(create(room_named("standup", 1000), "old-host"));
  EXPECT_EQ(room("gone"), std::nullopt);  // remembered as a name without a room
  auto taken = access().create_room(room_named("standup", 9000), "new-host", 5000);
  ASSERT_TRUE(taken.ok()) << taken.error().message;
  EXPECT_TRUE(*taken);
  EXPECT_EQ(room("standup"), room_named("standup", 9000));
  EXPECT_FALSE(is_host("standup", "old-host"));
  EXPECT_TRUE(is_host("standup", "new-host"));
  EXPECT_EQ(room("gone"), std::nullopt);
}

TEST_P(AccessRulesTest, ACreationThatFindsItsNameTakenStillForgetsUnusedRooms) {
  ASSERT_TRUE(create(room_named("old", 1000), "old-host"));
  ASSERT_TRUE(create(room_named("standup", 8000), "host"));
  auto again = access().create_room(room_named("standup", 9000), "other", 5000);
  ASSERT_TRUE(again.ok()) << again.error().message;
  EXPECT_FALSE(*again);
  EXPECT_EQ(room("old"), std::nullopt);
  EXPECT_EQ(room("standup"), room_named("standup", 8000));
}

TEST_P(AccessRulesTest, TouchingARoomMovesItsLastUseOnlyPastTheInterval) {
  constexpr std::int64_t kInterval = AccessStore::kTouchIntervalSeconds;
  ASSERT_TRUE(create(room_named("standup", 1000), "host"));
  EXPECT_TRUE(touch("standup", 1000 + kInterval));
  EXPECT_EQ(room("standup")->last_used_at, 1000);
  EXPECT_TRUE(touch("standup", 1001 + kInterval));
  EXPECT_EQ(room("standup")->last_used_at, 1001 + kInterval);
  EXPECT_TRUE(touch("standup", 1001 + 2 * kInterval - 1));
  EXPECT_EQ(room("standup")->last_used_at, 1001 + kInterval);
  EXPECT_TRUE(touch("standup", 500));  // never backwards
  EXPECT_EQ(room("standup")->last_used_at, 1001 + kInterval);
  // Only last_used_at changes.
  HostedRoom expected = room_named("standup", 1000);
  expected.last_used_at = 1001 + kInterval;
  EXPECT_EQ(room("standup"), expected);

  // A touched room outlives the retention that takes an untouched one of the same age.
  ASSERT_TRUE(create(room_named("untouched", 1000), "host-2"));
  auto created = access().create_room(room_named("newer", 9000), "host-4", 2000);
  ASSERT_TRUE(created.ok() && *created);
  EXPECT_TRUE(room("standup").has_value());
  EXPECT_EQ(room("untouched"), std::nullopt);
}

TEST_P(AccessRulesTest, TouchingANameWithoutARoomReturnsFalseUntilItIsCreated) {
  EXPECT_FALSE(touch("standup", 9000));
  EXPECT_EQ(room("standup"), std::nullopt);
  EXPECT_FALSE(touch("standup", 9000));
  ASSERT_TRUE(create(room_named("standup", 1000), "host"));
  EXPECT_TRUE(touch("standup", 9000));
  EXPECT_EQ(room("standup")->last_used_at, 9000);
  ASSERT_TRUE(*access().delete_room("standup"));
  EXPECT_FALSE(touch("standup", 20000));
}

TEST_P(AccessRulesTest, ListedRoomsAreThoseWhoseHostListedThemInTheOrderAsked) {
  const std::string odd = "we\"ird\\, {name}";
  for (const std::string name : {"alpha", "beta", "gamma"})
    ASSERT_TRUE(create(room_named(name), name));
  ASSERT_TRUE(create(room_named(odd), "odd-host"));
  EXPECT_EQ(listed({"alpha", "beta", "gamma"}), (std::vector<std::string>{}));

  for (const std::string name : {"gamma", "alpha"}) {
    auto set = access().set_listed(name, true);
    ASSERT_TRUE(set.ok()) << set.error().message;
    EXPECT_TRUE(*set);
  }
  ASSERT_TRUE(*access().set_listed(odd, true));
  EXPECT_TRUE(room("alpha")->listed);
  EXPECT_FALSE(room("beta")->listed);
  EXPECT_EQ(listed({"gamma", "missing", "beta", "alpha", odd, "Alpha"}),
            (std::vector<std::string>{"gamma", "alpha", odd}));
  EXPECT_EQ(listed({}), (std::vector<std::string>{}));

  ASSERT_TRUE(*access().set_listed("alpha", false));
  EXPECT_FALSE(room("alpha")->listed);
  EXPECT_EQ(listed({"alpha", "gamma"}), (std::vector<std::string>{"gamma"}));

  auto missing = access().set_listed("missing", true);
  ASSERT_TRUE(missing.ok()) << missing.error().message;
  EXPECT_FALSE(*missing);
  EXPECT_EQ(room("missing"), std::nullopt);
}

TEST_P(AccessRulesTest, AnAdmittedTicketIsConsumedOnce) {
  ASSERT_TRUE(create(room_named("standup"), "host"));
  ASSERT_TRUE(create(room_named("retro"), "retro-host"));
  ASSERT_TRUE(add(ticket_for("standup", "t1", 1000)));
  EXPECT_FALSE(consume("standup", "t1", 1050));  // still waiting
  EXPECT_EQ(status("standup", "t1"), TicketStatus::waiting);
  ASSERT_TRUE(decide("standup", "t1", TicketStatus::admitted, 1100));
  EXPECT_FALSE(consume("retro", "t1", 1150));  // another room's
  EXPECT_FALSE(consume("standup", "unknown", 1150));
  EXPECT_TRUE(consume("standup", "t1", 1200));
  EXPECT_FALSE(consume("standup", "t1", 1201));
  const auto used = poll("standup", "t1", 1202);
  ASSERT_TRUE(used);
  EXPECT_EQ(used->status, TicketStatus::used);
  EXPECT_EQ(used->decided_at, 1100);
  EXPECT_EQ(backend_->scalar("SELECT COUNT(*) FROM waiting_tickets WHERE status = 'used'"), 1);

  // A used ticket can be neither admitted again nor denied.
  EXPECT_FALSE(decide("standup", "t1", TicketStatus::admitted, 1300));
  EXPECT_FALSE(decide("standup", "t1", TicketStatus::denied, 1300));
  EXPECT_EQ(status("standup", "t1"), TicketStatus::used);
}

TEST_P(AccessRulesTest, ADeniedTicketCannotBeConsumed) {
  ASSERT_TRUE(create(room_named("standup"), "host"));
  ASSERT_TRUE(add(ticket_for("standup", "t1", 1000)));
  ASSERT_TRUE(decide("standup", "t1", TicketStatus::denied, 1100));
  EXPECT_FALSE(consume("standup", "t1", 1200));
  EXPECT_EQ(status("standup", "t1"), TicketStatus::denied);
}

TEST_P(AccessRulesTest, OneOfConcurrentConsumersOfATicketGetsIt) {
  ASSERT_TRUE(create(room_named("standup"), "host"));
  const auto stores = instances();
  constexpr int kThreads = 8;
  for (int round = 0; round < 5; ++round) {
    const std::string ticket = "t" + std::to_string(round);
    ASSERT_TRUE(add(ticket_for("standup", ticket, 1000)));
    ASSERT_TRUE(decide("standup", ticket, TicketStatus::admitted, 1100));
    std::atomic<int> wins{0};
    all_at_once(kThreads, [&](int t) {
      auto consumed = stores[static_cast<std::size_t>(t) % stores.size()]->consume_ticket(
          "standup", ticket, 1200 + t);
      EXPECT_TRUE(consumed.ok()) << consumed.error().message;
      if (consumed.ok() && *consumed) ++wins;
    });
    EXPECT_EQ(wins.load(), 1) << ticket;
    EXPECT_EQ(status("standup", ticket), TicketStatus::used) << ticket;
  }
}

TEST_P(AccessRulesTest, AHostCanDenyAnAdmittedTicketButNotAdmitADeniedOne) {
  ASSERT_TRUE(create(room_named("standup"), "host"));
  ASSERT_TRUE(add(ticket_for("standup", "t1", 1000)));
  ASSERT_TRUE(decide("standup", "t1", TicketStatus::admitted, 1100));
  EXPECT_TRUE(decide("standup", "t1", TicketStatus::denied, 1200));
  const auto denied = poll("standup", "t1", 1300);
  ASSERT_TRUE(denied);
  EXPECT_EQ(denied->status, TicketStatus::denied);
  EXPECT_EQ(denied->decided_at, 1200);
  EXPECT_FALSE(decide("standup", "t1", TicketStatus::admitted, 1400));
  EXPECT_FALSE(decide("standup", "t1", TicketStatus::denied, 1400));
  EXPECT_FALSE(consume("standup", "t1", 1500));
  EXPECT_EQ(status("standup", "t1"), TicketStatus::denied);
}

TEST_P(AccessRulesTest, OnlyAdmittingOrDenyingIsADecision) {
  ASSERT_TRUE(create(room_named("standup"), "host"));
  ASSERT_TRUE(add(ticket_for("standup", "t1", 1000)));
  EXPECT_FALSE(decide("standup", "t1", TicketStatus::used, 1100));
  EXPECT_FALSE(decide("standup", "t1", TicketStatus::waiting, 1100));
  EXPECT_EQ(status("standup", "t1"), TicketStatus::waiting);
  ASSERT_TRUE(decide("standup", "t1", TicketStatus::admitted, 1100));
  EXPECT_FALSE(decide("standup", "t1", TicketStatus::used, 1100));
  EXPECT_EQ(status("standup", "t1"), TicketStatus::admitted);
}

TEST_P(AccessRulesTest, RevokingAnIdentityDeniesItsWaitingAndAdmittedTicketsInThatRoom) {
  ASSERT_TRUE(create(room_named("standup"), "host"));
  ASSERT_TRUE(create(room_named("retro"), "retro-host"));
  ASSERT_TRUE(add(ticket_of("standup", "waiting", "Ada", "ab12")));
  ASSERT_TRUE(add(ticket_of("standup", "admitted", "Ada", "ab12")));
  ASSERT_TRUE(add(ticket_of("standup", "used", "Ada", "ab12")));
  ASSERT_TRUE(add(ticket_of("standup", "denied", "Ada", "ab12")));
  ASSERT_TRUE(add(ticket_of("standup", "other-postfix", "Ada", "cd34")));
  ASSERT_TRUE(add(ticket_of("standup", "split-differently", "Ada_", "_ab12")));
  ASSERT_TRUE(add(ticket_of("retro", "other-room", "Ada", "ab12")));
  ASSERT_TRUE(decide("standup", "admitted", TicketStatus::admitted, 1100));
  ASSERT_TRUE(decide("standup", "used", TicketStatus::admitted, 1100));
  ASSERT_TRUE(consume("standup", "used", 1101));
  ASSERT_TRUE(decide("standup", "denied", TicketStatus::denied, 1100));

  auto revoked = access().revoke_identity("standup", "Ada__ab12", 1200);
  ASSERT_TRUE(revoked.ok()) << revoked.error().message;
  // "Ada_" + "__" + "_ab12" is "Ada____ab12", not the identity.
  EXPECT_EQ(*revoked, (std::vector<std::string>{"admitted", "waiting"}));
  EXPECT_EQ(status("standup", "waiting"), TicketStatus::denied);
  EXPECT_EQ(poll("standup", "waiting", 0)->decided_at, 1200);
  EXPECT_EQ(status("standup", "admitted"), TicketStatus::denied);
  EXPECT_EQ(status("standup", "used"), TicketStatus::used);
  EXPECT_EQ(status("standup", "denied"), TicketStatus::denied);
  EXPECT_EQ(poll("standup", "denied", 0)->decided_at, 1100);
  EXPECT_EQ(status("standup", "other-postfix"), TicketStatus::waiting);
  EXPECT_EQ(status("standup", "split-differently"), TicketStatus::waiting);
  EXPECT_EQ(status("retro", "other-room"), TicketStatus::waiting);

  auto again = access().revoke_identity("standup", "Ada__ab12", 1300);
  ASSERT_TRUE(again.ok()) << again.error().message;
  EXPECT_TRUE(again->empty());
  auto missing = access().revoke_identity("missing", "Ada__ab12", 1300);
  ASSERT_TRUE(missing.ok()) << missing.error().message;
  EXPECT_TRUE(missing->empty());
}

TEST_P(AccessRulesTest, AttemptsAreFreeUntilTheLimitThenBlockedForGrowingTimes) {
  const AttemptPolicy policy{3, 2, 10, 100};
  for (int i = 0; i < 3; ++i) EXPECT_EQ(take("room:standup", 1000, policy), 0) << i;
  EXPECT_EQ(failures("room:standup"), 3);
  // The fourth is counted and checked, and blocks the scope for 2 s.
  EXPECT_EQ(take("room:standup", 1000, policy), 0);
  EXPECT_EQ(failures("room:standup"), 4);
  EXPECT_EQ(take("room:standup", 1000, policy), 2);
  EXPECT_EQ(take("room:standup", 1001, policy), 1);
  EXPECT_EQ(failures("room:standup"), 4);  // blocked attempts are not counted
  // Then 4 s, 8 s, and 10 s (the cap) from then on.
  EXPECT_EQ(take("room:standup", 1002, policy), 0);
  EXPECT_EQ(take("room:standup", 1002, policy), 4);
  EXPECT_EQ(take("room:standup", 1005, policy), 1);
  EXPECT_EQ(take("room:standup", 1006, policy), 0);
  EXPECT_EQ(take("room:standup", 1006, policy), 8);
  EXPECT_EQ(take("room:standup", 1014, policy), 0);
  EXPECT_EQ(take("room:standup", 1014, policy), 10);
  EXPECT_EQ(take("room:standup", 1024, policy), 0);
  EXPECT_EQ(take("room:standup", 1024, policy), 10);
  EXPECT_EQ(failures("room:standup"), 8);
  // Other scopes are counted apart.
  EXPECT_EQ(take("organizer", 1024, policy), 0);
  EXPECT_EQ(failures("organizer"), 1);
}

TEST_P(AccessRulesTest, AHugeFailureCountBlocksForTheMaximumWithoutOverflowing) {
  const AttemptPolicy policy{20, 1, 900, 3600};
  EXPECT_EQ(take("organizer", 1000, policy), 0);
  for (const std::int64_t count : {std::int64_t{82}, std::int64_t{84}, std::int64_t{1000000}}) {
    backend_->exec("UPDATE attempt_counters SET failures = " + std::to_string(count) +
                   ", blocked_until = 0");
    EXPECT_EQ(take("organizer", 1000, policy), 0) << count;
    EXPECT_EQ(take("organizer", 1000, policy), 900) << count;
  }
}

TEST_P(AccessRulesTest, ACounterLeftAloneLongEnoughStartsAgainFromZero) {
  const AttemptPolicy policy{2, 5, 50, 100};
  for (int i = 0; i < 3; ++i) EXPECT_EQ(take("room:standup", 1000, policy), 0);
  EXPECT_EQ(take("room:standup", 1000, policy), 5);
  // 100 s after the last attempt is not yet more than 100 s.
  EXPECT_EQ(take("room:standup", 1100, policy), 0);
  EXPECT_EQ(failures("room:standup"), 4);
  EXPECT_EQ(take("room:standup", 1100, policy), 10);
  // More than 100 s: two free attempts again.
  EXPECT_EQ(take("room:standup", 1201, policy), 0);
  EXPECT_EQ(failures("room:standup"), 1);
  EXPECT_EQ(take("room:standup", 1201, policy), 0);
  EXPECT_EQ(take("room:standup", 1201, policy), 0);
  EXPECT_EQ(take("room:standup", 1201, policy), 5);
}

TEST_P(AccessRulesTest, StaleCountersThatAreNotBlockedAreForgotten) {
  const AttemptPolicy policy{5, 1, 10, 100};
  const AttemptPolicy long_block{0, 5000, 5000, 100};
  EXPECT_EQ(take("room:old", 1000, policy), 0);
  EXPECT_EQ(take("room:blocked", 1000, long_block), 0);  // blocked until 6000
  EXPECT_EQ(take("room:recent", 1550, policy), 0);
  EXPECT_EQ(backend_->scalar("SELECT COUNT(*) FROM attempt_counters"), 3);
  // At most once per interval, counters last used more than 100 s ago go, unless blocked.
  EXPECT_EQ(take("room:new", 1000 + attempts::kPruneIntervalSeconds, policy), 0);
  EXPECT_EQ(failures("room:old"), -1);
  EXPECT_EQ(failures("room:blocked"), 1);
  EXPECT_EQ(failures("room:recent"), 1);
  EXPECT_EQ(failures("room:new"), 1);
  EXPECT_EQ(backend_->scalar("SELECT COUNT(*) FROM attempt_counters"), 3);
}

TEST_P(AccessRulesTest, ForgivingTakesBackOneFailureAndTheBlockItCaused) {
  const AttemptPolicy policy{3, 30, 60, 1000};
  EXPECT_FALSE(forgive("room:standup", policy));  // nothing counted yet
  for (int i = 0; i < 3; ++i) EXPECT_EQ(take("room:standup", 1000, policy), 0);
  EXPECT_TRUE(forgive("room:standup", policy));
  EXPECT_EQ(failures("room:standup"), 2);
  EXPECT_EQ(take("room:standup", 1000, policy), 0);  // the third again: no block
  EXPECT_EQ(take("room:standup", 1000, policy), 0);  // the fourth blocks
  EXPECT_EQ(take("room:standup", 1000, policy), 30);
  // The fourth was right after all: its block goes with it.
  EXPECT_TRUE(forgive("room:standup", policy));
  EXPECT_EQ(failures("room:standup"), 3);
  EXPECT_EQ(take("room:standup", 1010, policy), 0);  // the fourth again, blocking until 1040
  EXPECT_EQ(take("room:standup", 1010, policy), 30);
  EXPECT_EQ(take("room:standup", 1040, policy), 0);  // the fifth: 60 s
  EXPECT_EQ(take("room:standup", 1040, policy), 60);
  EXPECT_TRUE(forgive("room:standup", policy));  // back to four: blocked until 1070
  EXPECT_EQ(take("room:standup", 1050, policy), 20);
  for (int i = 0; i < 4; ++i) EXPECT_TRUE(forgive("room:standup", policy));
  EXPECT_FALSE(forgive("room:standup", policy));  // never below zero
  EXPECT_EQ(failures("room:standup"), 0);
  EXPECT_EQ(take("room:standup", 1050, policy), 0);
}

TEST_P(AccessRulesTest, ConcurrentAttemptsAreEachCountedOnce) {
  const auto stores = instances();
  const AttemptPolicy policy{10, 7, 60, 1000};
  constexpr int kThreads = 16;
  std::mutex mutex;
  std::vector<std::int64_t> answers;
  all_at_once(kThreads, [&](int t) {
    auto taken = stores[static_cast<std::size_t>(t) % stores.size()]->take_attempt("organizer",
                                                                                   1000, policy);
    EXPECT_TRUE(taken.ok()) << taken.error().message;
    const std::lock_guard lock(mutex);
    answers.push_back(taken.ok() ? *taken : -1);
  });
  // The ten free attempts and the one that sets the block were checked; the rest waited 7 s.
  EXPECT_EQ(std::count(answers.begin(), answers.end(), 0), 11);
  EXPECT_EQ(std::count(answers.begin(), answers.end(), 7), kThreads - 11);
  EXPECT_EQ(failures("organizer"), 11);
}

TEST_P(AccessRulesTest, SessionsAreValidUntilTheyExpireOrAreDeleted) {
  auto created = access().create_session("hash-1", 2000, 1000);
  ASSERT_TRUE(created.ok()) << created.error().message;
  EXPECT_TRUE(*created);
  EXPECT_TRUE(session_valid("hash-1", 1000));
  EXPECT_TRUE(session_valid("hash-1", 1999));
  EXPECT_FALSE(session_valid("hash-1", 2000));
  EXPECT_FALSE(session_valid("hash-2", 1000));
  auto twice = access().create_session("hash-1", 3000, 1000);
  ASSERT_TRUE(twice.ok()) << twice.error().message;
  EXPECT_FALSE(*twice);
  EXPECT_FALSE(session_valid("hash-1", 2500));  // the first expiry stands

  ASSERT_TRUE(*access().create_session("hash-2", 5000, 1000));
  auto deleted = access().delete_session("hash-2");
  ASSERT_TRUE(deleted.ok()) << deleted.error().message;
  EXPECT_TRUE(*deleted);
  EXPECT_FALSE(session_valid("hash-2", 1000));
  auto again = access().delete_session("hash-2");
  ASSERT_TRUE(again.ok()) << again.error().message;
  EXPECT_FALSE(*again);
}

TEST_P(AccessRulesTest, CreatingASessionForgetsExpiredOnes) {
  ASSERT_TRUE(*access().create_session("expires-early", 2000, 1000));
  ASSERT_TRUE(*access().create_session("expires-late", 9000, 1000));
  EXPECT_EQ(backend_->scalar("SELECT COUNT(*) FROM organizer_sessions"), 2);
  ASSERT_TRUE(*access().create_session("new", 9000, 2000));
  EXPECT_EQ(backend_->scalar("SELECT COUNT(*) FROM organizer_sessions"), 2);
  EXPECT_EQ(
      backend_->scalar("SELECT COUNT(*) FROM organizer_sessions WHERE id_hash = 'expires-early'"),
      0);
  EXPECT_TRUE(session_valid("expires-late", 2000));
  EXPECT_TRUE(session_valid("new", 2000));
}

TEST_P(AccessRulesTest, NewStateSurvivesReopening) {
  ASSERT_TRUE(create(room_named("standup", 1000), "host"));
  ASSERT_TRUE(*access().set_listed("standup", true));
  ASSERT_TRUE(touch("standup", 9000));
  ASSERT_TRUE(add(ticket_for("standup", "t1", 1000)));
  ASSERT_TRUE(decide("standup", "t1", TicketStatus::admitted, 1100));
  ASSERT_TRUE(consume("standup", "t1", 1200));
  const AttemptPolicy policy{1, 60, 60, 1000};
  EXPECT_EQ(take("organizer", 1000, policy), 0);
  EXPECT_EQ(take("organizer", 1000, policy), 0);
  ASSERT_TRUE(*access().create_session("hash-1", 5000, 1000));

  reopen();
  const auto found = room("standup");
  ASSERT_TRUE(found);
  EXPECT_TRUE(found->listed);
  EXPECT_EQ(found->last_used_at, 9000);
  EXPECT_EQ(status("standup", "t1"), TicketStatus::used);
  EXPECT_EQ(take("organizer", 1030, policy), 30);
  EXPECT_TRUE(session_valid("hash-1", 4000));
}

INSTANTIATE_TEST_SUITE_P(Backends, AccessRulesTest, ::testing::Values("sqlite", "postgres"),
                         backend_name);

}  // namespace
}  // namespace lkm::store
