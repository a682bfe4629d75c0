#pragma once
// The OpenID Connect settings: oidc-issuer, oidc-client-id, the client secret
// (MEET_OIDC_CLIENT_SECRET or oidc-client-secret-file, never a flag), oidc-scopes,
// oidc-organizers and require-sign-in, checked together with public-url (the redirect URI is
// built from it).
#include <optional>
#include <string>

#include "auth/organizer_rule.hpp"
#include "core/result.hpp"
#include "core/secret.hpp"

namespace lkm::config {

struct ConfigError;
class Settings;

struct OidcSettings {
  std::string issuer;  // exactly as given: discovery and ID tokens must state it so
  std::string client_id;
  Secret client_secret;
  std::string scopes = "openid profile email";  // always holds openid
  auth::OrganizerRule organizers = auth::AnyoneSignedIn{};
  bool require_sign_in = false;
};

inline constexpr std::string_view kDefaultOidcScopes = "openid profile email";

// nullopt when no issuer is set (then the other OIDC settings must not be either, except
// require-sign-in, which needs an issuer). `public_url` is the checked --public-url ("" when
// unset): an issuer needs it.
[[nodiscard]] Result<std::optional<OidcSettings>, ConfigError> load_oidc(
    const Settings& settings, const std::string& public_url);

}  // namespace lkm::config
