#include "auth/token_verifier.hpp"

#include <algorithm>
#include <array>
#include <optional>

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include "auth/base64url.hpp"
#include "auth/hmac.hpp"
#include "auth/json_numbers.hpp"

namespace lkm::auth {
namespace {

Failure<VerifyFailure> failure(VerifyError code, std::string message) {
  return fail(VerifyFailure{code, std::move(message)});
}

std::optional<boost::json::object> parse_object(std::string_view text) {
  boost::system::error_code error;
  boost::json::value value = boost::json::parse(text, error);
  if (error || !value.is_object()) return std::nullopt;
  return std::move(value.get_object());
}

// A claim, or nullptr when absent or null.
const boost::json::value* claim(const boost::json::object& payload, std::string_view key) {
  const boost::json::value* value = payload.if_contains(key);
  return value == nullptr || value->is_null() ? nullptr : value;
}

std::string wrong_type(std::string_view key, std::string_view expected) {
  std::string message = "claim ";
  message.append(key).append(" must be ").append(expected);
  return message;
}

// A NumericDate as whole seconds: an integer, or a float without fraction, that fits in int64.
// (The parser stores integers as uint64 only above INT64_MAX, so those are refused too.)
std::optional<std::int64_t> to_seconds(const boost::json::value& value) {
  if (value.is_int64()) return value.get_int64();
  if (!value.is_double()) return std::nullopt;
  constexpr double kLimit = 9223372036854775808.0;  // 2^63
  const double seconds = value.get_double();
  if (!std::isfinite(seconds) || std::trunc(seconds) != seconds || seconds < -kLimit ||
      seconds >= kLimit) {
    return std::nullopt;
  }
  return static_cast<std::int64_t>(seconds);
}

// Reads a string claim into `out`; leaves it alone when absent.
bool read_string(const boost::json::object& payload, std::string_view key, std::string& out,
                 std::string& error) {
  const boost::json::value* value = claim(payload, key);
  if (value == nullptr) return true;
  if (!value->is_string()) {
    error = wrong_type(key, "a string");
    return false;
  }
  out = std::string(value->get_string());
  return true;
}

// An object claim, or nullptr when absent.
Result<const boost::json::object*, std::string> read_object(const boost::json::object& payload,
                                                            std::string_view key) {
  const boost::json::value* value = claim(payload, key);
  if (value == nullptr) return nullptr;
  if (!value->is_object()) return fail(wrong_type(key, "an object"));
  return &value->get_object();
}

bool integers_only(const boost::json::value& value) {
  if (value.is_double()) return false;
  if (value.is_object()) {
    const auto& object = value.get_object();
    return std::all_of(object.begin(), object.end(),
                       [](const auto& member) { return integers_only(member.value()); });
  }
  if (value.is_array()) {
    const auto& array = value.get_array();
    return std::all_of(array.begin(), array.end(),
                       [](const auto& item) { return integers_only(item); });
  }
  return true;
}

Result<ClaimGrants, std::string> read_grants(const boost::json::object& payload) {
  ClaimGrants grants;
  std::string error;
  for (const auto& [key, field] : std::array<std::pair<std::string_view, std::string*>, 5>{{
           {"name", &grants.name},
           {"metadata", &grants.metadata},
           {"kind", &grants.kind},
           {"sha256", &grants.sha256},
           {"roomPreset", &grants.room_preset},
       }}) {
    if (!read_string(payload, key, *field, error)) return fail(std::move(error));
  }
  const auto attributes = read_object(payload, "attributes");
  if (!attributes) return fail(attributes.error());
  if (*attributes != nullptr) {
    for (const auto& [key, value] : **attributes) {
      if (!value.is_string()) return fail(wrong_type("attributes", "an object of strings"));
      grants.attributes.emplace_back(key, value.get_string());
    }
  }
  const auto video = read_object(payload, "video");
  if (!video) return fail(video.error());
  if (*video != nullptr) {
    auto grant = video_grant_from_json(**video);
    if (!grant) return fail(grant.error());
    grants.video = std::move(*grant);
  }
  const auto sip = read_object(payload, "sip");
  if (!sip) return fail(sip.error());
  if (*sip != nullptr) {
    auto grant = sip_grant_from_json(**sip);
    if (!grant) return fail(grant.error());
    grants.sip = *grant;
  }
  const auto config = read_object(payload, "roomConfig");
  if (!config) return fail(config.error());
  if (*config != nullptr) {
    // Every number of LiveKit's RoomConfiguration is an integer. A fraction or exponent would be
    // read as a double, which Boost.JSON 1.81 does not carry through a round trip exactly (and
    // one beyond a double's range as infinity, which serialises as no JSON at all).
    if (!integers_only(**config)) {
      return fail(std::string("roomConfig holds a number that is not an integer"));
    }
    grants.room_config = **config;
  }
  return grants;
}

std::string_view as_chars(const Digest& digest) {
  return {reinterpret_cast<const char*>(digest.data()), digest.size()};  // NOLINT
}

// The parts of a token that passed the structural checks; nothing in it is trusted yet.
struct Decoded {
  std::string_view signed_part;  // "header.payload", what the signature covers
  boost::json::object payload;
  std::string signature;
};

// Size, three parts, strict base64url, an HS256 header and an object payload.
Result<Decoded, VerifyFailure> decode(std::string_view token) {
  using E = VerifyError;
  if (token.size() > kMaxTokenBytes) {
    return failure(E::too_large,
                   "token is longer than " + std::to_string(kMaxTokenBytes) + " bytes");
  }
  const std::size_t first_dot = token.find('.');
  const std::size_t second_dot =
      first_dot == std::string_view::npos ? first_dot : token.find('.', first_dot + 1);
  if (second_dot == std::string_view::npos ||
      token.find('.', second_dot + 1) != std::string_view::npos) {
    return failure(E::malformed, "token is not three dot-separated parts");
  }
  const auto header_text = base64url_decode(token.substr(0, first_dot));
  const auto payload_text =
      base64url_decode(token.substr(first_dot + 1, second_dot - first_dot - 1));
  auto signature = base64url_decode(token.substr(second_dot + 1));
  if (!header_text || !payload_text || !signature) {
    return failure(E::bad_encoding, "token part is not unpadded base64url");
  }

  const auto header = parse_object(*header_text);
  const boost::json::value* alg = header ? header->if_contains("alg") : nullptr;
  // "crit" names extensions the recipient must understand; none are supported.
  if (alg == nullptr || !alg->is_string() || header->contains("crit")) {
    return failure(E::bad_header, "token header is not a JSON object with a string alg");
  }
  if (alg->get_string() != "HS256") return failure(E::unsupported_alg, "token alg is not HS256");

  auto payload = parse_object(*payload_text);
  if (!payload) return failure(E::bad_payload, "token payload is not a JSON object");
  return Decoded{token.substr(0, second_dot), std::move(*payload), std::move(*signature)};
}

}  // namespace

std::string_view to_string(VerifyError error) noexcept {
  switch (error) {
    case VerifyError::too_large: return "too_large";
    case VerifyError::malformed: return "malformed";
    case VerifyError::bad_encoding: return "bad_encoding";
    case VerifyError::bad_header: return "bad_header";
    case VerifyError::unsupported_alg: return "unsupported_alg";
    case VerifyError::bad_payload: return "bad_payload";
    case VerifyError::missing_issuer: return "missing_issuer";
    case VerifyError::unknown_key: return "unknown_key";
    case VerifyError::bad_signature: return "bad_signature";
    case VerifyError::missing_expiry: return "missing_expiry";
    case VerifyError::expired: return "expired";
    case VerifyError::not_yet_valid: return "not_yet_valid";
  }
  return "unknown";
}

Result<Claims, VerifyFailure> TokenVerifier::verify(std::string_view token,
                                                    std::int64_t now_unix) const {
  using E = VerifyError;
  auto decoded = decode(token);
  if (!decoded) return fail(std::move(decoded).error());
  boost::json::object& payload = decoded->payload;

  const boost::json::value* iss = claim(payload, "iss");
  if (iss == nullptr) return failure(E::missing_issuer, "token has no iss claim");
  if (!iss->is_string()) return failure(E::bad_payload, wrong_type("iss", "a string"));
  const Secret* secret = keys_.find(iss->get_string());
  // An empty secret would make a signature anyone can compute.
  if (secret == nullptr || secret->empty()) {
    return failure(E::unknown_key, "token iss names no configured API key");
  }
  const Digest expected = hmac_sha256(secret->reveal(), decoded->signed_part);
  if (!constant_time_equal(as_chars(expected), decoded->signature)) {
    return failure(E::bad_signature, "token signature does not match");
  }

  const boost::json::value* exp = claim(payload, "exp");
  if (exp == nullptr) return failure(E::missing_expiry, "token has no exp claim");
  const auto expires_at = to_seconds(*exp);
  if (!expires_at) return failure(E::bad_payload, wrong_type("exp", "a whole number of seconds"));
  const boost::json::value* nbf = claim(payload, "nbf");
  const auto not_before = nbf == nullptr ? std::optional<std::int64_t>(0) : to_seconds(*nbf);
  if (!not_before) return failure(E::bad_payload, wrong_type("nbf", "a whole number of seconds"));
  const std::int64_t leeway = leeway_.count();
  if (now_unix - leeway > *expires_at) return failure(E::expired, "token has expired");
  if (nbf != nullptr && now_unix + leeway < *not_before) {
    return failure(E::not_yet_valid, "token is not valid yet (nbf)");
  }

  Claims claims;
  claims.issuer = std::string(iss->get_string());
  std::string error;
  if (!read_string(payload, "sub", claims.identity, error)) return failure(E::bad_payload, error);
  auto grants = read_grants(payload);
  if (!grants) return failure(E::bad_payload, grants.error());
  // The claims not read above (kept in `payload`) too.
  if (!numbers_finite(payload)) {
    return failure(E::bad_payload, "token payload holds a number out of range");
  }
  claims.not_before = *not_before;
  claims.expires_at = *expires_at;
  claims.grants = std::move(*grants);
  claims.payload = std::move(payload);
  return claims;
}

}  // namespace lkm::auth
