#pragma once
// TwirpClient: calls the LiveKit server API (Twirp, JSON over HTTP POST) with a fresh,
// narrowly-granted access token per call. One deadline bounds each call, retries included.
#include <chrono>
#include <memory>
#include <string>
#include <string_view>

#include <boost/asio/awaitable.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "auth/grants.hpp"
#include "core/clock.hpp"
#include "core/metrics.hpp"
#include "core/result.hpp"
#include "core/secret.hpp"
#include "http_client/client.hpp"

namespace lkm::livekit {

enum class TwirpErrorKind {
  connect_failed,  // transport: resolve / connect
  timeout,         // the call's deadline passed
  tls_failed,      // TLS handshake or certificate verification
  protocol,        // transport: not an HTTP response
  too_large,       // response over the client's body limit
  twirp,           // the server answered with a non-2xx status (code/status/message set)
  bad_response,    // a 2xx answer whose body is not the expected JSON
  token,           // the access token could not be minted (missing key or secret)
};
[[nodiscard]] std::string_view to_string(TwirpErrorKind kind) noexcept;

struct TwirpError {
  TwirpErrorKind kind = TwirpErrorKind::protocol;
  std::string code;     // Twirp error code ("not_found", "unauthenticated", ...) for kind twirp
  unsigned status = 0;  // HTTP status when there was an HTTP answer
  std::string message;
};

struct TwirpOptions {
  std::chrono::milliseconds timeout{10'000};  // per call, retries included
  int max_attempts = 3;                       // for calls that are safe to repeat
  std::chrono::milliseconds backoff{150};     // doubled after each failed attempt
  std::chrono::seconds token_ttl{600};        // at most 10 minutes
  http::ClientOptions http;
  // Where each call is counted by "<service>/<method>" and outcome (null: nowhere).
  metrics::Registry* metrics = nullptr;
};

// A call's outcome as counted: "ok", or the error kind (a Twirp answer: http_4xx / http_5xx).
[[nodiscard]] std::string_view outcome_label(const TwirpError* error) noexcept;

// The http(s) origin of a LiveKit URL: ws -> http, wss -> https; host, port and path prefix kept.
[[nodiscard]] Result<http::ParsedUrl, std::string> twirp_origin(std::string_view livekit_url);

class TwirpClient {
 public:
  // Throws std::invalid_argument on a LiveKit URL that is not ws(s):// or http(s)://.
  TwirpClient(std::string_view livekit_url, std::string api_key, Secret api_secret,
              TwirpOptions options = {}, std::shared_ptr<const Clock> clock = nullptr);

  // POST /twirp/livekit.<service>/<method> with `body`; the token carries only `grant`.
  // Retries transport errors and 5xx answers when `method` starts with "List" or `idempotent`.
  [[nodiscard]] boost::asio::awaitable<Result<boost::json::value, TwirpError>> call(
      std::string_view service, std::string_view method, const boost::json::object& body,
      const auth::VideoGrant& grant, bool idempotent = false) const;

  [[nodiscard]] const http::ParsedUrl& origin() const noexcept { return origin_; }
  [[nodiscard]] const TwirpOptions& options() const noexcept { return options_; }

 private:
  http::ParsedUrl origin_;
  std::string api_key_;
  Secret api_secret_;
  TwirpOptions options_;
  std::shared_ptr<const Clock> clock_;
  std::shared_ptr<http::Client> http_;
};

}  // namespace lkm::livekit
