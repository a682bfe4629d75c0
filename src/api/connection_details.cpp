#include "api/connection_details.hpp"

#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <boost/url/parse.hpp>
#include <boost/url/url.hpp>

#include "auth/access_token.hpp"
#include "auth/grants.hpp"
#include "core/text.hpp"
#include "http/query.hpp"
#include "services/room_rules.hpp"

namespace lkm::api {
namespace {

enum class Controls { forbid_all, allow_whitespace };

std::optional<ApiError> check_text(std::string_view param, std::string_view value,
                                   std::size_t max_bytes, Controls controls) {
  const auto invalid = [&](std::string_view why) {
    return ApiError{ErrorCode::invalid_parameter,
                    "Invalid query parameter " + std::string(param) + ": " + std::string(why)};
  };
  if (value.size() > max_bytes) {
    return invalid("longer than " + std::to_string(max_bytes) + " bytes");
  }
  if (!is_valid_utf8(value)) return invalid("not valid UTF-8");
  bool has_controls = false;
  if (controls == Controls::forbid_all) {
    has_controls = has_control_chars(value);
  } else {
    std::string stripped(value);
    for (char& c : stripped) {
      if (c == '\n' || c == '\r' || c == '\t') c = ' ';
    }
    has_controls = has_control_chars(stripped);
  }
  if (has_controls) return invalid("contains control characters");
  return std::nullopt;
}

bool is_region_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
}

}  // namespace

bool is_valid_postfix(std::string_view postfix) noexcept {
  if (postfix.size() != 4) return false;
  for (char c : postfix) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) return false;
  }
  return true;
}

Result<ConnectionQuery, ApiError> parse_connection_body(std::string_view body,
                                                        std::string_view cookie_header) {
  ConnectionQuery out;
  boost::system::error_code ec;
  const boost::json::value value = boost::json::parse(body, ec);
  const auto refuse = [](std::string message) {
    return fail(ApiError{ErrorCode::bad_request, std::move(message)});
  };
  if (ec || !value.is_object()) {
    return refuse(R"(The body must be a JSON object: {"roomName", "participantName", "passcode"?, )"
                  R"("region"?, "metadata"?})");
  }
  for (const auto& [key, field] : value.as_object()) {
    std::optional<std::string>* target = nullptr;
    if (key == "roomName") {
      target = &out.room_name;
    } else if (key == "participantName") {
      target = &out.participant_name;
    } else if (key == "passcode") {
      target = &out.passcode;
    } else if (key == "region") {
      target = &out.region;
    } else if (key == "metadata") {
      target = &out.metadata;
    } else {
      return refuse("Unknown field: " + std::string(key.substr(0, 64)));
    }
    if (field.is_null()) continue;
    if (!field.is_string()) return refuse(std::string(key) + " must be a string");
    *target = std::string(field.as_string());
  }
  if (auto cookie = http::cookie_value(cookie_header, kPostfixCookie)) {
    out.postfix_cookie = std::string(*cookie);
  }
  return out;
}

ConnectionQuery parse_connection_query(std::string_view query, std::string_view cookie_header) {
  ConnectionQuery out;
  out.room_name = http::query_param(query, "roomName");
  out.participant_name = http::query_param(query, "participantName");
  out.metadata = http::query_param(query, "metadata");
  out.region = http::query_param(query, "region");
  out.passcode = http::query_param(query, "passcode");
  if (auto cookie = http::cookie_value(cookie_header, kPostfixCookie)) {
    out.postfix_cookie = std::string(*cookie);
  }
  return out;
}

std::string livekit_url_for_region(std::string_view url, std::string_view region) {
  auto parsed = boost::urls::parse_absolute_uri(url);
  if (!parsed) return std::string(url);
  boost::urls::url out(*parsed);
  const std::string host(out.host());
  if (host.find("livekit.cloud") != std::string::npos) {
    const auto dot = host.find('.');
    if (dot != std::string::npos) {
      const std::string project = host.substr(0, dot);
      const std::string rest = host.substr(dot + 1);
      const bool staging = rest.rfind("staging.", 0) == 0;
      out.set_host(project + "." + std::string(region) + "." + (staging ? "" : "production.") +
                   rest);
    }
  }
  std::string normalised(out.buffer());
  // As the WHATWG URL serialiser: an empty path becomes "/" (configured URLs have no query).
  if (out.encoded_path().empty() && !out.has_query() && !out.has_fragment()) normalised += '/';
  return normalised;
}

std::optional<ApiError> check_connection_query(const ConnectionQuery& query) {
  if (!query.room_name) {
    return ApiError{ErrorCode::missing_parameter, "Missing required query parameter: roomName"};
  }
  if (!query.participant_name) {
    return ApiError{ErrorCode::missing_parameter,
                    "Missing required query parameter: participantName"};
  }
  const std::string& room = *query.room_name;
  if (room.empty()) {
    return ApiError{ErrorCode::invalid_parameter,
                    "Invalid query parameter roomName: must not be empty"};
  }
  if (auto error = check_text("roomName", room, kMaxRoomNameBytes, Controls::forbid_all)) {
    return error;
  }
  if (services::is_reserved_room_name(room)) {
    return ApiError{
        ErrorCode::invalid_parameter,
        "Invalid query parameter roomName: " + std::string(services::kReservedRoomNameMessage)};
  }
  const std::string& name = *query.participant_name;
  if (name.empty()) {
    return ApiError{ErrorCode::invalid_parameter,
                    "Invalid query parameter participantName: must not be empty"};
  }
  // The identity adds "__" and the 4-character postfix to the name.
  if (auto error =
          check_text("participantName", name, kMaxIdentityBytes - 6, Controls::forbid_all)) {
    return error;
  }
  if (has_invisible_format_chars(name)) {
    return ApiError{ErrorCode::invalid_parameter,
                    "Invalid query parameter participantName: contains bidirectional or "
                    "zero-width characters"};
  }
  if (auto error = check_text("metadata", query.metadata.value_or(""), kMaxMetadataBytes,
                              Controls::allow_whitespace)) {
    return error;
  }
  if (query.region && !query.region->empty()) {
    bool valid = query.region->size() <= 64;
    for (char c : *query.region) valid = valid && is_region_char(c);
    if (!valid) {
      return ApiError{ErrorCode::invalid_parameter,
                      "Invalid query parameter region: use letters, digits and '-' only"};
    }
  }
  return std::nullopt;
}

