#include "services/hands.hpp"

#include <utility>
#include <vector>

#include "auth/token_verifier.hpp"

namespace lkm::services {

Result<std::string, Error> member_from_token(const auth::KeyProvider& keys, std::string_view token,
                                             std::string_view room, std::int64_t now) {
  const auth::TokenVerifier verifier(keys);
  auto claims = verifier.verify(token, now);
  if (!claims) {
    return fail(Error{
        ErrorCode::unauthorized,
        "The LiveKit token is not valid: " + std::string(auth::to_string(claims.error().code))});
  }
  const auto& video = claims->grants.video;
  if (!video || video->room != room || video->room_join != true) {
    return fail(
        Error{ErrorCode::unauthorized, "The LiveKit token does not let its holder join this room"});
  }
  if (claims->identity.empty()) {
    return fail(Error{ErrorCode::unauthorized, "The LiveKit token names no participant"});
  }
  return std::move(claims->identity);
}

Hands::Hands(const HostedRooms& rooms, const Clock& clock, std::shared_ptr<RateLimiter> limiter)
    : rooms_(&rooms), clock_(&clock), limiter_(std::move(limiter)) {}

Call<Done> Hands::set_attribute(std::string room, std::string identity, std::string value) const {
  livekit::ParticipantUpdate update;
  update.attributes.emplace();
  update.attributes->emplace_back(std::string(kHandAttribute), std::move(value));
  auto updated = co_await rooms_->livekit().update_participant(std::move(room), std::move(identity),
                                                               std::move(update));
  if (!updated) {
    if (is_livekit_not_found(updated.error())) {
      co_return fail(Error{ErrorCode::not_found, "No such participant in this meeting"});
    }
    co_return fail(from_livekit(updated.error()));
  }
  co_return Done{};
}

Call<Hands::State> Hands::set_own(std::string room, std::string identity, bool raised) const {
  if (limiter_) {
    const std::string key = room + "\n" + identity;
    if (const auto wait = limiter_->take(key, clock_->now_unix()); wait > 0) {
      co_return fail(Error{ErrorCode::too_many_requests,
                           "Too many hand changes: try again in " + std::to_string(wait) + " s",
                           wait});
    }
  }
  State state;
  state.raised = raised;
  state.raised_at_ms = raised ? clock_->now_unix_ms() : 0;
  std::string value = raised ? std::to_string(state.raised_at_ms) : std::string();
  auto set = co_await set_attribute(std::move(room), std::move(identity), std::move(value));
  if (!set) co_return fail(std::move(set).error());
  co_return state;
}

Call<Done> Hands::lower(std::string room, std::optional<std::string> host_hash,
                        std::string identity) const {
  auto hosted = co_await rooms_->require_host(room, std::move(host_hash));
  if (!hosted) co_return fail(std::move(hosted).error());
  co_return co_await set_attribute(std::move(room), std::move(identity), std::string());
}

Call<std::size_t> Hands::lower_all(std::string room, std::optional<std::string> host_hash) const {
  auto hosted = co_await rooms_->require_host(room, std::move(host_hash));
  if (!hosted) co_return fail(std::move(hosted).error());
  auto listed = co_await rooms_->livekit().list_participants(room);
  if (!listed) {
    if (is_livekit_not_found(listed.error())) co_return std::size_t{0};
    co_return fail(from_livekit(listed.error()));
  }
  std::vector<std::string> raised;
  for (const auto& participant : *listed) {
    for (const auto& [key, value] : participant.attributes) {
      if (key == kHandAttribute && !value.empty()) raised.push_back(participant.identity);
    }
  }
  for (const auto& identity : raised) {
    auto lowered = co_await set_attribute(room, identity, std::string());
    // Someone who left meanwhile has no hand up any more.
    if (!lowered && lowered.error().code != ErrorCode::not_found) {
      co_return fail(std::move(lowered).error());
    }
  }
  co_return raised.size();
}

}  // namespace lkm::services
