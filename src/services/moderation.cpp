#include "services/moderation.hpp"

#include "services/cohosts.hpp"

namespace lkm::services {

Moderation::Moderation(const HostedRooms& rooms, std::shared_ptr<AdmissionSignals> signals)
    : rooms_(&rooms), signals_(std::move(signals)) {}

Call<std::vector<livekit::Participant>> Moderation::participants(
    std::string room, std::optional<std::string> host_hash) const {
  auto hosted = co_await rooms_->require_host(room, std::move(host_hash));
  if (!hosted) co_return fail(std::move(hosted).error());
  auto listed = co_await rooms_->livekit().list_participants(room);
  if (!listed) {
    // A room nobody has joined yet does not exist on the LiveKit server.
    if (is_livekit_not_found(listed.error())) co_return std::vector<livekit::Participant>{};
    co_return fail(from_livekit(listed.error()));
  }
  co_return std::move(listed).value();
}

Call<Done> Moderation::remove(std::string room, std::optional<std::string> host_hash,
                              std::string identity) const {
  auto granted = co_await rooms_->require_grant(room, std::move(host_hash));
  if (!granted) co_return fail(std::move(granted).error());
  if (granted->grant.cohost) {
    // A co-host may remove anyone but the meeting's host (whose role only livekit-meet sets).
    // Unknown is not "not the host": a failed listing refuses (a room not live has nobody).
    auto listed = co_await rooms_->livekit().list_participants(room);
    if (!listed && !is_livekit_not_found(listed.error())) {
      co_return fail(from_livekit(listed.error()));
    }
    if (listed && role_of(*listed, identity) == std::string(kHostRole)) {
      co_return fail(Error{ErrorCode::forbidden, "A co-host cannot remove the meeting's host"});
    }
  }
  // Someone not (or no longer) in the meeting may still hold an admission.
  const auto& blocking = rooms_->blocking();
  const auto* rooms = rooms_;
  auto job = [rooms, room, identity]() -> Result<std::vector<std::string>, Error> {
    auto tickets = rooms->access()->revoke_identity(room, identity, rooms->now());
    if (!tickets) return fail(from_access_store(tickets.error()));
    return std::move(tickets).value();
  };
  const auto deadline = blocking.deadline();
  auto revoked = co_await blocking.run(deadline, std::move(job));
  if (!revoked) co_return fail(std::move(revoked).error());
  for (const auto& ticket : *revoked) signals_->notify(ticket);
  auto removed = co_await rooms_->livekit().remove_participant(room, identity);
  const bool absent = !removed && is_livekit_not_found(removed.error());
  if (!removed && !absent) co_return fail(from_livekit(removed.error()));
  if (absent && revoked->empty()) {
    co_return fail(Error{ErrorCode::not_found, "No such participant in this room"});
  }
  co_return Done{};
}

Call<bool> Moderation::mute(std::string room, std::optional<std::string> host_hash,
                            std::string identity, std::string track_sid, bool muted) const {
  auto hosted = co_await rooms_->require_host(room, std::move(host_hash));
  if (!hosted) co_return fail(std::move(hosted).error());
  auto track = co_await rooms_->livekit().mute_published_track(room, std::move(identity),
                                                               std::move(track_sid), muted);
  if (!track) co_return fail(from_livekit(track.error()));
  co_return track->muted;
}

}  // namespace lkm::services
