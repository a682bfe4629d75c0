#include "config/database.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <map>

#include "config/config.hpp"
#include "config/settings.hpp"

namespace lkm::config {
namespace {

// The database setting from a flag and the variable, as the command line and environment give it.
Result<std::optional<Secret>, ConfigError> load_url(const std::optional<std::string>& flag,
                                                    const std::optional<std::string>& from_env) {
  FlagValues flags;
  if (flag) flags["database"] = *flag;
  const EnvLookup env = [from_env](std::string_view name) -> std::optional<std::string> {
    if (name == "MEET_DATABASE_URL") return from_env;
    return std::nullopt;
  };
  const auto settings = layer_settings(flags, env, nullptr);
  return load_database_url(settings.find("database"));
}

TEST(DatabaseUrl, NoneMeansSqlite) {
  const auto url = load_url(std::nullopt, std::nullopt);
  ASSERT_TRUE(url);
  EXPECT_FALSE(*url);
  const auto empty_env = load_url(std::nullopt, "");
  ASSERT_TRUE(empty_env);
  EXPECT_FALSE(*empty_env);
}

TEST(DatabaseUrl, TheFlagWinsOverTheVariable) {
  const auto url = load_url("postgres://meet@db-a/meet", "postgres://meet:pw@db-b/meet");
  ASSERT_TRUE(url);
  ASSERT_TRUE(*url);
  EXPECT_EQ((*url)->reveal(), "postgres://meet@db-a/meet");
}

TEST(DatabaseUrl, TheVariableMayCarryAPassword) {
  const auto url = load_url(std::nullopt, "postgresql://meet:pw@db/meet?sslmode=require");
  ASSERT_TRUE(url);
  ASSERT_TRUE(*url);
  EXPECT_EQ((*url)->reveal(), "postgresql://meet:pw@db/meet?sslmode=require");
}

TEST(DatabaseUrl, TheFlagMustNotCarryAPasswordAndTheErrorDoesNotRepeatIt) {
  for (const std::string flag :
       {"postgres://meet:hunter22@db/meet", "postgres://meet@db/meet?password=hunter22",
        "postgres://meet@db/meet?sslmode=require&PASSWORD=hunter22"}) {
    const auto url = load_url(flag, std::nullopt);
    ASSERT_FALSE(url) << flag;
    EXPECT_NE(url.error().message.find("MEET_DATABASE_URL"), std::string::npos);
    EXPECT_EQ(url.error().message.find("hunter22"), std::string::npos) << url.error().message;
  }
}

TEST(DatabaseUrl, OnlyPostgresUrlsAreAcceptedAndTheErrorNamesTheSource) {
  const auto flag = load_url("mysql://db/meet", std::nullopt);
  ASSERT_FALSE(flag);
  EXPECT_NE(flag.error().message.find("--database"), std::string::npos);
  const auto env = load_url(std::nullopt, "host=db dbname=meet");
  ASSERT_FALSE(env);
  EXPECT_NE(env.error().message.find("MEET_DATABASE_URL"), std::string::npos);
  EXPECT_FALSE(load_url("", std::nullopt));
  EXPECT_FALSE(load_url("postgres://db/meet\n", std::nullopt));
  EXPECT_TRUE(load_url("POSTGRES://db/meet", std::nullopt));
}

TEST(DatabaseUrl, RedactionDropsThePasswordAndParameters) {
  EXPECT_EQ(redact_database_url("postgres://meet:pw@db.example.com:5433/meet?sslmode=require"),
            "postgres://meet@db.example.com:5433/meet");
  EXPECT_EQ(redact_database_url("postgresql://db/meet?password=pw"), "postgresql://db/meet");
  EXPECT_EQ(redact_database_url("postgres://a:b@c@db/meet"), "postgres://a@db/meet");
  EXPECT_EQ(redact_database_url("postgres://meet@db"), "postgres://meet@db");
  EXPECT_EQ(redact_database_url("nonsense"), "(not a postgres:// URL)");
}

TEST(DatabaseUrl, ServeConfigReadsTheVariable) {
  const std::map<std::string, std::string> values = {
      {"MEET_DATABASE_URL", "postgres://meet:pw@db/meet"}};
  const EnvLookup env = [&values](std::string_view name) -> std::optional<std::string> {
    const auto it = values.find(std::string(name));
    if (it == values.end()) return std::nullopt;
    return it->second;
  };
  const auto config =
      load_serve_config(layer_settings({}, env, nullptr), std::filesystem::temp_directory_path());
  ASSERT_TRUE(config) << config.error().message;
  ASSERT_TRUE(config->database_url);
  EXPECT_EQ(config->database_url->reveal(), "postgres://meet:pw@db/meet");
}

}  // namespace
}  // namespace lkm::config
