#include "services/cohosts.hpp"

#include <algorithm>
#include <utility>
#include <vector>

#include "services/credentials.hpp"

namespace lkm::services {
namespace {

Error not_in_meeting() {
  return Error{ErrorCode::not_found, "No such participant in this meeting"};
}

}  // namespace

std::optional<std::string> role_of(const std::vector<livekit::Participant>& participants,
                                   const std::string& identity) {
  for (const auto& participant : participants) {
    if (participant.identity != identity) continue;
    for (const auto& [key, value] : participant.attributes) {
      if (key == kRoleAttribute) return value;
    }
    return std::string();
  }
  return std::nullopt;
}

CoHosts::CoHosts(const HostedRooms& rooms, const Clock& clock, std::shared_ptr<RateLimiter> limiter)
    : rooms_(&rooms), clock_(&clock), limiter_(std::move(limiter)) {}

Call<Done> CoHosts::set_role(std::string room, std::string identity, std::string_view role) const {
  livekit::ParticipantUpdate update;
  update.attributes.emplace();
  update.attributes->emplace_back(std::string(kRoleAttribute), std::string(role));
  auto updated = co_await rooms_->livekit().update_participant(std::move(room), std::move(identity),
                                                               std::move(update));
  if (!updated) {
    if (is_livekit_not_found(updated.error())) co_return fail(not_in_meeting());
    co_return fail(from_livekit(updated.error()));
  }
  co_return Done{};
}

Call<Done> CoHosts::promote(std::string room, std::optional<std::string> host_hash,
                            std::string identity) const {
  auto hosted = co_await rooms_->require_host(room, std::move(host_hash));
  if (!hosted) co_return fail(std::move(hosted).error());
  auto listed = co_await rooms_->livekit().list_participants(room);
  if (!listed) {
    if (is_livekit_not_found(listed.error())) co_return fail(not_in_meeting());
    co_return fail(from_livekit(listed.error()));
  }
  const auto role = role_of(*listed, identity);
  if (!role) co_return fail(not_in_meeting());
  if (*role == kHostRole) {
    co_return fail(Error{ErrorCode::conflict, "That participant is the meeting's host"});
  }
  const auto* rooms = rooms_;
  const std::int64_t now = clock_->now_unix();
  auto job = [rooms, room, identity, now]() -> Result<Done, Error> {
    auto* access = rooms->access();
    auto current = access->cohosts(room);
    if (!current) return fail(from_access_store(current.error()));
    const bool already = std::find(current->begin(), current->end(), identity) != current->end();
    if (!already && current->size() >= kMaxPerRoom) {
      return fail(Error{ErrorCode::conflict,
                        "A meeting has at most " + std::to_string(kMaxPerRoom) + " co-hosts"});
    }
    auto added = access->add_cohost(room, identity, now);
    if (!added) return fail(from_access_store(added.error()));
    if (!*added) return fail(Error{ErrorCode::room_not_found, "This room no longer exists"});
    return Done{};
  };
  const auto deadline = rooms_->blocking().deadline();
  auto added = co_await rooms_->blocking().run(deadline, std::move(job));
  if (!added) co_return fail(std::move(added).error());
  co_return co_await set_role(std::move(room), std::move(identity), kCohostRole);
}

Call<Done> CoHosts::demote(std::string room, std::optional<std::string> host_hash,
                           std::string identity) const {
  auto hosted = co_await rooms_->require_host(room, std::move(host_hash));
  if (!hosted) co_return fail(std::move(hosted).error());
  auto* access = rooms_->access();
  auto job = [access, room, identity]() -> Result<bool, Error> {
    auto removed = access->remove_cohost(room, identity);
    if (!removed) return fail(from_access_store(removed.error()));
    return *removed;
  };
  const auto deadline = rooms_->blocking().deadline();
  auto removed = co_await rooms_->blocking().run(deadline, std::move(job));
  if (!removed) co_return fail(std::move(removed).error());
  if (!*removed) {
    auto listed = co_await rooms_->livekit().list_participants(room);
    if (listed && role_of(*listed, identity) == std::string(kHostRole)) {
      co_return fail(Error{ErrorCode::forbidden, "The meeting's host cannot be demoted"});
    }
    co_return fail(Error{ErrorCode::not_found, "That participant is not a co-host"});
  }
  // Someone who has left keeps no attribute to change.
  auto set = co_await set_role(std::move(room), std::move(identity), kGuestRole);
  if (!set && set.error().code != ErrorCode::not_found) co_return fail(std::move(set).error());
  co_return Done{};
}

Call<std::string> CoHosts::claim(std::string room, std::string identity) const {
  if (!rooms_->enabled()) co_return fail(rooms_not_configured());
  if (limiter_) {
    const std::string key = room + "\n" + identity;
    if (const auto wait = limiter_->take(key, clock_->now_unix()); wait > 0) {
      co_return fail(Error{ErrorCode::too_many_requests,
                           "Too many requests: try again in " + std::to_string(wait) + " s", wait});
    }
  }
  auto credential = issue_host_credential(rooms_->keys(), room, rooms_->random()(40));
  auto* access = rooms_->access();
  const std::int64_t now = clock_->now_unix();
  auto job = [access, room, identity, hash = credential.stored_hash, now]() -> Result<bool, Error> {
    auto issued = access->issue_cohost_credential(room, identity, hash, now);
    if (!issued) return fail(from_access_store(issued.error()));
    return *issued;
  };
  const auto deadline = rooms_->blocking().deadline();
  auto issued = co_await rooms_->blocking().run(deadline, std::move(job));
  if (!issued) co_return fail(std::move(issued).error());
  if (!*issued) {
    co_return fail(Error{ErrorCode::host_required, "You are not a co-host of this meeting"});
  }
  co_return std::move(credential.cookie_value);
}

}  // namespace lkm::services
