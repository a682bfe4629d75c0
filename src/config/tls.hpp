#pragma once
// HTTPS settings, checked together at start-up (the files themselves are read when serving):
//   --tls-cert PATH / MEET_TLS_CERT, --tls-key PATH / MEET_TLS_KEY: a PEM certificate chain and
//     its private key; both or neither.
//   --tls-self-signed [NAMES] / MEET_TLS_SELF_SIGNED: a self-signed certificate kept in the data
//     directory, for these comma-separated host names and IP addresses (plus localhost, 127.0.0.1
//     and ::1); the variable may also be `true` (no other names) or `false`. Not with a cert/key.
//   --http-redirect-port N / MEET_HTTP_REDIRECT_PORT: a plain-HTTP listener that redirects to
//     HTTPS; only with one of the above.
// Flag > environment > config file for each setting (settings.hpp).
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config/config.hpp"
#include "config/settings.hpp"
#include "core/result.hpp"

namespace lkm::config {

// nullopt: HTTPS is off. `port` is the HTTPS port (--port), which the redirect port must differ
// from.
[[nodiscard]] Result<std::optional<TlsSettings>, ConfigError> load_tls(const Settings& settings,
                                                                       std::uint16_t port);

// "lan.example, 192.168.1.20" -> {"lan.example", "192.168.1.20"}; the error names the entry that
// is neither a host name nor an IP address.
[[nodiscard]] Result<std::vector<std::string>, ConfigError> parse_tls_names(
    std::string_view list, std::string_view source);

}  // namespace lkm::config
