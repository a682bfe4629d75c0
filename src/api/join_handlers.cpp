// Joining: GET and POST /api/connection-details, a waiting guest's long poll, and the connection
// test's token.
#include "api/room_handlers.hpp"

#include <algorithm>
#include <charconv>
#include <chrono>

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include "api/room_json.hpp"
#include "http/query.hpp"

namespace lkm::api {
namespace {

using boost::asio::awaitable;
using Response = http::Response;
using Kind = services::JoinDecision::Kind;

auth::Attributes role(std::string_view name) {
  return {{std::string(services::kRoleAttribute), std::string(name)}};
}

// A minted token's answer, counted in the metrics, with the postfix cookie.
Response minted(const Joins& joins, const Cookies& cookies, const http::Request& request,
                const ConnectionQuery& query, const auth::Attributes& attributes,
                std::optional<std::string_view> status = std::nullopt) {
  const std::int64_t now = joins.clock->now_unix();
  auto details = make_connection_details(query, joins.credentials, now, joins.random, attributes);
  if (!details) return to_response(details.error());
  if (joins.metrics != nullptr) joins.metrics->token_minted();
  auto response = no_store_json(200, to_json(*details, status));
  response.header("Set-Cookie", cookies.set_postfix(request, details->postfix, now));
  return response;
}

// GET and POST /api/connection-details once their parameters are read. Only a postfix this server
// signed is kept: anyone else gets a new one, so nobody can choose another's identity.
awaitable<Response> join(const services::HostedRooms& rooms, const services::Admission& admission,
                         const Cookies& cookies, const Joins& joins, const http::Request& request,
                         ConnectionQuery query) {
  if (auto limited = check_rate(joins.limiter, request, joins.clock->now_unix())) {
    co_return to_response(*limited);
  }
  if (query.postfix_cookie) query.postfix_cookie = cookies.postfix(*query.postfix_cookie);
  if (auto invalid = check_connection_query(query)) co_return to_response(*invalid);
  const std::string room = *query.room_name;
  // The identity is known before the decision: a co-host's credential counts for theirs only.
  if (!query.postfix_cookie) query.postfix_cookie = joins.random(4);
  const std::string postfix = *query.postfix_cookie;
  auto decision = co_await rooms.decide_join(room, query.passcode, cookies.host_hash(request, room),
                                             std::string(request.remote_address()),
                                             *query.participant_name + "__" + postfix);
  if (!decision) co_return to_response(decision.error());
  switch (decision->kind) {
    case Kind::open: co_return minted(joins, cookies, request, query, {});
    case Kind::host: co_return minted(joins, cookies, request, query, role(services::kHostRole));
    case Kind::cohost:
      co_return minted(joins, cookies, request, query, role(services::kCohostRole));
    case Kind::guest: co_return minted(joins, cookies, request, query, role(services::kGuestRole));
    case Kind::wait: break;
  }
  auto ticket = co_await admission.enqueue(room, *query.participant_name, postfix);
  if (!ticket) co_return to_response(ticket.error());
  boost::json::object body;
  body["status"] = "waiting";
  body["ticket"] = *ticket;
  auto response = no_store_json(202, boost::json::serialize(body));
  response.header("Set-Cookie", cookies.set_postfix(request, postfix, joins.clock->now_unix()));
  co_return response;
}

awaitable<Response> connection_details(const services::HostedRooms& rooms,
                                       const services::Admission& admission, const Cookies& cookies,
                                       const Joins& joins, const services::SignIn& sign_in,
                                       const http::Request& request) {
  if (auto refused = co_await require_signed_in(sign_in, request)) co_return to_response(*refused);
  co_return co_await join(rooms, admission, cookies, joins, request,
                          parse_connection_query(request.query(), request.header("Cookie")));
}

awaitable<Response> connection_details_post(const services::HostedRooms& rooms,
                                            const services::Admission& admission,
                                            const Cookies& cookies, const Joins& joins,
                                            const services::SignIn& sign_in,
                                            const http::Request& request) {
  if (auto refused = co_await require_signed_in(sign_in, request)) co_return to_response(*refused);
  auto query = parse_connection_body(request.body(), request.header("Cookie"));
  if (!query) co_return to_response(query.error());
  co_return co_await join(rooms, admission, cookies, joins, request, std::move(query).value());
}

std::chrono::seconds admission_wait(std::string_view query) {
  constexpr auto kLongest = services::Admission::kMaxWait;
  const auto text = http::query_param(query, "wait");
  if (!text) return kLongest;
  std::int64_t seconds = 0;
  const auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), seconds);
  if (ec != std::errc() || end != text->data() + text->size() || seconds < 0) return kLongest;
  return std::min(std::chrono::seconds(seconds), kLongest);
}

// A waiting guest's long poll: still waiting, or the admitted guest's token (once).
awaitable<Response> admission_poll(const services::Admission& admission, const Cookies& cookies,
                                   const Joins& joins, const http::Request& request) {
  auto outcome = co_await admission.await_decision(
      room_param(request), request.param("ticket").value_or(""), admission_wait(request.query()));
  if (!outcome) co_return to_response(outcome.error());
  if (outcome->kind == services::Admission::Outcome::Kind::waiting) {
    co_return no_store_json(200, std::string(kWaitingJson));
  }
  const auto& ticket = outcome->ticket;
  ConnectionQuery query;
  query.room_name = ticket.room_name;
  query.participant_name = ticket.participant_name;
  query.postfix_cookie = ticket.postfix;
  co_return minted(joins, cookies, request, query, role("guest"), "admitted");
}

// POST /api/connection-test: nothing of the request is read (a body is ignored) but its client,
// which the join limit counts.
awaitable<Response> connection_test(const Joins& joins, const services::SignIn& sign_in,
                                    const http::Request& request) {
  if (auto refused = co_await require_signed_in(sign_in, request)) co_return to_response(*refused);
  const std::int64_t now = joins.clock->now_unix();
  if (auto limited = check_rate(joins.limiter, request, now)) co_return to_response(*limited);
  auto test = make_connection_test(joins.credentials, now, joins.random);
  if (!test) co_return to_response(test.error());
  if (joins.metrics != nullptr) joins.metrics->token_minted();
  co_return no_store_json(200, to_json(*test));
}

}  // namespace

http::Handler handle_connection_details(const AppContext& c) {
  return bind<connection_details>(*c.rooms, *c.admission, *c.cookies, c.joins, *c.sign_in);
}
http::Handler handle_connection_details_post(const AppContext& c) {
  return bind<connection_details_post>(*c.rooms, *c.admission, *c.cookies, c.joins, *c.sign_in);
}
http::Handler handle_admission(const AppContext& c) {
  return bind<admission_poll>(*c.admission, *c.cookies, c.joins);
}
http::Handler handle_connection_test(const AppContext& c) {
  return bind<connection_test>(c.joins, *c.sign_in);
}

}  // namespace lkm::api
