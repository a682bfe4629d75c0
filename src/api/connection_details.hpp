#pragma once
// LiveKit Meet's GET /api/connection-details as a pure function: query in, token out.
// Behaviour (see docs/architecture.md and the LiveKit notes): roomName and participantName are
// required (Meet's 400 texts); identity = "<participantName>__<postfix>" where the 4-character
// [a-z0-9] postfix comes from the `random-participant-postfix` cookie or is drawn anew (a malformed
// cookie is replaced); name = participantName; metadata when given; TTL 5 minutes; grant
// {room, roomJoin, canPublish, canPublishData, canSubscribe} and nothing more.
// Stricter than Meet: an empty room or name, a value over LiveKit's join limits, invalid UTF-8 or
// control characters, and names with bidirectional or zero-width characters are refused with 400
// before a token is minted, and so are room names of the connection test ("lkm-connection-test-"
// and more).
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
#include "services/random.hpp"

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

// Reads the query string and Cookie header of the request. postfix_cookie is the cookie's raw
// value: the handler keeps it only when the server signed it (verified_postfix).
[[nodiscard]] ConnectionQuery parse_connection_query(std::string_view query,
                                                     std::string_view cookie_header);

// POST /api/connection-details: the same parameters as a JSON object {"roomName",
// "participantName", "passcode"?, "region"?, "metadata"?} (strings; unknown fields refused), so
// that a passcode never travels in a URL. Missing required fields are left unset (the 400s of
// check_connection_query follow); a body that is not such an object is bad_request.
[[nodiscard]] Result<ConnectionQuery, ApiError> parse_connection_body(
    std::string_view body, std::string_view cookie_header);

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

using services::RandomString;

// The 400s of make_connection_details, without minting anything.
[[nodiscard]] std::optional<ApiError> check_connection_query(const ConnectionQuery& query);

// `attributes` go into the token as participant attributes (role=host|guest in hosted rooms).
[[nodiscard]] Result<ConnectionDetails, ApiError> make_connection_details(
    const ConnectionQuery& query, const MeetCredentials& credentials, std::int64_t now_unix,
    const RandomString& random, const auth::Attributes& attributes = {});

// {"serverUrl","roomName","participantToken","participantName"}, plus "status" when given.
[[nodiscard]] std::string to_json(const ConnectionDetails& details,
                                  std::optional<std::string_view> status = std::nullopt);

// The Set-Cookie value Meet sends (Path=/; HttpOnly; SameSite=Strict; Expires=now+2h), with
// Secure only over HTTPS (a browser drops a Secure cookie that reaches it over plain HTTP).
// `value` is the signed postfix.
[[nodiscard]] std::string postfix_set_cookie(std::string_view value, std::int64_t now_unix,
                                             bool secure);

// POST /api/connection-test: a token for the web app's connection test, the same whatever the
// request says. A fresh room "lkm-connection-test-<16 random [a-z0-9]>" (a prefix no other path
// accepts), identity "connection-test-<16 random>", name "Connection test", TTL 5 minutes; grant
// {room, roomJoin, canPublish, canPublishData: false, canSubscribe} and nothing more; a room
// configuration that closes the room soon after it is empty.
inline constexpr std::chrono::seconds kConnectionTestTtl{5 * 60};
inline constexpr std::string_view kConnectionTestIdentityPrefix = "connection-test-";
inline constexpr std::string_view kConnectionTestParticipantName = "Connection test";
inline constexpr std::size_t kConnectionTestRandomChars = 16;
// The room's emptyTimeout (nobody joined yet) and departureTimeout (everyone left), in seconds.
inline constexpr std::int64_t kConnectionTestEmptyTimeout = 60;
inline constexpr std::int64_t kConnectionTestDepartureTimeout = 10;

struct ConnectionTest {
  std::string server_url;
  std::string room_name;
  std::string participant_identity;
  std::string participant_name;
  std::string participant_token;
};

[[nodiscard]] Result<ConnectionTest, ApiError> make_connection_test(
    const MeetCredentials& credentials, std::int64_t now_unix, const RandomString& random);

// {"serverUrl","roomName","participantIdentity","participantName","participantToken"}.
[[nodiscard]] std::string to_json(const ConnectionTest& test);

// Meet's region rewrite: only *.livekit.cloud hosts change ("proj.livekit.cloud" + "eu" ->
// "proj.eu.production.livekit.cloud"); with a region the URL is returned normalised.
[[nodiscard]] std::string livekit_url_for_region(std::string_view url, std::string_view region);

[[nodiscard]] bool is_valid_postfix(std::string_view postfix) noexcept;

}  // namespace lkm::api
