// Co-hosts in the AccessStore: who they are, and credentials that count only while their holder
// is a co-host. Each test runs against SQLite and against PostgreSQL.
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "access_store_fixture.hpp"

namespace lkm::store {
namespace {

class CohostStoreTest : public AccessStoreTest {
 protected:
  std::optional<HostGrant> grant(const std::string& room, const std::string& hash) {
    auto found = access().host_grant(room, hash);
    EXPECT_TRUE(found.ok()) << found.error().message;
    return found.ok() ? *found : std::nullopt;
  }
  bool promote(const std::string& room, const std::string& identity, std::int64_t now = 1100) {
    auto added = access().add_cohost(room, identity, now);
    EXPECT_TRUE(added.ok()) << added.error().message;
    return added.ok() && *added;
  }
  bool demote(const std::string& room, const std::string& identity) {
    auto removed = access().remove_cohost(room, identity);
    EXPECT_TRUE(removed.ok()) << removed.error().message;
    return removed.ok() && *removed;
  }
  bool issue(const std::string& room, const std::string& identity, const std::string& hash) {
    auto issued = access().issue_cohost_credential(room, identity, hash, 1200);
    EXPECT_TRUE(issued.ok()) << issued.error().message;
    return issued.ok() && *issued;
  }
  std::vector<std::string> cohosts(const std::string& room) {
    auto listed = access().cohosts(room);
    EXPECT_TRUE(listed.ok()) << listed.error().message;
    return listed.ok() ? *listed : std::vector<std::string>{};
  }
};

TEST_P(CohostStoreTest, TheHostsCredentialGrantsTheHost) {
  ASSERT_TRUE(create(room_named("standup"), "host-hash"));
  EXPECT_EQ(grant("standup", "host-hash"), (HostGrant{false, ""}));
  EXPECT_EQ(grant("standup", "other"), std::nullopt);
  EXPECT_EQ(grant("retro", "host-hash"), std::nullopt);
}

TEST_P(CohostStoreTest, APromotedIdentityGetsACredentialThatNamesIt) {
  ASSERT_TRUE(create(room_named("standup"), "host-hash"));
  EXPECT_FALSE(issue("standup", "alice__ab12", "alice-1")) << "not a co-host yet";
  EXPECT_EQ(grant("standup", "alice-1"), std::nullopt);

  EXPECT_TRUE(promote("standup", "alice__ab12", 1100));
  EXPECT_TRUE(promote("standup", "alice__ab12", 1150)) << "promoting twice changes nothing";
  EXPECT_TRUE(promote("standup", "bob__cd34", 1120));
  EXPECT_EQ(cohosts("standup"), (std::vector<std::string>{"alice__ab12", "bob__cd34"}));
  EXPECT_FALSE(promote("retro", "alice__ab12")) << "a room without a host";
  EXPECT_FALSE(promote("standup", "")) << "no identity";

  ASSERT_TRUE(issue("standup", "alice__ab12", "alice-1"));
  EXPECT_EQ(grant("standup", "alice-1"), (HostGrant{true, "alice__ab12"}));
  EXPECT_TRUE(is_host("standup", "alice-1"));
  EXPECT_EQ(grant("retro", "alice-1"), std::nullopt) << "that room only";
  EXPECT_FALSE(issue("standup", "", "blank")) << "the host's own marker is no identity";
}

TEST_P(CohostStoreTest, ANewCredentialReplacesTheCohostsEarlierOne) {
  ASSERT_TRUE(create(room_named("standup"), "host-hash"));
  ASSERT_TRUE(promote("standup", "alice__ab12"));
  ASSERT_TRUE(issue("standup", "alice__ab12", "alice-1"));
  ASSERT_TRUE(issue("standup", "alice__ab12", "alice-2"));
  EXPECT_EQ(grant("standup", "alice-1"), std::nullopt);
  EXPECT_EQ(grant("standup", "alice-2"), (HostGrant{true, "alice__ab12"}));
  EXPECT_TRUE(is_host("standup", "host-hash")) << "the host's credential is not touched";
}

TEST_P(CohostStoreTest, DemotingRevokesTheCredentialOnEveryInstanceAtOnce) {
  ASSERT_TRUE(create(room_named("standup"), "host-hash"));
  ASSERT_TRUE(promote("standup", "alice__ab12"));
  ASSERT_TRUE(promote("standup", "bob__cd34"));
  ASSERT_TRUE(issue("standup", "alice__ab12", "alice-1"));
  ASSERT_TRUE(issue("standup", "bob__cd34", "bob-1"));
  // On PostgreSQL, a second instance on the same database; a SQLite file has one instance.
  auto second = std::string(GetParam()) == "postgres" ? open_store() : nullptr;
  AccessStore* other = second ? second.get() : &access();
  ASSERT_TRUE(other->is_host("standup", "alice-1").value());

  EXPECT_TRUE(demote("standup", "alice__ab12"));
  EXPECT_FALSE(demote("standup", "alice__ab12")) << "no longer a co-host";
  EXPECT_FALSE(demote("standup", "")) << "the host is not a co-host";
  EXPECT_FALSE(other->is_host("standup", "alice-1").value());
  EXPECT_EQ(grant("standup", "alice-1"), std::nullopt);
  EXPECT_FALSE(issue("standup", "alice__ab12", "alice-2")) << "a demoted co-host gets none";
  EXPECT_TRUE(is_host("standup", "bob-1")) << "another co-host keeps theirs";
  EXPECT_TRUE(is_host("standup", "host-hash"));
  EXPECT_EQ(cohosts("standup"), std::vector<std::string>{"bob__cd34"});

  // Promoted again, the old credential stays revoked: the browser asks for a new one.
  ASSERT_TRUE(promote("standup", "alice__ab12"));
  EXPECT_EQ(grant("standup", "alice-1"), std::nullopt);
}

TEST_P(CohostStoreTest, EndingTheRoomForgetsItsCohosts) {
  ASSERT_TRUE(create(room_named("standup"), "host-hash"));
  ASSERT_TRUE(promote("standup", "alice__ab12"));
  ASSERT_TRUE(issue("standup", "alice__ab12", "alice-1"));
  ASSERT_TRUE(access().delete_room("standup").ok());
  ASSERT_TRUE(create(room_named("standup", 2000), "new-host"));
  EXPECT_TRUE(cohosts("standup").empty());
  EXPECT_EQ(grant("standup", "alice-1"), std::nullopt);
}

INSTANTIATE_TEST_SUITE_P(Backends, CohostStoreTest, ::testing::Values("sqlite", "postgres"),
                         backend_name);

}  // namespace
}  // namespace lkm::store
