#pragma once
// The handlers of joins, rooms with a host, moderation, raised hands, co-hosts and organizer
// sessions, each
// bound to the services its route uses.
#include "api/routes.hpp"
#include "http/router.hpp"

namespace lkm::api {

[[nodiscard]] http::Handler handle_connection_details(const AppContext& context);
[[nodiscard]] http::Handler handle_connection_details_post(const AppContext& context);
[[nodiscard]] http::Handler handle_admission(const AppContext& context);
[[nodiscard]] http::Handler handle_connection_test(const AppContext& context);
[[nodiscard]] http::Handler handle_room_create(const AppContext& context);
[[nodiscard]] http::Handler handle_room_info(const AppContext& context);
[[nodiscard]] http::Handler handle_room_end(const AppContext& context);
[[nodiscard]] http::Handler handle_host_sign_out(const AppContext& context);
[[nodiscard]] http::Handler handle_waiting_list(const AppContext& context);
[[nodiscard]] http::Handler handle_admit(const AppContext& context);
[[nodiscard]] http::Handler handle_deny(const AppContext& context);
[[nodiscard]] http::Handler handle_lock(const AppContext& context);
[[nodiscard]] http::Handler handle_unlock(const AppContext& context);
[[nodiscard]] http::Handler handle_list(const AppContext& context);
[[nodiscard]] http::Handler handle_unlist(const AppContext& context);
[[nodiscard]] http::Handler handle_participants(const AppContext& context);
[[nodiscard]] http::Handler handle_remove_participant(const AppContext& context);
[[nodiscard]] http::Handler handle_mute_track(const AppContext& context);
[[nodiscard]] http::Handler handle_become_member(const AppContext& context);
[[nodiscard]] http::Handler handle_raise_hand(const AppContext& context);
[[nodiscard]] http::Handler handle_lower_own_hand(const AppContext& context);
[[nodiscard]] http::Handler handle_lower_hand(const AppContext& context);
[[nodiscard]] http::Handler handle_lower_all_hands(const AppContext& context);
[[nodiscard]] http::Handler handle_promote_cohost(const AppContext& context);
[[nodiscard]] http::Handler handle_demote_cohost(const AppContext& context);
[[nodiscard]] http::Handler handle_claim_cohost(const AppContext& context);
[[nodiscard]] http::Handler handle_session_get(const AppContext& context);
[[nodiscard]] http::Handler handle_session_sign_in(const AppContext& context);
[[nodiscard]] http::Handler handle_session_sign_out(const AppContext& context);

}  // namespace lkm::api
