#include "api/room_handlers.hpp"

#include <algorithm>
#include <charconv>
#include <chrono>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "api/live_rooms.hpp"
#include "auth/password_hash.hpp"
#include "core/text.hpp"
#include "http/query.hpp"

namespace lkm::api {
namespace {

using boost::asio::awaitable;
using Response = http::Response;

// The longest an admission poll is held, and how often it looks at the store meanwhile (another
// instance may have decided without this one hearing of it).
constexpr std::int64_t kMaxAdmissionWaitSeconds = 25;
constexpr std::chrono::milliseconds kAdmissionRecheck{1000};

Response json(unsigned status, std::string body) {
  auto response = Response::json(status, std::move(body));
  response.header("Cache-Control", "no-store");
  return response;
}

ApiError not_configured() {
  return {ErrorCode::not_configured, "Rooms with a host need the meeting store"};
}

std::optional<std::string> host_hash(const AppContext& context, const http::Request& request,
                                     const std::string& room) {
  const std::string_view cookies = request.header("Cookie");
  if (cookies.empty()) return std::nullopt;
  const auto cookie = http::cookie_value(cookies, host_cookie_name(room));
  if (!cookie) return std::nullopt;
  return host_credential_hash(context.access_keys, room, *cookie);
}

Result<std::optional<store::HostedRoom>, ApiError> hosted(const AppContext& context,
                                                          const std::string& room) {
  return find_hosted_room(*context.access, room, context.clock->now_unix(),
                          context.room_retention_seconds);
}

// The hosted room when the request carries its host credential; else 403 (or 404, 503). A host's
// action counts as use of the room (it is kept past the retention time).
Result<store::HostedRoom, ApiError> require_host(const AppContext& context,
                                                 const http::Request& request,
                                                 const std::string& room) {
  if (context.access == nullptr) return fail(not_configured());
  auto found = hosted(context, room);
  if (!found) return fail(std::move(found).error());
  if (!*found) return fail(ApiError{ErrorCode::room_not_found, "No such room"});
  const auto hash = host_hash(context, request, room);
  if (!hash) return fail(ApiError{ErrorCode::host_required, "Only the room's host may do that"});
  auto host = context.access->is_host(room, *hash);
  if (!host) return fail(from_access_store(host.error()));
  if (!*host) return fail(ApiError{ErrorCode::host_required, "Only the room's host may do that"});
  auto touched = context.access->touch_room(room, context.clock->now_unix());
  if (!touched) return fail(from_access_store(touched.error()));
  return std::move(*found).value();
}

// The store's key of the request's organizer session, when its cookie is valid and unexpired.
std::optional<std::string> organizer_session_key(const AppContext& context,
                                                 const http::Request& request) {
  const std::string_view cookies = request.header("Cookie");
  if (cookies.empty()) return std::nullopt;
  const auto cookie = http::cookie_value(cookies, kOrganizerCookie);
  if (!cookie) return std::nullopt;
  return organizer_session_id_hash(context.access_keys, *cookie, context.clock->now_unix());
}

std::string room_param(const http::Request& request) {
  return request.param("room").value_or("");
}

// The signed postfix cookie for a postfix.
std::string postfix_cookie(const AppContext& context, const http::Request& request,
                           std::string_view postfix, std::int64_t now) {
  return postfix_set_cookie(signed_postfix(context.access_keys, postfix), now, request.secure());
}

// A minted token's answer, counted in the metrics.
Response connection_details_response(const AppContext& context, const http::Request& request,
                                     const ConnectionDetails& details, std::int64_t now,
                                     std::optional<std::string_view> status = std::nullopt) {
  if (context.metrics != nullptr) context.metrics->token_minted();
  auto response = json(200, to_json(details, status));
  response.header("Set-Cookie", postfix_cookie(context, request, details.postfix, now));
  return response;
}

auth::Attributes role(std::string_view name) {
  return {{std::string(kRoleAttribute), std::string(name)}};
}

// GET and POST /api/connection-details once their parameters are read. Only a postfix this server
// signed is kept: anyone else gets a new one, so nobody can choose another's identity.
awaitable<Response> join(const AppContext& context, const http::Request& request,
                         ConnectionQuery query) {
  const std::int64_t now = context.clock->now_unix();
  if (auto limited = check_rate(context.token_limiter, request, now)) {
    co_return to_response(*limited);
  }
  if (query.postfix_cookie) {
    query.postfix_cookie = verified_postfix(context.access_keys, *query.postfix_cookie);
  }
  if (auto invalid = check_connection_query(query)) co_return to_response(*invalid);
  auth::Attributes attributes;
  if (context.access != nullptr) {
    const std::string& room = *query.room_name;
    const JoinContext join{*context.access,
                           *context.passcodes,
                           context.room_creation,
                           request.remote_address(),
                           now,
                           context.room_retention_seconds};
    auto decision = decide_join(join, room, query.passcode, host_hash(context, request, room));
    if (!decision) co_return to_response(decision.error());
    switch (decision->kind) {
      case JoinDecision::Kind::open: break;
      case JoinDecision::Kind::host: attributes = role("host"); break;
      case JoinDecision::Kind::guest: attributes = role("guest"); break;
      case JoinDecision::Kind::wait: {
        store::WaitingTicket ticket;
        ticket.ticket = context.random(32);
        ticket.room_name = room;
        ticket.participant_name = *query.participant_name;
        ticket.postfix = query.postfix_cookie ? *query.postfix_cookie : context.random(4);
        ticket.created_at = now;
        ticket.last_seen_at = now;
        auto added = context.access->add_ticket(ticket);
        if (!added) co_return to_response(from_access_store(added.error()));
        if (!*added) co_return to_response({ErrorCode::room_not_found, "No such room"});
        boost::json::object body;
        body["status"] = "waiting";
        body["ticket"] = ticket.ticket;
        auto response = json(202, boost::json::serialize(body));
        response.header("Set-Cookie", postfix_cookie(context, request, ticket.postfix, now));
        co_return response;
      }
    }
  }
  auto details =
      make_connection_details(query, context.credentials, now, context.random, attributes);
  if (!details) co_return to_response(details.error());
  co_return connection_details_response(context, request, *details, now);
}

awaitable<Response> connection_details(const AppContext& context, const http::Request& request) {
  return join(context, request, parse_connection_query(request.query(), request.header("Cookie")));
}

awaitable<Response> connection_details_post(const AppContext& context,
                                            const http::Request& request) {
  auto query = parse_connection_body(request.body(), request.header("Cookie"));
  if (!query) co_return to_response(query.error());
  co_return co_await join(context, request, std::move(query).value());
}

// 409 room_in_use when the name is live on the LiveKit server or had a meeting within the
// retention time; 503 when LiveKit cannot be asked (a name is never claimed blind).
awaitable<std::optional<ApiError>> check_name_free(const AppContext& context,
                                                   const std::string& name, std::int64_t now) {
  std::optional<ApiError> in_use =
      ApiError{ErrorCode::room_in_use,
               std::string("This room name is in use or was used recently: choose another one")};
  auto activity = context.store->room_activity(name);
  if (!activity) {
    std::optional<ApiError> failed = from_store_error(activity.error(), "meeting history");
    co_return failed;
  }
  if (*activity && (*activity)->last_active_at >= now - context.room_retention_seconds) {
    co_return in_use;
  }
  std::vector<std::string> names;
  names.push_back(name);
  auto live = co_await context.rooms->list_rooms(std::move(names));
  if (!live) {
    (void)from_livekit(live.error());  // logged there
    std::optional<ApiError> unknown = ApiError{
        ErrorCode::unavailable,
        std::string("Cannot tell whether this room is in use: the LiveKit server could not be "
                    "asked. Try again later"),
        5};
    co_return unknown;
  }
  for (const auto& room : *live) {
    if (room.name == name) co_return in_use;
  }
  co_return std::nullopt;
}

awaitable<Response> room_create(const AppContext& context, const http::Request& request) {
  if (context.access == nullptr) co_return to_response(not_configured());
  const std::int64_t now = context.clock->now_unix();
  if (context.room_creation == RoomCreation::organizers) {
    auto organizer = signed_in_organizer(context, request);
    if (!organizer) co_return to_response(organizer.error());
    if (!*organizer) {
      co_return to_response(
          {ErrorCode::organizer_required, "Only signed-in organizers may create rooms"});
    }
  }
  auto parsed = parse_room_request(request.body());
  if (!parsed) co_return to_response(parsed.error());
  if (auto limited = check_rate(context.room_limiter, request, now)) {
    limited->message = "Too many rooms created: try again in " +
                       std::to_string(limited->retry_after_seconds) + " s";
    co_return to_response(*limited);
  }
  if (parsed->name) {
    if (auto taken = co_await check_name_free(context, *parsed->name, now)) {
      co_return to_response(*taken);
    }
  }
  store::HostedRoom room;
  room.waiting_room = parsed->waiting_room;
  room.listed = parsed->listed;
  room.created_at = now;
  room.last_used_at = now;
  if (parsed->passcode) {
    room.passcode_hash = auth::hash_password(*parsed->passcode, context.random(22));
    if (room.passcode_hash.empty()) {
      co_return to_response({ErrorCode::internal, "Could not hash the passcode"});
    }
  }
  // A chosen name is taken or not; a drawn one is drawn again on the rare collision.
  const int attempts = parsed->name ? 1 : 5;
  for (int attempt = 0; attempt < attempts; ++attempt) {
    room.name = parsed->name ? *parsed->name : context.random(4) + "-" + context.random(4);
    const auto credential =
        issue_host_credential(context.access_keys, room.name, context.random(40));
    auto created = context.access->create_room(room, credential.stored_hash,
                                               now - context.room_retention_seconds);
    if (!created) co_return to_response(from_access_store(created.error()));
    if (!*created) continue;
    auto response = json(201, room_info_json(room.name, room, true));
    response.header("Set-Cookie", access_set_cookie(host_cookie_name(room.name),
                                                    credential.cookie_value, context.base_path,
                                                    kHostCookieLifetimeSeconds, request.secure()));
    co_return response;
  }
  co_return to_response({ErrorCode::conflict, "This room already has a host"});
}

awaitable<Response> room_info(const AppContext& context, const http::Request& request) {
  const std::string room = room_param(request);
  std::optional<store::HostedRoom> found;
  bool host = false;
  if (context.access != nullptr) {
    auto lookup = hosted(context, room);
    if (!lookup) co_return to_response(lookup.error());
    found = std::move(lookup).value();
    if (found) {
      if (const auto hash = host_hash(context, request, room)) {
        auto is_host = context.access->is_host(room, *hash);
        if (!is_host) co_return to_response(from_access_store(is_host.error()));
        host = *is_host;
      }
    }
  }
  if (!found && context.room_creation == RoomCreation::organizers) {
    co_return to_response({ErrorCode::room_not_found, "No such room"});
  }
  co_return json(200, room_info_json(room, found, host));
}

awaitable<Response> room_end(const AppContext& context, const http::Request& request) {
  const std::string room = room_param(request);
  auto hosted = require_host(context, request, room);
  if (!hosted) co_return to_response(hosted.error());
  auto deleted = co_await context.rooms->delete_room(room);
  // A room that is not live on the LiveKit server has nobody to remove.
  if (!deleted && !(deleted.error().kind == livekit::TwirpErrorKind::twirp &&
                    deleted.error().code == "not_found")) {
    co_return to_response(from_livekit(deleted.error()));
  }
  auto forgotten = context.access->delete_room(room);
  if (!forgotten) co_return to_response(from_access_store(forgotten.error()));
  auto response = json(200, R"({"status":"ended"})");
  response.header("Set-Cookie", access_set_cookie(host_cookie_name(room), "", context.base_path, 0,
                                                  request.secure()));
  co_return response;
}

awaitable<Response> host_sign_out(const AppContext& context, const http::Request& request) {
  const std::string room = room_param(request);
  if (context.access == nullptr) co_return to_response(not_configured());
  if (const auto hash = host_hash(context, request, room)) {
    auto revoked = context.access->revoke_host(room, *hash);
    if (!revoked) co_return to_response(from_access_store(revoked.error()));
  }
  auto response = json(200, R"({"isHost":false})");
  response.header("Set-Cookie", access_set_cookie(host_cookie_name(room), "", context.base_path, 0,
                                                  request.secure()));
  co_return response;
}

std::int64_t admission_wait(std::string_view query) {
  const auto text = http::query_param(query, "wait");
  if (!text) return kMaxAdmissionWaitSeconds;
  std::int64_t seconds = 0;
  const auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), seconds);
  if (ec != std::errc() || end != text->data() + text->size() || seconds < 0) {
    return kMaxAdmissionWaitSeconds;
  }
  return std::min(seconds, kMaxAdmissionWaitSeconds);
}

