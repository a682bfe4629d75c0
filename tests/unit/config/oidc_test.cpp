#include "config/oidc.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>

#include "config/config.hpp"
#include "config/effective.hpp"
#include "config/settings.hpp"
#include "env_of.hpp"

namespace lkm::config {
namespace {

constexpr std::string_view kPublicUrl = "https://meet.example.org";

Result<std::optional<OidcSettings>, ConfigError> load(
    FlagValues flags, std::map<std::string, std::string> env,
    const std::string& public_url = std::string(kPublicUrl)) {
  return load_oidc(layer_settings(flags, env_of(std::move(env)), nullptr), public_url);
}

FlagValues provider_flags() {
  return {{"oidc-issuer", "https://id.example.org/realms/staff"}, {"oidc-client-id", "meet"}};
}

std::map<std::string, std::string> secret_env() {
  return {{"MEET_OIDC_CLIENT_SECRET", "client-secret-value"}};
}

bool mentions(const ConfigError& error, std::string_view text) {
  return error.message.find(text) != std::string::npos;
}

TEST(OidcSettings, AreOffWithoutAnIssuer) {
  auto loaded = load({}, {});
  ASSERT_TRUE(loaded) << loaded.error().message;
  EXPECT_FALSE(loaded->has_value());
}

TEST(OidcSettings, ReadTheProviderWithDefaults) {
  auto loaded = load(provider_flags(), secret_env());
  ASSERT_TRUE(loaded) << loaded.error().message;
  ASSERT_TRUE(loaded->has_value());
  const auto& oidc = **loaded;
  EXPECT_EQ(oidc.issuer, "https://id.example.org/realms/staff");
  EXPECT_EQ(oidc.client_id, "meet");
  EXPECT_EQ(oidc.client_secret.reveal(), "client-secret-value");
  EXPECT_EQ(oidc.scopes, "openid profile email");
  EXPECT_TRUE(std::holds_alternative<auth::AnyoneSignedIn>(oidc.organizers));
  EXPECT_FALSE(oidc.require_sign_in);
}

TEST(OidcSettings, KeepTheIssuerExactlyWithItsTrailingSlash) {
  auto flags = provider_flags();
  flags["oidc-issuer"] = "https://id.example.org/application/o/meet/";
  auto loaded = load(flags, secret_env());
  ASSERT_TRUE(loaded) << loaded.error().message;
  EXPECT_EQ((*loaded)->issuer, "https://id.example.org/application/o/meet/");
}

TEST(OidcSettings, AllowPlainHttpOnlyForAProviderOnThisMachine) {
  auto flags = provider_flags();
  for (const char* issuer :
       {"http://127.0.0.1:8081/realms/x", "http://localhost:9000", "http://[::1]:80/"}) {
    flags["oidc-issuer"] = issuer;
    auto loaded = load(flags, secret_env());
    EXPECT_TRUE(loaded) << issuer;
  }
  for (const char* issuer : {"http://id.example.org", "http://10.0.0.5/realms/x",
                             "http://localhost.evil.test", "http://127.0.0.1.evil.test"}) {
    flags["oidc-issuer"] = issuer;
    auto loaded = load(flags, secret_env());
    ASSERT_FALSE(loaded) << issuer;
    EXPECT_TRUE(mentions(loaded.error(), "must be https") ||
                mentions(loaded.error(), "not a valid name or address"))
        << loaded.error().message;
  }
}

TEST(OidcSettings, RefuseAnIssuerThatIsNotAnHttpUrl) {
  for (const char* issuer : {"id.example.org", "ftp://id.example.org", "https://", "https://u:p@id",
                             "https://id.example.org/?realm=x", "https://id.example.org/#x"}) {
    auto flags = provider_flags();
    flags["oidc-issuer"] = issuer;
    auto loaded = load(flags, secret_env());
    ASSERT_FALSE(loaded) << issuer;
    EXPECT_TRUE(mentions(loaded.error(), "--oidc-issuer")) << loaded.error().message;
  }
}

TEST(OidcSettings, NeedThePublicUrlTheClientIdAndTheSecret) {
  auto no_public_url = load(provider_flags(), secret_env(), "");
  ASSERT_FALSE(no_public_url);
  EXPECT_TRUE(mentions(no_public_url.error(), "--public-url"));

  auto flags = provider_flags();
  flags.erase("oidc-client-id");
  auto no_client = load(flags, secret_env());
  ASSERT_FALSE(no_client);
  EXPECT_TRUE(mentions(no_client.error(), "--oidc-client-id"));

  auto no_secret = load(provider_flags(), {});
  ASSERT_FALSE(no_secret);
  EXPECT_TRUE(mentions(no_secret.error(), "MEET_OIDC_CLIENT_SECRET"));
  EXPECT_TRUE(mentions(no_secret.error(), "--oidc-client-secret-file"));
}

TEST(OidcSettings, TheSecretHasNoFlag) {
  const auto* spec = find_setting("oidc-client-secret");
  ASSERT_NE(spec, nullptr);
  EXPECT_FALSE(spec->flag);
  EXPECT_TRUE(spec->secret);
  EXPECT_EQ(spec->env, "MEET_OIDC_CLIENT_SECRET");
}

TEST(OidcSettings, ReadTheSecretFromAFileWithoutItsNewline) {
  const auto path =
      std::filesystem::temp_directory_path() / ("lkm-oidc-secret-" + std::to_string(::getpid()));
  std::ofstream(path) << "from-the-file\n";
  auto flags = provider_flags();
  flags["oidc-client-secret-file"] = path.string();
  // The file wins over the variable.
  auto loaded = load(flags, secret_env());
  std::filesystem::remove(path);
  ASSERT_TRUE(loaded) << loaded.error().message;
  EXPECT_EQ((*loaded)->client_secret.reveal(), "from-the-file");

  auto missing = load(flags, {});
  ASSERT_FALSE(missing);
  EXPECT_TRUE(mentions(missing.error(), "--oidc-client-secret-file"));
  EXPECT_FALSE(mentions(missing.error(), "from-the-file"));
}

TEST(OidcSettings, CheckTheScopes) {
  auto flags = provider_flags();
  flags["oidc-scopes"] = "openid email groups";
  auto loaded = load(flags, secret_env());
  ASSERT_TRUE(loaded) << loaded.error().message;
  EXPECT_EQ((*loaded)->scopes, "openid email groups");
  for (const char* scopes : {"profile email", "", "openid \"x\"", "openid\tprofile"}) {
    flags["oidc-scopes"] = scopes;
    auto refused = load(flags, secret_env());
    ASSERT_FALSE(refused) << scopes;
    EXPECT_TRUE(mentions(refused.error(), "--oidc-scopes")) << refused.error().message;
  }
}

TEST(OidcSettings, ReadTheOrganizerRule) {
  auto flags = provider_flags();
  flags["oidc-organizers"] = "claim:groups=meet-organizers";
  auto loaded = load(flags, secret_env());
  ASSERT_TRUE(loaded) << loaded.error().message;
  const auto* claim = std::get_if<auth::ClaimEquals>(&(*loaded)->organizers);
  ASSERT_NE(claim, nullptr);
  EXPECT_EQ(claim->name, "groups");
  EXPECT_EQ(claim->value, "meet-organizers");

  flags["oidc-organizers"] = "everyone";
  auto refused = load(flags, secret_env());
  ASSERT_FALSE(refused);
  EXPECT_TRUE(mentions(refused.error(), "--oidc-organizers"));
}

TEST(OidcSettings, RefuseProviderSettingsWithoutAnIssuer) {
  auto client_only = load({{"oidc-client-id", "meet"}}, {});
  ASSERT_FALSE(client_only);
  EXPECT_TRUE(mentions(client_only.error(), "needs --oidc-issuer"));
  auto secret_only = load({}, secret_env());
  ASSERT_FALSE(secret_only);
  EXPECT_TRUE(mentions(secret_only.error(), "MEET_OIDC_CLIENT_SECRET"));
  EXPECT_FALSE(mentions(secret_only.error(), "client-secret-value"));
  auto required = load({{"require-sign-in", ""}}, {});
  ASSERT_FALSE(required);
  EXPECT_TRUE(mentions(required.error(), "--oidc-issuer"));
}

TEST(OidcSettings, RequireSignInIsABoolean) {
  auto flags = provider_flags();
  flags["require-sign-in"] = "";
  auto on = load(flags, secret_env());
  ASSERT_TRUE(on) << on.error().message;
  EXPECT_TRUE((*on)->require_sign_in);
  auto env = secret_env();
  env["MEET_REQUIRE_SIGN_IN"] = "false";
  auto off = load(provider_flags(), env);
  ASSERT_TRUE(off) << off.error().message;
  EXPECT_FALSE((*off)->require_sign_in);
  env["MEET_REQUIRE_SIGN_IN"] = "maybe";
  auto bad = load(provider_flags(), env);
  ASSERT_FALSE(bad);
  EXPECT_TRUE(mentions(bad.error(), "MEET_REQUIRE_SIGN_IN"));
}

TEST(OidcSettings, LetRoomCreationBeForOrganizersWithoutAPassword) {
  Config config;
  config.oidc = OidcSettings{};
  const auto settings = layer_settings({{"room-creation", "organizers"}}, env_of({}), nullptr);
  EXPECT_EQ(load_room_creation(settings, config), std::nullopt);
  EXPECT_TRUE(config.organizers_only);
  config.oidc.reset();
  EXPECT_NE(load_room_creation(settings, config), std::nullopt);
}

TEST(OidcSettings, ConfigCheckShowsThemWithTheSecretMasked) {
  auto flags = provider_flags();
  flags["oidc-organizers"] = "email-domain:example.org";
  const auto settings = layer_settings(flags, env_of(secret_env()), nullptr);
  Config config;
  config.public_url = std::string(kPublicUrl);
  auto oidc = load_oidc(settings, config.public_url);
  ASSERT_TRUE(oidc) << oidc.error().message;
  config.oidc = std::move(oidc).value();
  const std::string shown = render_effective(config, settings);
  EXPECT_NE(shown.find("oidc-issuer = \"https://id.example.org/realms/staff\""), std::string::npos)
      << shown;
  EXPECT_NE(shown.find("oidc-client-id = \"meet\""), std::string::npos);
  EXPECT_NE(shown.find("oidc-client-secret = \"********\""), std::string::npos);
  EXPECT_NE(shown.find("oidc-organizers = \"email-domain:example.org\""), std::string::npos);
  EXPECT_EQ(shown.find("client-secret-value"), std::string::npos);
}

}  // namespace
}  // namespace lkm::config
