#pragma once
// HTTPS for the Meet server: the first TLS context from the settings, and the reload that
// SIGHUP runs (the same steps again: for --tls-self-signed, a pair about to expire is renewed).
// Every load logs the certificate's SHA-256 fingerprint and expiry.
#include <filesystem>
#include <functional>
#include <memory>
#include <string>

#include "config/tls.hpp"
#include "core/result.hpp"
#include "http/tls.hpp"

namespace lkm::meet {

struct TlsSetup {
  std::shared_ptr<http::TlsContext> context;
  // A new context, or null (the error logged) to keep serving with the current one.
  std::function<std::shared_ptr<http::TlsContext>()> reload;
};

// The reason, naming the setting, when the certificate cannot be used.
[[nodiscard]] Result<TlsSetup, std::string> prepare_tls(const config::TlsSettings& settings,
                                                        const std::filesystem::path& data_dir);

}  // namespace lkm::meet
