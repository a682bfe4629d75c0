// The self-signed certificate of --tls-self-signed: what it holds, and when it is reused.
#include "http/self_signed.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <openssl/ec.h>
#include <openssl/evp.h>

#include "tls_support.hpp"

namespace lkm::http::testing_support {
namespace {

using SystemClock = std::chrono::system_clock;

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

EVP_PKEY* parse_key(const std::string& pem) {
  BIO* bio = BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size()));
  EVP_PKEY* key = PEM_read_bio_PrivateKey(bio, nullptr, nullptr, nullptr);
  BIO_free(bio);
  return key;
}

std::string fingerprint_of(const std::filesystem::path& certificate,
                           const std::filesystem::path& key) {
  const auto context = TlsContext::load(certificate, key);
  return context ? (*context)->certificate().fingerprint : std::string();
}

TEST(SelfSignedNames, AddLocalNamesAndDropRepeats) {
  EXPECT_EQ(self_signed_names({}), (std::vector<std::string>{"localhost", "127.0.0.1", "::1"}));
  EXPECT_EQ(self_signed_names(
                {"Meet.LAN", "192.168.1.20", "meet.lan", "0:0::0001", "LOCALHOST", "fe80:0::A"}),
            (std::vector<std::string>{"meet.lan", "192.168.1.20", "::1", "localhost", "fe80::a",
                                      "127.0.0.1"}));
}

TEST(SelfSigned, HoldsAnEcP256KeyAndACertificateForEveryName) {
  const auto now = SystemClock::now();
  const auto pem =
      generate_self_signed(self_signed_names({"meet.lan", "192.168.1.20", "fd00::20"}), now);
  ASSERT_TRUE(pem) << pem.error().message;
  const CertificatePtr certificate = parse_certificate(pem->certificate);
  ASSERT_TRUE(certificate);
  EVP_PKEY* key = parse_key(std::string(pem->key.reveal()));
  ASSERT_NE(key, nullptr);

  // The key is the certificate's, an EC P-256 key, and signed the certificate itself.
  EXPECT_EQ(X509_check_private_key(certificate.get(), key), 1);
  EXPECT_EQ(EVP_PKEY_get_base_id(key), EVP_PKEY_EC);
  char group[64] = {};
  std::size_t group_length = 0;
  ASSERT_EQ(EVP_PKEY_get_group_name(key, group, sizeof group, &group_length), 1);
  EXPECT_EQ(std::string(group), "prime256v1");
  EXPECT_EQ(X509_verify(certificate.get(), key), 1);
  EVP_PKEY_free(key);

  EXPECT_EQ(alt_names(*certificate),
            (std::set<std::string>{"DNS:meet.lan", "DNS:localhost", "IP:192.168.1.20",
                                   "IP:127.0.0.1", "IP:fd00::20", "IP:::1"}));
  // A server certificate, not a CA: browsers accept it after one warning.
  EXPECT_EQ(X509_check_ca(certificate.get()), 0);
  EXPECT_NE(X509_get_extended_key_usage(certificate.get()) & XKU_SSL_SERVER, 0U);
  EXPECT_EQ(X509_get_version(certificate.get()), X509_VERSION_3);

  time_t in_a_year = SystemClock::to_time_t(now + std::chrono::days(365));
  time_t in_364_days = SystemClock::to_time_t(now + std::chrono::days(364));
  time_t an_hour_ago = SystemClock::to_time_t(now - std::chrono::minutes(59));
  EXPECT_LE(X509_cmp_time(X509_get0_notAfter(certificate.get()), &in_a_year), 0);
  EXPECT_GT(X509_cmp_time(X509_get0_notAfter(certificate.get()), &in_364_days), 0);
  EXPECT_LT(X509_cmp_time(X509_get0_notBefore(certificate.get()), &an_hour_ago), 0);
}

