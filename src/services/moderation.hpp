#pragma once
// Moderation: a host's controls over the people in its meeting, through the LiveKit server: who is
// there, removing someone (their admissions revoked first, so that a failing call leaves no way
// back in), muting a track.
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "livekit_api/models.hpp"
#include "services/admission_signals.hpp"
#include "services/hosted_rooms.hpp"

namespace lkm::services {

class Moderation {
 public:
  Moderation(const HostedRooms& rooms, std::shared_ptr<AdmissionSignals> signals);

  // The participants LiveKit has in the room (none when it is not live).
  [[nodiscard]] Call<std::vector<livekit::Participant>> participants(
      std::string room, std::optional<std::string> host_hash) const;
  // not_found when the identity is neither in the meeting nor holding an admission; forbidden
  // when a co-host would remove the host.
  [[nodiscard]] Call<Done> remove(std::string room, std::optional<std::string> host_hash,
                                  std::string identity) const;
  // Returns the track's muted state after the change.
  [[nodiscard]] Call<bool> mute(std::string room, std::optional<std::string> host_hash,
                                std::string identity, std::string track_sid, bool muted) const;

 private:
  const HostedRooms* rooms_;
  std::shared_ptr<AdmissionSignals> signals_;
};

}  // namespace lkm::services
