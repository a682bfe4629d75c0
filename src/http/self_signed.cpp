#include "http/self_signed.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <ctime>
#include <string_view>
#include <system_error>
#include <utility>

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/rand.h>

#include "http/openssl_handles.hpp"
#include "http/pem.hpp"

namespace lkm::http {
namespace {

using Part = TlsError::Part;
using SystemClock = std::chrono::system_clock;

// The canonical text of an IP address, nullopt for anything else.
std::optional<std::string> canonical_ip(const std::string& text) {
  unsigned char bytes[16];
  char out[INET6_ADDRSTRLEN];
  for (const int family : {AF_INET, AF_INET6}) {
    if (inet_pton(family, text.c_str(), bytes) == 1 &&
        inet_ntop(family, bytes, out, sizeof out) != nullptr) {
      return std::string(out);
    }
  }
  return std::nullopt;
}

bool covers(X509& certificate, const std::string& name) {
  if (canonical_ip(name)) return X509_check_ip_asc(&certificate, name.c_str(), 0) == 1;
  return X509_check_host(&certificate, name.data(), name.size(),
                         X509_CHECK_FLAG_NO_WILDCARDS | X509_CHECK_FLAG_NEVER_CHECK_SUBJECT,
                         nullptr) == 1;
}

std::string bio_text(BIO& bio) {
  std::string out(BIO_ctrl_pending(&bio), '\0');
  const int n = BIO_read(&bio, out.data(), static_cast<int>(out.size()));
  out.resize(n > 0 ? static_cast<std::size_t>(n) : 0);
  return out;
}

// A random positive 127-bit serial number.
bool set_serial(X509& certificate) {
  unsigned char bytes[16];
  if (RAND_bytes(bytes, sizeof bytes) != 1) return false;
  bytes[0] = static_cast<unsigned char>((bytes[0] & 0x7FU) | 0x01U);
  const openssl::Bignum number(BN_bin2bn(bytes, sizeof bytes, nullptr));
  return number && BN_to_ASN1_INTEGER(number.get(), X509_get_serialNumber(&certificate)) != nullptr;
}

bool set_names(X509& certificate, const std::vector<std::string>& names) {
  X509_NAME* subject = X509_get_subject_name(&certificate);
  const std::string common_name = names.empty() ? "livekit-meet" : names.front().substr(0, 64);
  const auto text = [](const std::string& value) {
    return reinterpret_cast<const unsigned char*>(value.c_str());
  };
  return X509_NAME_add_entry_by_txt(subject, "O", MBSTRING_UTF8, text("livekit-meet"), -1, -1, 0) ==
             1 &&
         X509_NAME_add_entry_by_txt(subject, "CN", MBSTRING_UTF8, text(common_name), -1, -1, 0) ==
             1 &&
         X509_set_issuer_name(&certificate, subject) == 1;
}

bool add_extension(X509& certificate, X509V3_CTX& context, int nid, const char* value) {
  const openssl::Extension extension(X509V3_EXT_conf_nid(nullptr, &context, nid, value));
  return extension && X509_add_ext(&certificate, extension.get(), -1) == 1;
}

bool add_subject_alt_names(X509& certificate, const std::vector<std::string>& names) {
  const openssl::GeneralNames list(GENERAL_NAMES_new());
  if (!list) return false;
  for (const std::string& name : names) {
    GENERAL_NAME* entry = GENERAL_NAME_new();
    if (entry == nullptr) return false;
    if (ASN1_OCTET_STRING* address = a2i_IPADDRESS(name.c_str())) {
      GENERAL_NAME_set0_value(entry, GEN_IPADD, address);
    } else {
      ASN1_IA5STRING* dns = ASN1_IA5STRING_new();
      if (dns == nullptr || ASN1_STRING_set(dns, name.data(), static_cast<int>(name.size())) != 1) {
        ASN1_IA5STRING_free(dns);
        GENERAL_NAME_free(entry);
        return false;
      }
      GENERAL_NAME_set0_value(entry, GEN_DNS, dns);
    }
    if (sk_GENERAL_NAME_push(list.get(), entry) == 0) {
      GENERAL_NAME_free(entry);
      return false;
    }
  }
  return X509_add1_ext_i2d(&certificate, NID_subject_alt_name, list.get(), 0, X509V3_ADD_DEFAULT) ==
         1;
}

// Writes `content` to `path` through a temporary file renamed over it, with `mode`.
std::optional<std::string> write_file(const std::filesystem::path& path, std::string_view content,
                                      mode_t mode) {
  const std::filesystem::path temporary = path.string() + ".new";
  const auto failure = [&](int error) {
    return "cannot write " + path.string() + ": " + std::generic_category().message(error);
  };
  ::unlink(temporary.c_str());
  const int fd =
      ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, mode);
  if (fd < 0) return failure(errno);
  int error = ::fchmod(fd, mode) == 0 ? 0 : errno;
  while (error == 0 && !content.empty()) {
    const ssize_t n = ::write(fd, content.data(), content.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      error = n < 0 ? errno : EIO;
      break;
    }
    content.remove_prefix(static_cast<std::size_t>(n));
  }
  if (error == 0 && ::fsync(fd) != 0) error = errno;
  if (::close(fd) != 0 && error == 0) error = errno;
  if (error == 0 && ::rename(temporary.c_str(), path.c_str()) != 0) error = errno;
  if (error != 0) {
    ::unlink(temporary.c_str());
    return failure(error);
  }
  return std::nullopt;
}

}  // namespace

