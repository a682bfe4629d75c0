#include "auth/access_token.hpp"

#include <stdexcept>

#include <boost/json/serialize.hpp>

#include "auth/base64url.hpp"
#include "auth/hmac.hpp"

namespace lkm::auth {
namespace {

constexpr std::int64_t kMaxTtlSeconds = 9007199254740991;  // 2^53 - 1, as parse_ttl allows

std::string_view as_chars(const Digest& digest) {
  return {reinterpret_cast<const char*>(digest.data()), digest.size()};  // NOLINT
}

}  // namespace

std::string_view to_string(MintError error) noexcept {
  switch (error) {
    case MintError::missing_key: return "missing_key";
    case MintError::identity_required: return "identity_required";
  }
  return "unknown";
}

AccessToken::AccessToken(std::string api_key, Secret api_secret)
    : api_key_(std::move(api_key)), api_secret_(std::move(api_secret)) {}

AccessToken& AccessToken::identity(std::string value) {
  identity_ = std::move(value);
  return *this;
}
AccessToken& AccessToken::name(std::string value) {
  grants_.name = std::move(value);
  return *this;
}
AccessToken& AccessToken::metadata(std::string value) {
  grants_.metadata = std::move(value);
  return *this;
}
AccessToken& AccessToken::attributes(Attributes value) {
  grants_.attributes = std::move(value);
  return *this;
}
AccessToken& AccessToken::kind(std::string value) {
  grants_.kind = std::move(value);
  return *this;
}
AccessToken& AccessToken::sha256(std::string value) {
  grants_.sha256 = std::move(value);
  return *this;
}
AccessToken& AccessToken::room_preset(std::string value) {
  grants_.room_preset = std::move(value);
  return *this;
}
AccessToken& AccessToken::room_config(boost::json::object value) {
  grants_.room_config = std::move(value);
  return *this;
}

AccessToken& AccessToken::ttl(std::chrono::seconds value) {
  if (value.count() <= 0 || value.count() > kMaxTtlSeconds) {
    throw std::invalid_argument("AccessToken::ttl: the lifetime must be positive and finite");
  }
  ttl_ = value;
  return *this;
}

AccessToken& AccessToken::add_grant(const VideoGrant& grant) {
  if (!grants_.video) grants_.video.emplace();
  merge_grant(*grants_.video, grant);
  return *this;
}

AccessToken& AccessToken::add_sip_grant(const SipGrant& grant) {
  if (!grants_.sip) grants_.sip.emplace();
  merge_grant(*grants_.sip, grant);
  return *this;
}

Result<std::string, MintError> AccessToken::to_jwt(std::int64_t now_unix) const {
  if (api_key_.empty() || api_secret_.empty()) return fail(MintError::missing_key);
  if (grants_.video && grants_.video->room_join.value_or(false) && identity_.empty()) {
    return fail(MintError::identity_required);
  }
  // The SDK's order: the grants object, then jose's setIssuer, setExpirationTime, setNotBefore,
  // setSubject. Written as text directly: the same bytes as Boost.JSON would serialise.
  std::string payload;
  payload.reserve(256);
  payload += '{';
  if (append_grants_json(payload, grants_)) payload += ',';
  payload += "\"iss\":";
  append_json_string(payload, api_key_);
  payload += ",\"exp\":";
  payload += std::to_string(now_unix + ttl_.count());
  payload += ",\"nbf\":";
  payload += std::to_string(now_unix);
  if (!identity_.empty()) {
    payload += ",\"sub\":";
    append_json_string(payload, identity_);
  }
  payload += '}';
  return sign_hs256_text(payload, api_secret_.reveal());
}

std::string sign_hs256(const boost::json::object& payload, std::string_view secret) {
  return sign_hs256_text(boost::json::serialize(payload), secret);
}

std::string sign_hs256_text(std::string_view payload_json, std::string_view secret) {
  // base64url of {"alg":"HS256"}, the SDK's header byte for byte.
  constexpr std::string_view kHeader = "eyJhbGciOiJIUzI1NiJ9.";
  std::string token;
  token.reserve(kHeader.size() + base64url_length(payload_json.size()) + 1 +
                base64url_length(sizeof(Digest)));
  token += kHeader;
  base64url_append(token, payload_json);
  const Digest signature = hmac_sha256(secret, token);
  token += '.';
  base64url_append(token, as_chars(signature));
  return token;
}

}  // namespace lkm::auth
