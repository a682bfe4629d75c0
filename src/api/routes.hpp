#pragma once
// The route table: every path the server answers, in one place.
//   GET  /healthz                   liveness, {"status":"ok"}
//   GET  /api/connection-details    LiveKit Meet's token endpoint
//   POST /api/connection-details    the same, its parameters in a JSON body (passcodes stay out
//                                   of URLs)
//   POST /api/connection-test       a token for a fresh room of the connection test (no
//                                   parameters; names starting with lkm-connection-test- are
//                                   refused everywhere else)
//   POST /api/webhook               LiveKit's webhooks, recorded as meeting history
//   GET  /api/meetings[/<id>]       the meeting history
//   GET  /api/rooms                 live rooms, from the LiveKit server
//   POST /api/record/start|stop     Meet's recording controls (POST only; host only in hosted
//                                   rooms)
//   POST /api/rooms                 create a room with a host (docs/hosts.md for the rest)
//   GET  /api/rooms/{room}          a room's settings as a joiner sees them
//   DELETE /api/rooms/{room}        end the meeting for everyone (host)
//   DELETE /api/rooms/{room}/host   give up this browser's host credential
//   GET  /api/rooms/{room}/admission/{ticket}   a waiting guest's long poll
//   GET  /api/rooms/{room}/waiting, POST .../waiting/{ticket}/admit|deny        (host)
//   GET  /api/rooms/{room}/participants, POST .../participants/{identity}/remove|mute (host)
//   POST /api/rooms/{room}/lock|unlock, POST /api/rooms/{room}/list|unlist       (host)
//   POST /api/rooms/{room}/member   a participant proves its LiveKit token: a member credential
//   POST|DELETE /api/rooms/{room}/hand   raise or lower one's own hand (member)
//   DELETE /api/rooms/{room}/participants/{identity}/hand, DELETE .../hands       (host)
//   POST|DELETE /api/rooms/{room}/participants/{identity}/cohost  promote, demote (host)
//   POST /api/rooms/{room}/cohost   a co-host's browser proves its LiveKit token: a host credential
//   GET|POST|DELETE /api/session    organizer sign-in (the password), and who is signed in
//   GET  /auth/login, /auth/callback, POST /auth/logout   signing in through the identity
//                                   provider (only with --oidc-issuer)
//   GET  /api/my/rooms, POST /api/my/rooms/{room}/host, DELETE /api/my/rooms/{room}
//                                   a signed-in person's rooms: list, host again here, delete
//   GET  /metrics                   Prometheus metrics, for --metrics-allow clients (unless none)
//   GET  /, /rooms/*, /lobby, /test the web app's index.html
//   GET  /custom                    index.html, allowed to connect to any LiveKit server
//   GET  /brand/{file}              the configured logo or favicon from --brand-dir; else 404
//   GET  anything else              a file of the web root, or 404
// Every /api route refuses a query with a malformed %-escape; every state-changing route but the
// webhook refuses cross-site requests, and those taking JSON refuse other bodies
// (request_guards.hpp).
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "api/connection_details.hpp"
#include "api/handler_support.hpp"
#include "api/metrics_endpoint.hpp"
#include "api/request_guards.hpp"
#include "api/security_headers.hpp"
#include "auth/key_provider.hpp"
#include "core/clock.hpp"
#include "core/metrics.hpp"
#include "core/rate_limiter.hpp"
#include "http/router.hpp"
#include "http/static_files.hpp"
#include "services/admission.hpp"
#include "services/cohosts.hpp"
#include "services/hands.hpp"
#include "services/history.hpp"
#include "services/hosted_rooms.hpp"
#include "services/moderation.hpp"
#include "services/recordings.hpp"
#include "services/sessions.hpp"

namespace lkm::api {

// Minting tokens for /api/connection-details and admitted guests (on the connection's loop: an
// HMAC), under the per-client token limit.
struct Joins {
  MeetCredentials credentials;
  services::RandomString random;
  const Clock* clock = nullptr;
  std::shared_ptr<RateLimiter> limiter;  // null: no limit
  metrics::Registry* metrics = nullptr;  // counts tokens handed out (null: not counted)
};

// LiveKit's webhooks: the per-client limit and the metrics the refusals are counted in.
struct WebhookIntake {
  std::shared_ptr<RateLimiter> limiter;  // null: no limit
  const Clock* clock = nullptr;
  metrics::Registry* metrics = nullptr;
};

// The web app: its files (nullopt: none installed) and the /custom page's CSP.
struct WebApp {
  std::optional<http::StaticFiles> files;
  std::string custom_page_csp = content_security_policy(kAnyLivekitConnectSources);
};

// The brand files: the logo and the favicon the settings name, from the brand directory (nullopt:
// none), and no other file of it.
struct BrandFiles {
  std::optional<http::StaticFiles> files;
  std::string logo;
  std::string favicon;
};

// The sign-in's pages: their per-client limit, and what they need to say and where to send people.
struct SignInPages {
  std::shared_ptr<RateLimiter> limiter;  // null: no limit
  const Clock* clock = nullptr;
  bool secure_cookies = false;  // the public URL is https
  std::string base_path;
  std::string product_name = "LiveKit Meet";
};

// What the route table binds, built once by main and outliving the server. Each route gets the
// parts it uses.
struct AppContext {
  const services::HostedRooms* rooms = nullptr;
  const services::Admission* admission = nullptr;
  const services::Moderation* moderation = nullptr;
  const services::OrganizerSessions* sessions = nullptr;
  const services::History* history = nullptr;
  const services::Recordings* recordings = nullptr;
  const services::Hands* hands = nullptr;
  const services::CoHosts* cohosts = nullptr;
  const services::SignIn* sign_in = nullptr;  // never null; disabled without an identity provider
  SignInPages sign_in_pages;
  const Cookies* cookies = nullptr;
  const auth::KeyProvider* livekit_keys = nullptr;  // what member tokens are checked against
  Joins joins;
  WebhookIntake webhooks;
  WebApp web;
  BrandFiles brand;
  SameSitePolicy same_site;
  // What GET /metrics renders (null: no metrics), and who may read it.
  metrics::Registry* metrics = nullptr;
  MetricsAccess metrics_access;
};

// Route parameters that are credentials (a waiting guest's ticket): their path segments are never
// logged.
[[nodiscard]] std::vector<std::string> secret_path_params();

// A limiter that lets `per_minute` requests through at once and then one every 60/per_minute s;
// null for 0 (no limit).
[[nodiscard]] std::shared_ptr<RateLimiter> per_minute_limiter(unsigned per_minute);
// The same per hour.
[[nodiscard]] std::shared_ptr<RateLimiter> per_hour_limiter(unsigned per_hour);

// nullopt when `limiter` (may be null) lets the request's client through; else 429.
[[nodiscard]] std::optional<ApiError> check_rate(const std::shared_ptr<RateLimiter>& limiter,
                                                 const http::Request& request, std::int64_t now);

[[nodiscard]] http::Router build_router(const AppContext& context);

}  // namespace lkm::api
