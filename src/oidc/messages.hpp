#pragma once
// The messages of the authorization code flow with PKCE (RFC 6749 section 4.1, RFC 7636, OpenID
// Connect Core 1.0 section 3.1), as pure functions: the authorization request's URL, the token
// request's form and headers, the token response, the userinfo response and the RP-initiated
// logout URL (OpenID Connect RP-Initiated Logout 1.0).
#include <optional>
#include <string>
#include <string_view>

#include "auth/oidc_discovery.hpp"
#include "core/result.hpp"
#include "core/secret.hpp"
#include "http_common/headers.hpp"

namespace lkm::oidc {

inline constexpr std::size_t kMaxTokenResponseBytes = std::size_t{64} * 1024;
inline constexpr std::size_t kMaxUserinfoBytes = std::size_t{64} * 1024;

// application/x-www-form-urlencoded (and query) encoding: every byte but ALPHA, DIGIT and
// "-._~" as %XX.
[[nodiscard]] std::string form_encode(std::string_view text);

struct AuthorizationRequest {
  std::string client_id;
  std::string redirect_uri;
  std::string scopes;
  std::string state;
  std::string nonce;
  std::string code_challenge;  // S256
};
// The authorization endpoint with the request's parameters added to whatever query it has.
[[nodiscard]] std::string authorization_url(std::string_view authorization_endpoint,
                                            const AuthorizationRequest& request);

struct TokenRequest {
  std::string body;  // the form
  http::Headers headers;
};
// The request that redeems `code`: the client authenticates with HTTP Basic (its id and secret
// form-encoded first, RFC 6749 section 2.3.1) or, for client_secret_post, in the form.
[[nodiscard]] TokenRequest token_request(auth::ClientAuthMethod method, std::string_view client_id,
                                         const Secret& client_secret, std::string_view code,
                                         std::string_view redirect_uri,
                                         std::string_view code_verifier);

struct TokenResponse {
  std::string id_token;
  std::string access_token;  // "" when absent
};
// A successful token response (HTTP 200, JSON with a string id_token and token_type Bearer), or
// why it is not one. An error response's "error" code is named; its description is not repeated.
[[nodiscard]] Result<TokenResponse, std::string> parse_token_response(unsigned status,
                                                                      std::string_view body);

struct Userinfo {
  std::string subject;
  std::string name;
  std::string preferred_username;
  std::string email;
  bool email_verified = false;
};
// The userinfo endpoint's JSON answer (OpenID Connect Core 1.0 section 5.3.2); its "sub" must be
// checked against the ID token's by the caller.
[[nodiscard]] Result<Userinfo, std::string> parse_userinfo(std::string_view body);

// The end-session endpoint with client_id and post_logout_redirect_uri added.
[[nodiscard]] std::string end_session_url(std::string_view end_session_endpoint,
                                          std::string_view client_id,
                                          std::string_view post_logout_redirect_uri);

}  // namespace lkm::oidc