// The admitted guest's answer: its token, once. A locked room keeps the ticket admitted (423)
// until the host unlocks it.
awaitable<Response> admitted(const AppContext& context, const http::Request& request,
                             const store::WaitingTicket& ticket, std::int64_t now) {
  auto room = hosted(context, ticket.room_name);
  if (!room) co_return to_response(room.error());
  if (!*room) co_return to_response({ErrorCode::room_not_found, "No such room"});
  if ((*room)->locked) {
    co_return to_response({ErrorCode::room_locked, "The host has locked this room"});
  }
  auto consumed = context.access->consume_ticket(ticket.room_name, ticket.ticket, now);
  if (!consumed) co_return to_response(from_access_store(consumed.error()));
  if (!*consumed) {
    co_return to_response({ErrorCode::ticket_used, "This admission was already used"});
  }
  ConnectionQuery query;
  query.room_name = ticket.room_name;
  query.participant_name = ticket.participant_name;
  query.postfix_cookie = ticket.postfix;
  auto details =
      make_connection_details(query, context.credentials, now, context.random, role("guest"));
  if (!details) co_return to_response(details.error());
  co_return connection_details_response(context, request, *details, now, "admitted");
}

awaitable<Response> admission(const AppContext& context, const http::Request& request) {
  if (context.access == nullptr) co_return to_response(not_configured());
  const std::string room = room_param(request);
  const std::string ticket_id = request.param("ticket").value_or("");
  const auto deadline =
      std::chrono::steady_clock::now() + std::chrono::seconds(admission_wait(request.query()));
  // One poll per ticket: a newer one (another tab, a reload) takes over and this one answers 409.
  struct Poll {
    AdmissionSignals& signals;
    const std::string& ticket;
    std::uint64_t id;
    ~Poll() { signals.end_poll(ticket, id); }
  } poll{*context.admissions, ticket_id, context.admissions->begin_poll(ticket_id)};
  for (;;) {
    if (!context.admissions->current(ticket_id, poll.id)) {
      co_return to_response(
          {ErrorCode::conflict, "This place in the queue is being waited on elsewhere"});
    }
    const std::int64_t now = context.clock->now_unix();
    auto ticket = context.access->poll_ticket(room, ticket_id, now);
    if (!ticket) co_return to_response(from_access_store(ticket.error()));
    if (!*ticket) co_return to_response({ErrorCode::not_found, "No such waiting guest"});
    switch ((*ticket)->status) {
      case store::TicketStatus::denied:
        co_return to_response({ErrorCode::denied, "The host did not let you in"});
      case store::TicketStatus::used:
        co_return to_response({ErrorCode::ticket_used, "This admission was already used"});
      case store::TicketStatus::admitted:
        co_return co_await admitted(context, request, **ticket, now);
      case store::TicketStatus::waiting: break;
    }
    const auto left = deadline - std::chrono::steady_clock::now();
    if (left <= std::chrono::steady_clock::duration::zero() || context.admissions->stopping()) {
      co_return json(200, std::string(kWaitingJson));
    }
    co_await context.admissions->wait(
        ticket_id,
        std::min(kAdmissionRecheck, std::chrono::duration_cast<std::chrono::milliseconds>(left) +
                                        std::chrono::milliseconds(1)));
  }
}

