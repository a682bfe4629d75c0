#pragma once
// Temporary directories, files and certificate helpers for the TLS tests.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <set>
#include <string>

#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include "http/self_signed.hpp"

namespace lkm::http::testing_support {

class TempDir {
 public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "lkm-tls-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    path_ = pattern;
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  [[nodiscard]] const std::filesystem::path& path() const { return path_; }
  [[nodiscard]] std::filesystem::path operator/(const std::string& name) const {
    return path_ / name;
  }

 private:
  std::filesystem::path path_;
};

inline void write_text(const std::filesystem::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
}

inline std::string read_text(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

struct X509Free {
  void operator()(X509* certificate) const { X509_free(certificate); }
};
using CertificatePtr = std::unique_ptr<X509, X509Free>;

inline CertificatePtr parse_certificate(const std::string& pem) {
  BIO* bio = BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size()));
  CertificatePtr certificate(PEM_read_bio_X509(bio, nullptr, nullptr, nullptr));
  BIO_free(bio);
  return certificate;
}

// The subjectAltName entries as "DNS:name" and "IP:address" (addresses in canonical text).
inline std::set<std::string> alt_names(X509& certificate) {
  std::set<std::string> out;
  auto* names = static_cast<GENERAL_NAMES*>(
      X509_get_ext_d2i(&certificate, NID_subject_alt_name, nullptr, nullptr));
  if (names == nullptr) return out;
  for (int i = 0; i < sk_GENERAL_NAME_num(names); ++i) {
    const GENERAL_NAME* name = sk_GENERAL_NAME_value(names, i);
    if (name->type == GEN_DNS) {
      const ASN1_STRING* dns = name->d.dNSName;
      out.insert("DNS:" + std::string(reinterpret_cast<const char*>(ASN1_STRING_get0_data(dns)),
                                      static_cast<std::size_t>(ASN1_STRING_length(dns))));
    } else if (name->type == GEN_IPADD) {
      const ASN1_OCTET_STRING* address = name->d.iPAddress;
      const int length = ASN1_STRING_length(address);
      char text[INET6_ADDRSTRLEN] = {};
      inet_ntop(length == 4 ? AF_INET : AF_INET6, ASN1_STRING_get0_data(address), text,
                sizeof text);
      out.insert(std::string("IP:") + text);
    }
  }
  GENERAL_NAMES_free(names);
  return out;
}

// A self-signed pair written to <dir>/<stem>.crt and <dir>/<stem>.key.
struct PairFiles {
  std::filesystem::path certificate;
  std::filesystem::path key;
};
inline PairFiles write_pair(const TempDir& dir, const std::string& stem,
                            const std::vector<std::string>& names = {"localhost"}) {
  auto pem = generate_self_signed(names, std::chrono::system_clock::now());
  EXPECT_TRUE(pem);
  PairFiles files{dir / (stem + ".crt"), dir / (stem + ".key")};
  write_text(files.certificate, pem->certificate);
  write_text(files.key, std::string(pem->key.reveal()));
  return files;
}

}  // namespace lkm::http::testing_support
