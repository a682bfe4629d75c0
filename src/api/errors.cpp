#include "api/errors.hpp"

#include <iterator>

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

namespace lkm::api {
namespace {

struct ErrorRow {
  ErrorCode code;
  std::string_view name;
  unsigned status;
  bool plain_text;
};

constexpr ErrorRow kErrorTable[] = {
    {ErrorCode::missing_parameter, "missing_parameter", 400, true},
    {ErrorCode::invalid_parameter, "invalid_parameter", 400, true},
    {ErrorCode::bad_request, "bad_request", 400, false},
    {ErrorCode::unauthorized, "unauthorized", 401, false},
    {ErrorCode::not_found, "not_found", 404, false},
    {ErrorCode::conflict, "conflict", 409, false},
    {ErrorCode::unavailable, "unavailable", 503, false},
    {ErrorCode::store_unavailable, "store_unavailable", 503, false},
    // A deadline passed: the same error for the client, which may try again, with the status of
    // a gateway that waited too long.
    {ErrorCode::store_timeout, "store_unavailable", 504, false},
    {ErrorCode::not_configured, "not_configured", 503, false},
    {ErrorCode::bad_gateway, "bad_gateway", 502, false},
    {ErrorCode::gateway_timeout, "gateway_timeout", 504, false},
    {ErrorCode::passcode_required, "passcode_required", 403, false},
    {ErrorCode::passcode_invalid, "passcode_invalid", 403, false},
    {ErrorCode::host_required, "host_required", 403, false},
    {ErrorCode::owner_required, "owner_required", 403, false},
    {ErrorCode::denied, "denied", 403, false},
    {ErrorCode::room_not_found, "room_not_found", 404, false},
    {ErrorCode::room_locked, "room_locked", 423, false},
    {ErrorCode::organizer_required, "organizer_required", 401, false},
    {ErrorCode::sign_in_required, "sign_in_required", 401, false},
    {ErrorCode::too_many_requests, "too_many_requests", 429, false},
    {ErrorCode::forbidden, "forbidden", 403, false},
    {ErrorCode::room_in_use, "room_in_use", 409, false},
    {ErrorCode::ticket_used, "ticket_used", 410, false},
    {ErrorCode::lobby_off, "lobby_off", 403, false},
    {ErrorCode::cross_site, "cross_site", 403, false},
    {ErrorCode::unsupported_media_type, "unsupported_media_type", 415, false},
    {ErrorCode::internal, "internal", 500, false},
};

constexpr const ErrorRow& row(ErrorCode code) {
  for (const auto& entry : kErrorTable) {
    if (entry.code == code) return entry;
  }
  return kErrorTable[std::size(kErrorTable) - 1];
}

}  // namespace

std::string_view to_string(ErrorCode code) noexcept {
  return row(code).name;
}

unsigned status_of(ErrorCode code) noexcept {
  return row(code).status;
}

http::Response to_response(const ApiError& error) {
  const auto& entry = row(error.code);
  http::Response response;
  if (entry.plain_text) {
    response = http::Response::text(entry.status, error.message);
  } else {
    boost::json::object body;
    body["error"] = entry.name;
    body["message"] = error.message;
    response = http::Response::json(entry.status, boost::json::serialize(body));
  }
  response.header("Cache-Control", "no-store");
  if (error.retry_after_seconds > 0) {
    response.header("Retry-After", std::to_string(error.retry_after_seconds));
  }
  return response;
}

}  // namespace lkm::api
