#pragma once
// GET /api/my/rooms, POST /api/my/rooms/{room}/host, DELETE /api/my/rooms/{room}: the rooms a
// person signed in through the identity provider created.
#include "api/routes.hpp"

namespace lkm::api {

[[nodiscard]] http::Handler handle_my_rooms(const AppContext& context);
[[nodiscard]] http::Handler handle_my_room_host(const AppContext& context);
[[nodiscard]] http::Handler handle_my_room_delete(const AppContext& context);

}  // namespace lkm::api
