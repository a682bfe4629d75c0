#include "config/settings.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>

#include "config/config_file.hpp"
#include "config/effective.hpp"
#include "env_of.hpp"

namespace lkm::config {
namespace {

FileValues file_of(std::map<std::string, std::string, std::less<>> values) {
  return FileValues{"/etc/livekit-meet/livekit-meet.toml", std::move(values)};
}

// A scratch file with `text`, removed at the end of the test.
class ScratchFile {
 public:
  explicit ScratchFile(const std::string& text, std::filesystem::perms perms) {
    path_ = std::filesystem::temp_directory_path() / ("lkm-settings-" + std::to_string(::getpid()) +
                                                      "-" + std::to_string(counter_++) + ".toml");
    std::ofstream(path_) << text;
    std::filesystem::permissions(path_, perms);
  }
  ~ScratchFile() { std::filesystem::remove(path_); }
  ScratchFile(const ScratchFile&) = delete;
  ScratchFile& operator=(const ScratchFile&) = delete;
  [[nodiscard]] const std::filesystem::path& path() const { return path_; }

 private:
  static inline int counter_ = 0;
  std::filesystem::path path_;
};

constexpr auto kPrivate = std::filesystem::perms::owner_read | std::filesystem::perms::owner_write;
constexpr auto kPublic =
    kPrivate | std::filesystem::perms::group_read | std::filesystem::perms::others_read;

TEST(Settings, EveryKeyIsDeclaredOnceAndSecretsHaveNoFlag) {
  std::set<std::string_view> keys;
  std::set<std::string_view> envs;
  for (const auto& spec : serve_settings()) {
    EXPECT_TRUE(keys.insert(spec.key).second) << spec.key;
    if (!spec.env.empty()) {
      EXPECT_TRUE(envs.insert(spec.env).second) << spec.env;
    }
    EXPECT_FALSE(spec.flag && spec.secret && spec.key != "database") << spec.key;
    EXPECT_FALSE(spec.help.empty()) << spec.key;
    EXPECT_EQ(find_setting(spec.key), &spec);
  }
  EXPECT_EQ(find_setting("no-such-setting"), nullptr);
}

TEST(Settings, FlagBeatsEnvironmentBeatsFileBeatsDefault) {
  const auto file = file_of({{"port", "1001"}, {"host", "10.0.0.1"}, {"threads", "4"}});
  const auto settings = layer_settings(
      {{"port", "1003"}}, env_of({{"MEET_PORT", "1002"}, {"MEET_HOST", "10.0.0.2"}}), &file);
  EXPECT_EQ(settings.text("port"), "1003");
  EXPECT_EQ(settings.find("port")->source, Source::kFlag);
  EXPECT_EQ(settings.origin("port"), "--port");
  EXPECT_EQ(settings.text("host"), "10.0.0.2");
  EXPECT_EQ(settings.origin("host"), "MEET_HOST");
  EXPECT_EQ(settings.text("threads"), "4");
  EXPECT_EQ(settings.origin("threads"), "threads in /etc/livekit-meet/livekit-meet.toml");
  EXPECT_EQ(settings.find("base-path"), nullptr);
  EXPECT_EQ(settings.origin("base-path"), "--base-path");
  EXPECT_EQ(settings.origin("livekit-api-secret"), "LIVEKIT_API_SECRET");
}

TEST(Settings, AnEmptyVariableIsUnset) {
  const auto file = file_of({{"data-dir", "/var/lib/livekit-meet"}});
  const auto settings = layer_settings({}, env_of({{"MEET_DATA_DIR", ""}}), &file);
  EXPECT_EQ(settings.text("data-dir"), "/var/lib/livekit-meet");
}

TEST(Settings, ErrorsNameWhereTheValueCameFrom) {
  const auto file = file_of({{"idle-timeout", "forever"}});
  auto config = load_serve_config(layer_settings({}, env_of({}), &file), "/nonexistent");
  ASSERT_FALSE(config);
  EXPECT_EQ(config.error().message.rfind("idle-timeout in /etc/livekit-meet/livekit-meet.toml", 0),
            0U)
      << config.error().message;
  config = load_serve_config(layer_settings({}, env_of({{"MEET_MAX_BODY_SIZE", "1TiB"}}), nullptr),
                             "/nonexistent");
  ASSERT_FALSE(config);
  EXPECT_EQ(config.error().message.rfind("MEET_MAX_BODY_SIZE", 0), 0U) << config.error().message;
}

TEST(Settings, LimitsAndTimeoutsReachTheConfig) {
  const auto file = file_of({{"header-timeout", "5s"}, {"max-connections", "64"}});
  const auto settings =
      layer_settings({{"max-body-size", "64KiB"}}, env_of({{"MEET_IDLE_TIMEOUT", "2m"}}), &file);
  const auto config = load_serve_config(settings, "/nonexistent");
  ASSERT_TRUE(config) << config.error().message;
  EXPECT_EQ(config->limits.header_timeout, std::chrono::seconds(5));
  EXPECT_EQ(config->limits.idle_timeout, std::chrono::minutes(2));
  EXPECT_EQ(config->limits.max_connections, 64U);
  EXPECT_EQ(config->limits.max_body_bytes, 64U * 1024);
  EXPECT_EQ(config->limits.max_header_bytes, 16U * 1024);  // default
  EXPECT_EQ(config->limits.write_timeout, std::chrono::seconds(30));
}

TEST(Settings, TheConnectionsPerClientLimitComesFromEveryLayerAndZeroMeansNone) {
  const auto file = file_of({{"max-connections-per-client", "16"}});
  const auto from_file = load_serve_config(layer_settings({}, env_of({}), &file), "/nonexistent");
  ASSERT_TRUE(from_file) << from_file.error().message;
  EXPECT_EQ(from_file->limits.max_connections_per_client, 16U);
  const auto from_env = load_serve_config(
      layer_settings({}, env_of({{"MEET_MAX_CONNECTIONS_PER_CLIENT", "0"}}), &file),
      "/nonexistent");
  ASSERT_TRUE(from_env) << from_env.error().message;
  EXPECT_EQ(from_env->limits.max_connections_per_client, 0U);
  const auto from_flag =
      load_serve_config(layer_settings({{"max-connections-per-client", "8"}},
                                       env_of({{"MEET_MAX_CONNECTIONS_PER_CLIENT", "0"}}), &file),
                        "/nonexistent");
  ASSERT_TRUE(from_flag) << from_flag.error().message;
  EXPECT_EQ(from_flag->limits.max_connections_per_client, 8U);
  const auto bad = load_serve_config(
      layer_settings({{"max-connections-per-client", "-1"}}, env_of({}), nullptr), "/nonexistent");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().message.rfind("--max-connections-per-client", 0), 0U)
      << bad.error().message;
}

TEST(Settings, ConfigCheckShowsTheNewSettings) {
  const auto file = file_of({{"public-url", "https://meet.example.com"}});
  const auto settings = layer_settings({}, env_of({}), &file);
  const auto config = load_serve_config(settings, "/nonexistent");
  ASSERT_TRUE(config) << config.error().message;
  const std::string text = render_effective(*config, settings);
  EXPECT_NE(text.find("\npublic-url = \"https://meet.example.com\"  # config file\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("\nmax-connections-per-client = 256  # default\n"), std::string::npos)
      << text;
}

TEST(Settings, EveryEnvironmentVariableHasAFileEquivalent) {
  // Credentials and recording storage from the file alone, as a service's config would hold.
  const auto file = file_of({{"livekit-url", "wss://lk.example.com"},
                             {"livekit-api-key", "APIkey"},
                             {"livekit-api-secret", "s3cret"},
                             {"s3-key-id", "AK"},
                             {"s3-key-secret", "SK"},
                             {"s3-bucket", "recordings"},
                             {"room-creation", "open"},
                             {"trusted-proxies", "127.0.0.1,10.0.0.0/8"}});
  const auto config = load_serve_config(layer_settings({}, env_of({}), &file), "/nonexistent");
  ASSERT_TRUE(config) << config.error().message;
  EXPECT_EQ(config->credentials.livekit_url, "wss://lk.example.com");
  EXPECT_EQ(config->credentials.api_key, "APIkey");
  EXPECT_EQ(config->credentials.api_secret.reveal(), "s3cret");
  EXPECT_FALSE(config->credentials.dev_defaults);
  ASSERT_TRUE(config->recording);
  EXPECT_EQ(config->recording->bucket, "recordings");
  EXPECT_EQ(config->trusted_proxy_networks.to_string(), "127.0.0.1,10.0.0.0/8");
}

TEST(ConfigFile, ParsesScalarsAndArrays) {
  const auto parsed = parse_config_file(
      "# a comment\nhost = \"127.0.0.1\"\nport = 8443\ntrusted-proxies = [\"10.0.0.0/8\", "
      "\"::1\"]\nthreads = 2\n",
      "meet.toml");
  ASSERT_TRUE(parsed) << parsed.error().message;
  EXPECT_EQ(parsed->values.at("host"), "127.0.0.1");
  EXPECT_EQ(parsed->values.at("port"), "8443");
  EXPECT_EQ(parsed->values.at("trusted-proxies"), "10.0.0.0/8,::1");
  EXPECT_EQ(parsed->values.at("threads"), "2");
}

TEST(ConfigFile, RefusesUnknownKeysTablesAndOtherTypesNamingTheLine) {
  const auto unknown = parse_config_file("port = 1\nprot = 2\n", "meet.toml");
  ASSERT_FALSE(unknown);
  EXPECT_NE(unknown.error().message.find("meet.toml:2"), std::string::npos);
  EXPECT_NE(unknown.error().message.find("prot"), std::string::npos);
  const auto table = parse_config_file("[server]\nport = 1\n", "meet.toml");
  ASSERT_FALSE(table);
  EXPECT_NE(table.error().message.find("server"), std::string::npos);
  const auto real = parse_config_file("port = 1.5\n", "meet.toml");
  ASSERT_FALSE(real);
  EXPECT_NE(real.error().message.find("`port`"), std::string::npos);
  const auto nested = parse_config_file("trusted-proxies = [[\"a\"]]\n", "meet.toml");
  EXPECT_FALSE(nested);
  const auto syntax = parse_config_file("port = \n", "meet.toml");
  ASSERT_FALSE(syntax);
  EXPECT_NE(syntax.error().message.find("meet.toml:1"), std::string::npos);
}

TEST(ConfigFile, ASecretInAWorldReadableFileIsRefusedWithoutShowingIt) {
  const ScratchFile shared("livekit-api-secret = \"hunter2-secret\"\n", kPublic);
  const auto refused = read_config_file(shared.path());
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().message.find("livekit-api-secret"), std::string::npos);
  EXPECT_EQ(refused.error().message.find("hunter2"), std::string::npos);
  const ScratchFile owned("livekit-api-secret = \"hunter2-secret\"\n", kPrivate);
  EXPECT_TRUE(read_config_file(owned.path()));
  // A database URL is a secret only when it carries a password.
  const ScratchFile no_password("database = \"postgres://meet@db/meet\"\n", kPublic);
  EXPECT_TRUE(read_config_file(no_password.path()));
  const ScratchFile password("database = \"postgres://meet:pw@db/meet\"\n", kPublic);
  EXPECT_FALSE(read_config_file(password.path()));
}

TEST(ConfigFile, IsFoundByFlagOrVariableAndAMissingOneIsAnError) {
  const ScratchFile file("port = 1234\n", kPublic);
  auto by_flag = gather_settings(file.path().string(), {}, env_of({}));
  ASSERT_TRUE(by_flag) << by_flag.error().message;
  EXPECT_EQ(by_flag->text("port"), "1234");
  EXPECT_EQ(by_flag->file, file.path());
  auto by_env = gather_settings(std::nullopt, {}, env_of({{"MEET_CONFIG", file.path().string()}}));
  ASSERT_TRUE(by_env);
  EXPECT_EQ(by_env->text("port"), "1234");
  auto none = gather_settings(std::nullopt, {}, env_of({}));
  ASSERT_TRUE(none);
  EXPECT_FALSE(none->file);
  auto missing = gather_settings("/nonexistent/meet.toml", {}, env_of({}));
  ASSERT_FALSE(missing);
  EXPECT_NE(missing.error().message.find("/nonexistent/meet.toml: no such file"),
            std::string::npos);
}

TEST(Effective, MasksSecretsAndReadsBackAsAConfigFile) {
  const auto env = env_of({{"LIVEKIT_URL", "wss://lk.example.com"},
                           {"LIVEKIT_API_KEY", "APIkey"},
                           {"LIVEKIT_API_SECRET", "very-secret-value"},
                           {"MEET_DATABASE_URL", "postgres://meet:dbpass@db/meet?sslmode=require"},
                           {"S3_KEY_ID", "AK"},
                           {"S3_KEY_SECRET", "s3-secret-value"},
                           {"S3_BUCKET", "b\"ucket"}});
  const auto settings = layer_settings({{"port", "9000"}, {"base-path", "/meet/"}}, env, nullptr);
  const auto config = load_serve_config(settings, "/nonexistent");
  ASSERT_TRUE(config) << config.error().message;
  const std::string text = render_effective(*config, settings);
  for (const char* hidden : {"very-secret-value", "dbpass", "s3-secret-value", "sslmode"}) {
    EXPECT_EQ(text.find(hidden), std::string::npos) << hidden << "\n" << text;
  }
  EXPECT_NE(text.find("port = 9000  # flag --port"), std::string::npos) << text;
  EXPECT_NE(text.find("base-path = \"/meet\""), std::string::npos) << text;
  EXPECT_NE(text.find("database = \"postgres://meet@db/meet\""), std::string::npos) << text;
  EXPECT_NE(text.find("header-timeout = \"10s\"  # default"), std::string::npos) << text;
  // The output is TOML with the settings' keys: it parses as a config file, and gives the same
  // values for what is not masked.
  const auto parsed = parse_config_file(text, "check-output.toml");
  ASSERT_TRUE(parsed) << parsed.error().message << "\n" << text;
  EXPECT_EQ(parsed->values.at("port"), "9000");
  EXPECT_EQ(parsed->values.at("s3-bucket"), "b\"ucket");
  EXPECT_EQ(parsed->values.at("livekit-url"), "wss://lk.example.com");
  EXPECT_EQ(parsed->values.at("max-body-size"), "1MiB");
}

TEST(Effective, ShowsTheAddressListsAsParsed) {
  const auto settings = layer_settings(
      {{"trusted-proxies", " 10.1.2.3/8, ::ffff:192.0.2.1"}, {"metrics-allow", "NONE"}}, env_of({}),
      nullptr);
  const auto config = load_serve_config(settings, "/nonexistent");
  ASSERT_TRUE(config) << config.error().message;
  const std::string text = render_effective(*config, settings);
  EXPECT_NE(text.find("trusted-proxies = \"10.0.0.0/8,192.0.2.1\"  # flag --trusted-proxies"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("metrics-allow = \"none\"  # flag --metrics-allow"), std::string::npos)
      << text;
  const auto defaults = layer_settings({}, env_of({}), nullptr);
  const auto plain = load_serve_config(defaults, "/nonexistent");
  ASSERT_TRUE(plain) << plain.error().message;
  const std::string shown = render_effective(*plain, defaults);
  EXPECT_NE(shown.find("metrics-allow = \"127.0.0.0/8,::1\"  # default"), std::string::npos)
      << shown;
}

TEST(Effective, TomlStringsEscapeQuotesBackslashesAndControls) {
  EXPECT_EQ(toml_string("a\"b\\c\n\x01"), "\"a\\\"b\\\\c\\u000a\\u0001\"");
  const auto parsed = parse_config_file("host = " + toml_string("a\"b\\c\n\x7f") + "\n", "x.toml");
  ASSERT_TRUE(parsed) << parsed.error().message;
  EXPECT_EQ(parsed->values.at("host"), "a\"b\\c\n\x7f");
}

}  // namespace
}  // namespace lkm::config