std::vector<std::string> self_signed_names(const std::vector<std::string>& requested) {
  std::vector<std::string> out;
  const auto add = [&out](const std::string& name) {
    std::string normal;
    if (auto ip = canonical_ip(name)) {
      normal = std::move(*ip);
    } else {
      normal = name;
      std::transform(normal.begin(), normal.end(), normal.begin(), [](unsigned char c) {
        return static_cast<char>(c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c);
      });
    }
    if (!normal.empty() && std::find(out.begin(), out.end(), normal) == out.end()) {
      out.push_back(std::move(normal));
    }
  };
  for (const std::string& name : requested) add(name);
  for (const char* name : {"localhost", "127.0.0.1", "::1"}) add(name);
  return out;
}

Result<SelfSignedPem, TlsError> generate_self_signed(const std::vector<std::string>& names,
                                                     SystemClock::time_point now,
                                                     std::chrono::days validity) {
  const auto failed = [](const char* what) {
    ERR_clear_error();
    return fail(TlsError{Part::certificate,
                         std::string("cannot create a self-signed certificate: ") + what});
  };
  const openssl::Key key(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256"));
  if (!key) return failed("no P-256 key");
  const openssl::Certificate certificate(X509_new());
  if (!certificate) return failed("out of memory");
  X509& cert = *certificate;
  const std::time_t from = SystemClock::to_time_t(now - std::chrono::hours(1));
  const std::time_t until = SystemClock::to_time_t(now + validity);
  if (X509_set_version(&cert, X509_VERSION_3) != 1 || !set_serial(cert) ||
      ASN1_TIME_set(X509_getm_notBefore(&cert), from) == nullptr ||
      ASN1_TIME_set(X509_getm_notAfter(&cert), until) == nullptr || !set_names(cert, names) ||
      X509_set_pubkey(&cert, key.get()) != 1) {
    return failed("cannot fill in the certificate");
  }
  X509V3_CTX context;
  X509V3_set_ctx_nodb(&context);
  X509V3_set_ctx(&context, &cert, &cert, nullptr, nullptr, 0);
  if (!add_extension(cert, context, NID_basic_constraints, "critical,CA:FALSE") ||
      !add_extension(cert, context, NID_key_usage, "critical,digitalSignature") ||
      !add_extension(cert, context, NID_ext_key_usage, "serverAuth") ||
      !add_extension(cert, context, NID_subject_key_identifier, "hash") ||
      !add_subject_alt_names(cert, names)) {
    return failed("cannot add its extensions");
  }
  if (X509_sign(&cert, key.get(), EVP_sha256()) <= 0) return failed("cannot sign it");

  const openssl::Bio certificate_out(BIO_new(BIO_s_mem()));
  const openssl::Bio key_out(BIO_new(BIO_s_mem()));
  if (!certificate_out || !key_out || PEM_write_bio_X509(certificate_out.get(), &cert) != 1 ||
      PEM_write_bio_PrivateKey(key_out.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr) !=
          1) {
    return failed("cannot write it as PEM");
  }
  return SelfSignedPem{bio_text(*certificate_out), Secret(bio_text(*key_out))};
}

std::optional<std::string> self_signed_unusable(const std::filesystem::path& certificate_file,
                                                const std::filesystem::path& key_file,
                                                const std::vector<std::string>& names,
                                                SystemClock::time_point now) {
  std::error_code ec;
  if (!std::filesystem::exists(certificate_file, ec) || !std::filesystem::exists(key_file, ec)) {
    return "there was none";
  }
  auto certificate_text = pem::read_file(certificate_file);
  auto key_text = pem::read_file(key_file);
  if (!certificate_text) return std::move(certificate_text).error();
  if (!key_text) return std::move(key_text).error();
  const pem::Wipe wipe(*key_text);
  const auto chain = pem::certificates(*certificate_text);
  if (chain.empty()) return certificate_file.string() + " holds no valid certificate";
  const openssl::Key key = pem::private_key(*key_text);
  if (!key) return key_file.string() + " holds no valid private key";
  X509& certificate = *chain.front();
  if (X509_check_private_key(&certificate, key.get()) != 1) {
    ERR_clear_error();
    return "the previous one does not match its key";
  }
  for (const std::string& name : names) {
    if (!covers(certificate, name)) return "the previous one does not cover " + name;
  }
  const CertificateInfo info = pem::describe(certificate);
  if (info.not_before > now)
    return "the previous one is not valid before " + utc_text(info.not_before);
  if (info.not_after <= now) return "the previous one expired on " + utc_text(info.not_after);
  if (info.not_after - now < kSelfSignedRenewal)
    return "the previous one expires on " + utc_text(info.not_after);
  return std::nullopt;
}

Result<SelfSigned, TlsError> ensure_self_signed(const std::filesystem::path& directory,
                                                const std::vector<std::string>& requested,
                                                SystemClock::time_point now) {
  const std::vector<std::string> names = self_signed_names(requested);
  SelfSigned out{directory / kSelfSignedCertificateFile, directory / kSelfSignedKeyFile, {}};
  auto why = self_signed_unusable(out.certificate_file, out.key_file, names, now);
  if (!why) return out;

  std::error_code ec;
  std::filesystem::create_directories(directory, ec);
  if (ec) {
    return fail(
        TlsError{Part::certificate, "cannot create " + directory.string() + ": " + ec.message()});
  }
  auto generated = generate_self_signed(names, now);
  if (!generated) return fail(std::move(generated).error());
  // The key first: a certificate is never left beside a key that is not its own for long.
  if (auto error = write_file(out.key_file, generated->key.reveal(), 0600)) {
    return fail(TlsError{Part::key, std::move(*error)});
  }
  if (auto error = write_file(out.certificate_file, generated->certificate, 0644)) {
    return fail(TlsError{Part::certificate, std::move(*error)});
  }
  out.created_because = std::move(*why);
  return out;
}

}  // namespace lkm::http
