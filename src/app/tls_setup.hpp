#pragma once
// HTTPS for `livekit-meet serve`: the first TLS context from the settings, and the reload that
// SIGHUP runs (the same steps again: for --tls-self-signed, a pair about to expire is renewed).
// Every load logs the certificate's SHA-256 fingerprint and expiry.
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>

#include "config/tls.hpp"
#include "http/tls.hpp"

namespace lkm::cli {

struct TlsSetup {
  std::shared_ptr<http::TlsContext> context;
  // A new context, or null (the error logged) to keep serving with the current one.
  std::function<std::shared_ptr<http::TlsContext>()> reload;
};

// nullopt when the certificate cannot be used; the reason, naming the flag, is printed.
[[nodiscard]] std::optional<TlsSetup> prepare_tls(const config::TlsSettings& settings,
                                                  const std::filesystem::path& data_dir);

}  // namespace lkm::cli
