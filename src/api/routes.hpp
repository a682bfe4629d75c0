#pragma once
// The route table: every path the server answers, in one place.
//   GET  /healthz                   liveness, {"status":"ok"}
//   GET  /api/connection-details    LiveKit Meet's token endpoint
//   POST /api/webhook               LiveKit's webhooks, recorded as meeting history
//   GET  /api/meetings[/<id>]       the meeting history
//   GET  /api/rooms                 live rooms, from the LiveKit server
//   POST /api/record/start|stop     Meet's recording controls (POST only)
//   GET  /, /rooms/*, /lobby        the web app's index.html
//   GET  /custom                    index.html, allowed to connect to any LiveKit server
//   GET  anything else              a file of the web root, or 404
#include <memory>
#include <optional>

#include "api/connection_details.hpp"
#include "api/security_headers.hpp"
#include "core/clock.hpp"
#include "http/router.hpp"
#include "http/static_files.hpp"
#include "livekit/egress.hpp"
#include "livekit/room_service.hpp"
#include "livekit/webhook.hpp"
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
};

[[nodiscard]] http::Router build_router(const AppContext& context);

}  // namespace lkm::api
