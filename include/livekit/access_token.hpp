#pragma once
/// @file
/// AccessToken: mints LiveKit access tokens (HS256 JWTs) byte for byte as livekit-server-sdk does.

#include <chrono>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <variant>

#include "livekit/error.hpp"
#include "livekit/export.hpp"
#include "livekit/grants.hpp"

namespace livekit {

/// A token's lifetime: whole seconds, or a duration as livekit-server-sdk accepts it: "90"
/// (seconds), "10m", "5h", "2d", "1w", "2 days", "1.5h" (a year is 365.25 days). Checked when the
/// token is minted: zero, negative or malformed values are an ErrorCode::invalid_argument.
class LIVEKIT_API Ttl {
 public:
  /// A lifetime as a duration (std::chrono::hours(2)), rounded to the nearest second.
  template <class Rep, class Period>
  Ttl(std::chrono::duration<Rep, Period> duration)  // NOLINT(google-explicit-constructor)
      : value_(in_seconds(duration)) {}
  /// A lifetime in seconds, from any integer type but bool and the character types.
  template <std::integral Integer>
  requires(!std::same_as<Integer, bool> && !std::same_as<Integer, char> &&
           !std::same_as<Integer, wchar_t> && !std::same_as<Integer, char8_t> &&
           !std::same_as<Integer, char16_t> && !std::same_as<Integer, char32_t>)
      Ttl(Integer seconds)  // NOLINT(google-explicit-constructor)
      : value_(in_seconds(std::chrono::duration<Integer>(seconds))) {}
  /// A lifetime as text, e.g. "2h".
  Ttl(const char* text) : value_(std::string(text)) {}  // NOLINT
  /// A lifetime as text, e.g. "2h".
  Ttl(std::string text) : value_(std::move(text)) {}  // NOLINT
  Ttl(std::nullptr_t) = delete;

  /// The lifetime in seconds, or why the text is not one.
  [[nodiscard]] Result<std::chrono::seconds> seconds() const;

 private:
  // Whole seconds; a duration beyond what seconds hold becomes text that fails to parse as one.
  template <class Rep, class Period>
  static std::variant<std::chrono::seconds, std::string> in_seconds(
      std::chrono::duration<Rep, Period> duration) {
    using Wide = std::chrono::duration<long double>;
    const auto wide = std::chrono::duration_cast<Wide>(duration).count();
    constexpr auto kMax = static_cast<long double>(std::chrono::seconds::max().count());
    if (wide > kMax || wide < -kMax) return std::string("out of range");
    return std::chrono::round<std::chrono::seconds>(Wide(wide));
  }

  std::variant<std::chrono::seconds, std::string> value_;
};

/// livekit-server-sdk's default lifetime: 6 hours.
inline constexpr std::chrono::seconds kDefaultTtl{6 * 3600};

/// What AccessToken's constructor takes besides the key pair.
struct AccessTokenOptions {
  std::string identity{};   ///< "sub"; required with a grant to join a room
  std::string name{};       ///< "name": the participant's display name
  std::string metadata{};   ///< "metadata": the participant's metadata
  Ttl ttl = kDefaultTtl;    ///< the lifetime: exp = nbf + ttl
  Attributes attributes{};  ///< "attributes": the participant's attributes
  std::string kind{};       ///< "standard", "ingress", "egress", "sip", "agent" or ""
};

/// A token to be minted: identity, grants and lifetime, then to_jwt().
///
/// The payload holds the claims in livekit-server-sdk's order (metadata, attributes, name, video,
/// sip, kind, sha256, roomPreset, roomConfig, then iss, exp, nbf, sub) with the header
/// {"alg":"HS256"}, so the same inputs at the same second give the same token as the Node SDK.
class LIVEKIT_API AccessToken {
 public:
  /// A token signed with `api_secret`, whose `iss` is `api_key`; nothing is checked before
  /// to_jwt().
  AccessToken(std::string api_key, std::string api_secret, AccessTokenOptions options = {});
  /// Copies everything set so far.
  AccessToken(const AccessToken& other);
  /// Copies everything set so far.
  AccessToken& operator=(const AccessToken& other);
  /// Moves; a moved-from token may only be assigned to or destroyed.
  AccessToken(AccessToken&& other) noexcept;
  /// Moves; a moved-from token may only be assigned to or destroyed.
  AccessToken& operator=(AccessToken&& other) noexcept;
  ~AccessToken();

  /// Adds a video grant; fields set in `grant` replace those set before (as the SDK's addGrant).
  AccessToken& add_grant(const VideoGrant& grant);
  /// Adds a SIP grant, likewise.
  AccessToken& add_sip_grant(const SipGrant& grant);
  /// Sets the identity ("sub").
  AccessToken& set_identity(std::string identity);
  /// Sets the display name ("name").
  AccessToken& set_name(std::string name);
  /// Sets the metadata ("metadata").
  AccessToken& set_metadata(std::string metadata);
  /// Replaces all attributes ("attributes").
  AccessToken& set_attributes(Attributes attributes);
  /// Sets one attribute, replacing the value of an attribute of that name.
  AccessToken& set_attribute(std::string key, std::string value);
  /// Sets the participant kind ("kind"): "standard", "ingress", "egress", "sip", "agent" or "".
  AccessToken& set_kind(std::string kind);
  /// Sets the lifetime; checked by to_jwt().
  AccessToken& set_ttl(Ttl ttl);
  /// Sets the "sha256" claim (a webhook body's base64 SHA-256).
  AccessToken& set_sha256(std::string sha256);
  /// Sets the "roomPreset" claim.
  AccessToken& set_room_preset(std::string preset);
  /// The roomConfig claim (livekit.RoomConfiguration as JSON: an object); checked at minting.
  AccessToken& set_room_config(std::string json);

  /// The identity set so far ("" when none).
  [[nodiscard]] const std::string& identity() const noexcept;

  /// The signed token, valid from now for the TTL. Throws Exception (invalid_argument) on an
  /// empty key or secret, a bad TTL or room configuration, or a join grant without an identity.
  [[nodiscard]] std::string to_jwt() const;
  /// The same without exceptions.
  [[nodiscard]] Result<std::string> try_to_jwt() const;
  /// As if minted at `now` (nbf = now, exp = now + TTL).
  [[nodiscard]] Result<std::string> try_to_jwt(std::chrono::system_clock::time_point now) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace livekit
