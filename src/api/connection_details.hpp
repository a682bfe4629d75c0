#pragma once
// LiveKit Meet's GET /api/connection-details as a pure function: query in, token out.
// Behaviour (see docs/architecture.md and the LiveKit notes): roomName and participantName are
// required (Meet's 400 texts); identity = "<participantName>__<postfix>" where the 4-character
// [a-z0-9] postfix comes from the `random-participant-postfix` cookie or is drawn anew (a malformed
// cookie is replaced); name = participantName; metadata when given; TTL 5 minutes; grant
// {room, roomJoin, canPublish, canPublishData, canSubscribe} and nothing more.
// Stricter than Meet: an empty room, a value over LiveKit's join limits, invalid UTF-8 or control
// characters are refused with 400 before a token is minted.
#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "api/errors.hpp"
#include "auth/grants.hpp"
#include "core/result.hpp"
#include "core/secret.hpp"

namespace lkm::api {

inline constexpr std::string_view kPostfixCookie = "random-participant-postfix";
inline constexpr std::chrono::seconds kMeetTokenTtl{5 * 60};
inline constexpr std::chrono::seconds kPostfixCookieLifetime{2 * 3600};
// LiveKit's limits at join, in bytes.
inline constexpr std::size_t kMaxRoomNameBytes = 256;
inline constexpr std::size_t kMaxIdentityBytes = 256;
inline constexpr std::size_t kMaxMetadataBytes = std::size_t{512} * 1024;

struct ConnectionQuery {
  std::optional<std::string> room_name;
  std::optional<std::string> participant_name;
  std::optional<std::string> metadata;
  std::optional<std::string> region;
  std::optional<std::string> postfix_cookie;
  std::optional<std::string> passcode;  // rooms with a passcode (not Meet's)
};

// Reads the query string and Cookie header of the request.
[[nodiscard]] ConnectionQuery parse_connection_query(std::string_view query,
                                                     std::string_view cookie_header);

struct ConnectionDetails {
  std::string server_url;
  std::string room_name;
  std::string participant_token;
  std::string participant_name;
  std::string postfix;  // to set in the cookie
};

struct MeetCredentials {
  std::string livekit_url;
  std::string api_key;
  Secret api_secret;
};

// Returns `length` characters drawn uniformly from [a-z0-9].
using RandomString = std::function<std::string(std::size_t length)>;

// The 400s of make_connection_details, without minting anything.
[[nodiscard]] std::optional<ApiError> check_connection_query(const ConnectionQuery& query);

// `attributes` go into the token as participant attributes (role=host|guest in hosted rooms).
[[nodiscard]] Result<ConnectionDetails, ApiError> make_connection_details(
    const ConnectionQuery& query, const MeetCredentials& credentials, std::int64_t now_unix,
    const RandomString& random, const auth::Attributes& attributes = {});

// {"serverUrl","roomName","participantToken","participantName"}, plus "status" when given.
[[nodiscard]] std::string to_json(const ConnectionDetails& details,
                                  std::optional<std::string_view> status = std::nullopt);

// The Set-Cookie value Meet sends: Path=/; HttpOnly; SameSite=Strict; Secure; Expires=now+2h.
[[nodiscard]] std::string postfix_set_cookie(std::string_view postfix, std::int64_t now_unix);

// Meet's region rewrite: only *.livekit.cloud hosts change ("proj.livekit.cloud" + "eu" ->
// "proj.eu.production.livekit.cloud"); with a region the URL is returned normalised.
[[nodiscard]] std::string livekit_url_for_region(std::string_view url, std::string_view region);

[[nodiscard]] bool is_valid_postfix(std::string_view postfix) noexcept;

}  // namespace lkm::api
