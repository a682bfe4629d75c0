#include "meet/tls_setup.hpp"

#include <chrono>
#include <string>
#include <utility>

#include "core/log.hpp"
#include "core/result.hpp"
#include "http/self_signed.hpp"

namespace lkm::meet {
namespace {

using SystemClock = std::chrono::system_clock;

struct Source {
  config::TlsSettings settings;
  std::filesystem::path data_dir;
};

std::string describe(const http::CertificateInfo& info) {
  return "SHA-256 fingerprint " + info.fingerprint + ", valid until " +
         http::utc_text(info.not_after);
}

void warn_about_validity(const http::CertificateInfo& info) {
  const auto now = SystemClock::now();
  if (info.not_after <= now) {
    log::warn("the TLS certificate expired on " + http::utc_text(info.not_after) +
              ": browsers will refuse it");
  } else if (info.not_after - now < std::chrono::days(14)) {
    log::warn("the TLS certificate expires on " + http::utc_text(info.not_after));
  } else if (info.not_before > now) {
    log::warn("the TLS certificate is not valid before " + http::utc_text(info.not_before));
  }
}

// The certificate and key files to use, the self-signed pair made or reused first.
Result<std::pair<std::filesystem::path, std::filesystem::path>, std::string> files(
    const Source& source) {
  const config::TlsSettings& settings = source.settings;
  if (!settings.self_signed) return std::pair{settings.cert_file, settings.key_file};
  auto pair =
      http::ensure_self_signed(source.data_dir, settings.self_signed_names, SystemClock::now());
  if (!pair) return fail("--tls-self-signed: " + pair.error().message + " (check --data-dir)");
  if (!pair->created_because.empty()) {
    log::info("made a new self-signed TLS certificate " + pair->certificate_file.string() + " (" +
              pair->created_because + ")");
  } else {
    log::info("using the self-signed TLS certificate " + pair->certificate_file.string());
  }
  return std::pair{pair->certificate_file, pair->key_file};
}

Result<std::shared_ptr<http::TlsContext>, std::string> load(const Source& source) {
  auto paths = files(source);
  if (!paths) return fail(std::move(paths).error());
  auto loaded = http::TlsContext::load(paths->first, paths->second);
  if (!loaded) {
    const config::TlsSettings& settings = source.settings;
    const http::TlsError& error = loaded.error();
    std::string which;
    if (settings.self_signed) {
      which = "--tls-self-signed";
    } else if (error.part == http::TlsError::Part::certificate) {
      which = settings.cert_source;
    } else if (error.part == http::TlsError::Part::key) {
      which = settings.key_source;
    } else {
      which = settings.cert_source + " and " + settings.key_source;
    }
    return fail(which + ": " + error.message);
  }
  return std::move(loaded).value();
}

}  // namespace

Result<TlsSetup, std::string> prepare_tls(const config::TlsSettings& settings,
                                          const std::filesystem::path& data_dir) {
  auto source = std::make_shared<const Source>(Source{settings, data_dir});
  auto first = load(*source);
  if (!first) return fail(std::move(first).error());
  log::info("TLS certificate: " + describe((*first)->certificate()));
  warn_about_validity((*first)->certificate());

  TlsSetup setup;
  setup.context = std::move(first).value();
  setup.reload = [source]() -> std::shared_ptr<http::TlsContext> {
    auto next = load(*source);
    if (!next) {
      log::error("TLS certificate not reloaded, still serving the previous one: " + next.error());
      return nullptr;
    }
    log::info("TLS certificate reloaded: " + describe((*next)->certificate()));
    warn_about_validity((*next)->certificate());
    return std::move(next).value();
  };
  return setup;
}

}  // namespace lkm::meet
