// The AccessStore's behaviour (rooms with a host, host credentials, waiting tickets), the same for
// every backend: each test runs against SQLite and against PostgreSQL (see store_backends.hpp).
#include "access_store_fixture.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <string>

namespace lkm::store {
namespace {

TEST_P(AccessStoreTest, ACreatedRoomReadsBackWithEveryField) {
  const HostedRoom full{
      "design-review", "pbkdf2-sha256$1000$salt$key", true, true, true, 1234, 1300, ""};
  EXPECT_TRUE(create(full, "hash-1"));
  EXPECT_EQ(room("design-review"), full);
  const HostedRoom plain = room_named("standup", 99);
  EXPECT_TRUE(create(plain, "hash-2"));
  EXPECT_EQ(room("standup"), plain);
  EXPECT_EQ(room("missing"), std::nullopt);
  EXPECT_EQ(room("Standup"), std::nullopt);
}

TEST_P(AccessStoreTest, ANameFoundWithoutARoomIsFoundOnceItsRoomIsCreated) {
  EXPECT_EQ(room("standup"), std::nullopt);
  EXPECT_EQ(room("standup"), std::nullopt);
  const HostedRoom standup = room_named("standup", 77);
  ASSERT_TRUE(create(standup, "host"));
  EXPECT_EQ(room("standup"), standup);
  ASSERT_TRUE(access().delete_room("standup").ok());
  EXPECT_EQ(room("standup"), std::nullopt);
  const HostedRoom again{"standup", "pbkdf2-sha256$1$salt$key", true, false, false, 88, 88, ""};
  ASSERT_TRUE(create(again, "host-2"));
  EXPECT_EQ(room("standup"), again);
}

TEST_P(AccessStoreTest, ManyNamesWithoutARoomLeaveCreatedRoomsFindable) {
  for (std::size_t i = 0; i < SqliteStore::kNotHostedNames + 10; ++i) {
    ASSERT_EQ(room("nobody-" + std::to_string(i)), std::nullopt);
  }
  ASSERT_TRUE(create(room_named("nobody-3", 5), "host"));
  ASSERT_TRUE(create(room_named("nobody-4100", 6), "host-2"));
  EXPECT_EQ(room("nobody-3"), room_named("nobody-3", 5));
  EXPECT_EQ(room("nobody-4100"), room_named("nobody-4100", 6));
}

TEST_P(AccessStoreTest, CreatingANameThatHasAHostFailsAndKeepsTheFirstRoom) {
  const HostedRoom first{"standup", "", false, false, false, 1000, 1000, ""};
  ASSERT_TRUE(create(first, "first-host"));
  const HostedRoom second{"standup", "pbkdf2-sha256$1$salt$key", true, true, true, 2000, 2000, ""};
  auto again = access().create_room(second, "second-host", 0);
  ASSERT_TRUE(again.ok()) << again.error().message;
  EXPECT_FALSE(*again);
  EXPECT_EQ(room("standup"), first);
  EXPECT_TRUE(is_host("standup", "first-host"));
  EXPECT_FALSE(is_host("standup", "second-host"));
}

TEST_P(AccessStoreTest, IsHostOnlyForTheStoredHashOfThatRoom) {
  ASSERT_TRUE(create(room_named("standup"), "standup-host"));
  ASSERT_TRUE(create(room_named("retro"), "retro-host"));
  EXPECT_TRUE(is_host("standup", "standup-host"));
  EXPECT_TRUE(is_host("retro", "retro-host"));
  EXPECT_FALSE(is_host("standup", "retro-host"));
  EXPECT_FALSE(is_host("retro", "standup-host"));
  EXPECT_FALSE(is_host("standup", "standup-hos"));
  EXPECT_FALSE(is_host("standup", ""));
  EXPECT_FALSE(is_host("missing", "standup-host"));
}

TEST_P(AccessStoreTest, RevokingAHostCredentialEndsItButKeepsTheRoom) {
  ASSERT_TRUE(create(room_named("standup"), "standup-host"));
  ASSERT_TRUE(create(room_named("retro"), "retro-host"));
  auto other_room = access().revoke_host("standup", "retro-host");
  ASSERT_TRUE(other_room.ok()) << other_room.error().message;
  EXPECT_FALSE(*other_room);
  EXPECT_TRUE(is_host("retro", "retro-host"));

  auto revoked = access().revoke_host("standup", "standup-host");
  ASSERT_TRUE(revoked.ok()) << revoked.error().message;
  EXPECT_TRUE(*revoked);
  EXPECT_FALSE(is_host("standup", "standup-host"));
  EXPECT_TRUE(room("standup").has_value());

  auto twice = access().revoke_host("standup", "standup-host");
  ASSERT_TRUE(twice.ok()) << twice.error().message;
  EXPECT_FALSE(*twice);
  auto missing = access().revoke_host("missing", "standup-host");
  ASSERT_TRUE(missing.ok()) << missing.error().message;
  EXPECT_FALSE(*missing);
}

TEST_P(AccessStoreTest, LocksAndUnlocksARoom) {
  ASSERT_TRUE(create(room_named("standup"), "host"));
  auto locked = access().set_locked("standup", true);
  ASSERT_TRUE(locked.ok()) << locked.error().message;
  EXPECT_TRUE(*locked);
  EXPECT_TRUE(room("standup")->locked);
  auto again = access().set_locked("standup", true);
  ASSERT_TRUE(again.ok()) << again.error().message;
  EXPECT_TRUE(*again);
  EXPECT_TRUE(room("standup")->locked);
  auto unlocked = access().set_locked("standup", false);
  ASSERT_TRUE(unlocked.ok()) << unlocked.error().message;
  EXPECT_TRUE(*unlocked);
  EXPECT_FALSE(room("standup")->locked);
}

TEST_P(AccessStoreTest, LockingARoomWithoutAHostChangesNothing) {
  auto locked = access().set_locked("missing", true);
  ASSERT_TRUE(locked.ok()) << locked.error().message;
  EXPECT_FALSE(*locked);
  EXPECT_EQ(room("missing"), std::nullopt);
}

TEST_P(AccessStoreTest, DeletingARoomForgetsItsCredentialsAndTickets) {
  ASSERT_TRUE(create(room_named("standup"), "standup-host"));
  ASSERT_TRUE(create(room_named("retro"), "retro-host"));
  ASSERT_TRUE(add(ticket_for("standup", "t1", 1000)));
  ASSERT_TRUE(add(ticket_for("retro", "t2", 1000)));

  auto deleted = access().delete_room("standup");
  ASSERT_TRUE(deleted.ok()) << deleted.error().message;
  EXPECT_TRUE(*deleted);
  EXPECT_EQ(room("standup"), std::nullopt);
  EXPECT_FALSE(is_host("standup", "standup-host"));
  EXPECT_EQ(poll("standup", "t1", 1100), std::nullopt);
  EXPECT_TRUE(waiting("standup", 0).empty());
  EXPECT_EQ(backend_->scalar("SELECT COUNT(*) FROM host_credentials WHERE room_name = 'standup'"),
            0);
  EXPECT_EQ(backend_->scalar("SELECT COUNT(*) FROM waiting_tickets WHERE room_name = 'standup'"),
            0);

  // The other room keeps everything.
  EXPECT_TRUE(room("retro").has_value());
  EXPECT_TRUE(is_host("retro", "retro-host"));
  EXPECT_TRUE(poll("retro", "t2", 1100).has_value());

  // A new room of the same name does not inherit the old host.
  ASSERT_TRUE(create(room_named("standup", 3000), "new-host"));
  EXPECT_FALSE(is_host("standup", "standup-host"));
  EXPECT_TRUE(is_host("standup", "new-host"));
  EXPECT_EQ(poll("standup", "t1", 3100), std::nullopt);
}

TEST_P(AccessStoreTest, DeletingARoomWithoutAHostReturnsFalse) {
  auto deleted = access().delete_room("missing");
  ASSERT_TRUE(deleted.ok()) << deleted.error().message;
  EXPECT_FALSE(*deleted);
  ASSERT_TRUE(create(room_named("standup"), "host"));
  ASSERT_TRUE(*access().delete_room("standup"));
  auto twice = access().delete_room("standup");
  ASSERT_TRUE(twice.ok()) << twice.error().message;
  EXPECT_FALSE(*twice);
}

TEST_P(AccessStoreTest, AddingATicketToARoomWithoutAHostFails) {
  auto added = access().add_ticket(ticket_for("missing", "t1", 1000));
  ASSERT_TRUE(added.ok()) << added.error().message;
  EXPECT_FALSE(*added);
  EXPECT_EQ(poll("missing", "t1", 1000), std::nullopt);
  EXPECT_EQ(backend_->scalar("SELECT COUNT(*) FROM waiting_tickets"), 0);
}

TEST_P(AccessStoreTest, ATicketReadsBackWithEveryField) {
  ASSERT_TRUE(create(room_named("standup"), "host"));
  const WaitingTicket ticket{"tk-1", "standup", "Zoë",       "a1b2", TicketStatus::waiting,
                             1000,   1005,      std::nullopt};
  ASSERT_TRUE(add(ticket));
  EXPECT_EQ(poll("standup", "tk-1", 1005), ticket);
  WaitingTicket polled = ticket;
  polled.last_seen_at = 1010;
  EXPECT_EQ(poll("standup", "tk-1", 1010), polled);
}

TEST_P(AccessStoreTest, PollingFindsOnlyATicketOfThatRoom) {
  ASSERT_TRUE(create(room_named("standup"), "standup-host"));
  ASSERT_TRUE(create(room_named("retro"), "retro-host"));
  ASSERT_TRUE(add(ticket_for("standup", "t1", 1000)));
  EXPECT_EQ(poll("retro", "t1", 1100), std::nullopt);
  EXPECT_EQ(poll("standup", "t2", 1100), std::nullopt);
  // The failed polls did not touch the ticket.
  EXPECT_EQ(poll("standup", "t1", 1000)->last_seen_at, 1000);
}

TEST_P(AccessStoreTest, PollingMovesLastSeenForwardButNeverBack) {
  ASSERT_TRUE(create(room_named("standup"), "host"));
  ASSERT_TRUE(add(ticket_for("standup", "t1", 1000)));
  EXPECT_EQ(poll("standup", "t1", 1050)->last_seen_at, 1050);
  EXPECT_EQ(poll("standup", "t1", 1020)->last_seen_at, 1050);
  EXPECT_EQ(poll("standup", "t1", 900)->last_seen_at, 1050);
  EXPECT_EQ(poll("standup", "t1", 1200)->last_seen_at, 1200);
  EXPECT_EQ(backend_->scalar("SELECT last_seen_at FROM waiting_tickets WHERE ticket = 't1'"), 1200);
  // Polling does not change anything else.
  const auto polled = poll("standup", "t1", 1200);
  ASSERT_TRUE(polled);
  EXPECT_EQ(polled->created_at, 1000);
  EXPECT_EQ(polled->status, TicketStatus::waiting);
  EXPECT_EQ(polled->decided_at, std::nullopt);
}

TEST_P(AccessStoreTest, WaitingListsOnlyRecentlySeenWaitingTicketsOldestFirst) {
  ASSERT_TRUE(create(room_named("standup"), "standup-host"));
  ASSERT_TRUE(create(room_named("retro"), "retro-host"));
  // Added out of creation order.
  ASSERT_TRUE(add(ticket_for("standup", "b", 110)));
  ASSERT_TRUE(add(ticket_for("standup", "a", 100)));
  ASSERT_TRUE(add(ticket_for("standup", "c", 105)));
  ASSERT_TRUE(add(ticket_for("standup", "admitted", 90)));
  ASSERT_TRUE(add(ticket_for("standup", "denied", 95)));
  ASSERT_TRUE(add(ticket_for("retro", "elsewhere", 101)));
  ASSERT_TRUE(poll("standup", "b", 200));
  ASSERT_TRUE(poll("standup", "c", 160));
  ASSERT_TRUE(poll("standup", "admitted", 200));
  ASSERT_TRUE(poll("standup", "denied", 200));
  ASSERT_TRUE(poll("retro", "elsewhere", 200));
  ASSERT_TRUE(decide("standup", "admitted", TicketStatus::admitted, 201));
  ASSERT_TRUE(decide("standup", "denied", TicketStatus::denied, 201));

  EXPECT_EQ(waiting("standup", 0), (std::vector<std::string>{"a", "c", "b"}));
  EXPECT_EQ(waiting("standup", 150), (std::vector<std::string>{"c", "b"}));
  EXPECT_EQ(waiting("standup", 160), (std::vector<std::string>{"c", "b"}));
  EXPECT_EQ(waiting("standup", 161), (std::vector<std::string>{"b"}));
  EXPECT_EQ(waiting("standup", 201), (std::vector<std::string>{}));
  EXPECT_EQ(waiting("retro", 0), (std::vector<std::string>{"elsewhere"}));
  EXPECT_EQ(waiting("missing", 0), (std::vector<std::string>{}));

  auto full = access().waiting("standup", 150);
  ASSERT_TRUE(full.ok());
  ASSERT_EQ(full->size(), 2U);
  EXPECT_EQ(full->at(0), (WaitingTicket{"c", "standup", "Guest c", "pf-c", TicketStatus::waiting,
                                        105, 160, std::nullopt}));
}

TEST_P(AccessStoreTest, AdmitsATicketOnlyOnce) {
  ASSERT_TRUE(create(room_named("standup"), "host"));
  ASSERT_TRUE(add(ticket_for("standup", "t1", 1000)));
  EXPECT_TRUE(decide("standup", "t1", TicketStatus::admitted, 1100));
  EXPECT_FALSE(decide("standup", "t1", TicketStatus::admitted, 1200));
  const auto polled = poll("standup", "t1", 1300);
  ASSERT_TRUE(polled);
  EXPECT_EQ(polled->status, TicketStatus::admitted);
  EXPECT_EQ(polled->decided_at, 1100);
  EXPECT_TRUE(waiting("standup", 0).empty());
}

TEST_P(AccessStoreTest, DeniesATicketOnlyOnce) {
  ASSERT_TRUE(create(room_named("standup"), "host"));
  ASSERT_TRUE(add(ticket_for("standup", "t1", 1000)));
  EXPECT_TRUE(decide("standup", "t1", TicketStatus::denied, 1100));
  EXPECT_FALSE(decide("standup", "t1", TicketStatus::admitted, 1200));
  EXPECT_FALSE(decide("standup", "t1", TicketStatus::denied, 1200));
  const auto polled = poll("standup", "t1", 1300);
  ASSERT_TRUE(polled);
  EXPECT_EQ(polled->status, TicketStatus::denied);
  EXPECT_EQ(polled->decided_at, 1100);
}

TEST_P(AccessStoreTest, DecidesNeitherAnUnknownTicketNorOneOfAnotherRoom) {
  ASSERT_TRUE(create(room_named("standup"), "standup-host"));
  ASSERT_TRUE(create(room_named("retro"), "retro-host"));
  ASSERT_TRUE(add(ticket_for("standup", "t1", 1000)));
  EXPECT_FALSE(decide("standup", "unknown", TicketStatus::admitted, 1100));
  EXPECT_FALSE(decide("retro", "t1", TicketStatus::admitted, 1100));
  EXPECT_FALSE(decide("missing", "t1", TicketStatus::denied, 1100));
  const auto polled = poll("standup", "t1", 1200);
  ASSERT_TRUE(polled);
  EXPECT_EQ(polled->status, TicketStatus::waiting);
  EXPECT_EQ(polled->decided_at, std::nullopt);
}

TEST_P(AccessStoreTest, AddingATicketForgetsTicketsOlderThanADay) {
  ASSERT_TRUE(create(room_named("standup"), "standup-host"));
  ASSERT_TRUE(create(room_named("retro"), "retro-host"));
  ASSERT_TRUE(add(ticket_for("standup", "old", 1000)));
  ASSERT_TRUE(add(ticket_for("retro", "old-elsewhere", 1000)));
  ASSERT_TRUE(add(ticket_for("standup", "day-old", 1001)));
  ASSERT_TRUE(decide("standup", "day-old", TicketStatus::admitted, 1002));
  ASSERT_TRUE(add(ticket_for("standup", "new", 1001 + kDay)));
  EXPECT_EQ(poll("standup", "old", 1001 + kDay), std::nullopt);
  EXPECT_EQ(poll("retro", "old-elsewhere", 1001 + kDay), std::nullopt);
  EXPECT_TRUE(poll("standup", "day-old", 1001 + kDay).has_value());
  EXPECT_TRUE(poll("standup", "new", 1001 + kDay).has_value());
  EXPECT_EQ(backend_->scalar("SELECT COUNT(*) FROM waiting_tickets"), 2);
}

TEST_P(AccessStoreTest, EverythingSurvivesReopening) {
  const HostedRoom settings{
      "standup", "pbkdf2-sha256$1000$salt$key", true, false, false, 1000, 1000, ""};
  ASSERT_TRUE(create(settings, "host"));
  ASSERT_TRUE(*access().set_locked("standup", true));
  ASSERT_TRUE(add(ticket_for("standup", "admitted", 1000)));
  ASSERT_TRUE(add(ticket_for("standup", "waiting", 1001)));
  ASSERT_TRUE(decide("standup", "admitted", TicketStatus::admitted, 1010));

  reopen();
  HostedRoom expected = settings;
  expected.locked = true;
  EXPECT_EQ(room("standup"), expected);
  EXPECT_TRUE(is_host("standup", "host"));
  EXPECT_EQ(poll("standup", "admitted", 1020)->status, TicketStatus::admitted);
  EXPECT_EQ(waiting("standup", 0), (std::vector<std::string>{"waiting"}));
  auto again = access().create_room(room_named("standup"), "other-host", 0);
  ASSERT_TRUE(again.ok()) << again.error().message;
  EXPECT_FALSE(*again);
}

TEST_P(AccessStoreTest, IsExclusiveOnlyWhenNoOtherInstanceCanOpenTheDatabase) {
  EXPECT_EQ(access().exclusive(), !backend_->shared_by_instances());
}

TEST_P(AccessStoreTest, AnotherStoreOnTheSameDatabaseSeesTheSameState) {
  if (!backend_->shared_by_instances()) GTEST_SKIP() << "one process owns a SQLite history";
  auto second = open_store();
  ASSERT_NE(second, nullptr);
  AccessStore* other = second.get();
  ASSERT_TRUE(create(room_named("standup"), "host"));
  ASSERT_TRUE(add(ticket_for("standup", "t1", 1000)));
  auto decided = other->decide("standup", "t1", TicketStatus::admitted, 1100);
  ASSERT_TRUE(decided.ok()) << decided.error().message;
  EXPECT_TRUE(*decided);
  EXPECT_EQ(poll("standup", "t1", 1200)->status, TicketStatus::admitted);
  auto host = other->is_host("standup", "host");
  ASSERT_TRUE(host.ok()) << host.error().message;
  EXPECT_TRUE(*host);
}

TEST_P(AccessStoreTest, OneOfManyConcurrentCreationsOfANameWins) {
  if (!backend_->shared_by_instances()) GTEST_SKIP() << "one process owns a SQLite history";
  auto second = open_store();
  ASSERT_NE(second, nullptr);
  AccessStore* stores[] = {access_, second.get()};
  constexpr int kThreads = 8;
  constexpr int kNames = 5;
  for (int round = 0; round < kNames; ++round) {
    const std::string name = "contested-" + std::to_string(round);
    std::atomic<int> wins{0};
    std::atomic<int> errors{0};
    std::atomic<int> ready{0};
    std::vector<std::string> winners(kThreads);
    std::vector<std::thread> threads;
    threads.reserve(kThreads);
    for (int t = 0; t < kThreads; ++t) {
      threads.emplace_back([&, t] {
        AccessStore& store = *stores[t % 2];
        HostedRoom room = room_named(name);
        room.waiting_room = t % 2 == 0;
        const std::string hash = name + "-host-" + std::to_string(t);
        ++ready;
        while (ready.load() < kThreads) std::this_thread::yield();
        auto created = store.create_room(room, hash, 0);
        if (!created.ok()) {
          ++errors;
          ADD_FAILURE() << created.error().message;
        } else if (*created) {
          ++wins;
          winners.at(static_cast<std::size_t>(t)) = hash;
        }
      });
    }
    for (auto& thread : threads) thread.join();
    EXPECT_EQ(errors.load(), 0) << name;
    EXPECT_EQ(wins.load(), 1) << name;
    int hosts = 0;
    for (int t = 0; t < kThreads; ++t) {
      const std::string hash = name + "-host-" + std::to_string(t);
      const bool host = is_host(name, hash);
      EXPECT_EQ(host, winners.at(static_cast<std::size_t>(t)) == hash) << name << " " << hash;
      if (host) ++hosts;
    }
    EXPECT_EQ(hosts, 1) << name;
    EXPECT_EQ(
        backend_->scalar("SELECT COUNT(*) FROM host_credentials WHERE room_name = '" + name + "'"),
        1);
  }
}

TEST_P(AccessStoreTest, OneOfConcurrentDecisionsOnATicketWins) {
  if (!backend_->shared_by_instances()) GTEST_SKIP() << "one process owns a SQLite history";
  auto second = open_store();
  ASSERT_NE(second, nullptr);
  AccessStore* stores[] = {access_, second.get()};
  ASSERT_TRUE(create(room_named("standup"), "host"));
  constexpr int kThreads = 6;
  for (int round = 0; round < 6; ++round) {
    const std::string ticket = "t" + std::to_string(round);
    ASSERT_TRUE(add(ticket_for("standup", ticket, 1000)));
    std::atomic<int> wins{0};
    std::atomic<int> ready{0};
    std::vector<std::thread> threads;
    threads.reserve(kThreads);
    // One kind of decision per round: a denial may follow an admission, so mixing them could
    // rightly see two wins.
    const TicketStatus decision = round % 2 == 0 ? TicketStatus::admitted : TicketStatus::denied;
    for (int t = 0; t < kThreads; ++t) {
      threads.emplace_back([&, t] {
        ++ready;
        while (ready.load() < kThreads) std::this_thread::yield();
        auto decided = stores[t % 2]->decide("standup", ticket, decision, 1100 + t);
        EXPECT_TRUE(decided.ok()) << decided.error().message;
        if (decided.ok() && *decided) ++wins;
      });
    }
    for (auto& thread : threads) thread.join();
    EXPECT_EQ(wins.load(), 1) << ticket;
    EXPECT_NE(poll("standup", ticket, 1200)->status, TicketStatus::waiting) << ticket;
  }
}

INSTANTIATE_TEST_SUITE_P(Backends, AccessStoreTest, ::testing::Values("sqlite", "postgres"),
                         backend_name);

// A database left by the version before room retention, listing and used tickets (schema 3)
// migrates and keeps its rooms, credentials and tickets.
class AccessMigrationTest : public ::testing::TestWithParam<const char*> {
 protected:
  void SetUp() override {
    backend_ = testing::make_backend(GetParam());
    LKM_REQUIRE_BACKEND(backend_);
  }

