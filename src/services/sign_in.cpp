#include "services/sign_in.hpp"

#include "auth/hmac.hpp"
#include "auth/pkce.hpp"
#include "core/log.hpp"
#include "oidc/messages.hpp"

namespace lkm::services {
namespace {

Error not_configured() {
  return Error{ErrorCode::not_configured, "Signing in is not configured on this server"};
}

Error from_provider(const oidc::ProviderError& error) {
  switch (error.code) {
    case oidc::ProviderErrorCode::unreachable:
      log::warn("sign-in: the identity provider cannot be reached: " + error.message);
      return Error{ErrorCode::bad_gateway, "The identity provider cannot be reached"};
    case oidc::ProviderErrorCode::bad_answer:
      log::warn("sign-in: the identity provider answered something unusable: " + error.message);
      return Error{ErrorCode::bad_gateway,
                   "The identity provider gave an answer that cannot be used"};
    case oidc::ProviderErrorCode::refused:
      // invalid_client here means a wrong client id or secret: the operator must hear of it.
      log::warn("sign-in: " + error.message);
      return Error{ErrorCode::bad_request, "The identity provider did not accept this sign-in"};
    case oidc::ProviderErrorCode::invalid_token: break;
  }
  log::warn("sign-in: " + error.message);
  return Error{ErrorCode::bad_request,
               "The identity provider's answer was refused: " + error.message};
}

Error stale_login(std::string_view why) {
  return Error{ErrorCode::bad_request,
               "This sign-in " + std::string(why) + ": start again from the sign-in button"};
}

// The sign-in's keys also depend on the organiser rule: changing it ends every session.
SignInKeys sign_in_keys(const SignIn::Dependencies& deps) {
  if (deps.provider == nullptr || deps.keys == nullptr) return {};
  return SignInKeys::derive(*deps.keys, deps.provider->settings().issuer + "\n" +
                                            deps.provider->settings().client_id + "\n" +
                                            auth::to_string(deps.organizers));
}

}  // namespace

SignIn::SignIn(Dependencies dependencies)
    : deps_(std::move(dependencies)), keys_(sign_in_keys(deps_)) {}

Call<SignIn::Started> SignIn::start(std::string next) const {
  if (deps_.provider == nullptr) co_return fail(not_configured());
  if (next.empty()) next = "/";
  if (!is_local_path(next)) {
    co_return fail(Error{ErrorCode::invalid_parameter,
                         "next must be a path on this server, starting with a single /"});
  }
  auto metadata = co_await deps_.provider->metadata();
  if (!metadata) co_return fail(from_provider(metadata.error()));
  const std::string id = deps_.random(32);
  const auto secrets = login_secrets(keys_, id);
  const auto challenge = auth::s256_challenge(secrets.verifier);
  if (!challenge) co_return fail(Error{ErrorCode::internal, "Cannot make a PKCE challenge"});
  const auto& settings = deps_.provider->settings();
  const oidc::AuthorizationRequest request{settings.client_id, settings.redirect_uri,
                                           settings.scopes,    secrets.state,
                                           secrets.nonce,      *challenge};
  co_return Started{oidc::authorization_url(metadata->authorization_endpoint, request),
                    login_cookie(keys_, id, next, deps_.clock->now_unix() + kLoginSeconds)};
}

Call<SignIn::Finished> SignIn::finish(Answer answer,
                                      std::optional<std::string> login_cookie_value) const {
  if (deps_.provider == nullptr) co_return fail(not_configured());
  if (deps_.access == nullptr) co_return fail(not_configured());
  const std::int64_t now = deps_.clock->now_unix();
  const auto login =
      login_cookie_value ? read_login_cookie(keys_, *login_cookie_value, now) : std::nullopt;
  if (!login) {
    co_return fail(stale_login("was not started in this browser, or took too long"));
  }
  const auto secrets = login_secrets(keys_, login->id);
  if (!auth::constant_time_equal(answer.state, secrets.state)) {
    co_return fail(stale_login("does not match the one this browser started"));
  }
  // Used once, whatever the outcome: a second answer for the same login is refused on every
  // instance.
  auto* access = deps_.access;
  auto consume = [access, key = login_id_hash(login->id), now]() -> Result<bool, Error> {
    auto created = access->create_session(key, now + kLoginSeconds, now);
    if (!created) return fail(from_access_store(created.error()));
    return *created;
  };
  const auto store_deadline = deps_.blocking.deadline();
  auto fresh = co_await deps_.blocking.run(store_deadline, std::move(consume));
  if (!fresh) co_return fail(std::move(fresh).error());
  if (!*fresh) co_return fail(stale_login("was already used"));
  if (!answer.error.empty()) {
    log::info("sign-in: the identity provider answered error " + answer.error.substr(0, 64));
    co_return fail(Error{ErrorCode::bad_request, "The identity provider did not sign you in"});
  }
  if (answer.code.empty() || answer.code.size() > 4096) {
    co_return fail(Error{ErrorCode::bad_request, "The identity provider's answer has no code"});
  }
  auto redeemed =
      co_await deps_.provider->redeem(std::move(answer.code), secrets.verifier, secrets.nonce);
  if (!redeemed) co_return fail(from_provider(redeemed.error()));
  const auto& claims = redeemed->claims;
  Person person{owner_key(claims.issuer, claims.subject), redeemed->display_name,
                claims.email_verified ? claims.email : std::string(),
                auth::admits(deps_.organizers, claims)};
  const std::string id = deps_.random(32);
  const std::int64_t expires_at = deps_.clock->now_unix() + kUserSessionSeconds;
  auto open = [access, key = user_session_hash(id), expires_at, now]() -> Result<bool, Error> {
    auto created = access->create_session(key, expires_at, now);
    if (!created) return fail(from_access_store(created.error()));
    return *created;
  };
  const auto open_deadline = deps_.blocking.deadline();
  auto opened = co_await deps_.blocking.run(open_deadline, std::move(open));
  if (!opened) co_return fail(std::move(opened).error());
  auto cookie = user_cookie(keys_, id, person, expires_at);
  co_return Finished{std::move(cookie), login->next, std::move(person)};
}

std::optional<std::string> SignIn::organizer_session_key(std::string_view cookie) const {
  if (deps_.provider == nullptr) return std::nullopt;
  auto session = read_user_cookie(keys_, cookie, deps_.clock->now_unix());
  if (!session || !session->person.organizer) return std::nullopt;
  return std::move(session->id_hash);
}

Call<std::optional<Person>> SignIn::person(std::optional<std::string> user_cookie_value) const {
  if (deps_.provider == nullptr || deps_.access == nullptr || !user_cookie_value) {
    co_return std::optional<Person>();
  }
  auto session = read_user_cookie(keys_, *user_cookie_value, deps_.clock->now_unix());
  if (!session) co_return std::optional<Person>();
  auto* access = deps_.access;
  const auto* clock = deps_.clock;
  auto job = [access, clock, key = session->id_hash]() -> Result<bool, Error> {
    auto valid = access->session_valid(key, clock->now_unix());
    if (!valid) return fail(from_access_store(valid.error()));
    return *valid;
  };
  const auto deadline = deps_.blocking.deadline();
  auto valid = co_await deps_.blocking.run(deadline, std::move(job));
  if (!valid) co_return fail(std::move(valid).error());
  if (!*valid) co_return std::optional<Person>();
  co_return std::optional<Person>(std::move(session->person));
}

Call<std::string> SignIn::sign_out(std::optional<std::string> user_cookie_value) const {
  if (deps_.provider == nullptr) co_return fail(not_configured());
  // An expired session has nothing to end here, but the provider's may still be open.
  const auto session = user_cookie_value && deps_.access != nullptr
                           ? read_user_cookie(keys_, *user_cookie_value, deps_.clock->now_unix())
                           : std::nullopt;
  if (session) {
    auto* access = deps_.access;
    auto job = [access, key = session->id_hash]() -> Result<Done, Error> {
      auto deleted = access->delete_session(key);
      if (!deleted) return fail(from_access_store(deleted.error()));
      return Done{};
    };
    const auto deadline = deps_.blocking.deadline();
    auto done = co_await deps_.blocking.run(deadline, std::move(job));
    if (!done) co_return fail(std::move(done).error());
  }
  auto metadata = co_await deps_.provider->metadata();
  // The session here is over either way; without the provider's document, home is the way on.
  if (!metadata || metadata->end_session_endpoint.empty()) co_return std::string();
  co_return oidc::end_session_url(metadata->end_session_endpoint,
                                  deps_.provider->settings().client_id, deps_.post_logout_uri);
}

}  // namespace lkm::services
