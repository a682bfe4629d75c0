// What only the PostgreSQL store does: several instances on one database, connections lost and
// replaced, connection errors that never show the password, text PostgreSQL cannot hold.
#include "store/pg_store.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "core/clock.hpp"
#include "store/pg.hpp"
#include "store_backends.hpp"
#include "store_fixture.hpp"

namespace lkm::store {
namespace {

using testing::Kind;
using testing::participant_event;
using testing::room_event;

class PgStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto admin = testing::postgres_admin_url();
    if (admin) database_ = std::make_unique<testing::PgTestDatabase>(*admin);
    LKM_REQUIRE_BACKEND(database_);
  }

  std::unique_ptr<PgStore> open() {
    auto opened = PgStore::open(Secret(database_->url()), clock_);
    EXPECT_TRUE(opened.ok()) << opened.error().message;
    return opened.ok() ? std::move(opened).value() : nullptr;
  }

  FixedClock clock_{5000};
  std::unique_ptr<testing::PgTestDatabase> database_;
};

Meeting only_meeting(Store& store) {
  auto page = store.list_meetings(10, std::nullopt, MeetingFilter{});
  EXPECT_TRUE(page.ok());
  EXPECT_EQ(page.ok() ? page->items.size() : 0U, 1U);
  return page.ok() && !page->items.empty() ? page->items.front() : Meeting{};
}

TEST_F(PgStoreTest, TwoInstancesOnOneDatabaseCountConcurrentDeliveriesExactly) {
  auto first = open();
  auto second = open();
  ASSERT_TRUE(first && second);
  ASSERT_TRUE(first->apply(room_event(Kind::room_started, "e1", "RM_a", "standup", 100)).ok());
  // Joins for one room reach both instances at once, each delivered twice (once to each).
  std::vector<std::thread> threads;
  std::atomic<int> applied{0};
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 20; ++i) {
        const std::string who = std::to_string(t) + "-" + std::to_string(i);
        const auto event = participant_event(Kind::participant_joined, "j" + who, "RM_a",
                                             "user" + who, "PA_" + who, 110);
        for (PgStore* store : {first.get(), second.get()}) {
          auto result = store->apply(event);
          EXPECT_TRUE(result.ok()) << result.error().message;
          if (result.ok() && *result) ++applied;
        }
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(applied.load(), 80);
  const Meeting seen_by_first = only_meeting(*first);
  EXPECT_EQ(seen_by_first.participants_joined, 80);
  EXPECT_EQ(seen_by_first.current_participants, 80);
  EXPECT_EQ(seen_by_first.peak_participants, 80);
  EXPECT_EQ(seen_by_first.attendees.size(), 80U);
  EXPECT_EQ(only_meeting(*second), seen_by_first);
}

TEST_F(PgStoreTest, InstancesStartingTogetherMigrateOnce) {
  std::vector<std::thread> threads;
  std::atomic<int> opened{0};
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      auto store = PgStore::open(Secret(database_->url()), clock_);
      EXPECT_TRUE(store.ok()) << store.error().message;
      if (store.ok()) ++opened;
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(opened.load(), 4);
  const pg::Rows rows = database_->connect()->query(
      "SELECT COUNT(*), COUNT(DISTINCT version) FROM schema_migrations");
  EXPECT_EQ(rows.int64(0, 0), static_cast<std::int64_t>(pg::migrations().size()));
  EXPECT_EQ(rows.int64(0, 1), rows.int64(0, 0));
}

TEST_F(PgStoreTest, ConnectionsKilledByTheServerAreReplacedOnTheNextCall) {
  auto store = open();
  ASSERT_TRUE(store);
  ASSERT_TRUE(store->apply(room_event(Kind::room_started, "e1", "RM_a", "standup", 100)).ok());
  const pg::Rows killed = database_->admin()->query(
      "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1",
      {database_->name()});
  ASSERT_GE(killed.size(), 1);
  auto page = store->list_meetings(10, std::nullopt, MeetingFilter{});
  ASSERT_TRUE(page.ok()) << page.error().message;
  EXPECT_EQ(page->items.size(), 1U);
  database_->admin()->query(
      "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1",
      {database_->name()});
  auto applied =
      store->apply(participant_event(Kind::participant_joined, "e2", "RM_a", "alice", "PA_1", 110));
  ASSERT_TRUE(applied.ok()) << applied.error().message;
  EXPECT_TRUE(*applied);
  EXPECT_EQ(only_meeting(*store).participants_joined, 1);
}

