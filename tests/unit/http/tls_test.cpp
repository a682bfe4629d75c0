// TlsContext: loading a certificate chain and key, the errors when they cannot be used, and the
// protocol settings of every context.
#include "http/tls.hpp"

#include <gtest/gtest.h>

#include <regex>

#include <openssl/evp.h>
#include <openssl/ssl.h>

#include "tls_support.hpp"

namespace lkm::http::testing_support {
namespace {

using Part = TlsError::Part;

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST(ColonHex, WritesUpperCaseHexPairsJoinedByColons) {
  const unsigned char bytes[] = {0x0a, 0xff, 0x00, 0x7e};
  EXPECT_EQ(colon_hex(bytes), "0A:FF:00:7E");
  EXPECT_EQ(colon_hex({}), "");
}

TEST(UtcText, WritesIso8601InUtc) {
  EXPECT_EQ(utc_text(std::chrono::system_clock::from_time_t(1'800'000'000)),
            "2027-01-15T08:00:00Z");
}

TEST(TlsContext, LoadsAPairAndDescribesItsCertificate) {
  const TempDir dir;
  const PairFiles pair = write_pair(dir, "server");
  const auto context = TlsContext::load(pair.certificate, pair.key);
  ASSERT_TRUE(context) << context.error().message;
  const CertificateInfo& info = (*context)->certificate();

  // The SHA-256 of the DER certificate, as browsers show it.
  EXPECT_TRUE(std::regex_match(info.fingerprint, std::regex("([0-9A-F]{2}:){31}[0-9A-F]{2}")))
      << info.fingerprint;
  const CertificatePtr certificate = parse_certificate(read_text(pair.certificate));
  ASSERT_TRUE(certificate);
  unsigned char* der = nullptr;
  const int length = i2d_X509(certificate.get(), &der);
  ASSERT_GT(length, 0);
  unsigned char digest[32];
  unsigned int digest_length = 0;
  ASSERT_EQ(EVP_Digest(der, static_cast<std::size_t>(length), digest, &digest_length, EVP_sha256(),
                       nullptr),
            1);
  OPENSSL_free(der);
  EXPECT_EQ(info.fingerprint, colon_hex(std::span<const unsigned char>(digest, digest_length)));

  const auto now = std::chrono::system_clock::now();
  EXPECT_LT(info.not_before, now);
  EXPECT_GT(info.not_after, now + std::chrono::days(360));
  EXPECT_LT(info.not_after, now + std::chrono::days(366));
}

TEST(TlsContext, LoadsAChainWithTheLeafFirst) {
  const TempDir dir;
  const PairFiles leaf = write_pair(dir, "leaf");
  const PairFiles other = write_pair(dir, "other");
  write_text(dir / "chain.pem", read_text(leaf.certificate) + read_text(other.certificate));
  const auto alone = TlsContext::load(leaf.certificate, leaf.key);
  const auto chained = TlsContext::load(dir / "chain.pem", leaf.key);
  ASSERT_TRUE(alone);
  ASSERT_TRUE(chained) << chained.error().message;
  EXPECT_EQ((*chained)->certificate().fingerprint, (*alone)->certificate().fingerprint);
  STACK_OF(X509)* extra = nullptr;
  ASSERT_EQ(SSL_CTX_get0_chain_certs((*chained)->native().native_handle(), &extra), 1);
  ASSERT_NE(extra, nullptr);
  EXPECT_EQ(sk_X509_num(extra), 1);
}

TEST(TlsContext, NamesAMissingFile) {
  const TempDir dir;
  const PairFiles pair = write_pair(dir, "server");
  const auto no_cert = TlsContext::load(dir / "absent.crt", pair.key);
  ASSERT_FALSE(no_cert);
  EXPECT_EQ(no_cert.error().part, Part::certificate);
  EXPECT_EQ(no_cert.error().message,
            "cannot read " + (dir / "absent.crt").string() + ": No such file or directory");
  const auto no_key = TlsContext::load(pair.certificate, dir / "absent.key");
  ASSERT_FALSE(no_key);
  EXPECT_EQ(no_key.error().part, Part::key);
  EXPECT_TRUE(contains(no_key.error().message, (dir / "absent.key").string()));
}

TEST(TlsContext, RefusesADirectoryAndAnEmptyFile) {
  const TempDir dir;
  const PairFiles pair = write_pair(dir, "server");
  const auto directory = TlsContext::load(dir.path(), pair.key);
  ASSERT_FALSE(directory);
  EXPECT_TRUE(contains(directory.error().message, "not a regular file"));
  write_text(dir / "empty.crt", "");
  const auto empty = TlsContext::load(dir / "empty.crt", pair.key);
  ASSERT_FALSE(empty);
  EXPECT_EQ(empty.error().message, (dir / "empty.crt").string() + " is empty");
}

TEST(TlsContext, RefusesFilesWithoutPemAndNeverEchoesThem) {
  const TempDir dir;
  const PairFiles pair = write_pair(dir, "server");
  write_text(dir / "garbage.pem",
             "-----BEGIN PRIVATE KEY-----\nTOPSECRETKEYMATERIAL\n-----END PRIVATE KEY-----\n");
  const auto bad_cert = TlsContext::load(dir / "garbage.pem", pair.key);
  ASSERT_FALSE(bad_cert);
  EXPECT_EQ(bad_cert.error().part, Part::certificate);
  EXPECT_EQ(bad_cert.error().message,
            (dir / "garbage.pem").string() + " holds no valid PEM certificate");
  const auto bad_key = TlsContext::load(pair.certificate, dir / "garbage.pem");
  ASSERT_FALSE(bad_key);
  EXPECT_EQ(bad_key.error().part, Part::key);
  EXPECT_EQ(bad_key.error().message,
            (dir / "garbage.pem").string() + " holds no valid PEM private key");
  EXPECT_FALSE(contains(bad_key.error().message, "TOPSECRET"));
  // The certificate where the key should be, and the other way round.
  EXPECT_FALSE(TlsContext::load(pair.certificate, pair.certificate));
  EXPECT_FALSE(TlsContext::load(pair.key, pair.key));
}

TEST(TlsContext, RefusesAKeyThatIsNotTheCertificates) {
  const TempDir dir;
  const PairFiles one = write_pair(dir, "one");
  const PairFiles two = write_pair(dir, "two");
  const auto mismatched = TlsContext::load(one.certificate, two.key);
  ASSERT_FALSE(mismatched);
  EXPECT_EQ(mismatched.error().part, Part::pair);
  EXPECT_EQ(mismatched.error().message, "the private key in " + two.key.string() +
                                            " does not match the certificate in " +
                                            one.certificate.string());
}

TEST(TlsContext, RefusesAnEncryptedKeyWithoutAskingForAPassphrase) {
  const TempDir dir;
  const PairFiles pair = write_pair(dir, "server");
  const std::string key_text = read_text(pair.key);
  BIO* in = BIO_new_mem_buf(key_text.data(), static_cast<int>(key_text.size()));
  EVP_PKEY* key = PEM_read_bio_PrivateKey(in, nullptr, nullptr, nullptr);
  BIO_free(in);
  ASSERT_NE(key, nullptr);
  BIO* out = BIO_new(BIO_s_mem());
  static const char kPassphrase[] = "correct horse";
  ASSERT_EQ(
      PEM_write_bio_PKCS8PrivateKey(out, key, EVP_aes_256_cbc(), kPassphrase,
                                    static_cast<int>(sizeof kPassphrase - 1), nullptr, nullptr),
      1);
  EVP_PKEY_free(key);
  char* data = nullptr;
  const long length = BIO_get_mem_data(out, &data);
  write_text(dir / "encrypted.key", std::string(data, static_cast<std::size_t>(length)));
  BIO_free(out);

  const auto loaded = TlsContext::load(pair.certificate, dir / "encrypted.key");
  ASSERT_FALSE(loaded);
  EXPECT_EQ(loaded.error().part, Part::key);
  EXPECT_TRUE(contains(loaded.error().message, "encrypted private key"));
}

TEST(TlsContext, AllowsOnlyTls12And13WithModernCiphers) {
  const TempDir dir;
  const PairFiles pair = write_pair(dir, "server");
  const auto context = TlsContext::load(pair.certificate, pair.key);
  ASSERT_TRUE(context);
  SSL_CTX* native = (*context)->native().native_handle();
  EXPECT_EQ(SSL_CTX_get_min_proto_version(native), TLS1_2_VERSION);
  EXPECT_EQ(SSL_CTX_get_max_proto_version(native), TLS1_3_VERSION);
  const auto options = SSL_CTX_get_options(native);
  EXPECT_NE(options & SSL_OP_NO_COMPRESSION, 0U);
  EXPECT_NE(options & SSL_OP_NO_RENEGOTIATION, 0U);

  const STACK_OF(SSL_CIPHER)* ciphers = SSL_CTX_get_ciphers(native);
  ASSERT_NE(ciphers, nullptr);
  int tls12 = 0;
  for (int i = 0; i < sk_SSL_CIPHER_num(ciphers); ++i) {
    const SSL_CIPHER* cipher = sk_SSL_CIPHER_value(ciphers, i);
    const std::string name = SSL_CIPHER_get_name(cipher);
    if (name.starts_with("TLS_")) continue;  // TLS 1.3 suites: all AEAD with forward secrecy
    ++tls12;
    EXPECT_EQ(SSL_CIPHER_get_kx_nid(cipher), NID_kx_ecdhe) << name;
    EXPECT_EQ(SSL_CIPHER_is_aead(cipher), 1) << name;
    EXPECT_TRUE(contains(name, "GCM") || contains(name, "CHACHA20")) << name;
  }
  EXPECT_EQ(tls12, 6);
}

}  // namespace
}  // namespace lkm::http::testing_support
