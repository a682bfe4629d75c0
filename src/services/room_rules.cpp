#include "services/room_rules.hpp"

#include "auth/hmac.hpp"
#include "auth/password_hash.hpp"

namespace lkm::services {
namespace {

bool is_name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '_' || c == '.' || c == '~';
}

// The key under which a right passcode is remembered: it changes with the room's hash (and so
// with its salt), and holds no passcode in the clear.
std::string remembered_key(const store::HostedRoom& room, std::string_view passcode) {
  std::string message = room.name;
  message += '\n';
  message += room.passcode_hash;
  message += '\n';
  message += passcode;
  const auto digest = auth::sha256(message);
  return {digest.begin(), digest.end()};
}

}  // namespace

std::string_view to_string(Lobby lobby) noexcept {
  switch (lobby) {
    case Lobby::off: return "off";
    case Lobby::all: return "all";
    case Lobby::listed: break;
  }
  return "listed";
}

bool is_hosted_room_name(std::string_view name) noexcept {
  if (name.empty() || name.size() > 128 || name.front() == '.') return false;
  for (const char c : name) {
    if (!is_name_char(c)) return false;
  }
  return true;
}

std::optional<Error> GuessGuard::begin(store::AccessStore& store, std::string_view client,
                                       const std::string& scope, std::int64_t now) {
  const auto too_many = [](std::int64_t wait) {
    return Error{ErrorCode::too_many_requests,
                 "Too many wrong attempts: try again in " + std::to_string(wait) + " s", wait};
  };
  if (const auto wait = clients_.take(client, now); wait > 0) return too_many(wait);
  auto shared = store.take_attempt(scope, now, kRoomGuessPolicy);
  if (!shared) {
    clients_.forgive(client);
    return from_access_store(shared.error());
  }
  if (*shared > 0) {
    clients_.forgive(client);
    return too_many(*shared);
  }
  return std::nullopt;
}

void GuessGuard::forgive(store::AccessStore& store, std::string_view client,
                         const std::string& scope) {
  clients_.forgive(client);
  // A failure here leaves one attempt counted too many: it is forgotten with the counter.
  (void)store.forgive_attempt(scope, kRoomGuessPolicy);
}

std::optional<Error> PasscodeGate::check(store::AccessStore& store, const store::HostedRoom& room,
                                         const std::optional<std::string>& passcode,
                                         std::string_view client, std::int64_t now) {
  if (room.passcode_hash.empty()) return std::nullopt;
  if (!passcode || passcode->empty()) {
    return Error{ErrorCode::passcode_required, "This room needs a passcode"};
  }
  const std::string key = remembered_key(room, *passcode);
  {
    const std::lock_guard lock(mutex_);
    if (remembered_.contains(key)) return std::nullopt;
  }
  const std::string scope = "room:" + room.name;
  if (auto refused = guesses_.begin(store, client, scope, now)) return refused;
  if (passcode->size() <= kMaxPasscodeBytes &&
      auth::verify_password(*passcode, room.passcode_hash)) {
    guesses_.forgive(store, client, scope);
    const std::lock_guard lock(mutex_);
    if (remembered_.size() >= kMaxRemembered) remembered_.clear();
    remembered_.insert(key);
    return std::nullopt;
  }
  return Error{ErrorCode::passcode_invalid, "Wrong passcode"};
}

Result<std::optional<store::HostedRoom>, Error> find_hosted_room(store::AccessStore& store,
                                                                 const std::string& name,
                                                                 std::int64_t now,
                                                                 std::int64_t retention_seconds) {
  if (!is_hosted_room_name(name)) return std::optional<store::HostedRoom>();
  auto found = store.hosted_room(name);
  if (!found) return fail(from_access_store(found.error()));
  if (*found && (*found)->last_used_at < now - retention_seconds) {
    return std::optional<store::HostedRoom>();
  }
  return std::move(found).value();
}

Result<JoinDecision, Error> decide_join_without_host(RoomCreation creation) {
  if (creation == RoomCreation::organizers) {
    return fail(Error{ErrorCode::room_not_found, "No such room: ask its organizer for the link"});
  }
  return JoinDecision{JoinDecision::Kind::open};
}

Result<JoinDecision, Error> decide_join(const JoinContext& context, const std::string& room_name,
                                        const std::optional<std::string>& passcode,
                                        const std::optional<std::string>& host_hash,
                                        const std::string& identity) {
  auto found =
      find_hosted_room(context.store, room_name, context.now, context.room_retention_seconds);
  if (!found) return fail(std::move(found).error());
  const auto& room = *found;
  if (!room) return decide_join_without_host(context.room_creation);
  const auto admitted = [&](JoinDecision::Kind kind) -> Result<JoinDecision, Error> {
    // A room in use is kept past the retention time.
    auto touched = context.store.touch_room(room_name, context.now);
    if (!touched) return fail(from_access_store(touched.error()));
    return JoinDecision{kind};
  };
  if (host_hash) {
    auto grant = context.store.host_grant(room_name, *host_hash);
    if (!grant) return fail(from_access_store(grant.error()));
    if (*grant && !(*grant)->cohost) return admitted(JoinDecision::Kind::host);
    if (*grant && (*grant)->identity == identity) return admitted(JoinDecision::Kind::cohost);
  }
  if (room->locked) {
    return fail(Error{ErrorCode::room_locked, "The host has locked this room"});
  }
  if (auto refused =
          context.passcodes.check(context.store, *room, passcode, context.client, context.now)) {
    return fail(std::move(*refused));
  }
  return admitted(room->waiting_room ? JoinDecision::Kind::wait : JoinDecision::Kind::guest);
}

}  // namespace lkm::services
