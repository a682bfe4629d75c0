#pragma once
// Handlers of rooms with a host, of organizer sign-in, and of the join endpoint that depends on
// them (GET /api/connection-details). Each reads the request, calls room_access.hpp or the
// LiveKit client, and maps the result; see docs/hosts.md for the behaviour.
#include "api/routes.hpp"
#include "http/router.hpp"

namespace lkm::api {

[[nodiscard]] http::Handler handle_connection_details(const AppContext& context);
[[nodiscard]] http::Handler handle_connection_details_post(const AppContext& context);
[[nodiscard]] http::Handler handle_list(const AppContext& context);
[[nodiscard]] http::Handler handle_unlist(const AppContext& context);
[[nodiscard]] http::Handler handle_room_create(const AppContext& context);
[[nodiscard]] http::Handler handle_room_info(const AppContext& context);
[[nodiscard]] http::Handler handle_room_end(const AppContext& context);
[[nodiscard]] http::Handler handle_host_sign_out(const AppContext& context);
[[nodiscard]] http::Handler handle_admission(const AppContext& context);
[[nodiscard]] http::Handler handle_waiting_list(const AppContext& context);
[[nodiscard]] http::Handler handle_admit(const AppContext& context);
[[nodiscard]] http::Handler handle_deny(const AppContext& context);
[[nodiscard]] http::Handler handle_participants(const AppContext& context);
[[nodiscard]] http::Handler handle_remove_participant(const AppContext& context);
[[nodiscard]] http::Handler handle_mute_track(const AppContext& context);
[[nodiscard]] http::Handler handle_lock(const AppContext& context);
[[nodiscard]] http::Handler handle_unlock(const AppContext& context);
[[nodiscard]] http::Handler handle_session_get(const AppContext& context);
[[nodiscard]] http::Handler handle_session_sign_in(const AppContext& context);
[[nodiscard]] http::Handler handle_session_sign_out(const AppContext& context);

// Whether the request carries a live organizer session (signed, unexpired, not signed out).
[[nodiscard]] Result<bool, ApiError> signed_in_organizer(const AppContext& context,
                                                         const http::Request& request);
// Whether the request carries a live host credential of that room.
[[nodiscard]] Result<bool, ApiError> is_room_host(const AppContext& context,
                                                  const http::Request& request,
                                                  const std::string& room);

// --recording: off refuses; in a hosted room only its host may record; a room without a host needs
// a signed-in organizer (hosts) or nobody (anyone). Nullopt when allowed, else the refusal.
[[nodiscard]] std::optional<ApiError> check_recording_allowed(const AppContext& context,
                                                              const http::Request& request,
                                                              const std::string& room);

}  // namespace lkm::api
