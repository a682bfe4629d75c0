#pragma once
// GET /auth/login, GET /auth/callback, POST /auth/logout: signing in through the identity
// provider (services/sign_in.hpp).
#include "api/routes.hpp"

namespace lkm::api {

[[nodiscard]] http::Handler handle_sign_in_start(const AppContext& context);
[[nodiscard]] http::Handler handle_sign_in_callback(const AppContext& context);
[[nodiscard]] http::Handler handle_sign_out(const AppContext& context);

}  // namespace lkm::api
