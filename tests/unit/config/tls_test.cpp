#include "config/tls.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include "env_of.hpp"

namespace lkm::config {
namespace {

// The TLS settings as the command line gives them; unset flags are nullopt.
struct TlsFlags {
  std::optional<std::string> cert;
  std::optional<std::string> key;
  std::optional<std::string> self_signed;
  std::optional<std::uint16_t> http_redirect_port;
};

// Layers the flags over the environment, as `serve` does.
Result<std::optional<TlsSettings>, ConfigError> load_tls(const TlsFlags& flags,
                                                         const EnvLookup& env, std::uint16_t port) {
  FlagValues values;
  if (flags.cert) values["tls-cert"] = *flags.cert;
  if (flags.key) values["tls-key"] = *flags.key;
  if (flags.self_signed) values["tls-self-signed"] = *flags.self_signed;
  if (flags.http_redirect_port) {
    values["http-redirect-port"] = std::to_string(*flags.http_redirect_port);
  }
  return load_tls(layer_settings(values, env, nullptr), port);
}

TlsFlags files(std::string cert, std::string key) {
  TlsFlags flags;
  flags.cert = std::move(cert);
  flags.key = std::move(key);
  return flags;
}

TEST(TlsSettings, AreOffWhenNothingIsGiven) {
  const auto tls = load_tls({}, env_of({}), 8080);
  ASSERT_TRUE(tls);
  EXPECT_FALSE(tls->has_value());
}

TEST(TlsSettings, TakeACertificateAndKeyFromFlags) {
  TlsFlags flags = files("/etc/meet/cert.pem", "/etc/meet/key.pem");
  flags.http_redirect_port = 80;
  const auto tls = load_tls(flags, env_of({{"MEET_TLS_CERT", "/other.pem"}}), 443);
  ASSERT_TRUE(tls) << tls.error().message;
  ASSERT_TRUE(tls->has_value());
  const TlsSettings& settings = **tls;
  EXPECT_FALSE(settings.self_signed);
  EXPECT_EQ(settings.cert_file, "/etc/meet/cert.pem");
  EXPECT_EQ(settings.key_file, "/etc/meet/key.pem");
  EXPECT_EQ(settings.cert_source, "--tls-cert");
  EXPECT_EQ(settings.key_source, "--tls-key");
  EXPECT_EQ(settings.redirect_port, 80);
}

TEST(TlsSettings, TakeThemFromTheEnvironmentToo) {
  const auto tls = load_tls({},
                            env_of({{"MEET_TLS_CERT", "/c.pem"},
                                    {"MEET_TLS_KEY", "/k.pem"},
                                    {"MEET_HTTP_REDIRECT_PORT", "8081"}}),
                            8080);
  ASSERT_TRUE(tls) << tls.error().message;
  ASSERT_TRUE(tls->has_value());
  EXPECT_EQ((*tls)->cert_file, "/c.pem");
  EXPECT_EQ((*tls)->cert_source, "MEET_TLS_CERT");
  EXPECT_EQ((*tls)->key_source, "MEET_TLS_KEY");
  EXPECT_EQ((*tls)->redirect_port, 8081);
}

TEST(TlsSettings, NeedBothCertificateAndKey) {
  TlsFlags cert_only;
  cert_only.cert = "/c.pem";
  const auto missing_key = load_tls(cert_only, env_of({}), 8080);
  ASSERT_FALSE(missing_key);
  EXPECT_NE(missing_key.error().message.find("--tls-cert"), std::string::npos);
  EXPECT_NE(missing_key.error().message.find("--tls-key"), std::string::npos);

  const auto missing_cert = load_tls({}, env_of({{"MEET_TLS_KEY", "/k.pem"}}), 8080);
  ASSERT_FALSE(missing_cert);
  EXPECT_NE(missing_cert.error().message.find("MEET_TLS_KEY needs the certificate"),
            std::string::npos);
  EXPECT_NE(missing_cert.error().message.find("--tls-cert"), std::string::npos);
}

TEST(TlsSettings, RefuseEmptyPaths) {
  const auto tls = load_tls(files("", "/k.pem"), env_of({}), 8080);
  ASSERT_FALSE(tls);
  EXPECT_EQ(tls.error().message, "--tls-cert must not be empty");
}

TEST(TlsSettings, TakeSelfSignedNames) {
  TlsFlags flags;
  flags.self_signed = " meet.lan, 192.168.1.20 ,fe80::1,,";
  const auto tls = load_tls(flags, env_of({}), 8443);
  ASSERT_TRUE(tls) << tls.error().message;
  ASSERT_TRUE(tls->has_value());
  EXPECT_TRUE((*tls)->self_signed);
  EXPECT_EQ((*tls)->self_signed_names,
            (std::vector<std::string>{"meet.lan", "192.168.1.20", "fe80::1"}));
}

TEST(TlsSettings, TakeSelfSignedWithoutNames) {
  TlsFlags flags;
  flags.self_signed = "";
  const auto tls = load_tls(flags, env_of({}), 8443);
  ASSERT_TRUE(tls);
  ASSERT_TRUE(tls->has_value());
  EXPECT_TRUE((*tls)->self_signed);
  EXPECT_TRUE((*tls)->self_signed_names.empty());
}

TEST(TlsSettings, ReadSelfSignedFromTheEnvironment) {
  for (const char* on : {"true", "1", "YES"}) {
    const auto tls = load_tls({}, env_of({{"MEET_TLS_SELF_SIGNED", on}}), 8443);
    ASSERT_TRUE(tls && tls->has_value()) << on;
    EXPECT_TRUE((*tls)->self_signed_names.empty());
  }
  const auto off = load_tls({}, env_of({{"MEET_TLS_SELF_SIGNED", "false"}}), 8443);
  ASSERT_TRUE(off);
  EXPECT_FALSE(off->has_value());
  const auto named = load_tls({}, env_of({{"MEET_TLS_SELF_SIGNED", "box.local"}}), 8443);
  ASSERT_TRUE(named && named->has_value());
  EXPECT_EQ((*named)->self_signed_names, std::vector<std::string>{"box.local"});
}

TEST(TlsSettings, RefuseNamesThatAreNeitherHostsNorAddresses) {
  for (const char* bad : {"*.lan", "a b", "-x.lan", "x..lan", "host/path", "1.2.3.4:80"}) {
    TlsFlags flags;
    flags.self_signed = std::string("ok.lan,") + bad;
    const auto tls = load_tls(flags, env_of({}), 8443);
    ASSERT_FALSE(tls) << bad;
    EXPECT_EQ(tls.error().message, std::string("--tls-self-signed: ") + bad +
                                       " is neither a host name nor an IP address");
  }
}

TEST(TlsSettings, RefuseSelfSignedWithACertificate) {
  TlsFlags flags = files("/c.pem", "/k.pem");
  flags.self_signed = "";
  const auto tls = load_tls(flags, env_of({}), 8443);
  ASSERT_FALSE(tls);
  EXPECT_NE(tls.error().message.find("--tls-self-signed cannot be combined with --tls-cert"),
            std::string::npos);

  TlsFlags self_signed;
  self_signed.self_signed = "";
  const auto mixed = load_tls(self_signed, env_of({{"MEET_TLS_KEY", "/k.pem"}}), 8443);
  ASSERT_FALSE(mixed);
  EXPECT_NE(mixed.error().message.find("cannot be combined with MEET_TLS_KEY"), std::string::npos);
}

TEST(TlsSettings, RedirectOnlyWithHttps) {
  TlsFlags flags;
  flags.http_redirect_port = 8080;
  const auto tls = load_tls(flags, env_of({}), 8443);
  ASSERT_FALSE(tls);
  EXPECT_NE(tls.error().message.find("--http-redirect-port redirects to HTTPS, which is off"),
            std::string::npos);
}

TEST(TlsSettings, RedirectPortMustDifferFromThePort) {
  TlsFlags flags = files("/c.pem", "/k.pem");
  flags.http_redirect_port = 8443;
  const auto same = load_tls(flags, env_of({}), 8443);
  ASSERT_FALSE(same);
  EXPECT_EQ(same.error().message, "--http-redirect-port must differ from --port");
  flags.http_redirect_port = 0;  // any free port
  EXPECT_TRUE(load_tls(flags, env_of({}), 0));
}

TEST(TlsSettings, RefuseARedirectPortVariableThatIsNotAPort) {
  for (const char* bad : {"http", "65536", "-1", "80x"}) {
    const auto tls =
        load_tls(files("/c.pem", "/k.pem"), env_of({{"MEET_HTTP_REDIRECT_PORT", bad}}), 8443);
    ASSERT_FALSE(tls) << bad;
    EXPECT_EQ(tls.error().message, "MEET_HTTP_REDIRECT_PORT must be a port number (0 to 65535)");
  }
}

}  // namespace
}  // namespace lkm::config
