// Rooms with a host: creating one, its settings as joiners see them, ending it, the host's
// credential, the waiting queue, the lock and the lobby listing; and who may record.
#include "api/room_handlers.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "api/live_rooms.hpp"
#include "api/room_handler_support.hpp"
#include "auth/password_hash.hpp"
#include "core/text.hpp"

namespace lkm::api {
namespace {

using boost::asio::awaitable;
using Response = http::Response;

// 409 room_in_use when the name is live on the LiveKit server or had a meeting within the
// retention time; 503 when LiveKit cannot be asked (a name is never claimed blind).
ApiError room_in_use() {
  return {ErrorCode::room_in_use,
          "This room name is in use or was used recently: choose another one"};
}

awaitable<std::optional<ApiError>> check_name_free(const AppContext& context,
                                                   const std::string& name, std::int64_t now) {
  auto activity = context.store->room_activity(name);
  if (!activity) co_return from_store_error(activity.error(), "meeting history");
  if (*activity && (*activity)->last_active_at >= now - context.room_retention_seconds) {
    co_return room_in_use();
  }
  std::vector<std::string> names;  // not a braced list in a coroutine: GCC 12 miscompiles it
  names.push_back(name);
  auto live = co_await context.rooms->list_rooms(std::move(names));
  if (!live) {
    (void)from_livekit(live.error());  // logged there
    co_return ApiError{ErrorCode::unavailable,
                       "Cannot tell whether this room is in use: the LiveKit server could not be "
                       "asked. Try again later",
                       5};
  }
  for (const auto& room : *live) {
    if (room.name == name) co_return room_in_use();
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
    auto response = no_store_json(201, room_info_json(room.name, room, true));
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
    auto lookup = find_room(context, room);
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
  co_return no_store_json(200, room_info_json(room, found, host));
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
  auto response = no_store_json(200, R"({"status":"ended"})");
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
  auto response = no_store_json(200, R"({"isHost":false})");
  response.header("Set-Cookie", access_set_cookie(host_cookie_name(room), "", context.base_path, 0,
                                                  request.secure()));
  co_return response;
}

awaitable<Response> waiting_list(const AppContext& context, const http::Request& request) {
  const std::string room = room_param(request);
  auto hosted = require_host(context, request, room);
  if (!hosted) co_return to_response(hosted.error());
  auto tickets =
      context.access->waiting(room, context.clock->now_unix() - kWaitingGuestTimeoutSeconds);
  if (!tickets) co_return to_response(from_access_store(tickets.error()));
  co_return no_store_json(200, waiting_json(*tickets));
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
  co_return no_store_json(200, boost::json::serialize(body));
}

// Sets one of the room's flags (the lock, the lobby listing) and answers the room as it is now.
using FlagSetter = Result<bool, store::StoreError> (store::AccessStore::*)(const std::string&,
                                                                           bool);
awaitable<Response> set_flag(const AppContext& context, const http::Request& request,
                             FlagSetter setter, bool store::HostedRoom::*flag, bool value) {
  const std::string room = room_param(request);
  auto hosted = require_host(context, request, room);
  if (!hosted) co_return to_response(hosted.error());
  auto updated = (context.access->*setter)(room, value);
  if (!updated) co_return to_response(from_access_store(updated.error()));
  (*hosted).*flag = value;
  co_return no_store_json(200, room_info_json(room, *hosted, true));
}

awaitable<Response> admit(const AppContext& context, const http::Request& request) {
  return decide(context, request, store::TicketStatus::admitted);
}
awaitable<Response> deny(const AppContext& context, const http::Request& request) {
  return decide(context, request, store::TicketStatus::denied);
}
awaitable<Response> lock(const AppContext& context, const http::Request& request) {
  return set_flag(context, request, &store::AccessStore::set_locked, &store::HostedRoom::locked,
                  true);
}
awaitable<Response> unlock(const AppContext& context, const http::Request& request) {
  return set_flag(context, request, &store::AccessStore::set_locked, &store::HostedRoom::locked,
                  false);
}
awaitable<Response> list(const AppContext& context, const http::Request& request) {
  return set_flag(context, request, &store::AccessStore::set_listed, &store::HostedRoom::listed,
                  true);
}
awaitable<Response> unlist(const AppContext& context, const http::Request& request) {
  return set_flag(context, request, &store::AccessStore::set_listed, &store::HostedRoom::listed,
                  false);
}

}  // namespace

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
    auto found = find_room(context, room);
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
http::Handler handle_waiting_list(const AppContext& c) {
  return bind<waiting_list>(c);
}
http::Handler handle_admit(const AppContext& c) {
  return bind<admit>(c);
}
http::Handler handle_deny(const AppContext& c) {
  return bind<deny>(c);
}
http::Handler handle_lock(const AppContext& c) {
  return bind<lock>(c);
}
http::Handler handle_unlock(const AppContext& c) {
  return bind<unlock>(c);
}

}  // namespace lkm::api
