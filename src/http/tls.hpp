#pragma once
// TLS for the server. A TlsContext is an OpenSSL server context with fixed protocol settings:
// TLS 1.2 and 1.3 only; for TLS 1.2 only ECDHE key exchange with AES-GCM or ChaCha20-Poly1305;
// no compression, no renegotiation; and one certificate chain (leaf first) with its private key,
// read from PEM files. A context never changes once built: a reload builds a new one, which new
// handshakes use while live connections keep the one they started with.
// Errors say what is wrong and name the file, never its content.
#include <chrono>
#include <cstddef>
#include <filesystem>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <boost/asio/ssl/context.hpp>

#include "core/result.hpp"

namespace lkm::http {

struct CertificateInfo {
  std::string fingerprint;  // SHA-256 of the DER certificate, "AB:CD:…" as browsers show it
  std::chrono::system_clock::time_point not_before;
  std::chrono::system_clock::time_point not_after;
  // The subjectAltName entries the redirect listener trusts as this server's, in the
  // certificate's order: DNS names in lower case ("*.example.com" as written), IP addresses in
  // canonical text ("192.168.1.20", "::1"). Other kinds of entry, and DNS names with characters
  // no host name has, are left out.
  std::vector<std::string> names;
};

struct TlsError {
  enum class Part { certificate, key, pair };
  Part part = Part::certificate;  // which input is at fault: the chain, the key, or their pairing
  std::string message;
};

class TlsContext {
 public:
  // Reads the PEM certificate chain and the (unencrypted) PEM private key, checks that the key is
  // the certificate's, and builds the context.
  [[nodiscard]] static Result<std::shared_ptr<TlsContext>, TlsError> load(
      const std::filesystem::path& certificate_chain, const std::filesystem::path& private_key);

  TlsContext(const TlsContext&) = delete;
  TlsContext& operator=(const TlsContext&) = delete;
  ~TlsContext();

  // The leaf certificate's fingerprint, validity and names.
  [[nodiscard]] const CertificateInfo& certificate() const noexcept { return info_; }
  // For streams being created; the context must outlive them.
  [[nodiscard]] boost::asio::ssl::context& native() noexcept { return context_; }

 private:
  TlsContext(boost::asio::ssl::context context, CertificateInfo info);
  boost::asio::ssl::context context_;
  CertificateInfo info_;
};

// Bytes as upper-case hex pairs joined by colons ("0A:FF:…").
[[nodiscard]] std::string colon_hex(std::span<const unsigned char> bytes);

// "2026-05-01T12:00:00Z".
[[nodiscard]] std::string utc_text(std::chrono::system_clock::time_point time);

}  // namespace lkm::http
