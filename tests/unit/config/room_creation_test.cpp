#include <gtest/gtest.h>

#include <map>
#include <optional>
#include <string>

#include "auth/password_hash.hpp"
#include "config/config.hpp"
#include "config/settings.hpp"
#include "env_of.hpp"

namespace lkm::config {
namespace {

// Few iterations: the configuration only checks the hash's form.
const std::string& organizer_hash() {
  static const std::string kHash = auth::hash_password("organizer password", "pepper", 1000);
  return kHash;
}

// room-creation from a flag (when given) and the environment.
std::optional<ConfigError> room_creation(const std::optional<std::string>& flag,
                                         const EnvLookup& env, Config& config) {
  FlagValues flags;
  if (flag) flags["room-creation"] = *flag;
  return load_room_creation(layer_settings(flags, env, nullptr), config);
}

bool mentions(const ConfigError& error, std::string_view text) {
  return error.message.find(text) != std::string::npos;
}

TEST(RoomCreation, IsOpenByDefault) {
  Config config;
  EXPECT_EQ(room_creation(std::nullopt, env_of({}), config), std::nullopt);
  EXPECT_FALSE(config.organizers_only);
  EXPECT_TRUE(config.organizer_password_hash.empty());
  EXPECT_EQ(room_creation(std::nullopt, env_of({{"MEET_ROOM_CREATION", ""}}), config),
            std::nullopt);
  EXPECT_FALSE(config.organizers_only);
}

TEST(RoomCreation, ReadsTheModeFromTheEnvironment) {
  Config config;
  const auto error = room_creation(std::nullopt,
                                   env_of({{"MEET_ROOM_CREATION", "organizers"},
                                           {"MEET_ORGANIZER_PASSWORD_HASH", organizer_hash()}}),
                                   config);
  ASSERT_EQ(error, std::nullopt) << error->message;
  EXPECT_TRUE(config.organizers_only);
  EXPECT_EQ(config.organizer_password_hash, organizer_hash());
}

TEST(RoomCreation, TakesTheFlagOverTheEnvironment) {
  Config organizers;
  const auto error = room_creation(
      "organizers",
      env_of({{"MEET_ROOM_CREATION", "open"}, {"MEET_ORGANIZER_PASSWORD_HASH", organizer_hash()}}),
      organizers);
  ASSERT_EQ(error, std::nullopt) << error->message;
  EXPECT_TRUE(organizers.organizers_only);

  Config open;
  EXPECT_EQ(room_creation("open", env_of({{"MEET_ROOM_CREATION", "organizers"}}), open),
            std::nullopt);
  EXPECT_FALSE(open.organizers_only);

  // An invalid environment value does not matter when the flag is given.
  Config flag_wins;
  EXPECT_EQ(room_creation("open", env_of({{"MEET_ROOM_CREATION", "closed"}}), flag_wins),
            std::nullopt);
  EXPECT_FALSE(flag_wins.organizers_only);
}

TEST(RoomCreation, NamesTheSourceOfABadValue) {
  Config config;
  const auto from_flag = room_creation("closed", env_of({}), config);
  ASSERT_TRUE(from_flag);
  EXPECT_TRUE(mentions(*from_flag, "--room-creation")) << from_flag->message;
  EXPECT_FALSE(mentions(*from_flag, "MEET_ROOM_CREATION")) << from_flag->message;

  const auto from_env =
      room_creation(std::nullopt, env_of({{"MEET_ROOM_CREATION", "Organizers"}}), config);
  ASSERT_TRUE(from_env);
  EXPECT_TRUE(mentions(*from_env, "MEET_ROOM_CREATION")) << from_env->message;
  EXPECT_FALSE(mentions(*from_env, "--room-creation")) << from_env->message;

  const auto empty_flag = room_creation("", env_of({}), config);
  ASSERT_TRUE(empty_flag);
  EXPECT_TRUE(mentions(*empty_flag, "--room-creation")) << empty_flag->message;
}

TEST(RoomCreation, NeedsAnOrganizerPasswordHashForOrganizers) {
  Config config;
  const auto from_flag = room_creation("organizers", env_of({}), config);
  ASSERT_TRUE(from_flag);
  EXPECT_TRUE(mentions(*from_flag, "MEET_ORGANIZER_PASSWORD_HASH")) << from_flag->message;
  EXPECT_TRUE(mentions(*from_flag, "--room-creation")) << from_flag->message;

  const auto from_env = room_creation(
      std::nullopt,
      env_of({{"MEET_ROOM_CREATION", "organizers"}, {"MEET_ORGANIZER_PASSWORD_HASH", ""}}), config);
  ASSERT_TRUE(from_env);
  EXPECT_TRUE(mentions(*from_env, "MEET_ORGANIZER_PASSWORD_HASH")) << from_env->message;
  EXPECT_TRUE(mentions(*from_env, "MEET_ROOM_CREATION")) << from_env->message;
}

TEST(RoomCreation, RefusesAMalformedOrganizerPasswordHash) {
  for (const std::string& hash :
       {std::string("organizer password"), std::string("pbkdf2-sha256$0$pepper$abc"),
        organizer_hash() + "$", organizer_hash().substr(0, organizer_hash().size() - 1)}) {
    Config config;
    const auto error =
        room_creation("organizers", env_of({{"MEET_ORGANIZER_PASSWORD_HASH", hash}}), config);
    ASSERT_TRUE(error) << hash;
    EXPECT_TRUE(mentions(*error, "MEET_ORGANIZER_PASSWORD_HASH")) << error->message;
    EXPECT_FALSE(mentions(*error, hash)) << error->message;
    EXPECT_TRUE(config.organizer_password_hash.empty()) << hash;
  }
  // Also when rooms are open: a hash that is set must be usable.
  Config config;
  const auto error =
      room_creation(std::nullopt, env_of({{"MEET_ORGANIZER_PASSWORD_HASH", "not a hash"}}), config);
  ASSERT_TRUE(error);
  EXPECT_TRUE(mentions(*error, "MEET_ORGANIZER_PASSWORD_HASH")) << error->message;
}

TEST(RoomCreation, KeepsAValidHashWhenRoomsAreOpen) {
  Config config;
  const auto error = room_creation(
      std::nullopt, env_of({{"MEET_ORGANIZER_PASSWORD_HASH", organizer_hash()}}), config);
  ASSERT_EQ(error, std::nullopt) << error->message;
  EXPECT_FALSE(config.organizers_only);
  EXPECT_EQ(config.organizer_password_hash, organizer_hash());
  EXPECT_TRUE(auth::verify_password("organizer password", config.organizer_password_hash));
}

}  // namespace
}  // namespace lkm::config
