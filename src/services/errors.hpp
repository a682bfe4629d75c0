#pragma once
// The errors of the domain services, and the one place that turns a partner's failure (the store,
// the LiveKit API, the worker pool) into one. src/api maps each code to an HTTP status in its
// error table (api/errors.cpp); nothing here knows HTTP.
#include <cstdint>
#include <string>
#include <string_view>

#include "livekit_api/twirp.hpp"
#include "services/worker_pool.hpp"
#include "store/store.hpp"

namespace lkm::services {

enum class ErrorCode {
  missing_parameter,  // a required parameter is absent (LiveKit Meet's wording)
  invalid_parameter,  // a parameter's value is not acceptable
  bad_request,        // a malformed request to one of our own APIs
  unauthorized,       // a webhook not signed by our key, or not intact; a wrong password
  not_found,
  conflict,           // e.g. the meeting is already being recorded
  unavailable,        // LiveKit cannot be used right now
  store_unavailable,  // the store failed, or its work could not be queued
  store_timeout,      // the store's work did not end within the request's deadline
  not_configured,     // a feature that needs settings the server was not given
  bad_gateway,        // the LiveKit API failed or refused us
  gateway_timeout,    // the LiveKit API did not answer within the deadline
  internal,
  // Rooms with a host (docs/hosts.md):
  passcode_required,
  passcode_invalid,
  host_required,       // only the room's host (or a co-host) may do that
  owner_required,      // only the room's host may do that, not a co-host
  denied,              // the host turned the waiting guest away
  room_not_found,      // no such hosted room
  room_locked,         // the host locked the room to new joiners
  organizer_required,  // only signed-in organizers may create rooms
  sign_in_required,    // --require-sign-in: only people signed in through the provider may join
  too_many_requests,   // with a wait (retry_after_seconds)
  forbidden,           // an operator endpoint asked from elsewhere; a feature turned off
  // The trust model (docs/security.md):
  room_in_use,             // the name is live in LiveKit or was used recently
  ticket_used,             // the admitted guest's token was already handed out
  lobby_off,               // the lobby is off for this visitor
  cross_site,              // a state-changing request from another site
  unsupported_media_type,  // a JSON endpoint sent something else
};

struct Error {
  ErrorCode code;
  std::string message;                   // for people; never a token, secret or cookie
  std::int64_t retry_after_seconds = 0;  // > 0: the client may try again after that long
};

// How long a client is told to wait after the store failed or was too slow.
inline constexpr std::int64_t kStoreRetryAfterSeconds = 5;

// A store failure: bad_request for a request the store cannot hold, else store_unavailable "The
// <what> is unavailable" ("cannot be written" when its disk is full). The store's own message is
// logged as a warning, never returned: it may name internal hosts.
[[nodiscard]] Error from_store(const store::StoreError& error, std::string_view what);
// A failure of the store's room settings (from_store with "room settings").
[[nodiscard]] Error from_access_store(const store::StoreError& error);
// The worker pool refused the work (store_unavailable) or the deadline passed (store_timeout).
[[nodiscard]] Error from_pool(PoolError error);
// A LiveKit API failure: bad_gateway (failed, refused), unavailable (LiveKit said 503),
// gateway_timeout; LiveKit's own words and address only in the log.
[[nodiscard]] Error from_livekit(const livekit::TwirpError& error);
// Whether a LiveKit failure is its "not_found" answer (a room or participant that is not live).
[[nodiscard]] bool is_livekit_not_found(const livekit::TwirpError& error) noexcept;

}  // namespace lkm::services
