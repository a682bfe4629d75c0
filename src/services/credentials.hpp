#pragma once
// The credentials of hosts and organizers, as cookies the server signs with keys derived from the
// LiveKit API secret (so every instance with the same secret accepts them).
//   Host credential of a room: cookie "lkm_host_<16 hex of SHA-256(room)>" =
//     "<random>.<base64url HMAC(host key, room \n random)>"; the store keeps SHA-256(random) (hex),
//     so a stolen database yields no usable cookie and a credential is revoked by deleting it.
//   Organizer session: cookie "lkm_organizer" = "<expires>.<random>.<base64url HMAC(session key,
//     expires.random)>", valid until it expires (12 h) while the store keeps SHA-256(random)
//     (sign-out deletes it on every instance). The session key is derived from the API secret and
//     the organizer password hash, so changing either ends every session.
//   Participant postfix: cookie "random-participant-postfix" = "<4 of [a-z0-9]>.<base64url
//     HMAC(postfix key, postfix)>": the identity suffix a browser keeps, which nobody can choose.
//   Member credential of a room: cookie "lkm_member_<16 hex of SHA-256(room)>" = "<expires>.
//     <base64url identity>.<base64url HMAC(member key, room \n identity \n expires)>": the LiveKit
//     identity a browser proved it holds in that room (with its token), for what a participant
//     asks of livekit-meet during the meeting (raising a hand). Valid until it expires (12 h).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/secret.hpp"

namespace lkm::services {

struct AccessKeys {
  Secret host;
  Secret session;
  Secret postfix;
  Secret member;
  Secret sign_in;  // the OpenID Connect sign-in's state and sessions (services/sign_in_cookies)
  // Each key from the API secret with its own label (HMAC-SHA256(secret, label)); the session
  // key's label holds the organizer password hash too.
  [[nodiscard]] static AccessKeys derive(const Secret& api_secret,
                                         std::string_view organizer_password_hash = {});
};

inline constexpr std::int64_t kHostCookieLifetimeSeconds = std::int64_t{7} * 24 * 3600;
inline constexpr std::int64_t kOrganizerSessionSeconds = std::int64_t{12} * 3600;
inline constexpr std::string_view kOrganizerCookie = "lkm_organizer";

[[nodiscard]] std::string host_cookie_name(std::string_view room);

struct IssuedCredential {
  std::string cookie_value;
  std::string stored_hash;
};
// `random` must be at least 32 characters of [a-z0-9].
[[nodiscard]] IssuedCredential issue_host_credential(const AccessKeys& keys, std::string_view room,
                                                     std::string_view random);
// The hash to look up for a cookie value of that room, or nothing when the signature is wrong.
[[nodiscard]] std::optional<std::string> host_credential_hash(const AccessKeys& keys,
                                                              std::string_view room,
                                                              std::string_view cookie_value);

[[nodiscard]] std::string organizer_session(const AccessKeys& keys, std::int64_t expires_at,
                                            std::string_view random);
[[nodiscard]] bool organizer_session_valid(const AccessKeys& keys, std::string_view value,
                                           std::int64_t now);
// The SHA-256 (hex) of a valid, unexpired session's random part: the key the store keeps.
[[nodiscard]] std::optional<std::string> organizer_session_id_hash(const AccessKeys& keys,
                                                                   std::string_view value,
                                                                   std::int64_t now);
// The store's key for a session issued with `random`.
[[nodiscard]] std::string session_id_hash(std::string_view random);

inline constexpr std::int64_t kMemberCredentialSeconds = std::int64_t{12} * 3600;
[[nodiscard]] std::string member_cookie_name(std::string_view room);
[[nodiscard]] std::string member_credential(const AccessKeys& keys, std::string_view room,
                                            std::string_view identity, std::int64_t expires_at);
// The identity of a member credential of that room this server signed, unexpired at `now`.
[[nodiscard]] std::optional<std::string> member_identity(const AccessKeys& keys,
                                                         std::string_view room,
                                                         std::string_view cookie_value,
                                                         std::int64_t now);

// The postfix cookie's value for a postfix, and the postfix of a value this server signed.
[[nodiscard]] std::string signed_postfix(const AccessKeys& keys, std::string_view postfix);
[[nodiscard]] std::optional<std::string> verified_postfix(const AccessKeys& keys,
                                                          std::string_view cookie_value);

}  // namespace lkm::services
