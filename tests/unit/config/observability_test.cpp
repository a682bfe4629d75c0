#include "config/observability.hpp"

#include <gtest/gtest.h>

#include <map>
#include "env_of.hpp"

namespace lkm::config {
namespace {

// The two settings from flags (when given) and the environment.
struct Flags {
  std::optional<std::string> log_format;
  std::optional<std::string> metrics_allow;
};
Result<Observability, ConfigError> observe(const Flags& flags, const EnvLookup& env) {
  FlagValues values;
  if (flags.log_format) values["log-format"] = *flags.log_format;
  if (flags.metrics_allow) values["metrics-allow"] = *flags.metrics_allow;
  return load_observability(layer_settings(values, env, nullptr));
}

TEST(Observability, DefaultsToTextLogsAndLoopbackMetrics) {
  const auto loaded = observe({}, env_of({}));
  ASSERT_TRUE(loaded);
  EXPECT_EQ(loaded->log_format, log::Format::text);
  EXPECT_EQ(loaded->metrics_clients, AddressList::loopback());
  const auto empty = observe({}, env_of({{"MEET_LOG_FORMAT", ""}, {"MEET_METRICS_ALLOW", ""}}));
  ASSERT_TRUE(empty);
  EXPECT_EQ(empty->log_format, log::Format::text);
  EXPECT_EQ(empty->metrics_clients, AddressList::loopback());
}

TEST(Observability, ReadsTheEnvironmentAndFlagsWin) {
  const auto env = env_of({{"MEET_LOG_FORMAT", "json"}, {"MEET_METRICS_ALLOW", "10.0.0.0/8"}});
  const auto from_env = observe({}, env);
  ASSERT_TRUE(from_env);
  EXPECT_EQ(from_env->log_format, log::Format::json);
  EXPECT_EQ(from_env->metrics_clients.to_string(), "10.0.0.0/8");
  const auto from_flags = observe({"text", "none"}, env);
  ASSERT_TRUE(from_flags);
  EXPECT_EQ(from_flags->log_format, log::Format::text);
  EXPECT_TRUE(from_flags->metrics_clients.empty());
  const auto upper = observe({std::nullopt, " NONE "}, env_of({}));
  ASSERT_TRUE(upper);
  EXPECT_TRUE(upper->metrics_clients.empty());
}

TEST(Observability, NamesTheSettingToFix) {
  const auto flag = observe({"yaml", std::nullopt}, env_of({}));
  ASSERT_FALSE(flag);
  EXPECT_EQ(flag.error().message, "--log-format must be text or json");
  const auto env = observe({}, env_of({{"MEET_LOG_FORMAT", "JSON "}}));
  ASSERT_FALSE(env);
  EXPECT_EQ(env.error().message, "MEET_LOG_FORMAT must be text or json");
  const auto empty = observe({std::nullopt, ""}, env_of({}));
  ASSERT_FALSE(empty);
  EXPECT_EQ(empty.error().message,
            "--metrics-allow must not be empty (use none to turn /metrics off)");
  const auto commas = observe({std::nullopt, " , "}, env_of({}));
  ASSERT_FALSE(commas);
  EXPECT_EQ(commas.error().message, empty.error().message);
  const auto name = observe({std::nullopt, "127.0.0.1, localhost"}, env_of({}));
  ASSERT_FALSE(name);
  EXPECT_EQ(name.error().message, "--metrics-allow: not an address or network: localhost");
  const auto from_env = observe({}, env_of({{"MEET_METRICS_ALLOW", "10.0.0.0/33"}}));
  ASSERT_FALSE(from_env);
  EXPECT_EQ(from_env.error().message, "MEET_METRICS_ALLOW: not an address or network: 10.0.0.0/33");
}

}  // namespace
}  // namespace lkm::config