awaitable<Response> waiting_list(const AppContext& context, const http::Request& request) {
  const std::string room = room_param(request);
  auto hosted = require_host(context, request, room);
  if (!hosted) co_return to_response(hosted.error());
  auto tickets =
      context.access->waiting(room, context.clock->now_unix() - kWaitingGuestTimeoutSeconds);
  if (!tickets) co_return to_response(from_access_store(tickets.error()));
  co_return json(200, waiting_json(*tickets));
}

awaitable<Response> decide(const AppContext& context, const http::Request& request,
                           store::TicketStatus decision) {
  const std::string room = room_param(request);
  auto hosted = require_host(context, request, room);
  if (!hosted) co_return to_response(hosted.error());
  const std::string ticket = request.param("ticket").value_or("");
  auto decided = context.access->decide(room, ticket, decision, context.clock->now_unix());
  if (!decided) co_return to_response(from_access_store(decided.error()));
  if (!*decided) co_return to_response({ErrorCode::not_found, "No such waiting guest"});
  context.admissions->notify(ticket);
  boost::json::object body;
  body["status"] = store::to_string(decision);
  co_return json(200, boost::json::serialize(body));
}

awaitable<Response> participants(const AppContext& context, const http::Request& request) {
  const std::string room = room_param(request);
  auto hosted = require_host(context, request, room);
  if (!hosted) co_return to_response(hosted.error());
  auto listed = co_await context.rooms->list_participants(room);
  if (!listed) {
    // A room nobody has joined yet does not exist on the LiveKit server.
    if (listed.error().kind == livekit::TwirpErrorKind::twirp &&
        listed.error().code == "not_found") {
      co_return json(200, R"({"participants":[]})");
    }
    co_return to_response(from_livekit(listed.error()));
  }
  boost::json::array items;
  for (const auto& participant : *listed) {
    boost::json::object item;
    item["identity"] = participant.identity;
    item["name"] = participant.name;
    bool host = false;
    for (const auto& [key, value] : participant.attributes) {
      if (key == kRoleAttribute && value == "host") host = true;
    }
    item["isHost"] = host;
    item["joinedAt"] = participant.joined_at;
    boost::json::array tracks;
    for (const auto& track : participant.tracks) {
      boost::json::object entry;
      entry["sid"] = track.sid;
      entry["type"] = track.type;
      entry["source"] = track.source;
      entry["muted"] = track.muted;
      entry["name"] = track.name;
      tracks.push_back(std::move(entry));
    }
    item["tracks"] = std::move(tracks);
    items.push_back(std::move(item));
  }
  boost::json::object body;
  body["participants"] = std::move(items);
  co_return json(200, boost::json::serialize(body));
}

