#include <gtest/gtest.h>

#include <chrono>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "config/config.hpp"
#include "config/settings.hpp"
#include "env_of.hpp"

namespace lkm::config {
namespace {

Result<AccessPolicy, ConfigError> policy(const FlagValues& flags,
                                         const EnvLookup& env = env_of({})) {
  return load_access_policy(layer_settings(flags, env, nullptr));
}

TEST(AccessPolicy, DefaultsToTheListedLobbyHostsRecordingAndThirtyDays) {
  const auto loaded = policy({});
  ASSERT_TRUE(loaded) << loaded.error().message;
  EXPECT_EQ(loaded->lobby, Lobby::listed);
  EXPECT_EQ(loaded->recording, RecordingPolicy::hosts);
  EXPECT_EQ(loaded->room_retention, std::chrono::seconds(30 * 86400));
  EXPECT_EQ(loaded->room_rate_limit, 30U);
}

TEST(AccessPolicy, ReadsEachSettingFromFlagsAndEnvironment) {
  const auto loaded = policy(
      {{"lobby", "off"}, {"recording", "anyone"}},
      env_of(
          {{"MEET_ROOM_RETENTION", "7d"}, {"MEET_ROOM_RATE_LIMIT", "0"}, {"MEET_LOBBY", "all"}}));
  ASSERT_TRUE(loaded) << loaded.error().message;
  EXPECT_EQ(loaded->lobby, Lobby::off);
  EXPECT_EQ(loaded->recording, RecordingPolicy::anyone);
  EXPECT_EQ(loaded->room_retention, std::chrono::seconds(7 * 86400));
  EXPECT_EQ(loaded->room_rate_limit, 0U);
  EXPECT_EQ(policy({{"lobby", "all"}, {"recording", "off"}})->lobby, Lobby::all);
  EXPECT_EQ(policy({{"recording", "off"}})->recording, RecordingPolicy::off);
  EXPECT_EQ(policy({{"room-retention", "90m"}})->room_retention, std::chrono::seconds(5400));
}

TEST(AccessPolicy, RefusesUnknownValuesNamingTheSetting) {
  const std::vector<std::pair<std::string, std::string>> bad = {
      {"lobby", "public"},      {"recording", "everyone"}, {"room-retention", "forever"},
      {"room-retention", "0s"}, {"room-rate-limit", "-1"}, {"room-rate-limit", "lots"},
  };
  for (const auto& [key, value] : bad) {
    const auto loaded = policy({{key, value}});
    ASSERT_FALSE(loaded) << key << "=" << value;
    EXPECT_NE(loaded.error().message.find("--" + key), std::string::npos) << loaded.error().message;
  }
  const auto from_env = policy({}, env_of({{"MEET_LOBBY", "nope"}}));
  ASSERT_FALSE(from_env);
  EXPECT_NE(from_env.error().message.find("MEET_LOBBY"), std::string::npos);
}

TEST(AccessPolicy, NamesItsValues) {
  EXPECT_EQ(to_string(Lobby::off), "off");
  EXPECT_EQ(to_string(Lobby::listed), "listed");
  EXPECT_EQ(to_string(Lobby::all), "all");
  EXPECT_EQ(to_string(RecordingPolicy::hosts), "hosts");
  EXPECT_EQ(to_string(RecordingPolicy::anyone), "anyone");
  EXPECT_EQ(to_string(RecordingPolicy::off), "off");
}

}  // namespace
}  // namespace lkm::config
