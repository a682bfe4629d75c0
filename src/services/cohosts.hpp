#pragma once
// CoHosts: people a room's host trusts with the host's controls during a meeting (docs/hosts.md).
//   - The host or a co-host promotes someone in the meeting, or demotes a co-host; nobody demotes
//     the host. The store keeps who the co-hosts are, shared by every instance.
//   - The participant attribute `role` says "cohost" (set by livekit-meet with its admin token),
//     so that everyone's list and tiles show it, and the promoted browser learns of it.
//   - That browser proves its identity with its LiveKit token (member_from_token) and gets a host
//     credential for that room, which counts only while its holder is a co-host: a demotion
//     revokes it at once, on every instance.
//   - A co-host may do all a host does but end the meeting for everyone (HostedRooms::end).
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/rate_limiter.hpp"
#include "livekit_api/models.hpp"
#include "services/call.hpp"
#include "services/hosted_rooms.hpp"

namespace lkm::services {

inline constexpr std::string_view kCohostRole = "cohost";
inline constexpr std::string_view kGuestRole = "guest";
inline constexpr std::string_view kHostRole = "host";

// The participant's `role` attribute ("" without one), or nothing when they are not among them.
[[nodiscard]] std::optional<std::string> role_of(
    const std::vector<livekit::Participant>& participants, const std::string& identity);

class CoHosts {
 public:
  static constexpr std::size_t kMaxPerRoom = 50;

  // `limiter`: credential claims per participant of a room; null: no limit.
  CoHosts(const HostedRooms& rooms, const Clock& clock, std::shared_ptr<RateLimiter> limiter);

  // not_found when the identity is not in the meeting; conflict for the host, or past
  // kMaxPerRoom. Promoting a co-host again changes nothing.
  [[nodiscard]] Call<Done> promote(std::string room, std::optional<std::string> host_hash,
                                   std::string identity) const;
  // not_found when the identity is not a co-host; forbidden for the host.
  [[nodiscard]] Call<Done> demote(std::string room, std::optional<std::string> host_hash,
                                  std::string identity) const;
  // The value of a host cookie for the co-host `identity` (proved by the caller); host_required
  // when that identity is not a co-host of the room.
  [[nodiscard]] Call<std::string> claim(std::string room, std::string identity) const;

 private:
  [[nodiscard]] Call<Done> set_role(std::string room, std::string identity,
                                    std::string_view role) const;

  const HostedRooms* rooms_;
  const Clock* clock_;
  std::shared_ptr<RateLimiter> limiter_;
};

}  // namespace lkm::services