awaitable<Response> remove_participant(const AppContext& context, const http::Request& request) {
  const std::string room = room_param(request);
  auto hosted = require_host(context, request, room);
  if (!hosted) co_return to_response(hosted.error());
  const auto identity = request.param("identity");
  if (!identity) co_return to_response({ErrorCode::bad_request, "Malformed identity"});
  // The person's admissions are revoked first, so that a failing LiveKit call leaves no way back
  // in; someone not (or no longer) in the meeting may still hold one.
  auto revoked = context.access->revoke_identity(room, *identity, context.clock->now_unix());
  if (!revoked) co_return to_response(from_access_store(revoked.error()));
  for (const auto& ticket : *revoked) context.admissions->notify(ticket);
  auto removed = co_await context.rooms->remove_participant(room, *identity);
  const bool absent = !removed && removed.error().kind == livekit::TwirpErrorKind::twirp &&
                      removed.error().code == "not_found";
  if (!removed && !absent) co_return to_response(from_livekit(removed.error()));
  if (absent && revoked->empty()) {
    co_return to_response({ErrorCode::not_found, "No such participant in this room"});
  }
  co_return json(200, R"({"status":"removed"})");
}

struct MuteRequest {
  std::string track_sid;
  bool muted = true;
};

Result<MuteRequest, ApiError> parse_mute(std::string_view body) {
  boost::system::error_code ec;
  const auto value = boost::json::parse(body, ec);
  const auto* object = ec ? nullptr : value.if_object();
  const auto* sid = object != nullptr ? object->if_contains("trackSid") : nullptr;
  const auto* muted = object != nullptr ? object->if_contains("muted") : nullptr;
  if (sid == nullptr || !sid->is_string() || sid->as_string().empty() ||
      sid->as_string().size() > 256 || (muted != nullptr && !muted->is_bool())) {
    return fail(ApiError{ErrorCode::bad_request,
                         R"(The body must be {"trackSid": "<sid>", "muted": true|false})"});
  }
  return MuteRequest{std::string(sid->as_string()), muted == nullptr || muted->as_bool()};
}

