#include "services/credentials.hpp"

#include <charconv>
#include <cstdio>

#include "auth/base64url.hpp"
#include "auth/hmac.hpp"

namespace lkm::services {
namespace {

std::string bytes(const auth::Digest& digest) {
  return {digest.begin(), digest.end()};
}

std::string hex(const auth::Digest& digest, std::size_t count) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  for (std::size_t i = 0; i < count && i < digest.size(); ++i) {
    out += kDigits[digest.at(i) >> 4U];
    out += kDigits[digest.at(i) & 0xFU];
  }
  return out;
}

bool is_random_part(std::string_view text) {
  if (text.size() < 32 || text.size() > 64) return false;
  for (const char c : text) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) return false;
  }
  return true;
}

std::string host_signature(const AccessKeys& keys, std::string_view room, std::string_view random) {
  std::string message(room);
  message += '\n';
  message += random;
  return auth::base64url_encode(bytes(auth::hmac_sha256(keys.host.reveal(), message)));
}

std::string member_signature(const AccessKeys& keys, std::string_view room,
                             std::string_view identity, std::string_view expires) {
  std::string message(room);
  message += '\n';
  message += identity;
  message += '\n';
  message += expires;
  return auth::base64url_encode(bytes(auth::hmac_sha256(keys.member.reveal(), message)));
}

}  // namespace

AccessKeys AccessKeys::derive(const Secret& api_secret, std::string_view organizer_password_hash) {
  std::string session_label = "livekit-meet organizer session v2\n";
  session_label += organizer_password_hash;
  return AccessKeys{
      Secret(bytes(auth::hmac_sha256(api_secret.reveal(), "livekit-meet host credential v1"))),
      Secret(bytes(auth::hmac_sha256(api_secret.reveal(), session_label))),
      Secret(bytes(auth::hmac_sha256(api_secret.reveal(), "livekit-meet participant postfix v1"))),
      Secret(bytes(auth::hmac_sha256(api_secret.reveal(), "livekit-meet member credential v1"))),
      Secret(bytes(auth::hmac_sha256(api_secret.reveal(), "livekit-meet sign-in v1")))};
}

std::string session_id_hash(std::string_view random) {
  return hex(auth::sha256(random), 32);
}

std::optional<std::string> organizer_session_id_hash(const AccessKeys& keys, std::string_view value,
                                                     std::int64_t now) {
  if (!organizer_session_valid(keys, value, now)) return std::nullopt;
  const auto payload = value.substr(0, value.rfind('.'));
  return session_id_hash(payload.substr(payload.find('.') + 1));
}

std::string signed_postfix(const AccessKeys& keys, std::string_view postfix) {
  return std::string(postfix) + "." +
         auth::base64url_encode(bytes(auth::hmac_sha256(keys.postfix.reveal(), postfix)));
}

std::optional<std::string> verified_postfix(const AccessKeys& keys, std::string_view cookie_value) {
  const auto dot = cookie_value.find('.');
  if (dot != 4) return std::nullopt;
  const auto postfix = cookie_value.substr(0, dot);
  for (const char c : postfix) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) return std::nullopt;
  }
  if (!auth::constant_time_equal(cookie_value, signed_postfix(keys, postfix))) return std::nullopt;
  return std::string(postfix);
}

std::string host_cookie_name(std::string_view room) {
  return "lkm_host_" + hex(auth::sha256(room), 8);
}

IssuedCredential issue_host_credential(const AccessKeys& keys, std::string_view room,
                                       std::string_view random) {
  IssuedCredential out;
  out.cookie_value = std::string(random) + "." + host_signature(keys, room, random);
  out.stored_hash = hex(auth::sha256(random), 32);
  return out;
}

std::optional<std::string> host_credential_hash(const AccessKeys& keys, std::string_view room,
                                                std::string_view cookie_value) {
  const auto dot = cookie_value.find('.');
  if (dot == std::string_view::npos) return std::nullopt;
  const auto random = cookie_value.substr(0, dot);
  if (!is_random_part(random)) return std::nullopt;
  if (!auth::constant_time_equal(cookie_value.substr(dot + 1),
                                 host_signature(keys, room, random))) {
    return std::nullopt;
  }
  return hex(auth::sha256(random), 32);
}

std::string organizer_session(const AccessKeys& keys, std::int64_t expires_at,
                              std::string_view random) {
  std::string payload = std::to_string(expires_at) + "." + std::string(random);
  return payload + "." +
         auth::base64url_encode(bytes(auth::hmac_sha256(keys.session.reveal(), payload)));
}

bool organizer_session_valid(const AccessKeys& keys, std::string_view value, std::int64_t now) {
  const auto last = value.rfind('.');
  if (last == std::string_view::npos) return false;
  const auto payload = value.substr(0, last);
  const auto first = payload.find('.');
  if (first == std::string_view::npos || !is_random_part(payload.substr(first + 1))) return false;
  std::int64_t expires_at = 0;
  const auto expires = payload.substr(0, first);
  const auto [end, ec] =
      std::from_chars(expires.data(), expires.data() + expires.size(), expires_at);
  if (ec != std::errc() || end != expires.data() + expires.size()) return false;
  const std::string expected =
      auth::base64url_encode(bytes(auth::hmac_sha256(keys.session.reveal(), payload)));
  return auth::constant_time_equal(value.substr(last + 1), expected) && now < expires_at;
}

std::string member_cookie_name(std::string_view room) {
  return "lkm_member_" + hex(auth::sha256(room), 8);
}

std::string member_credential(const AccessKeys& keys, std::string_view room,
                              std::string_view identity, std::int64_t expires_at) {
  const std::string expires = std::to_string(expires_at);
  return expires + "." + auth::base64url_encode(identity) + "." +
         member_signature(keys, room, identity, expires);
}

std::optional<std::string> member_identity(const AccessKeys& keys, std::string_view room,
                                           std::string_view cookie_value, std::int64_t now) {
  const auto first = cookie_value.find('.');
  const auto last = cookie_value.rfind('.');
  if (first == std::string_view::npos || first == last) return std::nullopt;
  const auto expires = cookie_value.substr(0, first);
  std::int64_t expires_at = 0;
  const auto [end, ec] =
      std::from_chars(expires.data(), expires.data() + expires.size(), expires_at);
  if (ec != std::errc() || end != expires.data() + expires.size() || now >= expires_at) {
    return std::nullopt;
  }
  auto identity = auth::base64url_decode(cookie_value.substr(first + 1, last - first - 1));
  if (!identity || identity->empty()) return std::nullopt;
  if (!auth::constant_time_equal(cookie_value.substr(last + 1),
                                 member_signature(keys, room, *identity, expires))) {
    return std::nullopt;
  }
  return identity;
}

}  // namespace lkm::services