TEST_F(PgStoreTest, TextWithANulByteIsInvalidAndChangesNothing) {
  auto store = open();
  ASSERT_TRUE(store);
  ASSERT_TRUE(store->apply(room_event(Kind::room_started, "e1", "RM_a", "standup", 100)).ok());
  const auto event = participant_event(Kind::participant_joined, "e2", "RM_a",
                                       std::string("al\0ice", 6), "PA_1", 110);
  auto applied = store->apply(event);
  ASSERT_FALSE(applied.ok());
  EXPECT_EQ(applied.error().code, StoreError::Code::invalid);
  EXPECT_EQ(only_meeting(*store).participants_joined, 0);
  const pg::Rows seen =
      database_->connect()->query("SELECT COUNT(*) FROM applied_events WHERE event_id = 'e2'");
  EXPECT_EQ(seen.int64(0, 0), 0);  // rolled back with the rest, so a fixed redelivery applies
}

TEST(PgStoreOpen, AServerThatIsNotThereIsUnavailableAndTheErrorHidesThePassword) {
  // A port nothing listens on: bound, then closed.
  const std::string password = "not-shown-anywhere-8d1f";
  FixedClock clock{0};
  auto opened = PgStore::open(
      Secret("postgresql://meet:" + password + "@127.0.0.1:1/meet?connect_timeout=2"), clock);
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.error().code, StoreError::Code::unavailable);
  EXPECT_NE(opened.error().message.find("cannot connect"), std::string::npos)
      << opened.error().message;
  EXPECT_EQ(opened.error().message.find(password), std::string::npos) << opened.error().message;
}

TEST(PgStoreOpen, AWrongPasswordIsUnavailableAndNotEchoed) {
  const auto admin = testing::postgres_admin_url();
  LKM_REQUIRE_BACKEND(admin);
  const std::string wrong = "wrong-password-5e7a";
  const auto at = admin->find('@');
  const auto colon = admin->rfind(':', at);
  ASSERT_NE(at, std::string::npos);
  const std::string url = admin->substr(0, colon + 1) + wrong + admin->substr(at);
  FixedClock clock{0};
  auto opened = PgStore::open(Secret(url), clock);
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.error().code, StoreError::Code::unavailable);
  EXPECT_NE(opened.error().message.find("password authentication failed"), std::string::npos)
      << opened.error().message;
  EXPECT_EQ(opened.error().message.find(wrong), std::string::npos) << opened.error().message;
}

TEST(PgStoreOpen, AMalformedUrlIsInvalid) {
  FixedClock clock{0};
  for (const std::string url :
       {"", "postgres://[::1/db", "host=h port", "postgresql://host/db?nonsense=1"}) {
    auto opened = PgStore::open(Secret(url), clock);
    ASSERT_FALSE(opened.ok()) << url;
    EXPECT_EQ(opened.error().code, StoreError::Code::invalid)
        << url << ": " << opened.error().message;
  }
}

TEST(PgErrors, SqlStatesMapToStoreErrorCodes) {
  EXPECT_EQ(pg::classify(pg::Error("53100", "disk full")), StoreError::Code::full);
  EXPECT_EQ(pg::classify(pg::Error("XX001", "data corrupted")), StoreError::Code::corrupt);
  EXPECT_EQ(pg::classify(pg::Error("22021", "bad byte")), StoreError::Code::invalid);
  EXPECT_EQ(pg::classify(pg::Error("08006", "connection failure", true)),
            StoreError::Code::unavailable);
  EXPECT_EQ(pg::classify(pg::Error("57014", "statement timeout")), StoreError::Code::unavailable);
  EXPECT_TRUE(pg::Error("40001", "serialization").retryable());
  EXPECT_TRUE(pg::Error("40P01", "deadlock").retryable());
  EXPECT_FALSE(pg::Error("23505", "unique").retryable());
}

}  // namespace
}  // namespace lkm::store
