#pragma once
// Between the SDK's public types (include/livekit) and the internal ones they wrap.
#include <chrono>
#include <cstdint>

#include "auth/grants.hpp"
#include "auth/token_verifier.hpp"
#include "livekit/error.hpp"
#include "livekit/grants.hpp"
#include "livekit/models.hpp"
#include "livekit_api/models.hpp"
#include "livekit_api/twirp.hpp"
#include "livekit_api/webhook_event.hpp"

namespace livekit::sdk {

[[nodiscard]] lkm::auth::VideoGrant to_internal(const VideoGrant& grant);
[[nodiscard]] VideoGrant from_internal(const lkm::auth::VideoGrant& grant);
[[nodiscard]] ClaimGrants from_internal(const lkm::auth::Claims& claims);

[[nodiscard]] Room from_internal(const lkm::livekit::Room& room);
[[nodiscard]] TrackInfo from_internal(const lkm::livekit::Track& track);
[[nodiscard]] ParticipantInfo from_internal(const lkm::livekit::Participant& participant);
[[nodiscard]] EgressInfo from_internal(const lkm::livekit::Egress& egress);
[[nodiscard]] Room from_internal(const lkm::livekit::RoomInfo& room);
[[nodiscard]] ParticipantInfo from_internal(const lkm::livekit::ParticipantInfo& participant);
[[nodiscard]] EgressInfo from_internal(const lkm::livekit::EgressInfo& egress);

[[nodiscard]] Error to_error(const lkm::livekit::TwirpError& error);
[[nodiscard]] Error to_error(const lkm::auth::VerifyFailure& failure);
[[nodiscard]] Error invalid_argument(std::string message);

[[nodiscard]] inline std::int64_t unix_seconds(std::chrono::system_clock::time_point now) {
  return std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count();
}

}  // namespace livekit::sdk
