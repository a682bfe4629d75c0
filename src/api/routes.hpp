#pragma once
// The route table: every path the server answers, in one place.
//   GET  /healthz                   liveness, {"status":"ok"}
//   GET  /api/connection-details    LiveKit Meet's token endpoint
//   POST /api/connection-details    the same, its parameters in a JSON body (passcodes stay out
//                                   of URLs)
//   POST /api/webhook               LiveKit's webhooks, recorded as meeting history
//   GET  /api/meetings[/<id>]       the meeting history
//   GET  /api/rooms                 live rooms, from the LiveKit server
//   POST /api/record/start|stop     Meet's recording controls (POST only; host only in hosted
//   rooms) POST /api/rooms                 create a room with a host (docs/hosts.md for the rest)
//   GET  /api/rooms/{room}          a room's settings as a joiner sees them
//   DELETE /api/rooms/{room}        end the meeting for everyone (host)
//   DELETE /api/rooms/{room}/host   give up this browser's host credential
//   GET  /api/rooms/{room}/admission/{ticket}   a waiting guest's long poll
//   GET  /api/rooms/{room}/waiting, POST .../waiting/{ticket}/admit|deny        (host)
//   GET  /api/rooms/{room}/participants, POST .../participants/{identity}/remove|mute (host)
//   POST /api/rooms/{room}/lock|unlock, POST /api/rooms/{room}/list|unlist       (host)
// Every state-changing route but the webhook refuses cross-site requests; those taking JSON
// refuse other bodies (request_guards.hpp).
//   GET|POST|DELETE /api/session    organizer sign-in
//   GET  /metrics                   Prometheus metrics, for --metrics-allow clients (unless none)
//   GET  /, /rooms/*, /lobby        the web app's index.html
//   GET  /custom                    index.html, allowed to connect to any LiveKit server
//   GET  anything else              a file of the web root, or 404
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "api/admission_signals.hpp"
#include "api/connection_details.hpp"
#include "api/host_access.hpp"
#include "api/metrics_endpoint.hpp"
#include "api/request_guards.hpp"
#include "api/room_access.hpp"
#include "api/security_headers.hpp"
#include "core/clock.hpp"
#include "core/metrics.hpp"
#include "core/rate_limiter.hpp"
#include "http/router.hpp"
#include "http/static_files.hpp"
#include "livekit/egress.hpp"
#include "livekit/room_service.hpp"
#include "livekit/webhook.hpp"
#include "store/access.hpp"
#include "store/store.hpp"

namespace lkm::api {

// What the handlers need, built once by main and outliving the server.
struct AppContext {
  MeetCredentials credentials;
  store::Store* store = nullptr;
  const livekit::WebhookReceiver* webhooks = nullptr;
  const livekit::RoomService* rooms = nullptr;
  const livekit::EgressService* egress = nullptr;
  std::optional<livekit::S3Upload> recording_storage;  // nullopt: recording is not configured
  const Clock* clock = nullptr;
  RandomString random;
  std::optional<http::StaticFiles> static_files;  // nullopt: no web root
  std::string custom_page_csp = content_security_policy(kAnyLivekitConnectSources);

  // Rooms with a host; null `access`: the feature is off (POST /api/rooms answers 503).
  store::AccessStore* access = nullptr;
  AccessKeys access_keys;
  RoomCreation room_creation = RoomCreation::open;
  std::string organizer_password_hash;  // required for RoomCreation::organizers
  std::string base_path;                // for cookie paths
  // Who sees the lobby and may record, how long unused hosted rooms (and names used in meetings)
  // are kept (docs/security.md).
  Lobby lobby = Lobby::listed;
  Recording recording = Recording::hosts;
  std::int64_t room_retention_seconds = std::int64_t{30} * 86400;
  std::shared_ptr<RateLimiter> room_limiter;  // rooms per client; null: no limit
  SameSitePolicy same_site;
  std::shared_ptr<PasscodeGate> passcodes = std::make_shared<PasscodeGate>();
  std::shared_ptr<GuessGuard> sign_in_guesses = std::make_shared<GuessGuard>();
  std::shared_ptr<AdmissionSignals> admissions = std::make_shared<AdmissionSignals>();

  // Per-client limits (null: none) on /api/connection-details and /api/webhook.
  std::shared_ptr<RateLimiter> token_limiter;
  std::shared_ptr<RateLimiter> webhook_limiter;

  // Where handlers count tokens and webhooks, and what GET /metrics renders (null: no metrics);
  // who may read it.
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