Result<ConnectionDetails, ApiError> make_connection_details(const ConnectionQuery& query,
                                                            const MeetCredentials& credentials,
                                                            std::int64_t now_unix,
                                                            const RandomString& random,
                                                            const auth::Attributes& attributes) {
  if (auto error = check_connection_query(query)) return fail(std::move(*error));
  const std::string& room = *query.room_name;
  const std::string& name = *query.participant_name;
  const std::string metadata = query.metadata.value_or("");
  std::string server_url = credentials.livekit_url;
  if (query.region && !query.region->empty()) {
    server_url = livekit_url_for_region(server_url, *query.region);
  }

  ConnectionDetails details;
  details.postfix = query.postfix_cookie && is_valid_postfix(*query.postfix_cookie)
                        ? *query.postfix_cookie
                        : random(4);
  auth::AccessToken token(credentials.api_key, credentials.api_secret);
  token.identity(name + "__" + details.postfix).name(name).metadata(metadata).ttl(kMeetTokenTtl);
  if (!attributes.empty()) token.attributes(attributes);
  auth::VideoGrant grant;
  grant.room = room;
  grant.room_join = true;
  grant.can_publish = true;
  grant.can_publish_data = true;
  grant.can_subscribe = true;
  token.add_grant(grant);
  auto jwt = token.to_jwt(now_unix);
  if (!jwt) {
    return fail(ApiError{ErrorCode::internal,
                         "Could not create a token: " + std::string(auth::to_string(jwt.error()))});
  }
  details.server_url = std::move(server_url);
  details.room_name = room;
  details.participant_token = std::move(jwt).value();
  details.participant_name = name;
  return details;
}

std::string to_json(const ConnectionDetails& details, std::optional<std::string_view> status) {
  // Written as text, byte for byte as Boost.JSON serialises the same object (tested).
  std::string out;
  out.reserve(details.participant_token.size() + details.server_url.size() +
              details.room_name.size() + details.participant_name.size() + 96);
  out += '{';
  if (status) {
    out += "\"status\":";
    auth::append_json_string(out, *status);
    out += ',';
  }
  out += "\"serverUrl\":";
  auth::append_json_string(out, details.server_url);
  out += ",\"roomName\":";
  auth::append_json_string(out, details.room_name);
  out += ",\"participantToken\":";
  auth::append_json_string(out, details.participant_token);
  out += ",\"participantName\":";
  auth::append_json_string(out, details.participant_name);
  out += '}';
  return out;
}

Result<ConnectionTest, ApiError> make_connection_test(const MeetCredentials& credentials,
                                                      std::int64_t now_unix,
                                                      const RandomString& random) {
  ConnectionTest test;
  test.server_url = credentials.livekit_url;
  test.room_name =
      std::string(services::kConnectionTestRoomPrefix) + random(kConnectionTestRandomChars);
  test.participant_identity =
      std::string(kConnectionTestIdentityPrefix) + random(kConnectionTestRandomChars);
  test.participant_name = kConnectionTestParticipantName;
  auth::AccessToken token(credentials.api_key, credentials.api_secret);
  token.identity(test.participant_identity).name(test.participant_name).ttl(kConnectionTestTtl);
  auth::VideoGrant grant;
  grant.room = test.room_name;
  grant.room_join = true;
  grant.can_publish = true;
  grant.can_publish_data = false;
  grant.can_subscribe = true;
  token.add_grant(grant);
  boost::json::object room_config;
  room_config["emptyTimeout"] = kConnectionTestEmptyTimeout;
  room_config["departureTimeout"] = kConnectionTestDepartureTimeout;
  token.room_config(std::move(room_config));
  auto jwt = token.to_jwt(now_unix);
  if (!jwt) {
    return fail(ApiError{ErrorCode::internal,
                         "Could not create a token: " + std::string(auth::to_string(jwt.error()))});
  }
  test.participant_token = std::move(jwt).value();
  return test;
}

std::string to_json(const ConnectionTest& test) {
  boost::json::object body;
  body["serverUrl"] = test.server_url;
  body["roomName"] = test.room_name;
  body["participantIdentity"] = test.participant_identity;
  body["participantName"] = test.participant_name;
  body["participantToken"] = test.participant_token;
  return boost::json::serialize(body);
}

std::string postfix_set_cookie(std::string_view value, std::int64_t now_unix, bool secure) {
  std::string cookie(kPostfixCookie);
  cookie += '=';
  cookie += value;
  cookie += secure ? "; Path=/; HttpOnly; SameSite=Strict; Secure; Expires="
                   : "; Path=/; HttpOnly; SameSite=Strict; Expires=";
  cookie += http::http_date(now_unix + kPostfixCookieLifetime.count());
  return cookie;
}

}  // namespace lkm::api
