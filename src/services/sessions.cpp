#include "services/sessions.hpp"

#include "auth/password_hash.hpp"
#include "services/hosted_rooms.hpp"

namespace lkm::services {

OrganizerSessions::OrganizerSessions(Dependencies dependencies) : deps_(std::move(dependencies)) {}

std::optional<std::string> OrganizerSessions::session_key(std::string_view cookie_value) const {
  return organizer_session_id_hash(*deps_.keys, cookie_value, deps_.clock->now_unix());
}

Call<bool> OrganizerSessions::signed_in(std::optional<std::string> session_key) const {
  if (!session_key || deps_.access == nullptr) co_return false;
  auto* access = deps_.access;
  const auto* clock = deps_.clock;
  auto job = [access, clock, key = *session_key]() -> Result<bool, Error> {
    auto valid = access->session_valid(key, clock->now_unix());
    if (!valid) return fail(from_access_store(valid.error()));
    return *valid;
  };
  const auto deadline = deps_.blocking.deadline();
  co_return co_await deps_.blocking.run(deadline, std::move(job));
}

Call<OrganizerSessions::Session> OrganizerSessions::sign_in(std::string password,
                                                            std::string client) const {
  if (deps_.password_hash.empty()) {
    co_return fail(Error{ErrorCode::not_configured, "No organizer password is set on this server"});
  }
  if (deps_.access == nullptr) co_return fail(rooms_not_configured());
  const auto guesses = guesses_;
  auto job = [this, guesses, password, client]() -> Result<Session, Error> {
    const std::string scope = "organizer";
    const std::int64_t now = deps_.clock->now_unix();
    if (auto refused = guesses->begin(*deps_.access, client, scope, now)) {
      return fail(std::move(*refused));
    }
    if (!auth::verify_password(password, deps_.password_hash)) {
      return fail(Error{ErrorCode::unauthorized, "Wrong password"});
    }
    guesses->forgive(*deps_.access, client, scope);
    const std::string random = deps_.random(32);
    const std::int64_t expires_at = now + kOrganizerSessionSeconds;
    auto created = deps_.access->create_session(session_id_hash(random), expires_at, now);
    if (!created) return fail(from_access_store(created.error()));
    return Session{organizer_session(*deps_.keys, expires_at, random), expires_at};
  };
  const auto deadline = deps_.blocking.deadline();
  co_return co_await deps_.blocking.run(deadline, std::move(job));
}

Call<Done> OrganizerSessions::sign_out(std::optional<std::string> session_key) const {
  if (!session_key || deps_.access == nullptr) co_return Done{};
  auto* access = deps_.access;
  auto job = [access, key = *session_key]() -> Result<Done, Error> {
    auto deleted = access->delete_session(key);
    if (!deleted) return fail(from_access_store(deleted.error()));
    return Done{};
  };
  const auto deadline = deps_.blocking.deadline();
  co_return co_await deps_.blocking.run(deadline, std::move(job));
}

}  // namespace lkm::services
