#pragma once
// A self-signed certificate for trying the server on a LAN: an EC P-256 key and an X.509 v3
// certificate (a year's validity, for server authentication only, not a CA) whose subjectAltName
// lists the host names and IP addresses asked for plus localhost, 127.0.0.1 and ::1.
// ensure_self_signed keeps the pair in a directory (self-signed.key with mode 0600,
// self-signed.crt) and reuses it while it covers the names asked for and is more than 30 days
// from expiry; otherwise it writes a new one and says why.
#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "core/secret.hpp"
#include "http/tls.hpp"

namespace lkm::http {

inline constexpr std::chrono::days kSelfSignedValidity{365};
inline constexpr std::chrono::days kSelfSignedRenewal{30};
inline constexpr const char* kSelfSignedCertificateFile = "self-signed.crt";
inline constexpr const char* kSelfSignedKeyFile = "self-signed.key";

struct SelfSignedPem {
  std::string certificate;
  Secret key;
};

struct SelfSigned {
  std::filesystem::path certificate_file;
  std::filesystem::path key_file;
  // Empty when the pair already there was reused; otherwise why a new one was made.
  std::string created_because;
};

// The names asked for, then localhost, 127.0.0.1 and ::1, without repeats: host names in lower
// case, IP addresses in their canonical text form.
[[nodiscard]] std::vector<std::string> self_signed_names(const std::vector<std::string>& requested);

// A new key and certificate for `names` (host names and IP addresses, as they are), valid from
// `now` (an hour earlier, for clocks that lag) for `validity`.
[[nodiscard]] Result<SelfSignedPem, TlsError> generate_self_signed(
    const std::vector<std::string>& names, std::chrono::system_clock::time_point now,
    std::chrono::days validity = kSelfSignedValidity);

// Why the pair in these files cannot serve `names` at `now` (none there, unreadable, a key that is
// not the certificate's, a name not covered, expiry within kSelfSignedRenewal); nullopt when it
// can.
[[nodiscard]] std::optional<std::string> self_signed_unusable(
    const std::filesystem::path& certificate_file, const std::filesystem::path& key_file,
    const std::vector<std::string>& names, std::chrono::system_clock::time_point now);

// The pair in `directory` for `requested` names (see self_signed_names), reused or made anew.
[[nodiscard]] Result<SelfSigned, TlsError> ensure_self_signed(
    const std::filesystem::path& directory, const std::vector<std::string>& requested,
    std::chrono::system_clock::time_point now);

}  // namespace lkm::http
