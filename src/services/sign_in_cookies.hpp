#pragma once
// The two cookies of signing in through an OpenID Connect provider, signed with keys derived from
// AccessKeys::sign_in and the provider's issuer (another provider's cookies are worthless here).
//   Login: cookie "lkm_oidc" = "<expires>.<id>.<base64url next>.<base64url HMAC>", set by
//     /auth/login for 10 minutes. The request's state, nonce and PKCE code verifier are derived
//     from the id with the key (HMAC), so the cookie holds none of them: whoever reads it cannot
//     redeem a code. The store records a used id, so each login is finished once on every
//     instance.
//   Session: cookie "lkm_user" = "<expires>.<id>.<base64url JSON person>.<base64url HMAC>", for
//     12 hours, while the store keeps SHA-256 of "user:" + id (sign-out deletes it everywhere).
//     The person: {"sub": the owner key, "name", "email", "org": may organise}.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/secret.hpp"
#include "services/credentials.hpp"

namespace lkm::services {

inline constexpr std::string_view kLoginCookie = "lkm_oidc";
inline constexpr std::string_view kUserCookie = "lkm_user";
inline constexpr std::int64_t kLoginSeconds = 600;
inline constexpr std::int64_t kUserSessionSeconds = std::int64_t{12} * 3600;
inline constexpr std::size_t kMaxNextBytes = 2000;
inline constexpr std::size_t kMaxPersonNameBytes = 200;
inline constexpr std::size_t kMaxPersonEmailBytes = 320;

struct SignInKeys {
  Secret login;
  Secret session;
  [[nodiscard]] static SignInKeys derive(const AccessKeys& keys, std::string_view issuer);
};

// A path of this app to return to after signing in: "/" then anything but a second "/" or "\"
// (which browsers read as another host), visible ASCII only, at most kMaxNextBytes.
[[nodiscard]] bool is_local_path(std::string_view next) noexcept;

struct LoginSecrets {
  std::string state;     // 43 base64url characters
  std::string nonce;     // 43
  std::string verifier;  // 43: a PKCE code verifier
};
[[nodiscard]] LoginSecrets login_secrets(const SignInKeys& keys, std::string_view id);

// `id`: at least 32 of [a-z0-9]; `next` a local path.
[[nodiscard]] std::string login_cookie(const SignInKeys& keys, std::string_view id,
                                       std::string_view next, std::int64_t expires_at);
struct Login {
  std::string id;
  std::string next;
};
// The login a cookie this server signed names, unexpired at `now`.
[[nodiscard]] std::optional<Login> read_login_cookie(const SignInKeys& keys, std::string_view value,
                                                     std::int64_t now);

struct Person {
  std::string owner;  // a stable key of the person at the provider: hex SHA-256(issuer \n sub)
  std::string name;
  std::string email;
  bool organizer = false;
  bool operator==(const Person&) const = default;
};
[[nodiscard]] std::string owner_key(std::string_view issuer, std::string_view subject);

// `id`: at least 32 of [a-z0-9]. Name and email are cut to their bounds (on a UTF-8 boundary).
[[nodiscard]] std::string user_cookie(const SignInKeys& keys, std::string_view id,
                                      const Person& person, std::int64_t expires_at);
struct UserSession {
  std::string id_hash;  // what the store keeps: session_id_hash("user:" + id)
  Person person;
};
[[nodiscard]] std::optional<UserSession> read_user_cookie(const SignInKeys& keys,
                                                          std::string_view value, std::int64_t now);
[[nodiscard]] std::string user_session_hash(std::string_view id);
[[nodiscard]] std::string login_id_hash(std::string_view id);

}  // namespace lkm::services
