#pragma once
// Typed API errors and their one mapping to HTTP (the error table in docs/architecture.md).
#include <cstdint>
#include <string>
#include <string_view>

#include "http/message.hpp"
#include "store/store.hpp"

namespace lkm::api {

enum class ErrorCode {
  missing_parameter,  // 400, text/plain: LiveKit Meet's wording, which its clients expect
  invalid_parameter,  // 400, text/plain
  bad_request,        // 400, JSON: a malformed request to one of our own APIs
  unauthorized,       // 401, JSON: a webhook that is not signed by our key, or not intact
  not_found,          // 404, JSON
  conflict,           // 409, JSON: e.g. the meeting is already being recorded
  unavailable,        // 503, JSON: the store cannot be used right now (LiveKit retries webhooks)
  not_configured,     // 503, JSON: a feature that needs settings the server was not given
  bad_gateway,        // 502, JSON: the LiveKit API failed or refused us
  gateway_timeout,    // 504, JSON: the LiveKit API did not answer within the deadline
  internal,           // 500, JSON
  // Rooms with a host (docs/hosts.md):
  passcode_required,   // 403, JSON: the room has a passcode and none was given
  passcode_invalid,    // 403, JSON
  host_required,       // 403, JSON: only the room's host may do that
  denied,              // 403, JSON: the host turned the waiting guest away
  room_not_found,      // 404, JSON: no such hosted room (and the server only serves those)
  room_locked,         // 423, JSON: the host locked the room to new joiners
  organizer_required,  // 401, JSON: only signed-in organizers may create rooms
  too_many_requests,   // 429, JSON with Retry-After
  forbidden,           // 403, JSON: an operator endpoint (/metrics) asked from elsewhere; a
                       // feature the server's settings turn off
  // The trust model (docs/security.md):
  room_in_use,             // 409, JSON: the name is live in LiveKit or was used recently
  ticket_used,             // 410, JSON: the admitted guest's token was already handed out
  lobby_off,               // 403, JSON: the lobby is off for this visitor
  cross_site,              // 403, JSON: a state-changing request from another site
  unsupported_media_type,  // 415, JSON: a JSON endpoint sent something else
};

struct ApiError {
  ErrorCode code;
  std::string message;                   // for people; never a token, secret or cookie
  std::int64_t retry_after_seconds = 0;  // > 0: sent as Retry-After
};

[[nodiscard]] std::string_view to_string(ErrorCode code) noexcept;

// A store failure: 400 for a request the store cannot hold, else 503 "The <what> is unavailable"
// ("cannot be written" when its disk is full), with Retry-After. The store's own message is
// logged as a warning, never sent: it may name internal hosts.
[[nodiscard]] ApiError from_store_error(const store::StoreError& error, std::string_view what);

// JSON errors are {"error":"<code>","message":"..."}; Meet-compatible ones are plain text.
[[nodiscard]] http::Response to_response(const ApiError& error);

}  // namespace lkm::api
