#include "http/pem.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <ctime>
#include <optional>
#include <system_error>

#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

namespace lkm::http::pem {
namespace {

openssl::Bio memory_bio(std::string_view text) {
  return openssl::Bio(BIO_new_mem_buf(text.data(), static_cast<int>(text.size())));
}

// No passphrase prompt, ever: an encrypted key is refused.
int no_passphrase(char* /*buffer*/, int /*size*/, int /*rwflag*/, void* /*user*/) {
  return -1;
}

std::chrono::system_clock::time_point to_time_point(const ASN1_TIME* time) {
  std::tm parts{};
  if (time == nullptr || ASN1_TIME_to_tm(time, &parts) != 1) return {};
  return std::chrono::system_clock::from_time_t(timegm(&parts));
}

// A subjectAltName DNS name as a host name in lower case (a leading "*." kept), nullopt when it
// holds anything else.
std::optional<std::string> dns_name(const ASN1_STRING* value) {
  const int length = ASN1_STRING_length(value);
  if (length <= 0 || length > 253) return std::nullopt;
  std::string name(reinterpret_cast<const char*>(ASN1_STRING_get0_data(value)),
                   static_cast<std::size_t>(length));
  for (char& c : name) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + ('a' - 'A'));
    const bool allowed =
        (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '*';
    if (!allowed) return std::nullopt;
  }
  return name;
}

std::optional<std::string> ip_text(const ASN1_OCTET_STRING* value) {
  const int length = ASN1_STRING_length(value);
  const int family = length == 4 ? AF_INET : length == 16 ? AF_INET6 : 0;
  if (family == 0) return std::nullopt;
  char text[INET6_ADDRSTRLEN];
  if (inet_ntop(family, ASN1_STRING_get0_data(value), text, sizeof text) == nullptr) {
    return std::nullopt;
  }
  return std::string(text);
}

std::vector<std::string> alt_names(X509& certificate) {
  std::vector<std::string> out;
  const openssl::GeneralNames names(static_cast<GENERAL_NAMES*>(
      X509_get_ext_d2i(&certificate, NID_subject_alt_name, nullptr, nullptr)));
  if (!names) return out;
  for (int i = 0; i < sk_GENERAL_NAME_num(names.get()); ++i) {
    const GENERAL_NAME* entry = sk_GENERAL_NAME_value(names.get(), i);
    std::optional<std::string> name;
    if (entry->type == GEN_DNS) name = dns_name(entry->d.dNSName);
    if (entry->type == GEN_IPADD) name = ip_text(entry->d.iPAddress);
    if (name) out.push_back(std::move(*name));
  }
  return out;
}

}  // namespace

Result<std::string, std::string> read_file(const std::filesystem::path& path) {
  const std::string name = path.string();
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    return fail("cannot read " + name + ": " + std::generic_category().message(errno));
  }
  struct Closer {
    explicit Closer(int fd_in) : fd(fd_in) {}
    int fd;
    Closer(const Closer&) = delete;
    Closer& operator=(const Closer&) = delete;
    ~Closer() { ::close(fd); }
  } closer{fd};
  struct stat info {};
  if (::fstat(fd, &info) != 0 || !S_ISREG(info.st_mode)) {
    return fail("cannot read " + name + ": not a regular file");
  }
  std::string content;
  // Room for the whole file at once, so that no copy of key material is left behind by a growth.
  content.reserve(
      std::min(static_cast<std::size_t>(std::max<off_t>(info.st_size, 0)), kMaxFileBytes) + 1);
  char chunk[8192];
  for (;;) {
    const ssize_t n = ::read(fd, chunk, sizeof chunk);
    if (n < 0) {
      if (errno == EINTR) continue;
      const int error = errno;
      Wipe wipe{content};
      return fail("cannot read " + name + ": " + std::generic_category().message(error));
    }
    if (n == 0) break;
    if (content.size() + static_cast<std::size_t>(n) > kMaxFileBytes) {
      Wipe wipe{content};
      return fail(name + " is larger than 1 MiB");
    }
    content.append(chunk, static_cast<std::size_t>(n));
  }
  OPENSSL_cleanse(chunk, sizeof chunk);
  if (content.empty()) return fail(name + " is empty");
  return content;
}

std::vector<openssl::Certificate> certificates(std::string_view text) {
  std::vector<openssl::Certificate> out;
  const openssl::Bio bio = memory_bio(text);
  if (!bio) return out;
  for (;;) {
    openssl::Certificate certificate(PEM_read_bio_X509(bio.get(), nullptr, no_passphrase, nullptr));
    if (!certificate) break;
    out.push_back(std::move(certificate));
  }
  // The loop ends on "no more PEM blocks" (expected) or on a malformed one (refused).
  const unsigned long error = ERR_peek_last_error();
  if (error != 0 &&
      !(ERR_GET_LIB(error) == ERR_LIB_PEM && ERR_GET_REASON(error) == PEM_R_NO_START_LINE)) {
    out.clear();
  }
  ERR_clear_error();
  return out;
}

openssl::Key private_key(std::string_view text) {
  const openssl::Bio bio = memory_bio(text);
  if (!bio) return {};
  openssl::Key key(PEM_read_bio_PrivateKey(bio.get(), nullptr, no_passphrase, nullptr));
  ERR_clear_error();
  return key;
}

bool has_encrypted_key(std::string_view text) {
  return text.find("-----BEGIN ENCRYPTED PRIVATE KEY-----") != std::string_view::npos ||
         text.find("Proc-Type: 4,ENCRYPTED") != std::string_view::npos;
}

CertificateInfo describe(X509& certificate) {
  CertificateInfo info;
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (X509_digest(&certificate, EVP_sha256(), digest, &length) == 1) {
    info.fingerprint = colon_hex(std::span<const unsigned char>(digest, length));
  }
  info.not_before = to_time_point(X509_get0_notBefore(&certificate));
  info.not_after = to_time_point(X509_get0_notAfter(&certificate));
  info.names = alt_names(certificate);
  ERR_clear_error();
  return info;
}

Wipe::~Wipe() {
  if (!text.empty()) OPENSSL_cleanse(text.data(), text.size());
}

}  // namespace lkm::http::pem
