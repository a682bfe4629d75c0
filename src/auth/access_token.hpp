#pragma once
// AccessToken: builds a LiveKit access token (HS256 JWT), byte-compatible with livekit-server-sdk:
// header {"alg":"HS256"}, then the grant claims (see grants.hpp), then iss, exp, nbf, sub; no iat.
#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include "auth/grants.hpp"
#include "auth/ttl.hpp"
#include "core/result.hpp"
#include "core/secret.hpp"

namespace lkm::auth {

enum class MintError {
  missing_key,        // empty API key or secret
  identity_required,  // video.roomJoin without identity
};
[[nodiscard]] std::string_view to_string(MintError error) noexcept;

class AccessToken {
 public:
  AccessToken(std::string api_key, Secret api_secret);

  AccessToken& identity(std::string value);
  AccessToken& name(std::string value);
  AccessToken& metadata(std::string value);
  AccessToken& attributes(Attributes value);
  AccessToken& kind(std::string value);
  AccessToken& sha256(std::string value);
  AccessToken& room_preset(std::string value);
  AccessToken& room_config(boost::json::object value);
  // Must be positive and at most 2^53 - 1 s, as parse_ttl guarantees; throws std::invalid_argument
  // otherwise (a programming error).
  AccessToken& ttl(std::chrono::seconds value);
  // Merges like the SDK's addGrant: fields set in `grant` replace those already present.
  AccessToken& add_grant(const VideoGrant& grant);
  AccessToken& add_sip_grant(const SipGrant& grant);

  [[nodiscard]] const ClaimGrants& grants() const noexcept { return grants_; }
  [[nodiscard]] const std::string& identity() const noexcept { return identity_; }

  // nbf = now, exp = now + ttl.
  [[nodiscard]] Result<std::string, MintError> to_jwt(std::int64_t now_unix) const;

 private:
  std::string api_key_;
  Secret api_secret_;
  std::string identity_;
  std::chrono::seconds ttl_ = kDefaultTtl;
  ClaimGrants grants_;
};

// Signs an already-ordered payload as HS256 with the {"alg":"HS256"} header.
[[nodiscard]] std::string sign_hs256(const boost::json::object& payload, std::string_view secret);
// The same for a payload already serialised.
[[nodiscard]] std::string sign_hs256_text(std::string_view payload_json, std::string_view secret);

}  // namespace lkm::auth
