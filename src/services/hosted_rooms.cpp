#include "services/hosted_rooms.hpp"

#include <vector>

#include "auth/password_hash.hpp"

namespace lkm::services {
namespace {

Error room_in_use() {
  return {ErrorCode::room_in_use,
          "This room name is in use or was used recently: choose another one"};
}

Error host_required() {
  return {ErrorCode::host_required, "Only the room's host may do that"};
}

Error no_such_room() {
  return {ErrorCode::room_not_found, "No such room"};
}

// Whether decide_join found no host for the room: it answers open (or, under organizers,
// room_not_found) only then.
bool says_absent(const Result<JoinDecision, Error>& decision) {
  if (decision.ok()) return decision->kind == JoinDecision::Kind::open;
  return decision.error().code == ErrorCode::room_not_found;
}

}  // namespace

Error rooms_not_configured() {
  return {ErrorCode::not_configured, "Rooms with a host need the meeting store"};
}

HostedRooms::HostedRooms(Dependencies dependencies, RoomPolicy policy)
    : deps_(std::move(dependencies)),
      policy_(std::move(policy)),
      absent_(deps_.access != nullptr && deps_.access->exclusive()
                  ? std::make_shared<AbsentRooms>(*deps_.clock, AbsentRooms::Options{})
                  : nullptr) {}

Result<std::optional<store::HostedRoom>, Error> HostedRooms::find_blocking(
    const std::string& room) const {
  return find_hosted_room(*deps_.access, room, deps_.clock->now_unix(), policy_.retention_seconds);
}

// A name is never claimed blind: when LiveKit cannot be asked, the answer is 503.
Call<Done> HostedRooms::check_name_free(std::string name, std::int64_t now,
                                        Deadline deadline) const {
  auto* history = deps_.history;
  const std::int64_t since = now - policy_.retention_seconds;
  auto job = [history, name, since]() -> Result<bool, Error> {
    auto activity = history->room_activity(name);
    if (!activity) return fail(from_store(activity.error(), "meeting history"));
    return *activity && (*activity)->last_active_at >= since;
  };
  auto recent = co_await deps_.blocking.run(deadline, std::move(job));
  if (!recent) co_return fail(std::move(recent).error());
  if (*recent) co_return fail(room_in_use());
  std::vector<std::string> names;  // not a braced list in a coroutine: GCC 12 miscompiles it
  names.push_back(name);
  auto live = co_await deps_.livekit->list_rooms(std::move(names));
  if (!live) {
    (void)from_livekit(live.error());  // logged there
    co_return fail(Error{ErrorCode::unavailable,
                         "Cannot tell whether this room is in use: the LiveKit server could not "
                         "be asked. Try again later",
                         5});
  }
  for (const auto& room : *live) {
    if (room.name == name) co_return fail(room_in_use());
  }
  co_return Done{};
}

Call<HostedRooms::Created> HostedRooms::create(RoomRequest request, std::string client,
                                               bool organizer, std::string owner) const {
  if (!enabled()) co_return fail(rooms_not_configured());
  if (policy_.creation == RoomCreation::organizers && !organizer) {
    co_return fail(
        Error{ErrorCode::organizer_required, "Only signed-in organizers may create rooms"});
  }
  const auto deadline = deps_.blocking.deadline();
  const std::int64_t now = deps_.clock->now_unix();
  if (policy_.creation_limiter) {
    if (const auto wait = policy_.creation_limiter->take(client, now); wait > 0) {
      co_return fail(Error{ErrorCode::too_many_requests,
                           "Too many rooms created: try again in " + std::to_string(wait) + " s",
                           wait});
    }
  }
  if (request.name) {
    if (absent_) absent_->forget(*request.name);  // joins from now on ask the store
    auto free = co_await check_name_free(*request.name, now, deadline);
    if (!free) co_return fail(std::move(free).error());
  }
  // Hashing the passcode and writing the room are one job on the pool.
  const std::string request_name = request.name.value_or("");
  auto job = [this, request = std::move(request), now,
              owner = std::move(owner)]() -> Result<Created, Error> {
    store::HostedRoom room;
    room.owner = owner;
    room.waiting_room = request.waiting_room;
    room.listed = request.listed;
    room.created_at = now;
    room.last_used_at = now;
    if (request.passcode) {
      room.passcode_hash = auth::hash_password(*request.passcode, deps_.random(22));
      if (room.passcode_hash.empty()) {
        return fail(Error{ErrorCode::internal, "Could not hash the passcode"});
      }
    }
    const int attempts = request.name ? 1 : 5;
    for (int attempt = 0; attempt < attempts; ++attempt) {
      room.name = request.name ? *request.name : deps_.random(4) + "-" + deps_.random(4);
      const auto credential = issue_host_credential(*deps_.keys, room.name, deps_.random(40));
      auto created =
          deps_.access->create_room(room, credential.stored_hash, now - policy_.retention_seconds);
      if (!created) return fail(from_access_store(created.error()));
      if (*created) return Created{room, credential.cookie_value};
    }
    return fail(Error{ErrorCode::conflict, "This room already has a host"});
  };
  auto created = co_await deps_.blocking.run(deadline, std::move(job));
  // Also when the outcome is unknown (a deadline): the room may exist now, under a drawn name too.
  if (absent_) {
    if (created) {
      absent_->forget(created->room.name);
    } else if (!request_name.empty()) {
      absent_->forget(request_name);
    } else {
      absent_->forget_all();
    }
  }
  co_return created;
}

Call<HostedRooms::View> HostedRooms::view(std::string room,
                                          std::optional<std::string> host_hash) const {
  if (!enabled()) {
    if (policy_.creation == RoomCreation::organizers) co_return fail(no_such_room());
    co_return View{};
  }
  auto job = [this, room, host_hash]() -> Result<View, Error> {
    auto found = find_blocking(room);
    if (!found) return fail(std::move(found).error());
    View view{std::move(found).value(), false};
    if (!view.room) {
      if (policy_.creation == RoomCreation::organizers) return fail(no_such_room());
      return view;
    }
    if (host_hash) {
      auto grant = deps_.access->host_grant(room, *host_hash);
      if (!grant) return fail(from_access_store(grant.error()));
      view.is_host = grant->has_value();
      view.cohost = view.is_host && (*grant)->cohost;
    }
    return view;
  };
  const auto deadline = deps_.blocking.deadline();
  co_return co_await deps_.blocking.run(deadline, std::move(job));
}

Call<bool> HostedRooms::is_host(std::string room, std::optional<std::string> host_hash) const {
  if (!enabled() || !host_hash || !is_hosted_room_name(room)) co_return false;
  auto* access = deps_.access;
  auto job = [access, room, hash = *host_hash]() -> Result<bool, Error> {
    auto host = access->is_host(room, hash);
    if (!host) return fail(from_access_store(host.error()));
    return *host;
  };
  const auto deadline = deps_.blocking.deadline();
  co_return co_await deps_.blocking.run(deadline, std::move(job));
}

Call<store::HostedRoom> HostedRooms::require_host(std::string room,
                                                  std::optional<std::string> host_hash) const {
  auto granted = co_await require_grant(std::move(room), std::move(host_hash));
  if (!granted) co_return fail(std::move(granted).error());
  co_return std::move(granted->room);
}

Call<HostedRooms::Granted> HostedRooms::require_grant(std::string room,
                                                      std::optional<std::string> host_hash) const {
  if (!enabled()) co_return fail(rooms_not_configured());
  auto job = [this, room, host_hash]() -> Result<Granted, Error> {
    auto found = find_blocking(room);
    if (!found) return fail(std::move(found).error());
    if (!*found) return fail(no_such_room());
    if (!host_hash) return fail(host_required());
    auto grant = deps_.access->host_grant(room, *host_hash);
    if (!grant) return fail(from_access_store(grant.error()));
    if (!*grant) return fail(host_required());
    auto touched = deps_.access->touch_room(room, deps_.clock->now_unix());
    if (!touched) return fail(from_access_store(touched.error()));
    return Granted{std::move(*found).value(), std::move(*grant).value()};
  };
  const auto deadline = deps_.blocking.deadline();
  co_return co_await deps_.blocking.run(deadline, std::move(job));
}

Call<Done> HostedRooms::end(std::string room, std::optional<std::string> host_hash) const {
  auto granted = co_await require_grant(room, host_hash);
  if (!granted) co_return fail(std::move(granted).error());
  if (granted->grant.cohost) {
    co_return fail(Error{ErrorCode::owner_required,
                         "Only the meeting's host can end it for everyone, not a co-host"});
  }
  auto deleted = co_await deps_.livekit->delete_room(room);
  // A room that is not live on the LiveKit server has nobody to remove.
  if (!deleted && !is_livekit_not_found(deleted.error())) {
    co_return fail(from_livekit(deleted.error()));
  }
  auto* access = deps_.access;
  auto job = [access, room]() -> Result<Done, Error> {
    auto forgotten = access->delete_room(room);
    if (!forgotten) {
      return fail(from_access_store(forgotten.error()));
    }
    return Done{};
  };
  const auto deadline = deps_.blocking.deadline();
  co_return co_await deps_.blocking.run(deadline, std::move(job));
}

Call<std::vector<store::HostedRoom>> HostedRooms::owned(std::string owner) const {
  if (!enabled()) co_return fail(rooms_not_configured());
  if (owner.empty()) co_return std::vector<store::HostedRoom>{};
  auto* access = deps_.access;
  const std::int64_t forget_before = deps_.clock->now_unix() - policy_.retention_seconds;
  auto job = [access, owner = std::move(owner),
              forget_before]() -> Result<std::vector<store::HostedRoom>, Error> {
    auto rooms = access->owned_rooms(owner);
    if (!rooms) return fail(from_access_store(rooms.error()));
    // Rooms unused past the retention are forgotten at the next creation: not shown meanwhile.
    std::erase_if(*rooms,
                  [&](const store::HostedRoom& room) { return room.last_used_at < forget_before; });
    return std::move(rooms).value();
  };
  const auto deadline = deps_.blocking.deadline();
  co_return co_await deps_.blocking.run(deadline, std::move(job));
}

Call<HostedRooms::Created> HostedRooms::reopen(std::string room, std::string owner) const {
  if (!enabled()) co_return fail(rooms_not_configured());
  if (owner.empty()) co_return fail(no_such_room());
  auto* access = deps_.access;
  const auto* keys = deps_.keys;
  const std::int64_t now = deps_.clock->now_unix();
  const std::string random = deps_.random(40);
  auto job = [this, access, keys, room, owner = std::move(owner), now,
              random]() -> Result<Created, Error> {
    auto found = find_blocking(room);
    if (!found) return fail(std::move(found).error());
    if (!*found || (*found)->owner != owner) return fail(no_such_room());
    const auto credential = issue_host_credential(*keys, room, random);
    auto added = access->add_owner_credential(room, owner, credential.stored_hash, now);
    if (!added) return fail(from_access_store(added.error()));
    if (!*added) return fail(no_such_room());
    auto touched = access->touch_room(room, now);
    if (!touched) return fail(from_access_store(touched.error()));
    return Created{**found, credential.cookie_value};
  };
  const auto deadline = deps_.blocking.deadline();
  co_return co_await deps_.blocking.run(deadline, std::move(job));
}

Call<Done> HostedRooms::remove_owned(std::string room, std::string owner) const {
  if (!enabled()) co_return fail(rooms_not_configured());
  if (owner.empty()) co_return fail(no_such_room());
  auto check = [this, room, owner]() -> Result<bool, Error> {
    auto found = find_blocking(room);
    if (!found) return fail(std::move(found).error());
    return *found && (*found)->owner == owner;
  };
  const auto check_deadline = deps_.blocking.deadline();
  auto owned_room = co_await deps_.blocking.run(check_deadline, std::move(check));
  if (!owned_room) co_return fail(std::move(owned_room).error());
  if (!*owned_room) co_return fail(no_such_room());
  auto deleted = co_await deps_.livekit->delete_room(room);
  // A room that is not live on the LiveKit server has nobody to remove.
  if (!deleted && !is_livekit_not_found(deleted.error())) {
    co_return fail(from_livekit(deleted.error()));
  }
  auto* access = deps_.access;
  auto job = [access, room]() -> Result<Done, Error> {
    auto forgotten = access->delete_room(room);
    if (!forgotten) return fail(from_access_store(forgotten.error()));
    return Done{};
  };
  const auto deadline = deps_.blocking.deadline();
  co_return co_await deps_.blocking.run(deadline, std::move(job));
}

Call<Done> HostedRooms::sign_out_host(std::string room,
                                      std::optional<std::string> host_hash) const {
  if (!enabled()) co_return fail(rooms_not_configured());
  if (!host_hash) co_return Done{};
  auto* access = deps_.access;
  auto job = [access, room, hash = *host_hash]() -> Result<Done, Error> {
    auto revoked = access->revoke_host(room, hash);
    if (!revoked) return fail(from_access_store(revoked.error()));
    return Done{};
  };
  const auto deadline = deps_.blocking.deadline();
  co_return co_await deps_.blocking.run(deadline, std::move(job));
}

Call<store::HostedRoom> HostedRooms::set_flag(std::string room,
                                              std::optional<std::string> host_hash, Flag flag,
                                              bool value) const {
  auto hosted = co_await require_host(room, host_hash);
  if (!hosted) co_return fail(std::move(hosted).error());
  auto* access = deps_.access;
  auto current = std::move(hosted).value();
  auto job = [access, current, flag, value]() mutable -> Result<store::HostedRoom, Error> {
    auto updated = flag == Flag::locked ? access->set_locked(current.name, value)
                                        : access->set_listed(current.name, value);
    if (!updated) return fail(from_access_store(updated.error()));
    (flag == Flag::locked ? current.locked : current.listed) = value;
    return current;
  };
  const auto deadline = deps_.blocking.deadline();
  co_return co_await deps_.blocking.run(deadline, std::move(job));
}

Call<JoinDecision> HostedRooms::decide_join(std::string room, std::optional<std::string> passcode,
                                            std::optional<std::string> host_hash,
                                            std::string client, std::string identity) const {
  if (!enabled()) co_return JoinDecision{};
  if (absent_ && absent_->known_absent(room)) {
    co_return decide_join_without_host(policy_.creation);
  }
  const auto generation = absent_ ? absent_->generation() : 0;
  const auto passcodes = passcodes_;
  auto job = [this, passcodes, room, passcode, host_hash, client,
              identity]() -> Result<JoinDecision, Error> {
    const JoinContext join{*deps_.access,           *passcodes,
                           policy_.creation,        client,
                           deps_.clock->now_unix(), policy_.retention_seconds};
    return services::decide_join(join, room, passcode, host_hash, identity);
  };
  const auto deadline = deps_.blocking.deadline();
  auto decision = co_await deps_.blocking.run(deadline, std::move(job));
  if (absent_ && says_absent(decision)) absent_->remember(room, generation);
  co_return decision;
}

}  // namespace lkm::services
