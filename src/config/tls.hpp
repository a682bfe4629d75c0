#pragma once
// HTTPS settings, checked together at start-up (the files themselves are read when serving):
//   --tls-cert PATH / MEET_TLS_CERT, --tls-key PATH / MEET_TLS_KEY: a PEM certificate chain and
//     its private key; both or neither.
//   --tls-self-signed [NAMES] / MEET_TLS_SELF_SIGNED: a self-signed certificate kept in the data
//     directory, for these comma-separated host names and IP addresses (plus localhost, 127.0.0.1
//     and ::1); the variable may also be `true` (no other names) or `false`. Not with a cert/key.
//   --http-redirect-port N / MEET_HTTP_REDIRECT_PORT: a plain-HTTP listener that redirects to
//     HTTPS; only with one of the above.
// Flag > environment for each setting.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config/config.hpp"
#include "core/result.hpp"

namespace lkm::config {

struct TlsFlags {
  std::optional<std::string> cert;
  std::optional<std::string> key;
  std::optional<std::string> self_signed;  // the names; "" when the flag came without any
  std::optional<std::uint16_t> http_redirect_port;
};

struct TlsSettings {
  // A certificate chain and key from files, and the flag or variable each came from (for
  // messages)...
  std::filesystem::path cert_file;
  std::filesystem::path key_file;
  std::string cert_source;
  std::string key_source;
  // ...or a self-signed pair in the data directory for these names.
  bool self_signed = false;
  std::vector<std::string> self_signed_names;
  std::optional<std::uint16_t> redirect_port;
};

// nullopt: HTTPS is off. `port` is the HTTPS port (--port), which the redirect port must differ
// from.
[[nodiscard]] Result<std::optional<TlsSettings>, ConfigError> load_tls(const TlsFlags& flags,
                                                                       const EnvLookup& env,
                                                                       std::uint16_t port);

// "lan.example, 192.168.1.20" -> {"lan.example", "192.168.1.20"}; the error names the entry that
// is neither a host name nor an IP address.
[[nodiscard]] Result<std::vector<std::string>, ConfigError> parse_tls_names(
    std::string_view list, std::string_view source);

}  // namespace lkm::config
