#pragma once
// MeetApp: the Meet server's application, as a class: its services wired to the partners the
// caller owns (the store, the LiveKit API, the worker pool, the clock), and the route table over
// them. The serve command builds one; so do the tests and fuzzers that need the real wiring.
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "api/routes.hpp"
#include "api/web_config.hpp"
#include "livekit_api/egress.hpp"
#include "livekit_api/room_service.hpp"
#include "livekit_api/webhook.hpp"
#include "oidc/provider.hpp"
#include "services/worker_pool.hpp"
#include "store/access.hpp"
#include "store/store.hpp"

namespace lkm::api {

// What the application uses and the caller owns; each must outlive it.
struct MeetParts {
  store::Store* store = nullptr;
  store::AccessStore* access = nullptr;  // null: no rooms with a host
  const livekit::RoomService* rooms = nullptr;
  const livekit::EgressService* egress = nullptr;
  const livekit::WebhookReceiver* webhooks = nullptr;
  const Clock* clock = nullptr;
  metrics::Registry* metrics = nullptr;  // null: nothing counted, no /metrics
  services::WorkerPool* workers = nullptr;
  services::RandomString random = services::random_lower_alnum;
  const oidc::Provider* identity_provider = nullptr;  // null: no sign-in through a provider
};

struct MeetSettings {
  MeetCredentials credentials;
  std::string base_path;  // "" or "/prefix"
  std::optional<std::filesystem::path> web_root;
  std::string public_authority;  // host[:port] of the public URL, for the same-site check
  std::string public_url;        // its origin ("" when not set), for the sign-in's redirects
  auth::OrganizerRule organizers = auth::AnyoneSignedIn{};  // who of those signed in organise
  bool require_sign_in = false;  // with an identity provider: everyone signs in to join
  services::RoomCreation room_creation = services::RoomCreation::open;
  std::string organizer_password_hash;
  services::Lobby lobby = services::Lobby::listed;
  services::RecordingPolicy recording = services::RecordingPolicy::hosts;
  std::optional<livekit::S3Upload> recording_storage;  // nullopt: recording not configured
  std::int64_t room_retention_seconds = std::int64_t{30} * 86400;
  unsigned room_rate_limit = 30;    // per client and hour; 0: none
  unsigned token_rate_limit = 300;  // per client and minute; 0: none
  unsigned webhook_rate_limit = 6000;
  std::chrono::milliseconds store_deadline{5000};
  MetricsAccess metrics_access;
  std::int64_t alone_timeout_seconds = 600;  // for the web app; 0: never asked
  std::string default_language = "en";       // for the web app
  Brand brand;                               // for the web app
  // The directory of brand.logo and brand.favicon, served under /brand/ (nothing else in it is).
  std::optional<std::filesystem::path> brand_dir;
};

class MeetApp {
 public:
  MeetApp(MeetParts parts, MeetSettings settings);
  MeetApp(const MeetApp&) = delete;
  MeetApp& operator=(const MeetApp&) = delete;
  ~MeetApp() = default;

  [[nodiscard]] http::Router router() const { return build_router(context_); }
  // Ends the admission long polls at once (the server is stopping).
  void stop() const;
  [[nodiscard]] const services::AccessKeys& keys() const noexcept { return keys_; }

 private:
  MeetParts parts_;
  services::AccessKeys keys_;
  auth::KeyProvider livekit_keys_;
  services::Blocking blocking_;
  std::shared_ptr<services::AdmissionSignals> admissions_;
  services::HostedRooms rooms_;
  services::Admission admission_;
  services::Moderation moderation_;
  services::OrganizerSessions sessions_;
  services::History history_;
  services::Recordings recordings_;
  services::Hands hands_;
  services::CoHosts cohosts_;
  services::SignIn sign_in_;
  Cookies cookies_;
  AppContext context_;
};

}  // namespace lkm::api
