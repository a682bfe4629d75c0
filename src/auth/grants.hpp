#pragma once
// The claims LiveKit puts in an access token, as the LiveKit server reads them.
// Tri-state fields (std::optional<bool>) distinguish "unset" from "false": LiveKit treats unset
// canPublish/canSubscribe as true, and unset canPublishData as following canPublish.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <boost/json/object.hpp>

#include "core/result.hpp"

namespace lkm::auth {

// Values LiveKit accepts in canPublishSources.
inline constexpr std::string_view kTrackSources[] = {"camera", "microphone", "screen_share",
                                                     "screen_share_audio"};

struct VideoGrant {
  // Serialised in this order (which matches the SDK for the grants LiveKit Meet issues).
  std::optional<std::string> room;
  std::optional<bool> room_join;
  std::optional<bool> room_create;
  std::optional<bool> room_list;
  std::optional<bool> room_record;
  std::optional<bool> room_admin;
  std::optional<bool> ingress_admin;
  std::optional<bool> can_publish;
  std::optional<std::vector<std::string>> can_publish_sources;
  std::optional<bool> can_publish_data;
  std::optional<bool> can_subscribe;
  std::optional<bool> can_update_own_metadata;
  std::optional<bool> hidden;
  std::optional<bool> recorder;
  std::optional<bool> agent;
  std::optional<bool> can_subscribe_metrics;
  std::optional<bool> can_manage_agent_session;
  std::optional<std::string> destination_room;

  [[nodiscard]] bool empty() const;
  friend bool operator==(const VideoGrant&, const VideoGrant&) = default;
};

struct SipGrant {
  std::optional<bool> admin;
  std::optional<bool> call;
  [[nodiscard]] bool empty() const { return !admin && !call; }
  friend bool operator==(const SipGrant&, const SipGrant&) = default;
};

// Attributes keep insertion order, as a JS object with non-numeric keys does.
using Attributes = std::vector<std::pair<std::string, std::string>>;

// Everything a token carries besides the registered JWT claims.
struct ClaimGrants {
  std::string name;       // omitted when empty
  std::string metadata;   // omitted when empty
  Attributes attributes;  // omitted when empty
  std::optional<VideoGrant> video;
  std::optional<SipGrant> sip;
  std::string kind;         // "standard", "ingress", "egress", "sip", "agent"; omitted when empty
  std::string sha256;       // omitted when empty
  std::string room_preset;  // omitted when empty
  std::optional<boost::json::object> room_config;
};

// Appends the grant claims to `payload` in the SDK's order:
// metadata, attributes, name, video, sip, kind, sha256, roomPreset, roomConfig.
void append_grants(boost::json::object& payload, const ClaimGrants& grants);

// The same claims as JSON object members ("metadata":...,"video":{...}), without braces, written
// straight into `out` byte for byte as Boost.JSON serialises append_grants' object (the hot path
// of minting). Returns whether any member was written.
bool append_grants_json(std::string& out, const ClaimGrants& grants);

// A JSON string literal as Boost.JSON writes it: quotes, backslashes and control characters
// escaped (\b \f \n \r \t, else \u00xx), every other byte as it is.
void append_json_string(std::string& out, std::string_view text);

[[nodiscard]] boost::json::object video_grant_to_json(const VideoGrant& grant);

// Field by field, as the SDK's addGrant/addSIPGrant: every field set in `update` replaces the one
// in `target`; the others are kept.
void merge_grant(VideoGrant& target, const VideoGrant& update);
void merge_grant(SipGrant& target, const SipGrant& update);

// Reads a `video` object. Unknown keys are ignored (LiveKit adds fields over time); a known key
// with the wrong JSON type, or an unknown track source, is an error naming the key. A null value
// counts as absent, as it does for the LiveKit server's JSON decoding.
[[nodiscard]] Result<VideoGrant, std::string> video_grant_from_json(
    const boost::json::object& json);
[[nodiscard]] Result<SipGrant, std::string> sip_grant_from_json(const boost::json::object& json);

// True when `key` is a field of the video grant ("roomJoin", "canPublish", ...): for inputs that
// should refuse typos rather than ignore them.
[[nodiscard]] bool is_video_grant_key(std::string_view key) noexcept;

}  // namespace lkm::auth
