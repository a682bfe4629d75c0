#include "services/errors.hpp"

#include "core/log.hpp"

namespace lkm::services {

Error from_store(const store::StoreError& error, std::string_view what) {
  // The store's own words about a request it cannot hold (a bad cursor, a NUL byte) are about the
  // request, not the deployment: they are the answer.
  if (error.code == store::StoreError::Code::invalid) {
    return {ErrorCode::bad_request, error.message};
  }
  const bool full = error.code == store::StoreError::Code::full;
  std::string message = "The " + std::string(what);
  message += full ? " cannot be written: its disk is full" : " is unavailable";
  log::warn(message + " (" + store::to_string(error.code) + "): " + error.message);
  message += ": try again later";
  return {ErrorCode::store_unavailable, std::move(message), kStoreRetryAfterSeconds};
}

Error from_access_store(const store::StoreError& error) {
  return from_store(error, "room settings");
}

Error from_pool(PoolError error) {
  switch (error) {
    case PoolError::deadline:
      return {ErrorCode::store_timeout, "The meeting store did not answer in time: try again later",
              kStoreRetryAfterSeconds};
    case PoolError::full:
      return {ErrorCode::store_unavailable, "The server is busy: try again later",
              kStoreRetryAfterSeconds};
    case PoolError::stopped: break;
  }
  return {ErrorCode::store_unavailable, "The server is stopping: try again later",
          kStoreRetryAfterSeconds};
}

Error from_livekit(const livekit::TwirpError& error) {
  using Kind = livekit::TwirpErrorKind;
  std::string logged = "LiveKit API call failed (";
  logged += livekit::to_string(error.kind);
  if (!error.code.empty()) logged.append(", ").append(error.code);
  logged.append("): ").append(error.message);
  log::warn(logged);
  switch (error.kind) {
    case Kind::timeout:
      return {ErrorCode::gateway_timeout, "The LiveKit server did not answer in time"};
    case Kind::token: return {ErrorCode::internal, "Could not sign a LiveKit API request"};
    case Kind::twirp:
      if (error.status == 503) {
        return {ErrorCode::unavailable, "The LiveKit server is unavailable", 5};
      }
      if (error.status == 401 || error.status == 403) {
        return {ErrorCode::bad_gateway, "The LiveKit server refused our API key"};
      }
      return {ErrorCode::bad_gateway, "The LiveKit server refused the request"};
    case Kind::connect_failed:
    case Kind::tls_failed:
    case Kind::protocol:
    case Kind::too_large:
    case Kind::bad_response: break;
  }
  return {ErrorCode::bad_gateway, "The LiveKit server could not be used"};
}

bool is_livekit_not_found(const livekit::TwirpError& error) noexcept {
  return error.kind == livekit::TwirpErrorKind::twirp && error.code == "not_found";
}

}  // namespace lkm::services
