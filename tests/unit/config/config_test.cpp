#include "config/config.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>

#include "config/settings.hpp"
#include "env_of.hpp"

namespace lkm::config {
namespace {

// The settings from these flags (by key) and environment, without a config file.
Settings settings_of(FlagValues flags, const std::map<std::string, std::string>& env) {
  return layer_settings(flags, env_of(env), nullptr);
}

const std::map<std::string, std::string> kFull = {{"LIVEKIT_URL", "wss://lk.example.com"},
                                                  {"LIVEKIT_API_KEY", "APIkey"},
                                                  {"LIVEKIT_API_SECRET", "s3cret"}};

TEST(Credentials, UseDevDefaultsWhenNothingIsSet) {
  const auto creds = load_credentials(settings_of({}, {}));
  ASSERT_TRUE(creds);
  EXPECT_TRUE(creds->dev_defaults);
  EXPECT_EQ(creds->livekit_url, "ws://localhost:7880");
  EXPECT_EQ(creds->api_key, "devkey");
  EXPECT_EQ(creds->api_secret.reveal(), "secret");
}

TEST(Credentials, ReadMeetsEnvironmentVariables) {
  const auto creds = load_credentials(settings_of({}, kFull));
  ASSERT_TRUE(creds);
  EXPECT_FALSE(creds->dev_defaults);
  EXPECT_EQ(creds->livekit_url, "wss://lk.example.com");
  EXPECT_EQ(creds->api_key, "APIkey");
  EXPECT_EQ(creds->api_secret.reveal(), "s3cret");
}

TEST(Credentials, FlagOverridesTheUrlVariable) {
  const auto creds =
      load_credentials(settings_of({{"livekit-url", "https://other.example.com"}}, kFull));
  ASSERT_TRUE(creds);
  EXPECT_EQ(creds->livekit_url, "https://other.example.com");
}

TEST(Credentials, NameTheMissingVariable) {
  for (const char* missing : {"LIVEKIT_URL", "LIVEKIT_API_KEY", "LIVEKIT_API_SECRET"}) {
    auto env = kFull;
    env.erase(missing);
    const auto creds = load_credentials(settings_of({}, env));
    ASSERT_FALSE(creds) << missing;
    EXPECT_NE(creds.error().message.find(missing), std::string::npos) << creds.error().message;
  }
}

TEST(Credentials, RejectABadUrlNamingItsSource) {
  auto env = kFull;
  env["LIVEKIT_URL"] = "ftp://lk.example.com";
  auto creds = load_credentials(settings_of({}, env));
  ASSERT_FALSE(creds);
  EXPECT_NE(creds.error().message.find("LIVEKIT_URL"), std::string::npos);
  creds = load_credentials(settings_of({{"livekit-url", "not a url"}}, kFull));
  ASSERT_FALSE(creds);
  EXPECT_NE(creds.error().message.find("--livekit-url"), std::string::npos);
}

TEST(Credentials, ReadTheSecretFileAndDropItsNewline) {
  const auto path = std::filesystem::temp_directory_path() / "lkm-config-test-secret";
  {
    std::ofstream out(path);
    out << "from-file-secret\n";
  }
  auto env = kFull;
  env.erase("LIVEKIT_API_SECRET");
  const auto creds = load_credentials(settings_of({{"api-secret-file", path.string()}}, env));
  std::filesystem::remove(path);
  ASSERT_TRUE(creds);
  EXPECT_EQ(creds->api_secret.reveal(), "from-file-secret");
}

TEST(Credentials, ReportAnUnreadableSecretFileWithoutItsContent) {
  const auto creds =
      load_credentials(settings_of({{"api-secret-file", "/nonexistent/secret"}}, kFull));
  ASSERT_FALSE(creds);
  EXPECT_NE(creds.error().message.find("--api-secret-file"), std::string::npos);
}

TEST(LivekitUrl, AcceptsTheFourSchemes) {
  for (const char* url : {"ws://localhost:7880", "wss://a.livekit.cloud", "http://10.0.0.1:7880",
                          "https://lk.example.com/base"}) {
    EXPECT_FALSE(livekit_url_error(url)) << url;
  }
  for (const char* url : {"", "localhost:7880", "ftp://x", "wss://", "wss://u:p@host",
                          "wss://host/?q=1", "wss://host/#f"}) {
    EXPECT_TRUE(livekit_url_error(url)) << url;
  }
}

TEST(BasePath, NormalisesAndValidates) {
  EXPECT_EQ(*normalize_base_path(""), "");
  EXPECT_EQ(*normalize_base_path("/"), "");
  EXPECT_EQ(*normalize_base_path("/meet"), "/meet");
  EXPECT_EQ(*normalize_base_path("/meet/"), "/meet");
  EXPECT_EQ(*normalize_base_path("/a/b-c_d.e"), "/a/b-c_d.e");
  for (const char* bad : {"meet", "/a//b", "/a/../b", "/./a", "/a b", "/a?x", "/%2e"}) {
    const auto result = normalize_base_path(bad);
    ASSERT_FALSE(result) << bad;
    EXPECT_NE(result.error().find(bad), std::string::npos);
  }
}

TEST(PublicUrl, TakesAnOriginAndItsHost) {
  const auto plain = parse_public_url("https://Meet.Example.com");
  ASSERT_TRUE(plain) << plain.error();
  EXPECT_EQ(plain->origin, "https://meet.example.com");
  EXPECT_EQ(plain->host, "meet.example.com");
  const auto slash = parse_public_url("HTTP://meet.example.com:8443/");
  ASSERT_TRUE(slash) << slash.error();
  EXPECT_EQ(slash->origin, "http://meet.example.com:8443");
  const auto v4 = parse_public_url("https://192.168.1.20");
  ASSERT_TRUE(v4) << v4.error();
  EXPECT_EQ(v4->host, "192.168.1.20");
  const auto v6 = parse_public_url("https://[2001:DB8::1]:443");
  ASSERT_TRUE(v6) << v6.error();
  EXPECT_EQ(v6->host, "[2001:db8::1]");
  EXPECT_EQ(v6->origin, "https://[2001:db8::1]:443");
}

// Anything beyond an origin would be ignored by the redirect, or smuggle a second host in.
TEST(PublicUrl, RefusesWhatIsNotAnOrigin) {
  for (const char* bad :
       {"", "meet.example.com", "//meet.example.com", "ftp://meet.example.com",
        "wss://meet.example.com", "https://", "https://user@meet.example.com",
        "https://user:pw@meet.example.com", "https://meet.example.com/meet",
        "https://meet.example.com/?x=1", "https://meet.example.com#top",
        "https://meet.example.com:0", "https://meet.example.com:70000",
        "https://meet.example.com:", "https://meet%2eexample.com", "https://meet_example.com",
        "https://-meet.example.com", "https://[v1.x]", "https://meet.example.com@evil.example"}) {
    EXPECT_FALSE(parse_public_url(bad)) << bad;
  }
}

TEST(PublicUrl, ReachesTheConfigOrAnErrorNamingIt) {
  const auto config = load_serve_config(
      settings_of({{"public-url", "https://Meet.Example.com/"}}, kFull), "/nonexistent");
  ASSERT_TRUE(config) << config.error().message;
  EXPECT_EQ(config->public_url, "https://meet.example.com");
  EXPECT_EQ(config->public_host, "meet.example.com");
  auto env = kFull;
  env["MEET_PUBLIC_URL"] = "https://meet.example.com/meet?x";
  const auto bad = load_serve_config(settings_of({}, env), "/nonexistent");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().message.rfind("MEET_PUBLIC_URL ", 0), 0U) << bad.error().message;
  const auto unset = load_serve_config(settings_of({}, kFull), "/nonexistent");
  ASSERT_TRUE(unset);
  EXPECT_EQ(unset->public_url, "");
  EXPECT_EQ(unset->public_host, "");
}

TEST(AloneTimeout, DefaultsToTenMinutesAndTurnsOff) {
  const auto defaults = load_serve_config(settings_of({}, kFull), "/nonexistent");
  ASSERT_TRUE(defaults) << defaults.error().message;
  EXPECT_EQ(defaults->alone_timeout, std::chrono::seconds(600));
  for (const char* off : {"off", "0"}) {
    const auto config = load_serve_config(settings_of({{"alone-timeout", off}}, kFull), "/x");
    ASSERT_TRUE(config) << config.error().message;
    EXPECT_EQ(config->alone_timeout, std::chrono::seconds(0)) << off;
  }
  auto env = kFull;
  env["MEET_ALONE_TIMEOUT"] = "90s";
  const auto from_env = load_serve_config(settings_of({}, env), "/nonexistent");
  ASSERT_TRUE(from_env) << from_env.error().message;
  EXPECT_EQ(from_env->alone_timeout, std::chrono::seconds(90));
  for (const char* bad : {"soon", "500ms", "2d", "-5m"}) {
    const auto config = load_serve_config(settings_of({{"alone-timeout", bad}}, kFull), "/x");
    ASSERT_FALSE(config) << bad;
    EXPECT_NE(config.error().message.find("--alone-timeout"), std::string::npos)
        << config.error().message;
  }
}

TEST(ServeConfig, AppliesFlagsOverDefaults) {
  const FlagValues flags = {{"host", "127.0.0.1"},
                            {"port", "0"},
                            {"threads", "3"},
                            {"base-path", "/meet/"},
                            {"web-root", std::filesystem::temp_directory_path().string()}};
  const auto config = load_serve_config(settings_of(flags, kFull), "/nonexistent");
  ASSERT_TRUE(config) << config.error().message;
  EXPECT_EQ(config->host, "127.0.0.1");
  EXPECT_EQ(config->port, 0);
  EXPECT_EQ(config->threads, 3U);
  EXPECT_EQ(config->base_path, "/meet");
  EXPECT_TRUE(config->web_root);
}

TEST(ServeConfig, DefaultsMatchTheDocumentation) {
  const auto config = load_serve_config(settings_of({}, kFull), "/nonexistent");
  ASSERT_TRUE(config);
  EXPECT_EQ(config->host, "0.0.0.0");
  EXPECT_EQ(config->port, 8080);
  EXPECT_EQ(config->threads, 0U);
  EXPECT_EQ(config->base_path, "");
  EXPECT_FALSE(config->web_root);
  EXPECT_EQ(config->limits.max_connections, 10000U);
  EXPECT_EQ(config->limits.max_connections_per_client, 256U);
}

TEST(ServeConfig, FindsTheWebAppBesideTheBinary) {
  const auto top = std::filesystem::temp_directory_path() / "lkm-config-test-tree";
  std::filesystem::remove_all(top);
  std::filesystem::create_directories(top / "bin");
  std::filesystem::create_directories(top / "share" / "livekit-meet" / "web");
  std::ofstream(top / "share" / "livekit-meet" / "web" / "index.html") << "x";
  const auto config = load_serve_config(settings_of({}, kFull), top / "bin");
  ASSERT_TRUE(config);
  ASSERT_TRUE(config->web_root);
  EXPECT_EQ(config->web_root->filename(), "web");
  std::filesystem::remove_all(top);
}

TEST(ServeConfig, ParsesTheTrustedProxiesOnceOrNamesTheBadEntry) {
  const auto none = load_serve_config(settings_of({}, kFull), "/nonexistent");
  ASSERT_TRUE(none) << none.error().message;
  EXPECT_TRUE(none->trusted_proxy_networks.empty());
  const auto config = load_serve_config(
      settings_of({{"trusted-proxies", "10.0.0.0/8, 127.0.0.1, ::1"}}, kFull), "/nonexistent");
  ASSERT_TRUE(config) << config.error().message;
  EXPECT_TRUE(config->trusted_proxy_networks.contains("10.20.30.40"));
  EXPECT_TRUE(config->trusted_proxy_networks.contains("::1"));
  EXPECT_FALSE(config->trusted_proxy_networks.contains("192.0.2.1"));
  const auto flag = load_serve_config(
      settings_of({{"trusted-proxies", "10.0.0.0/8,not-an-ip"}}, kFull), "/nonexistent");
  ASSERT_FALSE(flag);
  EXPECT_EQ(flag.error().message, "--trusted-proxies: not an address or network: not-an-ip");
  auto env = kFull;
  env["MEET_TRUSTED_PROXIES"] = "10.0.0.0/40";
  const auto from_env = load_serve_config(settings_of({}, env), "/nonexistent");
  ASSERT_FALSE(from_env);
  EXPECT_EQ(from_env.error().message,
            "MEET_TRUSTED_PROXIES: not an address or network: 10.0.0.0/40");
}

TEST(ServeConfig, RejectsAMissingWebRoot) {
  const auto config =
      load_serve_config(settings_of({{"web-root", "/nonexistent/web"}}, kFull), "/nonexistent");
  ASSERT_FALSE(config);
  EXPECT_NE(config.error().message.find("--web-root"), std::string::npos);
}

}  // namespace
}  // namespace lkm::config

