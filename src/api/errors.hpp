#pragma once
// The one mapping of service errors to HTTP (the error table in docs/architecture.md).
#include <string_view>

#include "http/message.hpp"
#include "services/errors.hpp"

namespace lkm::api {

using ApiError = services::Error;
using services::ErrorCode;

// The code as it appears in JSON bodies ("error": "<name>").
[[nodiscard]] std::string_view to_string(ErrorCode code) noexcept;
// The HTTP status of a code.
[[nodiscard]] unsigned status_of(ErrorCode code) noexcept;

// JSON errors are {"error":"<code>","message":"..."}; Meet-compatible ones (missing_parameter,
// invalid_parameter) are plain text. Never cached; Retry-After when the error says how long.
[[nodiscard]] http::Response to_response(const ApiError& error);

}  // namespace lkm::api
