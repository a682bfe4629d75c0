// The rooms of people signed in through the identity provider in the AccessStore: whose rooms are
// whose, and the host credentials an owner adds, which stay bounded. Each test runs against SQLite
// and against PostgreSQL.
#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "access_store_fixture.hpp"

namespace lkm::store {
namespace {

class OwnedRoomsStoreTest : public AccessStoreTest {};

TEST_P(OwnedRoomsStoreTest, AnOwnersRoomsListTheirsAloneMostRecentlyUsedFirst) {
  HostedRoom standup = room_named("standup", 100);
  standup.owner = "owner-ada";
  HostedRoom retro = room_named("retro", 200);
  retro.owner = "owner-ada";
  HostedRoom other = room_named("other", 300);
  other.owner = "owner-bob";
  ASSERT_TRUE(create(standup, "h1"));
  ASSERT_TRUE(create(retro, "h2"));
  ASSERT_TRUE(create(other, "h3"));
  ASSERT_TRUE(create(room_named("nobodys", 400), "h4"));
  EXPECT_EQ(room("standup"), standup);

  auto owned = access().owned_rooms("owner-ada");
  ASSERT_TRUE(owned.ok()) << owned.error().message;
  EXPECT_EQ(*owned, (std::vector<HostedRoom>{retro, standup}));
  auto none = access().owned_rooms("");
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->empty());
  auto stranger = access().owned_rooms("owner-eve");
  ASSERT_TRUE(stranger.ok());
  EXPECT_TRUE(stranger->empty());
}

TEST_P(OwnedRoomsStoreTest, OnlyTheOwnerAddsAHostCredential) {
  HostedRoom standup = room_named("standup", 100);
  standup.owner = "owner-ada";
  ASSERT_TRUE(create(standup, "first"));
  ASSERT_TRUE(create(room_named("nobodys", 100), "h"));
  for (const auto& [room_name, owner] :
       {std::pair{"standup", "owner-bob"}, std::pair{"standup", ""}, std::pair{"nobodys", ""},
        std::pair{"missing", "owner-ada"}}) {
    auto added = access().add_owner_credential(room_name, owner, "stolen", 150);
    ASSERT_TRUE(added.ok()) << added.error().message;
    EXPECT_FALSE(*added) << room_name << " " << owner;
  }
  EXPECT_FALSE(is_host("standup", "stolen"));
  auto added = access().add_owner_credential("standup", "owner-ada", "second", 150);
  ASSERT_TRUE(added.ok()) << added.error().message;
  EXPECT_TRUE(*added);
  EXPECT_TRUE(is_host("standup", "second"));
  EXPECT_TRUE(is_host("standup", "first"));

  // However often the owner opens it again, the room keeps its newest host credentials only.
  for (int i = 0; i < AccessStore::kMaxHostCredentials + 5; ++i) {
    auto again = access().add_owner_credential("standup", "owner-ada",
                                               "again-" + std::to_string(100 + i), 200 + i);
    ASSERT_TRUE(again.ok()) << again.error().message;
  }
  EXPECT_FALSE(is_host("standup", "first"));
  EXPECT_FALSE(is_host("standup", "second"));
  EXPECT_FALSE(is_host("standup", "again-104"));
  EXPECT_TRUE(is_host("standup", "again-105"));
  EXPECT_TRUE(is_host("standup", "again-124"));
  EXPECT_EQ(backend_->scalar("SELECT COUNT(*) FROM host_credentials WHERE room_name = 'standup'"),
            AccessStore::kMaxHostCredentials);
}

INSTANTIATE_TEST_SUITE_P(Backends, OwnedRoomsStoreTest, ::testing::Values("sqlite", "postgres"),
                         backend_name);

}  // namespace
}  // namespace lkm::store