namespace lkm::config {
namespace {

TEST(ApiKey, NeedsNoLivekitUrl) {
  const auto key = load_api_key(
      std::nullopt, env_of({{"LIVEKIT_API_KEY", "APIkey"}, {"LIVEKIT_API_SECRET", "s3cret"}}));
  ASSERT_TRUE(key) << key.error().message;
  EXPECT_EQ(key->key, "APIkey");
  EXPECT_EQ(key->secret.reveal(), "s3cret");
  EXPECT_FALSE(key->dev_defaults);
}

TEST(ApiKey, FallsBackToTheDevKeyAndNamesAMissingHalf) {
  const auto dev = load_api_key(std::nullopt, env_of({}));
  ASSERT_TRUE(dev);
  EXPECT_TRUE(dev->dev_defaults);
  EXPECT_EQ(dev->key, "devkey");
  const auto half = load_api_key(std::nullopt, env_of({{"LIVEKIT_API_KEY", "APIkey"}}));
  ASSERT_FALSE(half);
  EXPECT_NE(half.error().message.find("LIVEKIT_API_SECRET"), std::string::npos);
}

}  // namespace
}  // namespace lkm::config

namespace lkm::config {
namespace {

TEST(RecordingStorage, IsOffWithoutS3Variables) {
  const auto storage = load_recording_storage(settings_of({}, {}));
  ASSERT_TRUE(storage);
  EXPECT_FALSE(storage->has_value());
}

TEST(RecordingStorage, ReadsMeetsS3Variables) {
  const auto storage =
      load_recording_storage(settings_of({}, {{"S3_KEY_ID", "AK"},
                                              {"S3_KEY_SECRET", "SK"},
                                              {"S3_BUCKET", "b"},
                                              {"S3_ENDPOINT", "https://s3.example.com"},
                                              {"S3_REGION", "eu-1"}}));
  ASSERT_TRUE(storage);
  ASSERT_TRUE(storage->has_value());
  EXPECT_EQ((*storage)->access_key, "AK");
  EXPECT_EQ((*storage)->secret.reveal(), "SK");
  EXPECT_EQ((*storage)->bucket, "b");
  EXPECT_EQ((*storage)->endpoint, "https://s3.example.com");
  EXPECT_EQ((*storage)->region, "eu-1");
}

TEST(RecordingStorage, NamesTheMissingVariable) {
  const auto storage =
      load_recording_storage(settings_of({}, {{"S3_KEY_ID", "AK"}, {"S3_BUCKET", "b"}}));
  ASSERT_FALSE(storage);
  EXPECT_NE(storage.error().message.find("S3_KEY_SECRET"), std::string::npos);
}

}  // namespace
}  // namespace lkm::config
