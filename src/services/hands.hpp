#pragma once
// Hands: raised hands, kept in LiveKit's participant state so that everyone in the meeting, a late
// joiner too, sees the same queue. The "hand" attribute holds the Unix milliseconds of this
// server's clock when the hand went up; the queue is the raised hands in that order (then by
// identity). Only livekit-meet sets it, with an admin token: participants' tokens lack
// canUpdateOwnMetadata, so nobody sets an attribute of their own.
//   - A participant raises or lowers their own hand: the identity of their member credential,
//     which their browser got by proving it holds a LiveKit token for the room (member_from_token).
//   - The room's host lowers anyone's hand, or all of them.
//   - Each participant's raises and lowers are limited (each is a LiveKit API call).
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "auth/key_provider.hpp"
#include "core/clock.hpp"
#include "core/rate_limiter.hpp"
#include "services/call.hpp"
#include "services/hosted_rooms.hpp"

namespace lkm::services {

inline constexpr std::string_view kHandAttribute = "hand";

// The identity a LiveKit token grants in `room`: signed with one of `keys`, unexpired at `now`,
// with roomJoin for that very room. unauthorized otherwise (the reason, never the token).
[[nodiscard]] Result<std::string, Error> member_from_token(const auth::KeyProvider& keys,
                                                           std::string_view token,
                                                           std::string_view room, std::int64_t now);

class Hands {
 public:
  // `limiter`: raises and lowers per participant of a room; null: no limit.
  Hands(const HostedRooms& rooms, const Clock& clock, std::shared_ptr<RateLimiter> limiter);

  struct State {
    bool raised = false;
    std::int64_t raised_at_ms = 0;  // when raised
  };
  // The member's own hand, up or down. not_found when they are not in the meeting.
  [[nodiscard]] Call<State> set_own(std::string room, std::string identity, bool raised) const;
  // A host lowers someone's hand.
  [[nodiscard]] Call<Done> lower(std::string room, std::optional<std::string> host_hash,
                                 std::string identity) const;
  // A host lowers every raised hand; returns how many were up.
  [[nodiscard]] Call<std::size_t> lower_all(std::string room,
                                            std::optional<std::string> host_hash) const;

 private:
  [[nodiscard]] Call<Done> set_attribute(std::string room, std::string identity,
                                         std::string value) const;

  const HostedRooms* rooms_;
  const Clock* clock_;
  std::shared_ptr<RateLimiter> limiter_;
};

}  // namespace lkm::services
