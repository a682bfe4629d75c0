#pragma once
// SignIn: signing people in through an OpenID Connect provider (the authorization code flow with
// PKCE; docs/sign-in.md). start() makes the authorization request and the login cookie that binds
// it to the browser; finish() checks the provider's answer against that cookie, uses the login
// once (the store records it, for every instance), redeems the code, and opens a session the
// store keeps; person() reads a session cookie and asks the store whether it still holds;
// sign_out() ends it on every instance and names where the browser goes next (the provider's
// logout, when it has one). The store runs on the worker pool; the provider is called on the
// request's own executor.
#include <cstdint>
#include <optional>
#include <string>

#include "auth/organizer_rule.hpp"
#include "core/clock.hpp"
#include "oidc/provider.hpp"
#include "services/call.hpp"
#include "services/random.hpp"
#include "services/sign_in_cookies.hpp"
#include "store/access.hpp"

namespace lkm::services {

class SignIn {
 public:
  struct Dependencies {
    Blocking blocking;
    store::AccessStore* access = nullptr;  // null: sessions cannot be kept (not_configured)
    const Clock* clock = nullptr;
    RandomString random;
    const AccessKeys* keys = nullptr;
    const oidc::Provider* provider = nullptr;  // null: sign-in is not configured
    auth::OrganizerRule organizers;
    std::string post_logout_uri;  // <public-url><base-path>/
    bool required = false;        // --require-sign-in
  };
  explicit SignIn(Dependencies dependencies);

  [[nodiscard]] bool enabled() const noexcept { return deps_.provider != nullptr; }
  [[nodiscard]] bool required() const noexcept { return enabled() && deps_.required; }

  struct Started {
    std::string redirect_url;  // the provider's authorization endpoint with the request
    std::string login_cookie;
  };
  // invalid_parameter for a `next` that is not a local path; bad_gateway when the provider
  // cannot be read.
  [[nodiscard]] Call<Started> start(std::string next) const;

  struct Answer {
    std::string code;
    std::string state;
    std::string error;  // the provider's "error" parameter, when it refused
  };
  struct Finished {
    std::string user_cookie;
    std::string next;
    Person person;
  };
  // bad_request when the answer does not belong to this browser's login (no or another login
  // cookie, a wrong state, a login already finished), when the provider refused, or when the ID
  // token was refused; bad_gateway when the provider cannot be reached or answers nonsense.
  [[nodiscard]] Call<Finished> finish(Answer answer, std::optional<std::string> login_cookie) const;

  // The store's key of a session cookie's session when it is well signed, unexpired and its
  // person may organise (whether the store still holds it is the caller's question).
  [[nodiscard]] std::optional<std::string> organizer_session_key(std::string_view cookie) const;

  // The signed-in person of a session cookie the store still holds; nullopt otherwise.
  [[nodiscard]] Call<std::optional<Person>> person(std::optional<std::string> user_cookie) const;

  // Ends the session on every instance; the URL to send the browser to next ("" for the app's
  // home page).
  [[nodiscard]] Call<std::string> sign_out(std::optional<std::string> user_cookie) const;

 private:
  Dependencies deps_;
  SignInKeys keys_;
};

}  // namespace lkm::services
