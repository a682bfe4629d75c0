#include "services/credentials.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "auth/base64url.hpp"

namespace lkm::services {
namespace {

const Secret kApiSecret("a-secret-long-enough-for-livekit-000000");
constexpr std::string_view kRandom = "abcdefghijklmnopqrstuvwxyz012345";
constexpr std::int64_t kExpires = 1'800'043'200;

std::string hex(std::string_view bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  for (const char c : bytes) {
    const auto byte = static_cast<unsigned char>(c);
    out += kDigits[byte >> 4U];
    out += kDigits[byte & 0xFU];
  }
  return out;
}

bool is_lower_hex(std::string_view text) {
  for (const char c : text) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

// Replaces the character at `index` by another of the base64url alphabet.
std::string flipped(std::string value, std::size_t index) {
  value.at(index) = value.at(index) == 'A' ? 'B' : 'A';
  return value;
}

TEST(AccessKeys, AreHmacsOfTheApiSecretWithOneLabelEach) {
  const AccessKeys keys = AccessKeys::derive(kApiSecret);
  EXPECT_EQ(hex(keys.host.reveal()),
            "f868dfa7d12006c06748ce10732bc2e3c65b892677cd8ad0eddd13159f072397");
  // The session key's label ends with the organizer password hash (none here).
  EXPECT_EQ(hex(keys.session.reveal()),
            "4a36215eab999a1ae3524541393ded6ea530eef38e3e064362bcf50b340f52cd");
  EXPECT_EQ(hex(keys.postfix.reveal()),
            "b024bd288f120c2f845db6372193e575f4b7500e5539dfb565bc89a0b90747db");
  EXPECT_EQ(signed_postfix(keys, "ab12"), "ab12.tm_-6NmK0BeAupudodee47R7EiQM_00_XHnl7P6tnt0");
}

TEST(AccessKeys, AreDeterministicAndDifferPerLabelAndPerSecret) {
  const AccessKeys first = AccessKeys::derive(kApiSecret);
  const AccessKeys again = AccessKeys::derive(kApiSecret);
  EXPECT_EQ(first.host.reveal(), again.host.reveal());
  EXPECT_EQ(first.session.reveal(), again.session.reveal());
  EXPECT_EQ(first.host.size(), 32U);
  EXPECT_EQ(first.session.size(), 32U);
  EXPECT_NE(first.host.reveal(), first.session.reveal());
  const AccessKeys other = AccessKeys::derive(Secret("another-secret-long-enough-for-livekit-0"));
  EXPECT_NE(first.host.reveal(), other.host.reveal());
  EXPECT_NE(first.session.reveal(), other.session.reveal());
}

TEST(HostCookieName, IsSixteenHexDigitsOfTheRoomsHash) {
  EXPECT_EQ(host_cookie_name("standup"), "lkm_host_c0fbdc38b1762851");
  EXPECT_EQ(host_cookie_name("standup"), host_cookie_name("standup"));
  for (const char* room : {"a", "Standup", "standup2", "x.y~z_w-v"}) {
    const std::string name = host_cookie_name(room);
    ASSERT_TRUE(name.starts_with("lkm_host_")) << name;
    const std::string digits = name.substr(9);
    EXPECT_EQ(digits.size(), 16U) << name;
    EXPECT_TRUE(is_lower_hex(digits)) << name;
    EXPECT_NE(name, host_cookie_name("standup")) << room;
  }
}

TEST(HostCredential, IsTheRandomPartAndItsSignatureAndStoresTheRandomPartsHash) {
  const AccessKeys keys = AccessKeys::derive(kApiSecret);
  const IssuedCredential issued = issue_host_credential(keys, "standup", kRandom);
  EXPECT_EQ(issued.cookie_value,
            "abcdefghijklmnopqrstuvwxyz012345.6QeuzmLPsUBFUHq1CR1ODJuzdmmIM6nObf4VP1aruKU");
  EXPECT_EQ(issued.stored_hash, "653bb1245e828fcda4fa53fcd5a3def5bd7654e651f54b4132b73d74e64435c4");
  EXPECT_EQ(issued.cookie_value.find(issued.stored_hash), std::string::npos);
}

TEST(HostCredential, ASignedCookieYieldsTheStoredHash) {
  const AccessKeys keys = AccessKeys::derive(kApiSecret);
  const IssuedCredential issued = issue_host_credential(keys, "standup", kRandom);
  EXPECT_EQ(host_credential_hash(keys, "standup", issued.cookie_value), issued.stored_hash);
  // Another instance with the same API secret accepts it.
  EXPECT_EQ(host_credential_hash(AccessKeys::derive(kApiSecret), "standup", issued.cookie_value),
            issued.stored_hash);
  const std::string longest(64, '7');
  const IssuedCredential long_random = issue_host_credential(keys, "standup", longest);
  EXPECT_EQ(host_credential_hash(keys, "standup", long_random.cookie_value),
            long_random.stored_hash);
  EXPECT_NE(long_random.stored_hash, issued.stored_hash);
}

TEST(HostCredential, RejectsATamperedSignatureOrRandomPart) {
  const AccessKeys keys = AccessKeys::derive(kApiSecret);
  const std::string value = issue_host_credential(keys, "standup", kRandom).cookie_value;
  const std::size_t dot = value.find('.');
  EXPECT_EQ(host_credential_hash(keys, "standup", flipped(value, dot + 1)), std::nullopt);
  EXPECT_EQ(host_credential_hash(keys, "standup", flipped(value, value.size() - 1)), std::nullopt);
  std::string other_random = value;
  other_random.at(0) = 'b';
  EXPECT_EQ(host_credential_hash(keys, "standup", other_random), std::nullopt);
  EXPECT_EQ(host_credential_hash(keys, "standup", value.substr(0, value.size() - 1)), std::nullopt);
  EXPECT_EQ(host_credential_hash(keys, "standup", value + "A"), std::nullopt);
}

TEST(HostCredential, IsBoundToItsRoomAndItsKey) {
  const AccessKeys keys = AccessKeys::derive(kApiSecret);
  const std::string value = issue_host_credential(keys, "standup", kRandom).cookie_value;
  EXPECT_EQ(host_credential_hash(keys, "standup2", value), std::nullopt);
  EXPECT_EQ(host_credential_hash(keys, "Standup", value), std::nullopt);
  const AccessKeys other = AccessKeys::derive(Secret("another-secret-long-enough-for-livekit-0"));
  EXPECT_EQ(host_credential_hash(other, "standup", value), std::nullopt);
  // The session key does not sign host credentials.
  const AccessKeys swapped{
      Secret(std::string(keys.session.reveal())), Secret(std::string(keys.host.reveal())),
      Secret(std::string(keys.postfix.reveal())), Secret(std::string(keys.member.reveal())),
      Secret(std::string(keys.sign_in.reveal()))};
  EXPECT_EQ(host_credential_hash(swapped, "standup", value), std::nullopt);
}

TEST(HostCredential, RejectsMalformedValues) {
  const AccessKeys keys = AccessKeys::derive(kApiSecret);
  const std::string signature =
      issue_host_credential(keys, "standup", kRandom).cookie_value.substr(kRandom.size() + 1);
  const std::string short_random(31, 'a');
  const std::string long_random(65, 'a');
  const std::string upper = "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345";
  const std::string bad[] = {
      "",
      ".",
      std::string(kRandom),
      std::string(kRandom) + signature,
      std::string(kRandom) + ".",
      "." + signature,
      // Correctly signed, but the random part is not 32 to 64 of [a-z0-9]:
      issue_host_credential(keys, "standup", short_random).cookie_value,
      issue_host_credential(keys, "standup", long_random).cookie_value,
      issue_host_credential(keys, "standup", upper).cookie_value,
      issue_host_credential(keys, "standup", "abcdefghijklmnopqrstuvwxyz01234-").cookie_value,
  };
  for (const auto& value : bad) {
    EXPECT_EQ(host_credential_hash(keys, "standup", value), std::nullopt) << value;
  }
}

TEST(OrganizerSession, IsExpiryRandomAndSignature) {
  const AccessKeys keys = AccessKeys::derive(kApiSecret);
  EXPECT_EQ(organizer_session(keys, kExpires, kRandom),
            "1800043200.abcdefghijklmnopqrstuvwxyz012345."
            "nnYSnpHN57IewZ4jyLA6qanhLiM1JcX8LiWNI7jWJoc");
}

TEST(OrganizerSession, IsValidUntilItExpires) {
  const AccessKeys keys = AccessKeys::derive(kApiSecret);
  const std::string session = organizer_session(keys, kExpires, kRandom);
  EXPECT_TRUE(organizer_session_valid(keys, session, kExpires - kOrganizerSessionSeconds));
  EXPECT_TRUE(organizer_session_valid(keys, session, kExpires - 1));
  EXPECT_FALSE(organizer_session_valid(keys, session, kExpires));
  EXPECT_FALSE(organizer_session_valid(keys, session, kExpires + 1));
  EXPECT_TRUE(organizer_session_valid(AccessKeys::derive(kApiSecret), session, kExpires - 1));
}

TEST(OrganizerSession, RejectsATamperedOrForeignSession) {
  const AccessKeys keys = AccessKeys::derive(kApiSecret);
  const std::string session = organizer_session(keys, kExpires, kRandom);
  const std::int64_t now = kExpires - 60;
  EXPECT_FALSE(organizer_session_valid(keys, flipped(session, session.size() - 1), now));
  // A later expiry with the old signature.
  std::string extended = session;
  extended.at(0) = '2';
  EXPECT_FALSE(organizer_session_valid(keys, extended, now));
  std::string other_random = session;
  other_random.at(11) = 'b';
  EXPECT_FALSE(organizer_session_valid(keys, other_random, now));
  const AccessKeys other = AccessKeys::derive(Secret("another-secret-long-enough-for-livekit-0"));
  EXPECT_FALSE(organizer_session_valid(other, session, now));
  // Signed with the host key instead of the session key.
  const AccessKeys swapped{
      Secret(std::string(keys.session.reveal())), Secret(std::string(keys.host.reveal())),
      Secret(std::string(keys.postfix.reveal())), Secret(std::string(keys.member.reveal())),
      Secret(std::string(keys.sign_in.reveal()))};
  EXPECT_FALSE(organizer_session_valid(swapped, session, now));
  // A host credential is not an organizer session.
  EXPECT_FALSE(organizer_session_valid(
      keys, issue_host_credential(keys, "standup", kRandom).cookie_value, now));
}

TEST(OrganizerSession, RejectsMalformedValues) {
  const AccessKeys keys = AccessKeys::derive(kApiSecret);
  const std::int64_t now = kExpires - 60;
  const std::string session = organizer_session(keys, kExpires, kRandom);
  const std::string signature = session.substr(session.rfind('.') + 1);
  const std::string bad[] = {
      "",
      "..",
      "1800043200",
      "1800043200." + std::string(kRandom),
      std::string(kRandom) + "." + signature,
      "x1800043200." + std::string(kRandom) + "." + signature,
      organizer_session(keys, kExpires, "short"),
      organizer_session(keys, kExpires, "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345"),
  };
  for (const auto& value : bad) EXPECT_FALSE(organizer_session_valid(keys, value, now)) << value;
}

TEST(OrganizerSession, EndsWhenThePasswordOrTheSecretChanges) {
  const AccessKeys keys = AccessKeys::derive(kApiSecret, "pbkdf2-sha256$1000$salt$one");
  const std::string session = organizer_session(keys, kExpires, kRandom);
  EXPECT_TRUE(organizer_session_valid(keys, session, kExpires - 1));
  EXPECT_FALSE(organizer_session_valid(
      AccessKeys::derive(kApiSecret, "pbkdf2-sha256$1000$salt$two"), session, kExpires - 1));
  EXPECT_FALSE(
      organizer_session_valid(AccessKeys::derive(Secret("another-secret-long-enough-for-livekit-0"),
                                                 "pbkdf2-sha256$1000$salt$one"),
                              session, kExpires - 1));
}

TEST(OrganizerSession, IsKeptInTheStoreByTheHashOfItsRandomPart) {
  const AccessKeys keys = AccessKeys::derive(kApiSecret);
  const std::string session = organizer_session(keys, kExpires, kRandom);
  EXPECT_EQ(organizer_session_id_hash(keys, session, kExpires - 1), session_id_hash(kRandom));
  EXPECT_EQ(session_id_hash(kRandom).size(), 64U);
  EXPECT_EQ(session.find(session_id_hash(kRandom)), std::string::npos);
  EXPECT_EQ(organizer_session_id_hash(keys, session, kExpires), std::nullopt);
  EXPECT_EQ(organizer_session_id_hash(keys, session + "x", kExpires - 1), std::nullopt);
}

TEST(ParticipantPostfix, IsSignedSoThatNobodyCanChooseOne) {
  const AccessKeys keys = AccessKeys::derive(kApiSecret);
  const std::string value = signed_postfix(keys, "ab12");
  EXPECT_EQ(value.substr(0, 5), "ab12.");
  EXPECT_EQ(value.size(), 5U + 43U);
  EXPECT_EQ(verified_postfix(keys, value), "ab12");
  const std::string signature = value.substr(5);
  for (const std::string& forged :
       {std::string("ab12"), "cd34." + signature, value + "x", "ab1." + signature,
        "AB12." + signature, "ab12." + signature.substr(1), std::string("ab12.")}) {
    EXPECT_EQ(verified_postfix(keys, forged), std::nullopt) << forged;
  }
  const AccessKeys other = AccessKeys::derive(Secret("another-secret-long-enough-for-livekit-0"));
  EXPECT_EQ(verified_postfix(other, value), std::nullopt);
}

TEST(AccessLifetimes, AreAWeekForHostsAndTwelveHoursForOrganizers) {
  EXPECT_EQ(kHostCookieLifetimeSeconds, 7 * 24 * 3600);
  EXPECT_EQ(kOrganizerSessionSeconds, 12 * 3600);
  EXPECT_EQ(kOrganizerCookie, "lkm_organizer");
}

TEST(MemberCredential, NamesItsIdentityInItsRoomUntilItExpires) {
  const AccessKeys keys = AccessKeys::derive(kApiSecret);
  constexpr std::int64_t kNow = 1'700'000'000;
  const std::string identity = "Zoë O'Brien; \"quoted\"=1__ab12";
  const std::string value = member_credential(keys, "standup", identity, kNow + 60);
  EXPECT_EQ(value.find_first_of(" ;,\"\\"), std::string::npos) << "a valid cookie value: " << value;
  EXPECT_EQ(member_identity(keys, "standup", value, kNow), identity);
  EXPECT_EQ(member_identity(keys, "standup", value, kNow + 59), identity);
  EXPECT_EQ(member_identity(keys, "standup", value, kNow + 60), std::nullopt) << "expired";
  EXPECT_EQ(member_identity(keys, "standup2", value, kNow), std::nullopt) << "another room";
  const AccessKeys other = AccessKeys::derive(Secret("another-secret-long-enough-for-livekit-0"));
  EXPECT_EQ(member_identity(other, "standup", value, kNow), std::nullopt) << "another key";
  EXPECT_NE(member_cookie_name("standup"), member_cookie_name("standup2"));
  EXPECT_NE(member_cookie_name("standup"), host_cookie_name("standup"));
}

TEST(MemberCredential, NobodyChoosesTheIdentityOrTheExpiry) {
  const AccessKeys keys = AccessKeys::derive(kApiSecret);
  constexpr std::int64_t kNow = 1'700'000'000;
  const std::string value = member_credential(keys, "standup", "alice__ab12", kNow + 60);
  const auto first = value.find('.');
  const auto last = value.rfind('.');
  const std::string signature = value.substr(last + 1);
  // Another identity, or a later expiry, under the same signature.
  const std::string bob = auth::base64url_encode("bob__cd34");
  EXPECT_EQ(
      member_identity(keys, "standup", value.substr(0, first + 1) + bob + "." + signature, kNow),
      std::nullopt);
  EXPECT_EQ(member_identity(keys, "standup", std::to_string(kNow + 86400) + value.substr(first),
                            kNow + 120),
            std::nullopt);
  // Signed with another of the server's keys.
  const AccessKeys swapped{
      Secret(std::string(keys.member.reveal())), Secret(std::string(keys.session.reveal())),
      Secret(std::string(keys.postfix.reveal())), Secret(std::string(keys.host.reveal())),
      Secret(std::string(keys.sign_in.reveal()))};
  EXPECT_EQ(member_identity(swapped, "standup", value, kNow), std::nullopt);
  const std::vector<std::string> malformed = {"",
                                              ".",
                                              "..",
                                              "1.2",
                                              "x.YWxpY2U.sig",
                                              "99999999999.YWxpY2U.",
                                              "-1.YWxpY2U." + signature,
                                              "1700000060..",
                                              "1700000060.!!." + signature};
  for (const auto& bad : malformed) {
    EXPECT_EQ(member_identity(keys, "standup", bad, kNow), std::nullopt) << bad;
  }
}

}  // namespace
}  // namespace lkm::services
