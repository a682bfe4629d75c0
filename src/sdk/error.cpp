#include "livekit/error.hpp"

#include "livekit/version.hpp"

namespace livekit {

std::string_view to_string(ErrorCode code) noexcept {
  switch (code) {
    case ErrorCode::invalid_argument: return "invalid_argument";
    case ErrorCode::invalid_token: return "invalid_token";
    case ErrorCode::invalid_webhook: return "invalid_webhook";
    case ErrorCode::connection_failed: return "connection_failed";
    case ErrorCode::timeout: return "timeout";
    case ErrorCode::server_error: return "server_error";
    case ErrorCode::bad_response: return "bad_response";
    case ErrorCode::invalid_config: return "invalid_config";
    case ErrorCode::startup_failed: return "startup_failed";
  }
  return "unknown";
}

Exception::Exception(Error error) : std::runtime_error(error.message), error_(std::move(error)) {}

// The key function: the class's virtual table and type information live in this library alone.
Exception::~Exception() = default;

std::string_view sdk_version() noexcept {
  return LIVEKIT_SDK_VERSION;
}

}  // namespace livekit
