#pragma once
// An OpenID Provider's discovery document (OpenID Connect Discovery 1.0, section 3: what
// `<issuer>/.well-known/openid-configuration` answers), read for a relying party that signs people
// in with the authorization code flow, PKCE S256 and a client secret. Read without trusting it:
// the issuer must be exactly the configured one (section 4.3), every endpoint an absolute https
// URL (http only for an issuer that is itself http, as a test provider on loopback is), and what
// the flow needs must be offered.
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace lkm::auth {

inline constexpr std::size_t kMaxDiscoveryBytes = std::size_t{64} * 1024;

enum class ClientAuthMethod {
  secret_basic,  // client_secret_basic: HTTP Basic with the client id and secret (the default)
  secret_post,   // client_secret_post: both in the token request's form body
};

struct ProviderMetadata {
  std::string issuer;
  std::string authorization_endpoint;
  std::string token_endpoint;
  std::string jwks_uri;
  std::string userinfo_endpoint;     // "" when the provider has none
  std::string end_session_endpoint;  // "" when it offers no RP-initiated logout
  std::vector<std::string> id_token_signing_algs;
  ClientAuthMethod client_auth = ClientAuthMethod::secret_basic;
};

// The metadata of the document `body`, fetched for `expected_issuer`, or why it cannot be used
// (for people and the log; it quotes no more than a field's name and a short value).
[[nodiscard]] Result<ProviderMetadata, std::string> parse_discovery(
    std::string_view body, std::string_view expected_issuer);

// The URL of the discovery document of an issuer ("https://id.example.org/realms/staff" →
// "https://id.example.org/realms/staff/.well-known/openid-configuration").
[[nodiscard]] std::string discovery_url(std::string_view issuer);

}  // namespace lkm::auth
