#include "http/tls.hpp"

#include <cstdio>
#include <ctime>
#include <utility>
#include <vector>

#include <openssl/err.h>
#include <openssl/ssl.h>

#include "http/pem.hpp"

namespace lkm::http {
namespace {

// TLS 1.2: forward secrecy (ECDHE) and AEAD ciphers only. TLS 1.3's own suites are all of that.
constexpr const char* kTls12Ciphers =
    "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:"
    "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:"
    "ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305";
constexpr const char* kTls13Suites =
    "TLS_AES_128_GCM_SHA256:TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256";
constexpr const char* kGroups = "X25519:P-256:P-384";

// OpenSSL's reason for the last failure: a fixed phrase, never input data.
std::string openssl_reason() {
  const unsigned long error = ERR_peek_last_error();
  const char* reason = error != 0 ? ERR_reason_error_string(error) : nullptr;
  ERR_clear_error();
  return reason != nullptr ? reason : "unknown reason";
}

bool configure(SSL_CTX* context) {
  SSL_CTX_set_options(context, SSL_OP_NO_COMPRESSION | SSL_OP_NO_RENEGOTIATION);
  SSL_CTX_set_mode(context, SSL_MODE_RELEASE_BUFFERS);  // idle keep-alive connections hold less
  return SSL_CTX_set_min_proto_version(context, TLS1_2_VERSION) == 1 &&
         SSL_CTX_set_max_proto_version(context, TLS1_3_VERSION) == 1 &&
         SSL_CTX_set_cipher_list(context, kTls12Ciphers) == 1 &&
         SSL_CTX_set_ciphersuites(context, kTls13Suites) == 1 &&
         SSL_CTX_set1_groups_list(context, kGroups) == 1;
}

}  // namespace

TlsContext::TlsContext(boost::asio::ssl::context context, CertificateInfo info)
    : context_(std::move(context)), info_(std::move(info)) {}

TlsContext::~TlsContext() = default;

Result<std::shared_ptr<TlsContext>, TlsError> TlsContext::load(
    const std::filesystem::path& certificate_chain, const std::filesystem::path& private_key) {
  using Part = TlsError::Part;
  const std::string chain_name = certificate_chain.string();
  const std::string key_name = private_key.string();

  auto chain_text = pem::read_file(certificate_chain);
  if (!chain_text) return fail(TlsError{Part::certificate, std::move(chain_text).error()});
  const std::vector<openssl::Certificate> chain = pem::certificates(*chain_text);
  if (chain.empty()) {
    return fail(TlsError{Part::certificate, chain_name + " holds no valid PEM certificate"});
  }

  auto key_text = pem::read_file(private_key);
  if (!key_text) return fail(TlsError{Part::key, std::move(key_text).error()});
  const pem::Wipe wipe(*key_text);
  const openssl::Key key = pem::private_key(*key_text);
  if (!key) {
    return fail(TlsError{Part::key, pem::has_encrypted_key(*key_text)
                                        ? key_name +
                                              " holds an encrypted private key; a key with a "
                                              "passphrase is not supported"
                                        : key_name + " holds no valid PEM private key"});
  }
  if (X509_check_private_key(chain.front().get(), key.get()) != 1) {
    ERR_clear_error();
    return fail(TlsError{Part::pair, "the private key in " + key_name +
                                         " does not match the certificate in " + chain_name});
  }

  boost::asio::ssl::context context(boost::asio::ssl::context::tls_server);
  SSL_CTX* native = context.native_handle();
  if (!configure(native)) {
    return fail(TlsError{Part::certificate, "cannot set up TLS: " + openssl_reason()});
  }
  if (SSL_CTX_use_certificate(native, chain.front().get()) != 1) {
    return fail(TlsError{Part::certificate,
                         "cannot use the certificate in " + chain_name + ": " + openssl_reason()});
  }
  for (std::size_t i = 1; i < chain.size(); ++i) {
    if (SSL_CTX_add1_chain_cert(native, chain[i].get()) != 1) {
      return fail(TlsError{Part::certificate, "cannot use the chain certificate #" +
                                                  std::to_string(i + 1) + " in " + chain_name +
                                                  ": " + openssl_reason()});
    }
  }
  if (SSL_CTX_use_PrivateKey(native, key.get()) != 1 || SSL_CTX_check_private_key(native) != 1) {
    return fail(
        TlsError{Part::key, "cannot use the private key in " + key_name + ": " + openssl_reason()});
  }
  CertificateInfo info = pem::describe(*chain.front());
  return std::shared_ptr<TlsContext>(new TlsContext(std::move(context), std::move(info)));
}

std::string colon_hex(std::span<const unsigned char> bytes) {
  static constexpr char kDigits[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(bytes.size() * 3);
  for (const unsigned char byte : bytes) {
    if (!out.empty()) out.push_back(':');
    out.push_back(kDigits[byte >> 4U]);
    out.push_back(kDigits[byte & 0x0FU]);
  }
  return out;
}

std::string utc_text(std::chrono::system_clock::time_point time) {
  const std::time_t seconds = std::chrono::system_clock::to_time_t(time);
  std::tm parts{};
  gmtime_r(&seconds, &parts);
  char text[96];  // room for any int fields, which gmtime_r keeps far smaller
  std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02dZ", parts.tm_year + 1900,
                parts.tm_mon + 1, parts.tm_mday, parts.tm_hour, parts.tm_min, parts.tm_sec);
  return text;
}

}  // namespace lkm::http