awaitable<Response> mute_track(const AppContext& context, const http::Request& request) {
  const std::string room = room_param(request);
  auto hosted = require_host(context, request, room);
  if (!hosted) co_return to_response(hosted.error());
  const auto identity = request.param("identity");
  if (!identity) co_return to_response({ErrorCode::bad_request, "Malformed identity"});
  auto mute = parse_mute(request.body());
  if (!mute) co_return to_response(mute.error());
  auto track =
      co_await context.rooms->mute_published_track(room, *identity, mute->track_sid, mute->muted);
  if (!track) co_return to_response(from_livekit(track.error()));
  boost::json::object body;
  body["status"] = "ok";
  body["muted"] = track->muted;
  co_return json(200, boost::json::serialize(body));
}

awaitable<Response> set_lock(const AppContext& context, const http::Request& request, bool locked) {
  const std::string room = room_param(request);
  auto hosted = require_host(context, request, room);
  if (!hosted) co_return to_response(hosted.error());
  auto updated = context.access->set_locked(room, locked);
  if (!updated) co_return to_response(from_access_store(updated.error()));
  hosted->locked = locked;
  co_return json(200, room_info_json(room, *hosted, true));
}

awaitable<Response> set_listed(const AppContext& context, const http::Request& request,
                               bool listed) {
  const std::string room = room_param(request);
  auto hosted = require_host(context, request, room);
  if (!hosted) co_return to_response(hosted.error());
  auto updated = context.access->set_listed(room, listed);
  if (!updated) co_return to_response(from_access_store(updated.error()));
  hosted->listed = listed;
  co_return json(200, room_info_json(room, *hosted, true));
}

