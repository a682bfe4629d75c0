#pragma once
// The AccessStore tests' fixture, run against every backend (see store_backends.hpp): a fresh store
// per test, helpers that expect each call to succeed, and a second store on a shared database.
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

inline HostedRoom room_named(const std::string& name, std::int64_t created_at = 1000) {
  HostedRoom room;
  room.name = name;
  room.created_at = created_at;
  room.last_used_at = created_at;
  return room;
}

inline WaitingTicket ticket_for(const std::string& room, const std::string& ticket,
                                std::int64_t created_at) {
  return WaitingTicket{
      ticket,     room,       "Guest " + ticket, "pf-" + ticket, TicketStatus::waiting,
      created_at, created_at, std::nullopt};
}

inline std::vector<std::string> ticket_ids(const std::vector<WaitingTicket>& tickets) {
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
    access_ = store_.get();
  }

  // Another store object on the same database, as a second instance would have.
  std::unique_ptr<Database> open_store() {
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
      if (second_) stores.push_back(second_.get());
    }
    return stores;
  }

  FixedClock clock_{5000};
  std::unique_ptr<testing::Backend> backend_;
  std::unique_ptr<Database> store_;
  std::unique_ptr<Database> second_;
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

inline std::string backend_name(const ::testing::TestParamInfo<const char*>& param) {
  return param.param;
}

}  // namespace
}  // namespace lkm::store
