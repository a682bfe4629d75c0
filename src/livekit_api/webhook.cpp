#include "livekit_api/webhook.hpp"

#include <array>
#include <charconv>
#include <cmath>
#include <optional>
#include <system_error>

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include "auth/base64url.hpp"
#include "auth/hmac.hpp"
#include "core/text.hpp"

namespace lkm::livekit {
namespace {

// livekit.EgressStatus, by number.
constexpr std::array<std::string_view, 7> kEgressStatusNames = {
    "EGRESS_STARTING", "EGRESS_ACTIVE",  "EGRESS_ENDING",        "EGRESS_COMPLETE",
    "EGRESS_FAILED",   "EGRESS_ABORTED", "EGRESS_LIMIT_REACHED",
};

Failure<WebhookFailure> failure(WebhookError code, std::string message) {
  return fail(WebhookFailure{code, std::move(message)});
}

std::string_view trim(std::string_view text) noexcept {
  const auto is_space = [](char c) { return c == ' ' || c == '\t'; };
  while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
  return text;
}

// The token from an Authorization value: raw, or after a case-insensitive "Bearer" and white space
// ("Bearer" alone leaves nothing). Surrounding spaces and tabs are dropped.
std::string_view token_of(std::string_view authorization) noexcept {
  std::string_view value = trim(authorization);
  constexpr std::string_view kBearer = "bearer";
  if (value.size() >= kBearer.size() && ascii_iequals(value.substr(0, kBearer.size()), kBearer) &&
      (value.size() == kBearer.size() || value[kBearer.size()] == ' ' ||
       value[kBearer.size()] == '\t')) {
    value = trim(value.substr(kBearer.size()));
  }
  return value;
}

// Reads the members of one JSON object, remembering the first error. Each reader leaves its output
// alone when the member is absent or null; `prefix` names the object in messages ("room.").
class Reader {
 public:
  Reader(const boost::json::object& object, std::string prefix, std::string& error)
      : object_(object), prefix_(std::move(prefix)), error_(error) {}

  [[nodiscard]] const boost::json::value* member(std::string_view key) const {
    const boost::json::value* value = object_.if_contains(key);
    return value == nullptr || value->is_null() ? nullptr : value;
  }

  void string(std::string_view key, std::string& out) {
    const boost::json::value* value = member(key);
    if (value == nullptr) return;
    if (!value->is_string()) return wrong(key, "a string");
    out = std::string(value->get_string());
  }

  void int64(std::string_view key, std::int64_t& out) {
    const boost::json::value* value = member(key);
    if (value == nullptr) return;
    if (auto number = to_int64(*value)) {
      out = *number;
    } else {
      wrong(key, "an int64 (a whole number or a decimal string)");
    }
  }

  // An object member, or nullptr when absent (or of the wrong type, with the error set).
  const boost::json::object* object(std::string_view key) {
    const boost::json::value* value = member(key);
    if (value == nullptr) return nullptr;
    if (!value->is_object()) {
      wrong(key, "an object");
      return nullptr;
    }
    return &value->get_object();
  }

  void wrong(std::string_view key, std::string_view expected) {
    if (!error_.empty()) return;
    error_ = "field " + name(key) + " must be " + std::string(expected);
  }

  [[nodiscard]] std::string name(std::string_view key) const { return prefix_ + std::string(key); }
  [[nodiscard]] bool failed() const noexcept { return !error_.empty(); }

 private:
  // Protojson int64: a JSON number without fraction, or a string of decimal digits with an optional
  // '-', in range.
  static std::optional<std::int64_t> to_int64(const boost::json::value& value) {
    if (value.is_int64()) return value.get_int64();
    if (value.is_double()) {
      constexpr double kLimit = 9223372036854775808.0;  // 2^63
      const double number = value.get_double();
      if (!std::isfinite(number) || std::trunc(number) != number || number < -kLimit ||
          number >= kLimit) {
        return std::nullopt;
      }
      return static_cast<std::int64_t>(number);
    }
    if (!value.is_string()) return std::nullopt;  // uint64 above INT64_MAX lands here too
    const std::string_view text = value.get_string();
    const std::string_view digits = text.empty() || text.front() != '-' ? text : text.substr(1);
    if (digits.empty() || digits.front() < '0' || digits.front() > '9') return std::nullopt;
    std::int64_t number = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), number);
    if (error != std::errc{} || end != text.data() + text.size()) return std::nullopt;
    return number;
  }

  const boost::json::object& object_;
  std::string prefix_;
  std::string& error_;
};

RoomInfo read_room(const boost::json::object& json, std::string& error) {
  Reader reader(json, "room.", error);
  RoomInfo room;
  reader.string("sid", room.sid);
  reader.string("name", room.name);
  reader.int64("creationTime", room.creation_time);
  reader.string("metadata", room.metadata);
  return room;
}

