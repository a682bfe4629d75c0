#include "livekit/access_token.hpp"

#include <boost/json/parse.hpp>
#include <boost/system/error_code.hpp>

#include "auth/access_token.hpp"
#include "auth/ttl.hpp"
#include "sdk/convert.hpp"

namespace livekit {

Result<std::chrono::seconds> Ttl::seconds() const {
  if (const auto* seconds = std::get_if<std::chrono::seconds>(&value_)) {
    if (seconds->count() <= 0) return sdk::invalid_argument("the TTL must be positive");
    return *seconds;
  }
  auto parsed = lkm::auth::parse_ttl(std::get<std::string>(value_));
  if (!parsed) return sdk::invalid_argument(parsed.error());
  return *parsed;
}

struct AccessToken::Impl {
  std::string api_key;
  std::string api_secret;
  std::string identity;
  std::string name;
  std::string metadata;
  Attributes attributes;
  std::string kind;
  Ttl ttl = kDefaultTtl;
  std::string sha256;
  std::string room_preset;
  std::string room_config;
  VideoGrant video;
  bool has_video = false;
  SipGrant sip;
};

AccessToken::AccessToken(std::string api_key, std::string api_secret, AccessTokenOptions options)
    : impl_(std::make_unique<Impl>()) {
  impl_->api_key = std::move(api_key);
  impl_->api_secret = std::move(api_secret);
  impl_->identity = std::move(options.identity);
  impl_->name = std::move(options.name);
  impl_->metadata = std::move(options.metadata);
  impl_->ttl = std::move(options.ttl);
  impl_->attributes = std::move(options.attributes);
  impl_->kind = std::move(options.kind);
}

AccessToken::AccessToken(const AccessToken& other) : impl_(std::make_unique<Impl>(*other.impl_)) {}
AccessToken& AccessToken::operator=(const AccessToken& other) {
  if (this != &other) impl_ = std::make_unique<Impl>(*other.impl_);
  return *this;
}
AccessToken::AccessToken(AccessToken&& other) noexcept = default;
AccessToken& AccessToken::operator=(AccessToken&& other) noexcept = default;
AccessToken::~AccessToken() = default;

AccessToken& AccessToken::add_grant(const VideoGrant& grant) {
  auto merged = sdk::to_internal(impl_->video);
  lkm::auth::merge_grant(merged, sdk::to_internal(grant));
  impl_->video = sdk::from_internal(merged);
  impl_->has_video = true;
  return *this;
}

AccessToken& AccessToken::add_sip_grant(const SipGrant& grant) {
  if (grant.admin) impl_->sip.admin = grant.admin;
  if (grant.call) impl_->sip.call = grant.call;
  return *this;
}

AccessToken& AccessToken::set_identity(std::string identity) {
  impl_->identity = std::move(identity);
  return *this;
}
AccessToken& AccessToken::set_name(std::string name) {
  impl_->name = std::move(name);
  return *this;
}
AccessToken& AccessToken::set_metadata(std::string metadata) {
  impl_->metadata = std::move(metadata);
  return *this;
}
AccessToken& AccessToken::set_attributes(Attributes attributes) {
  impl_->attributes = std::move(attributes);
  return *this;
}
AccessToken& AccessToken::set_attribute(std::string key, std::string value) {
  for (auto& [name, old] : impl_->attributes) {
    if (name == key) {
      old = std::move(value);
      return *this;
    }
  }
  impl_->attributes.emplace_back(std::move(key), std::move(value));
  return *this;
}
AccessToken& AccessToken::set_kind(std::string kind) {
  impl_->kind = std::move(kind);
  return *this;
}
AccessToken& AccessToken::set_ttl(Ttl ttl) {
  impl_->ttl = std::move(ttl);
  return *this;
}
AccessToken& AccessToken::set_sha256(std::string sha256) {
  impl_->sha256 = std::move(sha256);
  return *this;
}
AccessToken& AccessToken::set_room_preset(std::string preset) {
  impl_->room_preset = std::move(preset);
  return *this;
}
AccessToken& AccessToken::set_room_config(std::string json) {
  impl_->room_config = std::move(json);
  return *this;
}

const std::string& AccessToken::identity() const noexcept {
  return impl_->identity;
}

std::string AccessToken::to_jwt() const {
  return try_to_jwt().value();
}

Result<std::string> AccessToken::try_to_jwt() const {
  return try_to_jwt(std::chrono::system_clock::now());
}

Result<std::string> AccessToken::try_to_jwt(std::chrono::system_clock::time_point now) const {
  const Impl& token = *impl_;
  auto ttl = token.ttl.seconds();
  if (!ttl) return ttl.error();
  // The verifier accepts no more than 2^53 - 1 seconds (what a JavaScript number holds exactly).
  constexpr std::int64_t kMaxSeconds = (std::int64_t{1} << 53) - 1;
  if (ttl->count() > kMaxSeconds) return sdk::invalid_argument("the TTL is too long");
  lkm::auth::AccessToken internal(token.api_key, lkm::Secret(token.api_secret));
  internal.identity(token.identity)
      .name(token.name)
      .metadata(token.metadata)
      .attributes(token.attributes)
      .kind(token.kind)
      .sha256(token.sha256)
      .room_preset(token.room_preset)
      .ttl(*ttl);
  if (!token.room_config.empty()) {
    boost::system::error_code ec;
    auto parsed = boost::json::parse(token.room_config, ec);
    if (ec || !parsed.is_object()) {
      return sdk::invalid_argument("the room configuration is not a JSON object");
    }
    internal.room_config(std::move(parsed).as_object());
  }
  if (token.has_video) internal.add_grant(sdk::to_internal(token.video));
  if (!token.sip.empty()) {
    internal.add_sip_grant({.admin = token.sip.admin, .call = token.sip.call});
  }
  auto jwt = internal.to_jwt(sdk::unix_seconds(now));
  if (!jwt) {
    return sdk::invalid_argument(jwt.error() == lkm::auth::MintError::missing_key
                                     ? "the API key and secret must not be empty"
                                     : "a token that joins a room needs an identity");
  }
  return std::move(jwt).value();
}

}  // namespace livekit
