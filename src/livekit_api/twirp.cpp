#include "livekit_api/twirp.hpp"

#include <algorithm>
#include <stdexcept>
#include <utility>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "auth/access_token.hpp"

namespace lkm::livekit {
namespace {

namespace net = boost::asio;
using SteadyClock = std::chrono::steady_clock;

TwirpErrorKind kind_of(http::ClientErrorCode code) {
  switch (code) {
    case http::ClientErrorCode::connect_failed: return TwirpErrorKind::connect_failed;
    case http::ClientErrorCode::timeout: return TwirpErrorKind::timeout;
    case http::ClientErrorCode::tls_failed: return TwirpErrorKind::tls_failed;
    case http::ClientErrorCode::protocol: return TwirpErrorKind::protocol;
    case http::ClientErrorCode::too_large: return TwirpErrorKind::too_large;
  }
  return TwirpErrorKind::protocol;
}

// Twirp's fallback codes for answers without a Twirp error body (e.g. from a proxy).
std::string code_for_status(unsigned status) {
  switch (status) {
    case 400: return "invalid_argument";
    case 401: return "unauthenticated";
    case 403: return "permission_denied";
    case 404: return "bad_route";
    case 408: return "deadline_exceeded";
    case 429: return "resource_exhausted";
    case 502:
    case 503:
    case 504: return "unavailable";
    default: return status >= 500 ? "internal" : "unknown";
  }
}

TwirpError error_from_answer(const http::ClientResponse& response) {
  TwirpError error{TwirpErrorKind::twirp, code_for_status(response.status), response.status, {}};
  boost::system::error_code ec;
  const boost::json::value json = boost::json::parse(response.body, ec);
  if (!ec && json.is_object()) {
    const auto& object = json.get_object();
    if (const auto* code = object.if_contains("code"); code != nullptr && code->is_string())
      error.code = std::string(code->get_string());
    if (const auto* msg = object.if_contains("msg"); msg != nullptr && msg->is_string())
      error.message = std::string(msg->get_string());
  }
  if (error.message.empty()) {
    constexpr std::size_t kExcerpt = 200;
    error.message = "HTTP " + std::to_string(response.status) + ": " +
                    response.body.substr(0, std::min(response.body.size(), kExcerpt));
  }
  return error;
}

bool retryable(const TwirpError& error) {
  switch (error.kind) {
    case TwirpErrorKind::connect_failed:
    case TwirpErrorKind::protocol: return true;
    case TwirpErrorKind::twirp: return error.status >= 500;
    default: return false;
  }
}

}  // namespace

std::string_view to_string(TwirpErrorKind kind) noexcept {
  switch (kind) {
    case TwirpErrorKind::connect_failed: return "connect_failed";
    case TwirpErrorKind::timeout: return "timeout";
    case TwirpErrorKind::tls_failed: return "tls_failed";
    case TwirpErrorKind::protocol: return "protocol";
    case TwirpErrorKind::too_large: return "too_large";
    case TwirpErrorKind::twirp: return "twirp";
    case TwirpErrorKind::bad_response: return "bad_response";
    case TwirpErrorKind::token: return "token";
  }
  return "unknown";
}

std::string_view outcome_label(const TwirpError* error) noexcept {
  if (error == nullptr) return "ok";
  if (error->kind == TwirpErrorKind::twirp) return error->status >= 500 ? "http_5xx" : "http_4xx";
  return to_string(error->kind);
}

Result<http::ParsedUrl, std::string> twirp_origin(std::string_view livekit_url) {
  std::string url(livekit_url);
  if (url.starts_with("wss://"))
    url = "https://" + url.substr(6);
  else if (url.starts_with("ws://"))
    url = "http://" + url.substr(5);
  return http::parse_url(url);
}

TwirpClient::TwirpClient(std::string_view livekit_url, std::string api_key, Secret api_secret,
                         TwirpOptions options, std::shared_ptr<const Clock> clock)
    : api_key_(std::move(api_key)),
      api_secret_(std::move(api_secret)),
      options_(std::move(options)),
      clock_(clock ? std::move(clock) : std::make_shared<SystemClock>()) {
  auto origin = twirp_origin(livekit_url);
  if (!origin) throw std::invalid_argument("LiveKit URL: " + origin.error());
  origin_ = std::move(origin).value();
  options_.token_ttl =
      std::clamp(options_.token_ttl, std::chrono::seconds{1}, std::chrono::seconds{600});
  options_.max_attempts = std::max(options_.max_attempts, 1);
  http_ = std::make_shared<http::Client>(options_.http);
}

net::awaitable<Result<boost::json::value, TwirpError>> TwirpClient::call(
    std::string_view service, std::string_view method, const boost::json::object& body,
    const auth::VideoGrant& grant, bool idempotent) const {
  const auto deadline = SteadyClock::now() + options_.timeout;
  const std::string path = "/twirp/livekit." + std::string(service) + "/" + std::string(method);
  const std::string payload = boost::json::serialize(body);
  const int attempts = (idempotent || method.starts_with("List")) ? options_.max_attempts : 1;
  auto backoff = options_.backoff;
  // Keep the HTTP client alive even if the TwirpClient goes away mid-call.
  const std::shared_ptr<http::Client> client = http_;
  auto count = [&](const TwirpError* error) {
    if (options_.metrics == nullptr) return;
    options_.metrics->livekit_call(std::string(service).append("/").append(method),
                                   outcome_label(error));
  };

  TwirpError last{TwirpErrorKind::timeout, {}, 0, "deadline passed"};
  for (int attempt = 1; attempt <= attempts; ++attempt) {
    auth::AccessToken token(api_key_, Secret(std::string(api_secret_.reveal())));
    token.ttl(options_.token_ttl).add_grant(grant);
    auto jwt = token.to_jwt(clock_->now_unix());
    if (!jwt) {
      TwirpError error{TwirpErrorKind::token,
                       {},
                       0,
                       "cannot mint a token: " + std::string(auth::to_string(jwt.error()))};
      count(&error);
      co_return fail(std::move(error));
    }
    http::Headers headers{{"Content-Type", "application/json"},
                          {"Accept", "application/json"},
                          {"Authorization", "Bearer " + jwt.value()}};
    auto response = co_await client->post(origin_, path, payload, std::move(headers), deadline);
    if (!response) {
      last = TwirpError{kind_of(response.error().code), {}, 0, response.error().message};
    } else if (response->status < 200 || response->status >= 300) {
      last = error_from_answer(*response);
    } else {
      boost::system::error_code ec;
      boost::json::value json = boost::json::parse(response->body, ec);
      if (ec || !json.is_object()) {
        TwirpError error{TwirpErrorKind::bad_response,
                         {},
                         response->status,
                         ec ? "response body is not JSON: " + ec.message()
                            : std::string("response body is not a JSON object")};
        count(&error);
        co_return fail(std::move(error));
      }
      count(nullptr);
      co_return json;
    }
    if (!retryable(last) || attempt == attempts) break;
    if (SteadyClock::now() + backoff >= deadline) break;
    net::steady_timer timer(co_await net::this_coro::executor);
    timer.expires_after(backoff);
    (void)co_await timer.async_wait(net::as_tuple(net::use_awaitable));
    backoff *= 2;
  }
  count(&last);
  co_return fail(std::move(last));
}

}  // namespace lkm::livekit
