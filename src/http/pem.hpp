#pragma once
// Reading PEM files and what the TLS code needs to know of a certificate (tls.cpp,
// self_signed.cpp).
#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "http/openssl_handles.hpp"
#include "http/tls.hpp"

namespace lkm::http::pem {

inline constexpr std::size_t kMaxFileBytes = std::size_t{1024} * 1024;

// The whole file (at most kMaxFileBytes). The error names the file and says why, never what it
// holds.
[[nodiscard]] Result<std::string, std::string> read_file(const std::filesystem::path& path);

// Every certificate in the text, in order; empty when there is none or one is malformed.
[[nodiscard]] std::vector<openssl::Certificate> certificates(std::string_view text);

// The first private key in the text; null when there is none, it is malformed or it is encrypted
// (no passphrase is ever asked for).
[[nodiscard]] openssl::Key private_key(std::string_view text);

// Whether the text holds an encrypted private key (for a clearer error).
[[nodiscard]] bool has_encrypted_key(std::string_view text);

[[nodiscard]] CertificateInfo describe(X509& certificate);

// Overwrites a string's characters before it goes (for key material).
struct Wipe {
  explicit Wipe(std::string& text_in) : text(text_in) {}
  std::string& text;
  Wipe(const Wipe&) = delete;
  Wipe& operator=(const Wipe&) = delete;
  ~Wipe();
};

}  // namespace lkm::http::pem
