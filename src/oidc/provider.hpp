#pragma once
// Provider: the OpenID Connect provider as a partner of the server. It reads the provider's
// discovery document (cached for an hour; a failed read is remembered for a second) and its key set
// (cached likewise; fetched once more when an ID token names a key it lacks, not more than once a
// minute), redeems authorization codes at the token endpoint and validates the ID token it answers,
// and asks the userinfo endpoint for the name when the ID token has none. Every call to the
// provider is bounded by one deadline and verifies TLS like the LiveKit client (http_client). Safe
// to use from several threads at once.
#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>

#include <boost/asio/awaitable.hpp>

#include "auth/id_token.hpp"
#include "auth/jwk.hpp"
#include "auth/oidc_discovery.hpp"
#include "core/clock.hpp"
#include "core/result.hpp"
#include "core/secret.hpp"
#include "http_client/client.hpp"

namespace lkm::oidc {

struct ProviderSettings {
  std::string issuer;
  std::string client_id;
  Secret client_secret;
  std::string scopes = "openid profile email";
  std::string redirect_uri;  // <public-url><base-path>/auth/callback
  std::chrono::milliseconds deadline{10'000};
  std::chrono::seconds cache_lifetime{3600};
  std::chrono::seconds key_refetch_interval{60};
  // How long a failure to read the discovery document is answered again without asking: anyone
  // can start a sign-in, and a provider that is down is not asked once by each of them.
  std::chrono::milliseconds failure_memory{1000};
};

enum class ProviderErrorCode {
  unreachable,    // no answer within the deadline, a transport or TLS failure, or a 5xx
  bad_answer,     // the provider answered something unusable (discovery, keys, token response)
  refused,        // the token endpoint refused the code (an error response)
  invalid_token,  // the ID token failed validation
};

struct ProviderError {
  ProviderErrorCode code;
  std::string message;  // for people and the log: never a token, code or secret
};

// The person an ID token names, with the name and email completed from userinfo when the token
// lacks a name.
struct SignedInPerson {
  auth::IdTokenClaims claims;
  std::string display_name;  // name, else preferred_username, else email, else ""
};

class Provider {
 public:
  Provider(ProviderSettings settings, const Clock& clock, http::ClientOptions client_options = {});
  ~Provider();
  Provider(const Provider&) = delete;
  Provider& operator=(const Provider&) = delete;

  [[nodiscard]] const ProviderSettings& settings() const noexcept { return settings_; }

  [[nodiscard]] boost::asio::awaitable<Result<auth::ProviderMetadata, ProviderError>> metadata()
      const;

  // Redeems the code, then validates the ID token against `nonce`.
  [[nodiscard]] boost::asio::awaitable<Result<SignedInPerson, ProviderError>> redeem(
      std::string code, std::string code_verifier, std::string nonce) const;

 private:
  struct Cache;
  using Deadline = std::chrono::steady_clock::time_point;

  [[nodiscard]] boost::asio::awaitable<Result<std::shared_ptr<const auth::Jwks>, ProviderError>>
  keys(const auth::ProviderMetadata& metadata, bool refetch, Deadline deadline) const;
  [[nodiscard]] boost::asio::awaitable<Result<std::string, ProviderError>> fetch(
      std::string url, std::string what, std::size_t limit, Deadline deadline) const;

  ProviderSettings settings_;
  const Clock* clock_;
  std::unique_ptr<http::Client> client_;
  std::unique_ptr<Cache> cache_;
};

}  // namespace lkm::oidc
