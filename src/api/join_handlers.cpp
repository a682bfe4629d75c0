// Joining: GET and POST /api/connection-details, and a waiting guest's long poll.
#include "api/room_handlers.hpp"

#include <algorithm>
#include <charconv>
#include <chrono>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "api/room_handler_support.hpp"
#include "http/query.hpp"

namespace lkm::api {
namespace {

using boost::asio::awaitable;
using Response = http::Response;

// The longest an admission poll is held, and how often it looks at the store meanwhile (another
// instance may have decided without this one hearing of it).
constexpr std::int64_t kMaxAdmissionWaitSeconds = 25;
constexpr std::chrono::milliseconds kAdmissionRecheck{1000};

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
        auto response = no_store_json(202, boost::json::serialize(body));
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
  auto room = find_room(context, ticket.room_name);
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
      co_return no_store_json(200, std::string(kWaitingJson));
    }
    co_await context.admissions->wait(
        ticket_id,
        std::min(kAdmissionRecheck, std::chrono::duration_cast<std::chrono::milliseconds>(left) +
                                        std::chrono::milliseconds(1)));
  }
}

}  // namespace

http::Handler handle_connection_details(const AppContext& c) {
  return bind<connection_details>(c);
}
http::Handler handle_connection_details_post(const AppContext& c) {
  return bind<connection_details_post>(c);
}
http::Handler handle_admission(const AppContext& c) {
  return bind<admission>(c);
}

}  // namespace lkm::api