ParticipantInfo read_participant(const boost::json::object& json, std::string& error) {
  Reader reader(json, "participant.", error);
  ParticipantInfo participant;
  reader.string("sid", participant.sid);
  reader.string("identity", participant.identity);
  reader.string("name", participant.name);
  reader.int64("joinedAt", participant.joined_at);
  return participant;
}

void read_egress_status(Reader& reader, std::string& out) {
  const boost::json::value* value = reader.member("status");
  if (value == nullptr) return;
  if (value->is_string()) {
    // Names LiveKit adds later pass through unchanged.
    out = std::string(value->get_string());
    return;
  }
  if (value->is_int64() && value->get_int64() >= 0 &&
      static_cast<std::uint64_t>(value->get_int64()) < kEgressStatusNames.size()) {
    out = std::string(kEgressStatusNames.at(static_cast<std::size_t>(value->get_int64())));
    return;
  }
  reader.wrong("status", "an EgressStatus name or a number from 0 to 6");
}

// fileResults[0].location, else the deprecated file.location.
void read_egress_location(Reader& reader, std::string& out, std::string& error) {
  if (const boost::json::value* results = reader.member("fileResults")) {
    if (!results->is_array()) return reader.wrong("fileResults", "an array");
    const boost::json::array& array = results->get_array();
    if (!array.empty()) {
      if (!array.front().is_object()) return reader.wrong("fileResults[0]", "an object");
      Reader file(array.front().get_object(), reader.name("fileResults[0]."), error);
      file.string("location", out);
      return;
    }
  }
  if (const boost::json::object* file = reader.object("file")) {
    Reader(*file, reader.name("file."), error).string("location", out);
  }
}

EgressInfo read_egress(const boost::json::object& json, std::string& error) {
  Reader reader(json, "egressInfo.", error);
  EgressInfo egress;
  reader.string("egressId", egress.egress_id);
  reader.string("roomId", egress.room_id);
  reader.string("roomName", egress.room_name);
  read_egress_status(reader, egress.status);
  reader.int64("startedAt", egress.started_at);
  reader.int64("endedAt", egress.ended_at);
  reader.string("error", egress.error);
  read_egress_location(reader, egress.location, error);
  return egress;
}

}  // namespace

std::string_view to_string(WebhookError error) noexcept {
  switch (error) {
    case WebhookError::missing_authorization: return "missing_authorization";
    case WebhookError::invalid_token: return "invalid_token";
    case WebhookError::missing_sha256: return "missing_sha256";
    case WebhookError::body_mismatch: return "body_mismatch";
    case WebhookError::invalid_body: return "invalid_body";
  }
  return "unknown";
}

Result<WebhookEvent, std::string> parse_webhook_event(std::string_view json) {
  boost::system::error_code parse_error;
  const boost::json::value value = boost::json::parse(json, parse_error);
  if (parse_error) return fail("the body is not valid JSON: " + parse_error.message());
  if (!value.is_object()) return fail(std::string("the body is not a JSON object"));

  std::string error;
  Reader reader(value.get_object(), "", error);
  WebhookEvent event;
  reader.string("event", event.event);
  reader.string("id", event.id);
  reader.int64("createdAt", event.created_at);
  if (const auto* room = reader.object("room")) event.room = read_room(*room, error);
  if (const auto* participant = reader.object("participant")) {
    event.participant = read_participant(*participant, error);
  }
  if (const auto* egress = reader.object("egressInfo")) {
    event.egress_info = read_egress(*egress, error);
  }
  if (reader.failed()) return fail(std::move(error));
  if (event.event.empty()) return fail(std::string("field event is required"));
  if (event.id.empty()) return fail(std::string("field id is required"));
  return event;
}

Result<WebhookEvent, WebhookFailure> WebhookReceiver::receive(std::string_view body,
                                                              std::string_view authorization,
                                                              std::int64_t now_unix) const {
  const std::string_view token = token_of(authorization);
  if (token.empty()) {
    return failure(WebhookError::missing_authorization, "the Authorization header is empty");
  }

  const auto claims = verifier_.verify(token, now_unix);
  if (!claims) {
    return failure(WebhookError::invalid_token,
                   "webhook token refused (" + std::string(auth::to_string(claims.error().code)) +
                       "): " + claims.error().message);
  }
  if (claims->grants.sha256.empty()) {
    return failure(WebhookError::missing_sha256, "the webhook token has no sha256 claim");
  }

  const auth::Digest digest = auth::sha256(body);
  const std::string hash = auth::base64_encode(std::string(digest.begin(), digest.end()));
  if (!auth::constant_time_equal(hash, claims->grants.sha256)) {
    return failure(WebhookError::body_mismatch, "the body does not match the token's sha256 claim");
  }

  auto event = parse_webhook_event(body);
  if (!event) return failure(WebhookError::invalid_body, std::move(event).error());
  return std::move(event).value();
}

}  // namespace lkm::livekit