TEST(SelfSigned, IsWrittenOnceAndReusedWhileItCoversTheNames) {
  const TempDir dir;
  const auto now = SystemClock::now();
  const auto first = ensure_self_signed(dir.path() / "data", {"meet.lan", "10.0.0.5"}, now);
  ASSERT_TRUE(first) << first.error().message;
  EXPECT_EQ(first->created_because, "there was none");
  EXPECT_EQ(first->certificate_file, dir.path() / "data" / "self-signed.crt");
  EXPECT_EQ(first->key_file, dir.path() / "data" / "self-signed.key");
  struct stat key_info {};
  ASSERT_EQ(::stat(first->key_file.c_str(), &key_info), 0);
  EXPECT_EQ(key_info.st_mode & 0777U, 0600U);
  const std::string fingerprint = fingerprint_of(first->certificate_file, first->key_file);
  ASSERT_FALSE(fingerprint.empty());

  // The same names, fewer names, the same names written otherwise: the pair stays.
  for (const std::vector<std::string>& names :
       {std::vector<std::string>{"meet.lan", "10.0.0.5"}, std::vector<std::string>{"10.0.0.5"},
        std::vector<std::string>{"MEET.lan"}, std::vector<std::string>{}}) {
    const auto again = ensure_self_signed(dir.path() / "data", names, now + std::chrono::days(1));
    ASSERT_TRUE(again);
    EXPECT_EQ(again->created_because, "");
    EXPECT_EQ(fingerprint_of(again->certificate_file, again->key_file), fingerprint);
  }
}

TEST(SelfSigned, IsMadeAnewForANameItDoesNotCover) {
  const TempDir dir;
  const auto now = SystemClock::now();
  ASSERT_TRUE(ensure_self_signed(dir.path(), {"meet.lan"}, now));
  const std::string before =
      fingerprint_of(dir / kSelfSignedCertificateFile, dir / kSelfSignedKeyFile);
  const auto renewed = ensure_self_signed(dir.path(), {"meet.lan", "192.168.1.7"}, now);
  ASSERT_TRUE(renewed);
  EXPECT_EQ(renewed->created_because, "the previous one does not cover 192.168.1.7");
  const std::string after = fingerprint_of(renewed->certificate_file, renewed->key_file);
  EXPECT_FALSE(after.empty());
  EXPECT_NE(after, before);
  const CertificatePtr certificate = parse_certificate(read_text(renewed->certificate_file));
  EXPECT_TRUE(alt_names(*certificate).contains("IP:192.168.1.7"));
  EXPECT_TRUE(alt_names(*certificate).contains("DNS:meet.lan"));
}

TEST(SelfSigned, IsMadeAnewWhenAboutToExpire) {
  const TempDir dir;
  const auto now = SystemClock::now();
  ASSERT_TRUE(ensure_self_signed(dir.path(), {}, now));
  const auto later = ensure_self_signed(dir.path(), {}, now + std::chrono::days(300));
  ASSERT_TRUE(later);
  EXPECT_EQ(later->created_because, "");
  const auto near_expiry = ensure_self_signed(dir.path(), {}, now + std::chrono::days(340));
  ASSERT_TRUE(near_expiry);
  EXPECT_TRUE(contains(near_expiry->created_because, "the previous one expires on "))
      << near_expiry->created_because;
  // The new one runs a year from the time it was made.
  const CertificatePtr certificate = parse_certificate(read_text(near_expiry->certificate_file));
  time_t in_600_days = SystemClock::to_time_t(now + std::chrono::days(600));
  EXPECT_GT(X509_cmp_time(X509_get0_notAfter(certificate.get()), &in_600_days), 0);
}

TEST(SelfSigned, IsMadeAnewWhenTheFilesAreDamagedOrDoNotMatch) {
  const TempDir dir;
  const auto now = SystemClock::now();
  ASSERT_TRUE(ensure_self_signed(dir.path(), {}, now));
  const PairFiles other = write_pair(dir, "other");
  std::filesystem::copy_file(other.key, dir / kSelfSignedKeyFile,
                             std::filesystem::copy_options::overwrite_existing);
  const auto mismatched = ensure_self_signed(dir.path(), {}, now);
  ASSERT_TRUE(mismatched);
  EXPECT_EQ(mismatched->created_because, "the previous one does not match its key");
  EXPECT_FALSE(fingerprint_of(mismatched->certificate_file, mismatched->key_file).empty());

  write_text(dir / kSelfSignedCertificateFile, "not a certificate");
  const auto damaged = ensure_self_signed(dir.path(), {}, now);
  ASSERT_TRUE(damaged);
  EXPECT_TRUE(contains(damaged->created_because, "holds no valid certificate"));
  EXPECT_FALSE(fingerprint_of(damaged->certificate_file, damaged->key_file).empty());
}

TEST(SelfSigned, SaysWhyWhenTheDirectoryCannotBeMade) {
  const TempDir dir;
  write_text(dir / "file", "x");
  const auto result = ensure_self_signed(dir / "file" / "sub", {}, SystemClock::now());
  ASSERT_FALSE(result);
  EXPECT_TRUE(contains(result.error().message, "cannot create " + (dir / "file" / "sub").string()))
      << result.error().message;
}

}  // namespace
}  // namespace lkm::http::testing_support