std::string session_json(const AppContext& context, bool organizer) {
  boost::json::object body;
  body["organizer"] = organizer;
  body["roomCreation"] = context.room_creation == RoomCreation::organizers ? "organizers" : "open";
  body["lobby"] = to_string(context.lobby);
  body["recording"] = to_string(context.recording);
  return boost::json::serialize(body);
}

awaitable<Response> session_get(const AppContext& context, const http::Request& request) {
  auto organizer = signed_in_organizer(context, request);
  if (!organizer) co_return to_response(organizer.error());
  co_return json(200, session_json(context, *organizer));
}

// The organizer password is guessed under the same limits as passcodes: per client, and across
// every client and instance (scope "organizer").
awaitable<Response> session_sign_in(const AppContext& context, const http::Request& request) {
  if (context.organizer_password_hash.empty()) {
    co_return to_response(
        {ErrorCode::not_configured, "No organizer password is set on this server"});
  }
  if (context.access == nullptr) co_return to_response(not_configured());
  const std::int64_t now = context.clock->now_unix();
  boost::system::error_code ec;
  const auto value = boost::json::parse(request.body(), ec);
  const auto* object = ec ? nullptr : value.if_object();
  const auto* password = object != nullptr ? object->if_contains("password") : nullptr;
  if (password == nullptr || !password->is_string() || password->as_string().size() > 1024) {
    co_return to_response({ErrorCode::bad_request, R"(The body must be {"password": "..."})"});
  }
  const std::string scope = "organizer";
  const std::string_view client = request.remote_address();
  if (auto refused = context.sign_in_guesses->begin(*context.access, client, scope, now)) {
    co_return to_response(*refused);
  }
  if (!auth::verify_password(password->as_string(), context.organizer_password_hash)) {
    co_return to_response({ErrorCode::unauthorized, "Wrong password"});
  }
  context.sign_in_guesses->forgive(*context.access, client, scope);
  const std::string random = context.random(32);
  const std::int64_t expires_at = now + kOrganizerSessionSeconds;
  auto created = context.access->create_session(session_id_hash(random), expires_at, now);
  if (!created) co_return to_response(from_access_store(created.error()));
  auto response = json(200, session_json(context, true));
  response.header("Set-Cookie",
                  access_set_cookie(kOrganizerCookie,
                                    organizer_session(context.access_keys, expires_at, random),
                                    context.base_path, kOrganizerSessionSeconds, request.secure()));
  co_return response;
}

// Signing out ends the session on every instance (the store forgets it), not only in this browser.
awaitable<Response> session_sign_out(const AppContext& context, const http::Request& request) {
  if (const auto key = organizer_session_key(context, request); key && context.access != nullptr) {
    auto deleted = context.access->delete_session(*key);
    if (!deleted) co_return to_response(from_access_store(deleted.error()));
  }
  auto response = json(200, session_json(context, false));
  response.header("Set-Cookie",
                  access_set_cookie(kOrganizerCookie, "", context.base_path, 0, request.secure()));
  co_return response;
}

template <auto Fn>
http::Handler bind(const AppContext& context) {
  return [ctx = &context](const http::Request& request) { return Fn(*ctx, request); };
}

