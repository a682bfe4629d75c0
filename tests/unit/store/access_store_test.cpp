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
#include "store/attempts.hpp"
#include "store/store.hpp"
#include "store_backends.hpp"

namespace lkm::store {
namespace {

constexpr std::int64_t kDay = AccessStore::kTicketLifetimeSeconds;

HostedRoom room_named(const std::string& name, std::int64_t created_at = 1000) {
  HostedRoom room;
  room.name = name;
  room.created_at = created_at;
  room.last_used_at = created_at;
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
    auto created = access_->create_room(room, credential_hash, 0);
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

  bool consume(const std::string& name, const std::string& ticket, std::int64_t now) {
    auto consumed = access_->consume_ticket(name, ticket, now);
    EXPECT_TRUE(consumed.ok()) << consumed.error().message;
    return consumed.ok() && *consumed;
  }

  std::optional<TicketStatus> status(const std::string& name, const std::string& ticket) {
    const auto polled = poll(name, ticket, 0);
    if (!polled) return std::nullopt;
    return polled->status;
  }

  bool touch(const std::string& name, std::int64_t now) {
    auto touched = access_->touch_room(name, now);
    EXPECT_TRUE(touched.ok()) << touched.error().message;
    return touched.ok() && *touched;
  }

  std::vector<std::string> listed(const std::vector<std::string>& names) {
    auto found = access_->listed_rooms(names);
    EXPECT_TRUE(found.ok()) << found.error().message;
    return found.ok() ? *found : std::vector<std::string>{};
  }

  std::int64_t take(const std::string& scope, std::int64_t now, const AttemptPolicy& policy) {
    auto taken = access_->take_attempt(scope, now, policy);
    EXPECT_TRUE(taken.ok()) << taken.error().message;
    return taken.ok() ? *taken : -1;
  }

  bool forgive(const std::string& scope, const AttemptPolicy& policy = {3, 30, 60, 1000}) {
    auto forgiven = access_->forgive_attempt(scope, policy);
    EXPECT_TRUE(forgiven.ok()) << forgiven.error().message;
    return forgiven.ok() && *forgiven;
  }

  std::int64_t failures(const std::string& scope) {
    return backend_->scalar(
        "SELECT COALESCE(MAX(failures), -1) FROM attempt_counters WHERE scope = '" + scope + "'");
  }

  bool session_valid(const std::string& id_hash, std::int64_t now) {
    auto valid = access_->session_valid(id_hash, now);
    EXPECT_TRUE(valid.ok()) << valid.error().message;
    return valid.ok() && *valid;
  }

  // This store, and for backends that several instances share, a second store on the database:
  // concurrent callers alternate between them.
  std::vector<AccessStore*> instances() {
    std::vector<AccessStore*> stores{access_};
    if (backend_->shared_by_instances()) {
      second_ = open_store();
      EXPECT_NE(second_, nullptr);
      if (second_) stores.push_back(dynamic_cast<AccessStore*>(second_.get()));
    }
    return stores;
  }

  FixedClock clock_{5000};
  std::unique_ptr<testing::Backend> backend_;
  std::unique_ptr<Store> store_;
  std::unique_ptr<Store> second_;
  AccessStore* access_ = nullptr;
};

// Runs `body(t)` on `threads` threads that start together.
template <class Body>
void all_at_once(int threads, Body body) {
  std::atomic<int> ready{0};
  std::vector<std::thread> running;
  running.reserve(static_cast<std::size_t>(threads));
  for (int t = 0; t < threads; ++t) {
    running.emplace_back([&, t] {
      ++ready;
      while (ready.load() < threads) std::this_thread::yield();
      body(t);
    });
  }
  for (auto& thread : running) thread.join();
}

WaitingTicket ticket_of(const std::string& room, const std::string& ticket,
                        const std::string& participant, const std::string& postfix) {
  return WaitingTicket{ticket, room, participant, postfix, TicketStatus::waiting,
                       1000,   1000, std::nullopt};
}

TEST_P(AccessStoreTest, ACreatedRoomReadsBackWithEveryField) {
  const HostedRoom full{
      "design-review", "pbkdf2-sha256$1000$salt$key", true, true, true, 1234, 1300};
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
  const HostedRoom again{"standup", "pbkdf2-sha256$1$salt$key", true, false, false, 88, 88};
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
  const HostedRoom first{"standup", "", false, false, false, 1000, 1000};
  ASSERT_TRUE(create(first, "first-host"));
  const HostedRoom second{"standup", "pbkdf2-sha256$1$salt$key", true, true, true, 2000, 2000};
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
  const HostedRoom settings{"standup", "pbkdf2-sha256$1000$salt$key", true, false, false, 1000,
                            1000};
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
  AccessStore* stores[] = {access_, dynamic_cast<AccessStore*>(second.get())};
  ASSERT_NE(stores[1], nullptr);
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

TEST_P(AccessStoreTest, ARoomCreatedWithoutALastUseWasLastUsedWhenCreated) {
  HostedRoom fresh = room_named("standup", 1234);
  fresh.last_used_at = 0;
  ASSERT_TRUE(create(fresh, "host"));
  const auto found = room("standup");
  ASSERT_TRUE(found);
  EXPECT_EQ(found->created_at, 1234);
  EXPECT_EQ(found->last_used_at, 1234);
  EXPECT_FALSE(found->listed);
}

TEST_P(AccessStoreTest, CreatingARoomForgetsRoomsUnusedSinceTheCutoffWithAllTheyHold) {
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

TEST_P(AccessStoreTest, AnUnusedRoomsNameCanBeTakenByANewHost) {
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

TEST_P(AccessStoreTest, ACreationThatFindsItsNameTakenStillForgetsUnusedRooms) {
  ASSERT_TRUE(create(room_named("old", 1000), "old-host"));
  ASSERT_TRUE(create(room_named("standup", 8000), "host"));
  auto again = access().create_room(room_named("standup", 9000), "other", 5000);
  ASSERT_TRUE(again.ok()) << again.error().message;
  EXPECT_FALSE(*again);
  EXPECT_EQ(room("old"), std::nullopt);
  EXPECT_EQ(room("standup"), room_named("standup", 8000));
}

TEST_P(AccessStoreTest, TouchingARoomMovesItsLastUseOnlyPastTheInterval) {
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

TEST_P(AccessStoreTest, TouchingANameWithoutARoomReturnsFalseUntilItIsCreated) {
  EXPECT_FALSE(touch("standup", 9000));
  EXPECT_EQ(room("standup"), std::nullopt);
  EXPECT_FALSE(touch("standup", 9000));
  ASSERT_TRUE(create(room_named("standup", 1000), "host"));
  EXPECT_TRUE(touch("standup", 9000));
  EXPECT_EQ(room("standup")->last_used_at, 9000);
  ASSERT_TRUE(*access().delete_room("standup"));
  EXPECT_FALSE(touch("standup", 20000));
}

TEST_P(AccessStoreTest, ListedRoomsAreThoseWhoseHostListedThemInTheOrderAsked) {
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

TEST_P(AccessStoreTest, AnAdmittedTicketIsConsumedOnce) {
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

TEST_P(AccessStoreTest, ADeniedTicketCannotBeConsumed) {
  ASSERT_TRUE(create(room_named("standup"), "host"));
  ASSERT_TRUE(add(ticket_for("standup", "t1", 1000)));
  ASSERT_TRUE(decide("standup", "t1", TicketStatus::denied, 1100));
  EXPECT_FALSE(consume("standup", "t1", 1200));
  EXPECT_EQ(status("standup", "t1"), TicketStatus::denied);
}

TEST_P(AccessStoreTest, OneOfConcurrentConsumersOfATicketGetsIt) {
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

TEST_P(AccessStoreTest, AHostCanDenyAnAdmittedTicketButNotAdmitADeniedOne) {
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

TEST_P(AccessStoreTest, OnlyAdmittingOrDenyingIsADecision) {
  ASSERT_TRUE(create(room_named("standup"), "host"));
  ASSERT_TRUE(add(ticket_for("standup", "t1", 1000)));
  EXPECT_FALSE(decide("standup", "t1", TicketStatus::used, 1100));
  EXPECT_FALSE(decide("standup", "t1", TicketStatus::waiting, 1100));
  EXPECT_EQ(status("standup", "t1"), TicketStatus::waiting);
  ASSERT_TRUE(decide("standup", "t1", TicketStatus::admitted, 1100));
  EXPECT_FALSE(decide("standup", "t1", TicketStatus::used, 1100));
  EXPECT_EQ(status("standup", "t1"), TicketStatus::admitted);
}

TEST_P(AccessStoreTest, RevokingAnIdentityDeniesItsWaitingAndAdmittedTicketsInThatRoom) {
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

TEST_P(AccessStoreTest, AttemptsAreFreeUntilTheLimitThenBlockedForGrowingTimes) {
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

TEST_P(AccessStoreTest, AHugeFailureCountBlocksForTheMaximumWithoutOverflowing) {
  const AttemptPolicy policy{20, 1, 900, 3600};
  EXPECT_EQ(take("organizer", 1000, policy), 0);
  for (const std::int64_t count : {std::int64_t{82}, std::int64_t{84}, std::int64_t{1000000}}) {
    backend_->exec("UPDATE attempt_counters SET failures = " + std::to_string(count) +
                   ", blocked_until = 0");
    EXPECT_EQ(take("organizer", 1000, policy), 0) << count;
    EXPECT_EQ(take("organizer", 1000, policy), 900) << count;
  }
}

TEST_P(AccessStoreTest, ACounterLeftAloneLongEnoughStartsAgainFromZero) {
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

TEST_P(AccessStoreTest, StaleCountersThatAreNotBlockedAreForgotten) {
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

TEST_P(AccessStoreTest, ForgivingTakesBackOneFailureAndTheBlockItCaused) {
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

TEST_P(AccessStoreTest, ConcurrentAttemptsAreEachCountedOnce) {
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

TEST_P(AccessStoreTest, SessionsAreValidUntilTheyExpireOrAreDeleted) {
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

TEST_P(AccessStoreTest, CreatingASessionForgetsExpiredOnes) {
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

TEST_P(AccessStoreTest, NewStateSurvivesReopening) {
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

std::string backend_name(const ::testing::TestParamInfo<const char*>& param) {
  return param.param;
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
  std::unique_ptr<Store> store = std::move(opened).value();
  auto* access = dynamic_cast<AccessStore*>(store.get());
  ASSERT_NE(access, nullptr);
  EXPECT_EQ(backend_->scalar("SELECT MAX(version) FROM schema_migrations"),
            static_cast<std::int64_t>(backend_->known_migrations()));

  auto room = access->hosted_room("standup");
  ASSERT_TRUE(room.ok()) << room.error().message;
  EXPECT_EQ(*room,
            (HostedRoom{"standup", "pbkdf2-sha256$1$salt$key", true, true, false, 1234, 1234}));
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
  EXPECT_TRUE(*access->delete_room("standup"));
  EXPECT_EQ(backend_->scalar("SELECT COUNT(*) FROM waiting_tickets"), 0);
  EXPECT_EQ(backend_->scalar("SELECT COUNT(*) FROM host_credentials"), 0);
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
  auto created = decider->create_room(room_named("standup"), "host", 0);
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
