#include "sdk/convert.hpp"

#include <boost/json/serialize.hpp>

namespace livekit::sdk {
namespace {

std::optional<std::string> optional_text(const std::string& text) {
  if (text.empty()) return std::nullopt;
  return text;
}

}  // namespace

lkm::auth::VideoGrant to_internal(const VideoGrant& grant) {
  return {.room = optional_text(grant.room),
          .room_join = grant.room_join,
          .room_create = grant.room_create,
          .room_list = grant.room_list,
          .room_record = grant.room_record,
          .room_admin = grant.room_admin,
          .ingress_admin = grant.ingress_admin,
          .can_publish = grant.can_publish,
          .can_publish_sources = grant.can_publish_sources,
          .can_publish_data = grant.can_publish_data,
          .can_subscribe = grant.can_subscribe,
          .can_update_own_metadata = grant.can_update_own_metadata,
          .hidden = grant.hidden,
          .recorder = grant.recorder,
          .agent = grant.agent,
          .can_subscribe_metrics = grant.can_subscribe_metrics,
          .can_manage_agent_session = grant.can_manage_agent_session,
          .destination_room = optional_text(grant.destination_room)};
}

VideoGrant from_internal(const lkm::auth::VideoGrant& grant) {
  return {.room = grant.room.value_or(""),
          .room_join = grant.room_join,
          .room_create = grant.room_create,
          .room_list = grant.room_list,
          .room_record = grant.room_record,
          .room_admin = grant.room_admin,
          .ingress_admin = grant.ingress_admin,
          .can_publish = grant.can_publish,
          .can_publish_sources = grant.can_publish_sources,
          .can_publish_data = grant.can_publish_data,
          .can_subscribe = grant.can_subscribe,
          .can_update_own_metadata = grant.can_update_own_metadata,
          .hidden = grant.hidden,
          .recorder = grant.recorder,
          .agent = grant.agent,
          .can_subscribe_metrics = grant.can_subscribe_metrics,
          .can_manage_agent_session = grant.can_manage_agent_session,
          .destination_room = grant.destination_room.value_or("")};
}

ClaimGrants from_internal(const lkm::auth::Claims& claims) {
  const auto& grants = claims.grants;
  ClaimGrants out;
  out.iss = claims.issuer;
  out.sub = claims.identity;
  out.nbf = claims.not_before;
  out.exp = claims.expires_at;
  out.name = grants.name;
  out.metadata = grants.metadata;
  out.attributes = grants.attributes;
  if (grants.video) out.video = from_internal(*grants.video);
  if (grants.sip) out.sip = {.admin = grants.sip->admin, .call = grants.sip->call};
  out.kind = grants.kind;
  out.sha256 = grants.sha256;
  out.room_preset = grants.room_preset;
  if (grants.room_config) out.room_config = boost::json::serialize(*grants.room_config);
  out.payload = boost::json::serialize(claims.payload);
  return out;
}

Room from_internal(const lkm::livekit::Room& room) {
  return {.sid = room.sid,
          .name = room.name,
          .empty_timeout = room.empty_timeout,
          .departure_timeout = room.departure_timeout,
          .max_participants = room.max_participants,
          .creation_time = room.creation_time,
          .metadata = room.metadata,
          .num_participants = room.num_participants,
          .num_publishers = room.num_publishers,
          .active_recording = room.active_recording};
}

TrackInfo from_internal(const lkm::livekit::Track& track) {
  return {.sid = track.sid,
          .name = track.name,
          .type = track.type,
          .source = track.source,
          .muted = track.muted};
}

ParticipantInfo from_internal(const lkm::livekit::Participant& participant) {
  ParticipantInfo out{.sid = participant.sid,
                      .identity = participant.identity,
                      .name = participant.name,
                      .state = participant.state,
                      .joined_at = participant.joined_at,
                      .metadata = participant.metadata,
                      .attributes = participant.attributes,
                      .tracks = {}};
  for (const auto& track : participant.tracks) out.tracks.push_back(from_internal(track));
  return out;
}

EgressInfo from_internal(const lkm::livekit::Egress& egress) {
  return {.egress_id = egress.egress_id,
          .room_id = egress.room_id,
          .room_name = egress.room_name,
          .status = egress.status,
          .started_at = egress.started_at,
          .ended_at = egress.ended_at,
          .error = egress.error,
          .locations = egress.locations};
}

Room from_internal(const lkm::livekit::RoomInfo& room) {
  Room out;
  out.sid = room.sid;
  out.name = room.name;
  out.creation_time = room.creation_time;
  out.metadata = room.metadata;
  return out;
}

ParticipantInfo from_internal(const lkm::livekit::ParticipantInfo& participant) {
  ParticipantInfo out;
  out.sid = participant.sid;
  out.identity = participant.identity;
  out.name = participant.name;
  out.joined_at = participant.joined_at;
  return out;
}

EgressInfo from_internal(const lkm::livekit::EgressInfo& egress) {
  EgressInfo out{.egress_id = egress.egress_id,
                 .room_id = egress.room_id,
                 .room_name = egress.room_name,
                 .status = egress.status,
                 .started_at = egress.started_at,
                 .ended_at = egress.ended_at,
                 .error = egress.error,
                 .locations = {}};
  if (!egress.location.empty()) out.locations.push_back(egress.location);
  return out;
}

Error to_error(const lkm::livekit::TwirpError& error) {
  using Kind = lkm::livekit::TwirpErrorKind;
  Error out{.code = ErrorCode::connection_failed,
            .message = error.message,
            .reason = {},
            .status = error.status};
  switch (error.kind) {
    case Kind::connect_failed:
    case Kind::tls_failed:
    case Kind::protocol: out.code = ErrorCode::connection_failed; break;
    case Kind::timeout: out.code = ErrorCode::timeout; break;
    case Kind::too_large:
    case Kind::bad_response: out.code = ErrorCode::bad_response; break;
    case Kind::twirp:
      out.code = ErrorCode::server_error;
      out.reason = error.code;
      break;
    case Kind::token: out.code = ErrorCode::invalid_argument; break;
  }
  if (out.message.empty()) out.message = std::string(lkm::livekit::to_string(error.kind));
  return out;
}

Error to_error(const lkm::auth::VerifyFailure& failure) {
  return {.code = ErrorCode::invalid_token,
          .message = failure.message,
          .reason = std::string(lkm::auth::to_string(failure.code)),
          .status = 0};
}

Error invalid_argument(std::string message) {
  return {.code = ErrorCode::invalid_argument,
          .message = std::move(message),
          .reason = {},
          .status = 0};
}

}  // namespace livekit::sdk