awaitable<Response> admit(const AppContext& context, const http::Request& request) {
  return decide(context, request, store::TicketStatus::admitted);
}
awaitable<Response> deny(const AppContext& context, const http::Request& request) {
  return decide(context, request, store::TicketStatus::denied);
}
awaitable<Response> lock(const AppContext& context, const http::Request& request) {
  return set_lock(context, request, true);
}
awaitable<Response> unlock(const AppContext& context, const http::Request& request) {
  return set_lock(context, request, false);
}
awaitable<Response> list(const AppContext& context, const http::Request& request) {
  return set_listed(context, request, true);
}
awaitable<Response> unlist(const AppContext& context, const http::Request& request) {
  return set_listed(context, request, false);
}

}  // namespace

Result<bool, ApiError> signed_in_organizer(const AppContext& context,
                                           const http::Request& request) {
  const auto key = organizer_session_key(context, request);
  if (!key || context.access == nullptr) return false;
  auto valid = context.access->session_valid(*key, context.clock->now_unix());
  if (!valid) return fail(from_access_store(valid.error()));
  return *valid;
}

Result<bool, ApiError> is_room_host(const AppContext& context, const http::Request& request,
                                    const std::string& room) {
  if (context.access == nullptr || !is_hosted_room_name(room)) return false;
  const auto hash = host_hash(context, request, room);
  if (!hash) return false;
  auto host = context.access->is_host(room, *hash);
  if (!host) return fail(from_access_store(host.error()));
  return *host;
}

std::optional<ApiError> check_recording_allowed(const AppContext& context,
                                                const http::Request& request,
                                                const std::string& room) {
  if (context.recording == Recording::off) {
    return ApiError{ErrorCode::forbidden, "Recording is off on this server"};
  }
  if (room.size() > kMaxRoomNameBytes || !is_valid_utf8(room) || has_control_chars(room)) {
    return ApiError{ErrorCode::invalid_parameter,
                    "Invalid query parameter roomName: not a room name"};
  }
  if (context.access != nullptr) {
    auto found = hosted(context, room);
    if (!found) return found.error();
    if (*found) {
      auto host = require_host(context, request, room);
      if (!host) return host.error();
      return std::nullopt;
    }
  }
  if (context.recording == Recording::anyone) return std::nullopt;
  auto organizer = signed_in_organizer(context, request);
  if (!organizer) return organizer.error();
  if (*organizer) return std::nullopt;
  return ApiError{ErrorCode::host_required,
                  "Only a signed-in organizer may record a room without a host"};
}

http::Handler handle_connection_details(const AppContext& c) {
  return bind<connection_details>(c);
}
http::Handler handle_connection_details_post(const AppContext& c) {
  return bind<connection_details_post>(c);
}
http::Handler handle_list(const AppContext& c) {
  return bind<list>(c);
}
http::Handler handle_unlist(const AppContext& c) {
  return bind<unlist>(c);
}
http::Handler handle_room_create(const AppContext& c) {
  return bind<room_create>(c);
}
http::Handler handle_room_info(const AppContext& c) {
  return bind<room_info>(c);
}
http::Handler handle_room_end(const AppContext& c) {
  return bind<room_end>(c);
}
http::Handler handle_host_sign_out(const AppContext& c) {
  return bind<host_sign_out>(c);
}
http::Handler handle_admission(const AppContext& c) {
  return bind<admission>(c);
}
http::Handler handle_waiting_list(const AppContext& c) {
  return bind<waiting_list>(c);
}
http::Handler handle_admit(const AppContext& c) {
  return bind<admit>(c);
}
http::Handler handle_deny(const AppContext& c) {
  return bind<deny>(c);
}
http::Handler handle_participants(const AppContext& c) {
  return bind<participants>(c);
}
http::Handler handle_remove_participant(const AppContext& c) {
  return bind<remove_participant>(c);
}
http::Handler handle_mute_track(const AppContext& c) {
  return bind<mute_track>(c);
}
http::Handler handle_lock(const AppContext& c) {
  return bind<lock>(c);
}
http::Handler handle_unlock(const AppContext& c) {
  return bind<unlock>(c);
}
http::Handler handle_session_get(const AppContext& c) {
  return bind<session_get>(c);
}
http::Handler handle_session_sign_in(const AppContext& c) {
  return bind<session_sign_in>(c);
}
http::Handler handle_session_sign_out(const AppContext& c) {
  return bind<session_sign_out>(c);
}

}  // namespace lkm::api
