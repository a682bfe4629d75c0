// The AccessStore's behaviour (rooms with a host, host credentials, waiting tickets), the same for
// every backend: each test runs against SQLite and against PostgreSQL (see store_backends.hpp).
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "core/clock.hpp"
#include "store/access.hpp"
#include "store/store.hpp"
#include "store_backends.hpp"

namespace lkm::store {
namespace {

constexpr std::int64_t kDay = AccessStore::kTicketLifetimeSeconds;

HostedRoom room_named(const std::string& name, std::int64_t created_at = 1000) {
  HostedRoom room;
  room.name = name;
  room.created_at = created_at;
  return room;
}

WaitingTicket ticket_for(const std::string& room, const std::string& ticket,
                         std::int64_t created_at) {
  return WaitingTicket{
      ticket,     room,       "Guest " + ticket, "pf-" + ticket, TicketStatus::waiting,
      created_at, created_at, std::nullopt};
}

std::vector<std::string> ticket_ids(const std::vector<WaitingTicket>& tickets) {
  std::vector<std::string> ids;
  ids.reserve(tickets.size());
  for (const auto& ticket : tickets) ids.push_back(ticket.ticket);
  return ids;
}

class AccessStoreTest : public ::testing::TestWithParam<const char*> {
 protected:
  void SetUp() override {
    backend_ = testing::make_backend(GetParam());
    LKM_REQUIRE_BACKEND(backend_);
    reopen();
  }

  void reopen() {
    access_ = nullptr;
    store_.reset();
    store_ = open_store();
    access_ = dynamic_cast<AccessStore*>(store_.get());
    ASSERT_NE(access_, nullptr);
  }

  // Another store object on the same database, as a second instance would have.
  std::unique_ptr<Store> open_store() {
    auto opened = backend_->open(clock_);
    EXPECT_TRUE(opened.ok()) << opened.error().message;
    if (!opened.ok()) return nullptr;
    return std::move(opened).value();
  }

  AccessStore& access() { return *access_; }

  bool create(const HostedRoom& room, const std::string& credential_hash) {
    auto created = access_->create_room(room, credential_hash);
    EXPECT_TRUE(created.ok()) << created.error().message;
    return created.ok() && *created;
  }

  std::optional<HostedRoom> room(const std::string& name) {
    auto found = access_->hosted_room(name);
    EXPECT_TRUE(found.ok()) << found.error().message;
    return found.ok() ? *found : std::nullopt;
  }

  bool is_host(const std::string& name, const std::string& credential_hash) {
    auto host = access_->is_host(name, credential_hash);
    EXPECT_TRUE(host.ok()) << host.error().message;
    return host.ok() && *host;
  }

  bool add(const WaitingTicket& ticket) {
    auto added = access_->add_ticket(ticket);
    EXPECT_TRUE(added.ok()) << added.error().message;
    return added.ok() && *added;
  }

  std::optional<WaitingTicket> poll(const std::string& name, const std::string& ticket,
                                    std::int64_t now) {
    auto polled = access_->poll_ticket(name, ticket, now);
    EXPECT_TRUE(polled.ok()) << polled.error().message;
    return polled.ok() ? *polled : std::nullopt;
  }

  std::vector<std::string> waiting(const std::string& name, std::int64_t seen_since) {
    auto tickets = access_->waiting(name, seen_since);
    EXPECT_TRUE(tickets.ok()) << tickets.error().message;
    return tickets.ok() ? ticket_ids(*tickets) : std::vector<std::string>{};
  }

  bool decide(const std::string& name, const std::string& ticket, TicketStatus decision,
              std::int64_t now) {
    auto decided = access_->decide(name, ticket, decision, now);
    EXPECT_TRUE(decided.ok()) << decided.error().message;
    return decided.ok() && *decided;
  }

  FixedClock clock_{5000};
  std::unique_ptr<testing::Backend> backend_;
  std::unique_ptr<Store> store_;
  AccessStore* access_ = nullptr;
};

TEST_P(AccessStoreTest, ACreatedRoomReadsBackWithEveryField) {
  const HostedRoom full{"design-review", "pbkdf2-sha256$1000$salt$key", true, true, 1234};
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
  const HostedRoom again{"standup", "pbkdf2-sha256$1$salt$key", true, false, 88};
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
  const HostedRoom first{"standup", "", false, false, 1000};
  ASSERT_TRUE(create(first, "first-host"));
  const HostedRoom second{"standup", "pbkdf2-sha256$1$salt$key", true, true, 2000};
  auto again = access().create_room(second, "second-host");
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
  EXPECT_FALSE(decide("standup", "t1", TicketStatus::denied, 1200));
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
  const HostedRoom settings{"standup", "pbkdf2-sha256$1000$salt$key", true, false, 1000};
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
  auto again = access().create_room(room_named("standup"), "other-host");
  ASSERT_TRUE(again.ok()) << again.error().message;
  EXPECT_FALSE(*again);
}

TEST_P(AccessStoreTest, AnotherStoreOnTheSameDatabaseSeesTheSameState) {
  if (!backend_->shared_by_instances()) GTEST_SKIP() << "one process owns a SQLite history";
  auto second = open_store();
  ASSERT_NE(second, nullptr);
  auto* other = dynamic_cast<AccessStore*>(second.get());
  ASSERT_NE(other, nullptr);
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
  AccessStore* stores[] = {access_, dynamic_cast<AccessStore*>(second.get())};
  ASSERT_NE(stores[1], nullptr);
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
        auto created = store.create_room(room, hash);
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
  AccessStore* stores[] = {access_, dynamic_cast<AccessStore*>(second.get())};
  ASSERT_NE(stores[1], nullptr);
  ASSERT_TRUE(create(room_named("standup"), "host"));
  constexpr int kThreads = 6;
  for (int round = 0; round < 5; ++round) {
    const std::string ticket = "t" + std::to_string(round);
    ASSERT_TRUE(add(ticket_for("standup", ticket, 1000)));
    std::atomic<int> wins{0};
    std::atomic<int> ready{0};
    std::vector<std::thread> threads;
    threads.reserve(kThreads);
    for (int t = 0; t < kThreads; ++t) {
      threads.emplace_back([&, t] {
        const TicketStatus decision = t % 2 == 0 ? TicketStatus::admitted : TicketStatus::denied;
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

std::string backend_name(const ::testing::TestParamInfo<const char*>& param) {
  return param.param;
}

INSTANTIATE_TEST_SUITE_P(Backends, AccessStoreTest, ::testing::Values("sqlite", "postgres"),
                         backend_name);

// PostgreSQL only: instances sharing the database hear of each other's decisions (SQLite stores
// serve one process, whose own decisions wake its polls directly).
TEST(PgAccessStore, AnotherStoreHearsOfDecisions) {
  const auto backend = testing::make_backend("postgres");
  LKM_REQUIRE_BACKEND(backend);
  const FixedClock clock(5000);
  auto deciding = backend->open(clock);
  ASSERT_TRUE(deciding.ok()) << deciding.error().message;
  auto* decider = dynamic_cast<AccessStore*>(deciding->get());
  ASSERT_NE(decider, nullptr);
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
  auto created = decider->create_room(room_named("standup"), "host");
  ASSERT_TRUE(created.ok() && *created);

  // Declared before the listening store, so that they outlive its thread.
  std::mutex mutex;
  std::condition_variable heard_cv;
  std::vector<std::string> heard;
  auto listening = backend->open(clock);
  ASSERT_TRUE(listening.ok()) << listening.error().message;
  auto* listener = dynamic_cast<AccessStore*>(listening->get());
  ASSERT_NE(listener, nullptr);
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
