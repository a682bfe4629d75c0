#pragma once
// OrganizerSessions: signing organizers in with the organizer password (guessed under the same
// limits as passcodes: per client, and across every client and instance, scope "organizer"), the
// sessions the store keeps so that signing out ends them on every instance, and whether a
// request's session is valid. Hashing and the store run on the worker pool.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "core/clock.hpp"
#include "services/call.hpp"
#include "services/credentials.hpp"
#include "services/random.hpp"
#include "services/room_rules.hpp"
#include "store/access.hpp"

namespace lkm::services {

class OrganizerSessions {
 public:
  struct Dependencies {
    Blocking blocking;
    store::AccessStore* access = nullptr;  // null: no sessions (nobody is signed in)
    const Clock* clock = nullptr;
    RandomString random;
    const AccessKeys* keys = nullptr;
    std::string password_hash;  // empty: signing in is not configured
  };
  explicit OrganizerSessions(Dependencies dependencies);

  // The store's key of a session cookie's value, when it is well signed and unexpired.
  [[nodiscard]] std::optional<std::string> session_key(std::string_view cookie_value) const;
  // Whether the session (by its key) is valid on the store.
  [[nodiscard]] Call<bool> signed_in(std::optional<std::string> session_key) const;

  struct Session {
    std::string cookie_value;
    std::int64_t expires_at = 0;
  };
  // unauthorized for a wrong password; too_many_requests while guessing is blocked.
  [[nodiscard]] Call<Session> sign_in(std::string password, std::string client) const;
  // Ends the session on every instance.
  [[nodiscard]] Call<Done> sign_out(std::optional<std::string> session_key) const;

 private:
  Dependencies deps_;
  std::shared_ptr<GuessGuard> guesses_ = std::make_shared<GuessGuard>();
};

}  // namespace lkm::services
