#include "oidc/provider.hpp"

#include <algorithm>
#include <limits>
#include <optional>
#include <utility>

#include "core/log.hpp"
#include "oidc/messages.hpp"

namespace lkm::oidc {
namespace {

using boost::asio::awaitable;

// Bigger than any document the provider may send (discovery 64 KiB, keys 128 KiB): each parser
// applies its own bound; this one stops the read.
constexpr std::size_t kBodyLimit = std::size_t{256} * 1024;

ProviderError error(ProviderErrorCode code, std::string message) {
  return ProviderError{code, std::move(message)};
}

http::ClientOptions bounded(http::ClientOptions options) {
  options.body_limit = std::min(options.body_limit, kBodyLimit);
  return options;
}

}  // namespace

struct Provider::Cache {
  std::mutex mutex;
  std::optional<auth::ProviderMetadata> metadata;
  std::int64_t metadata_at = 0;
  // The last failure to read the document, answered again for a second without asking: anyone
  // can start a sign-in, and a provider that is down is not asked by each of them.
  std::optional<ProviderError> metadata_failure;
  std::int64_t metadata_failed_at_ms = 0;
  std::shared_ptr<const auth::Jwks> keys;
  std::int64_t keys_at = 0;
  std::int64_t refetched_at = std::numeric_limits<std::int64_t>::min() / 2;
};

Provider::Provider(ProviderSettings settings, const Clock& clock,
                   http::ClientOptions client_options)
    : settings_(std::move(settings)),
      clock_(&clock),
      client_(std::make_unique<http::Client>(bounded(std::move(client_options)))),
      cache_(std::make_unique<Cache>()) {}

Provider::~Provider() = default;

awaitable<Result<std::string, ProviderError>> Provider::fetch(std::string url, std::string what,
                                                              std::size_t limit,
                                                              Deadline deadline) const {
  auto target = http::parse_url_target(url);
  if (!target) {
    co_return fail(error(ProviderErrorCode::bad_answer, what + ": " + target.error()));
  }
  http::Headers headers;
  headers.emplace_back("Accept", "application/json");
  auto response =
      co_await client_->get(target->origin, target->target, std::move(headers), deadline);
  if (!response) {
    co_return fail(error(ProviderErrorCode::unreachable,
                         what + ": " + std::string(http::to_string(response.error().code)) + ", " +
                             response.error().message));
  }
  if (response->status >= 500) {
    co_return fail(error(ProviderErrorCode::unreachable, what + ": the provider answered HTTP " +
                                                             std::to_string(response->status)));
  }
  if (response->status != 200) {
    co_return fail(error(ProviderErrorCode::bad_answer, what + ": the provider answered HTTP " +
                                                            std::to_string(response->status)));
  }
  if (response->body.size() > limit) {
    co_return fail(error(ProviderErrorCode::bad_answer, what + ": the answer is too large"));
  }
  co_return std::move(response->body);
}

awaitable<Result<auth::ProviderMetadata, ProviderError>> Provider::metadata() const {
  const auto now = clock_->now_unix();
  {
    const std::lock_guard lock(cache_->mutex);
    if (cache_->metadata && now - cache_->metadata_at < settings_.cache_lifetime.count()) {
      co_return *cache_->metadata;
    }
    if (cache_->metadata_failure &&
        clock_->now_unix_ms() - cache_->metadata_failed_at_ms < settings_.failure_memory.count()) {
      co_return fail(*cache_->metadata_failure);
    }
  }
  const Deadline deadline = std::chrono::steady_clock::now() + settings_.deadline;
  auto body = co_await fetch(auth::discovery_url(settings_.issuer), "the discovery document",
                             auth::kMaxDiscoveryBytes, deadline);
  std::optional<ProviderError> failure;
  std::optional<auth::ProviderMetadata> metadata;
  if (!body) {
    failure = std::move(body).error();
  } else if (auto parsed = auth::parse_discovery(*body, settings_.issuer); !parsed) {
    failure = error(ProviderErrorCode::bad_answer, "the discovery document " + parsed.error());
  } else {
    metadata = std::move(parsed).value();
  }
  const std::lock_guard lock(cache_->mutex);
  if (failure) {
    cache_->metadata_failure = failure;
    cache_->metadata_failed_at_ms = clock_->now_unix_ms();
    co_return fail(std::move(*failure));
  }
  cache_->metadata = metadata;
  cache_->metadata_at = now;
  cache_->metadata_failure.reset();
  co_return std::move(*metadata);
}

awaitable<Result<std::shared_ptr<const auth::Jwks>, ProviderError>> Provider::keys(
    const auth::ProviderMetadata& metadata, bool refetch, Deadline deadline) const {
  const auto now = clock_->now_unix();
  {
    const std::lock_guard lock(cache_->mutex);
    const bool fresh = cache_->keys && now - cache_->keys_at < settings_.cache_lifetime.count();
    if (refetch) {
      // A token naming a key the set lacks: the provider may have rotated its keys. Anyone can
      // send such a token, so the set is fetched for that at most once per interval.
      if (cache_->keys && now - cache_->refetched_at < settings_.key_refetch_interval.count()) {
        co_return cache_->keys;
      }
      cache_->refetched_at = now;
    } else if (fresh) {
      co_return cache_->keys;
    }
  }
  auto body =
      co_await fetch(metadata.jwks_uri, "the provider's keys", auth::kMaxJwksBytes, deadline);
  if (!body) co_return fail(std::move(body).error());
  auto parsed = auth::parse_jwks(*body);
  if (!parsed) {
    co_return fail(
        error(ProviderErrorCode::bad_answer, "the provider's keys: " + parsed.error().message));
  }
  auto keys = std::make_shared<const auth::Jwks>(std::move(parsed).value());
  const std::lock_guard lock(cache_->mutex);
  cache_->keys = keys;
  cache_->keys_at = now;
  co_return keys;
}

awaitable<Result<SignedInPerson, ProviderError>> Provider::redeem(std::string code,
                                                                  std::string code_verifier,
                                                                  std::string nonce) const {
  const Deadline deadline = std::chrono::steady_clock::now() + settings_.deadline;
  auto metadata_result = co_await metadata();
  if (!metadata_result) co_return fail(std::move(metadata_result).error());
  const auth::ProviderMetadata metadata = std::move(metadata_result).value();

  auto token_target = http::parse_url_target(metadata.token_endpoint);
  if (!token_target) {
    co_return fail(
        error(ProviderErrorCode::bad_answer, "the token endpoint: " + token_target.error()));
  }
  auto request = token_request(metadata.client_auth, settings_.client_id, settings_.client_secret,
                               code, settings_.redirect_uri, code_verifier);
  auto response =
      co_await client_->post(token_target->origin, token_target->target, std::move(request.body),
                             std::move(request.headers), deadline);
  if (!response) {
    co_return fail(
        error(ProviderErrorCode::unreachable,
              "the token endpoint: " + std::string(http::to_string(response.error().code)) + ", " +
                  response.error().message));
  }
  if (response->status >= 500) {
    co_return fail(error(ProviderErrorCode::unreachable,
                         "the token endpoint answered HTTP " + std::to_string(response->status)));
  }
  auto tokens = parse_token_response(response->status, response->body);
  if (!tokens) {
    const auto code_of =
        response->status == 200 ? ProviderErrorCode::bad_answer : ProviderErrorCode::refused;
    co_return fail(error(code_of, tokens.error()));
  }

  auto keys_result = co_await keys(metadata, false, deadline);
  if (!keys_result) co_return fail(std::move(keys_result).error());
  auto key_set = std::move(keys_result).value();
  const auth::IdTokenValidator validator(auth::IdTokenSettings{metadata.issuer, settings_.client_id,
                                                               metadata.id_token_signing_algs,
                                                               auth::kDefaultIdTokenLeeway});
  auto claims = validator.validate(tokens->id_token, *key_set, nonce, clock_->now_unix());
  if (!claims && claims.error().keys_may_be_stale()) {
    auto refetched = co_await keys(metadata, true, deadline);
    if (!refetched) co_return fail(std::move(refetched).error());
    if (refetched.value() != key_set) {
      key_set = std::move(refetched).value();
      claims = validator.validate(tokens->id_token, *key_set, nonce, clock_->now_unix());
    }
  }
  if (!claims) {
    co_return fail(error(ProviderErrorCode::invalid_token,
                         "the ID token was refused (" +
                             std::string(auth::to_string(claims.error().code)) +
                             "): " + claims.error().message));
  }
  SignedInPerson person{std::move(claims).value(), {}};

  // Providers that keep the ID token small leave the name to the userinfo endpoint.
  if (person.claims.name.empty() && !metadata.userinfo_endpoint.empty() &&
      !tokens->access_token.empty()) {
    auto target = http::parse_url_target(metadata.userinfo_endpoint);
    if (target) {
      http::Headers headers;
      headers.emplace_back("Accept", "application/json");
      headers.emplace_back("Authorization", "Bearer " + tokens->access_token);
      auto answer =
          co_await client_->get(target->origin, target->target, std::move(headers), deadline);
      if (answer && answer->status == 200) {
        auto info = parse_userinfo(answer->body);
        // Userinfo about someone else is ignored (OpenID Connect Core 1.0 section 5.3.2).
        if (info && info->subject == person.claims.subject) {
          person.claims.name = info->name;
          if (person.claims.preferred_username.empty()) {
            person.claims.preferred_username = info->preferred_username;
          }
          if (person.claims.email.empty()) {
            person.claims.email = info->email;
            person.claims.email_verified = info->email_verified;
          }
        }
      }
    }
  }
  if (!person.claims.name.empty()) {
    person.display_name = person.claims.name;
  } else if (!person.claims.preferred_username.empty()) {
    person.display_name = person.claims.preferred_username;
  } else {
    person.display_name = person.claims.email;
  }
  co_return person;
}

}  // namespace lkm::oidc