  FixedClock clock_{5000};
  std::unique_ptr<testing::Backend> backend_;
};

TEST_P(AccessMigrationTest, RoomsAndTicketsOfTheEarlierSchemaSurviveTheMigration) {
  backend_->migrate_to(3);
  backend_->exec(
      "INSERT INTO hosted_rooms (name, passcode_hash, waiting_room, locked, created_at) "
      "VALUES ('standup', 'pbkdf2-sha256$1$salt$key', 1, 1, 1234)");
  backend_->exec(
      "INSERT INTO host_credentials (credential_hash, room_name, created_at) "
      "VALUES ('host', 'standup', 1234)");
  backend_->exec(
      "INSERT INTO waiting_tickets (ticket, room_name, participant_name, postfix, status, "
      "created_at, last_seen_at, decided_at) VALUES "
      "('t-waiting', 'standup', 'Ada', 'ab12', 'waiting', 1300, 1310, NULL), "
      "('t-admitted', 'standup', 'Bo', 'cd34', 'admitted', 1301, 1320, 1315)");

  auto opened = backend_->open(clock_);
  ASSERT_TRUE(opened.ok()) << opened.error().message;
  std::unique_ptr<Database> store = std::move(opened).value();
  AccessStore* access = store.get();
  EXPECT_EQ(backend_->scalar("SELECT MAX(version) FROM schema_migrations"),
            static_cast<std::int64_t>(backend_->known_migrations()));

  auto room = access->hosted_room("standup");
  ASSERT_TRUE(room.ok()) << room.error().message;
  EXPECT_EQ(*room,
            (HostedRoom{"standup", "pbkdf2-sha256$1$salt$key", true, true, false, 1234, 1234, ""}));
  EXPECT_TRUE(*access->is_host("standup", "host"));
  auto waiting = access->poll_ticket("standup", "t-waiting", 0);
  ASSERT_TRUE(waiting.ok()) << waiting.error().message;
  EXPECT_EQ(*waiting, (WaitingTicket{"t-waiting", "standup", "Ada", "ab12", TicketStatus::waiting,
                                     1300, 1310, std::nullopt}));
  auto admitted = access->poll_ticket("standup", "t-admitted", 0);
  ASSERT_TRUE(admitted.ok()) << admitted.error().message;
  EXPECT_EQ(*admitted, (WaitingTicket{"t-admitted", "standup", "Bo", "cd34", TicketStatus::admitted,
                                      1301, 1320, 1315}));

  // The rebuilt table takes the new status, still refuses others, keeps its indexes and still
  // goes with its room.
  auto consumed = access->consume_ticket("standup", "t-admitted", 1400);
  ASSERT_TRUE(consumed.ok()) << consumed.error().message;
  EXPECT_TRUE(*consumed);
  EXPECT_ANY_THROW(
      backend_->exec("UPDATE waiting_tickets SET status = 'bogus' WHERE ticket = 't-waiting'"));
  const std::string index_count =
      backend_->shared_by_instances()
          ? "SELECT COUNT(*) FROM pg_indexes WHERE tablename = 'waiting_tickets' AND indexname "
            "IN ('waiting_tickets_by_room', 'waiting_tickets_by_age')"
          : "SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND tbl_name = "
            "'waiting_tickets' AND name IN ('waiting_tickets_by_room', 'waiting_tickets_by_age')";
  EXPECT_EQ(backend_->scalar(index_count), 2);
  // Rooms of before have no owner, and a new one can have one.
  EXPECT_EQ(room->value().owner, "");
  HostedRoom owned{"retro", "", false, false, false, 1500, 1500, "owner-ada"};
  ASSERT_TRUE(*access->create_room(owned, "retro-host", 0));
  EXPECT_EQ(*access->owned_rooms("owner-ada"), std::vector<HostedRoom>{owned});
  EXPECT_TRUE(*access->delete_room("standup"));
  EXPECT_EQ(backend_->scalar("SELECT COUNT(*) FROM waiting_tickets"), 0);
  EXPECT_EQ(backend_->scalar("SELECT COUNT(*) FROM host_credentials WHERE room_name = 'standup'"),
            0);
}

INSTANTIATE_TEST_SUITE_P(Backends, AccessMigrationTest, ::testing::Values("sqlite", "postgres"),
                         backend_name);

// PostgreSQL only: instances sharing the database hear of each other's decisions (SQLite stores
// serve one process, whose own decisions wake its polls directly).
TEST(PgAccessStore, AnotherStoreHearsOfDecisions) {
  const auto backend = testing::make_backend("postgres");
  LKM_REQUIRE_BACKEND(backend);
  const FixedClock clock(5000);
  auto deciding = backend->open(clock);
  ASSERT_TRUE(deciding.ok()) << deciding.error().message;
  AccessStore* decider = deciding->get();
  auto decide = [&](const std::string& ticket, TicketStatus decision) {
    auto decided = decider->decide("standup", ticket, decision, 1100);
    EXPECT_TRUE(decided.ok()) << decided.error().message;
    return decided.ok() && *decided;
  };
  auto add = [&](const std::string& ticket) {
    auto added = decider->add_ticket(ticket_for("standup", ticket, 1000));
    EXPECT_TRUE(added.ok()) << added.error().message;
    return added.ok() && *added;
  };
  auto created = decider->create_room(room_named("standup"), "host", 0);
  ASSERT_TRUE(created.ok() && *created);

  // Declared before the listening store, so that they outlive its thread.
  std::mutex mutex;
  std::condition_variable heard_cv;
  std::vector<std::string> heard;
  auto listening = backend->open(clock);
  ASSERT_TRUE(listening.ok()) << listening.error().message;
  AccessStore* listener = listening->get();
  listener->watch_decisions([&](const std::string& ticket) {
    const std::lock_guard lock(mutex);
    heard.push_back(ticket);
    heard_cv.notify_all();
  });

  // The listener connects in the background: decide fresh tickets until it hears one.
  std::optional<std::string> first_heard;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  for (int i = 0; !first_heard && std::chrono::steady_clock::now() < deadline; ++i) {
    const std::string ticket = "t" + std::to_string(i);
    ASSERT_TRUE(add(ticket));
    ASSERT_TRUE(decide(ticket, TicketStatus::admitted));
    std::unique_lock lock(mutex);
    if (heard_cv.wait_for(lock, std::chrono::milliseconds(200), [&] { return !heard.empty(); })) {
      first_heard = heard.front();
    }
  }
  ASSERT_TRUE(first_heard) << "no decision was heard within 20 s";
  EXPECT_TRUE(first_heard->starts_with("t")) << *first_heard;

  // Once listening, each decision is heard once, and a refused decision is not heard.
  ASSERT_TRUE(add("last"));
  ASSERT_TRUE(decide("last", TicketStatus::denied));
  EXPECT_FALSE(decide("last", TicketStatus::admitted));
  std::unique_lock lock(mutex);
  ASSERT_TRUE(heard_cv.wait_for(lock, std::chrono::seconds(10), [&] {
    return std::find(heard.begin(), heard.end(), "last") != heard.end();
  }));
  heard_cv.wait_for(lock, std::chrono::milliseconds(300));
  EXPECT_EQ(std::count(heard.begin(), heard.end(), "last"), 1);
  lock.unlock();
  listening->reset();
}

}  // namespace
}  // namespace lkm::store
