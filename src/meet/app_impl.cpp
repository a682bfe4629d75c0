#include "meet/app_impl.hpp"

#include <csignal>
#include <string>
#include <system_error>
#include <utility>

#include "api/meet_app.hpp"
#include "api/security_headers.hpp"
#include "core/clock.hpp"
#include "core/log.hpp"
#include "core/metrics.hpp"
#include "http/server.hpp"
#include "livekit_api/egress.hpp"
#include "livekit_api/room_service.hpp"
#include "livekit_api/twirp.hpp"
#include "livekit_api/webhook.hpp"
#include "meet/startup.hpp"
#include "meet/tls_setup.hpp"
#include "oidc/provider.hpp"
#include "services/random.hpp"
#include "services/worker_pool.hpp"
#include "store/database.hpp"

namespace livekit::meet {
namespace {

namespace config = lkm::config;
namespace log = lkm::log;

Error startup_failed(std::string message) {
  return {
      .code = ErrorCode::startup_failed, .message = std::move(message), .reason = {}, .status = 0};
}

std::string describe(const boost::asio::ip::tcp::endpoint& endpoint) {
  const auto address = endpoint.address();
  std::string host = address.to_string();
  if (address.is_v6()) host.insert(0, 1, '[').push_back(']');
  return host + ":" + std::to_string(endpoint.port());
}

// What the API's handlers need to know of the configuration.
lkm::api::MeetSettings meet_settings(const config::Config& config) {
  namespace services = lkm::services;
  const auto& credentials = config.credentials;
  const auto& policy = config.access;
  lkm::api::MeetSettings meet;
  meet.credentials = {credentials.livekit_url, credentials.api_key, credentials.api_secret};
  meet.base_path = config.base_path;
  meet.web_root = config.web_root;
  // Behind a proxy that rewrites Host, a browser's Origin is the public URL's.
  if (const auto scheme_end = config.public_url.find("://"); scheme_end != std::string::npos) {
    meet.public_authority = config.public_url.substr(scheme_end + 3);
  }
  meet.room_creation =
      config.organizers_only ? services::RoomCreation::organizers : services::RoomCreation::open;
  meet.organizer_password_hash = config.organizer_password_hash;
  meet.lobby = policy.lobby == config::Lobby::off   ? services::Lobby::off
               : policy.lobby == config::Lobby::all ? services::Lobby::all
                                                    : services::Lobby::listed;
  meet.recording = policy.recording == config::RecordingPolicy::off ? services::RecordingPolicy::off
                   : policy.recording == config::RecordingPolicy::anyone
                       ? services::RecordingPolicy::anyone
                       : services::RecordingPolicy::hosts;
  if (config.recording) {
    const auto& s3 = *config.recording;
    meet.recording_storage = lkm::livekit::S3Upload{s3.access_key, std::string(s3.secret.reveal()),
                                                    s3.region, s3.endpoint, s3.bucket};
  }
  meet.room_retention_seconds = policy.room_retention.count();
  meet.room_rate_limit = policy.room_rate_limit;
  meet.token_rate_limit = config.token_rate_limit;
  meet.webhook_rate_limit = config.webhook_rate_limit;
  meet.alone_timeout_seconds = config.alone_timeout.count();
  const auto& branding = config.branding;
  meet.default_language = branding.default_language;
  meet.brand = {.product_name = branding.product_name,
                .logo = branding.logo,
                .favicon = branding.favicon,
                .accent_color = branding.accent_color,
                .welcome = branding.welcome_message,
                .privacy_url = branding.privacy_url,
                .legal_url = branding.legal_url,
                .support_url = branding.support_url};
  meet.brand_dir = branding.brand_dir;
  meet.store_deadline = config.workers.store_deadline;
  meet.metrics_access = lkm::api::MetricsAccess(config.observability.metrics_clients);
  meet.public_url = config.public_url;
  if (config.oidc) {
    meet.organizers = config.oidc->organizers;
    meet.require_sign_in = config.oidc->require_sign_in;
  }
  return meet;
}

}  // namespace

// Declared in the order they are made; destroyed in reverse, each after what uses it.
struct App::Impl::Parts {
  config::Config config;
  lkm::metrics::Registry metrics;
  std::optional<lkm::meet::TlsSetup> tls;
  lkm::SystemClock clock;
  std::unique_ptr<lkm::store::Database> database;
  lkm::auth::KeyProvider webhook_keys;
  std::optional<lkm::livekit::WebhookReceiver> webhooks;
  std::optional<lkm::livekit::TwirpClient> livekit_api;
  std::optional<lkm::livekit::RoomService> room_service;
  std::optional<lkm::livekit::EgressService> egress_service;
  std::optional<lkm::services::WorkerPool> workers;
  std::optional<lkm::oidc::Provider> identity_provider;
  std::optional<lkm::api::MeetApp> app;

  // The HTTP server exists while run() runs; stop() reaches it under the lock.
  std::mutex lock;
  lkm::http::Server* server = nullptr;
  bool stop_requested = false;
  bool ran = false;
};

App::Impl::Impl(std::unique_ptr<Parts> parts) : parts_(std::move(parts)) {}

App::Impl::~Impl() {
  // No request waits for the pool any more, and its jobs' answers must not outlive the loops
  // they are posted to.
  if (parts_ && parts_->workers) parts_->workers->shutdown();
}

Result<std::unique_ptr<App::Impl>> App::Impl::open(config::Config config, std::string version) {
  auto parts = std::make_unique<Parts>();
  parts->config = std::move(config);
  const config::Config& cfg = parts->config;
  log::set_format(cfg.observability.log_format);
  parts->metrics.set_version(std::move(version));
  const auto& tls_settings = cfg.tls;
  // The SQLite history and the self-signed pair live there (PostgreSQL needs none).
  const bool self_signed = tls_settings && tls_settings->self_signed;
  if (self_signed || !cfg.database_url) {
    if (auto prepared = lkm::meet::prepare_data_dir(cfg.data_dir); !prepared) {
      return startup_failed(prepared.error());
    }
  }
  if (tls_settings) {
    auto tls = lkm::meet::prepare_tls(*tls_settings, cfg.data_dir);
    if (!tls) {
      return Error{.code = ErrorCode::invalid_config,
                   .message = std::move(tls).error(),
                   .reason = {},
                   .status = 0};
    }
    parts->tls = std::move(tls).value();
  }
  const auto& credentials = cfg.credentials;
  if (credentials.dev_defaults) {
    log::warn(
        "no LiveKit credentials set (LIVEKIT_URL, LIVEKIT_API_KEY, LIVEKIT_API_SECRET): using the "
        "livekit-server --dev defaults ws://localhost:7880 with key devkey; not for production");
  } else if (credentials.api_secret.size() < 32) {
    log::warn("the API secret is shorter than 32 characters; LiveKit recommends longer secrets");
  }

  // One database keeps the meeting history and the settings of rooms with a host.
  auto database = lkm::meet::open_store(cfg, parts->clock);
  if (!database) return startup_failed(std::move(database).error());
  parts->database = std::move(database).value();
  parts->webhook_keys.add(credentials.api_key, credentials.api_secret);
  parts->webhooks.emplace(parts->webhook_keys);

  lkm::livekit::TwirpOptions twirp_options;
  twirp_options.metrics = &parts->metrics;
  parts->livekit_api.emplace(credentials.livekit_url, credentials.api_key, credentials.api_secret,
                             twirp_options);
  parts->room_service.emplace(*parts->livekit_api);
  parts->egress_service.emplace(*parts->livekit_api);

  // Blocking work (the store, password hashing) runs on its own threads, never on a connection's
  // loop; each request waits for the store at most --store-deadline.
  parts->workers.emplace(
      lkm::services::WorkerPool::Options{cfg.workers.threads, cfg.workers.queue});
  if (!cfg.web_root) {
    log::warn("no web app found next to the binary and no --web-root given: serving the API only");
  }
  // Signing in through an identity provider: its calls share the LiveKit client's deadline and
  // TLS rules.
  if (cfg.oidc) {
    const auto& oidc_settings = *cfg.oidc;
    lkm::oidc::ProviderSettings provider;
    provider.issuer = oidc_settings.issuer;
    provider.client_id = oidc_settings.client_id;
    provider.client_secret = oidc_settings.client_secret;
    provider.scopes = oidc_settings.scopes;
    provider.redirect_uri = cfg.public_url + cfg.base_path + "/auth/callback";
    provider.deadline = twirp_options.timeout;
    parts->identity_provider.emplace(std::move(provider), parts->clock, twirp_options.http);
    log::info("signing in through " + oidc_settings.issuer +
              " (organisers: " + lkm::auth::to_string(oidc_settings.organizers) + ")");
  }
  auto* provider = parts->identity_provider ? &*parts->identity_provider : nullptr;
  parts->app.emplace(
      lkm::api::MeetParts{parts->database.get(), parts->database.get(), &*parts->room_service,
                          &*parts->egress_service, &*parts->webhooks, &parts->clock,
                          &parts->metrics, &*parts->workers, lkm::services::random_lower_alnum,
                          provider},
      meet_settings(cfg));
  return std::unique_ptr<Impl>(new Impl(std::move(parts)));
}

Result<void> App::Impl::run(const RunOptions& run_options) {
  Parts& parts = *parts_;
  const config::Config& cfg = parts.config;
  const auto& tls_settings = cfg.tls;
  lkm::http::ServerOptions options;
  options.trusted_proxies = lkm::http::TrustedProxies(cfg.trusted_proxy_networks);
  options.host = run_options.host.value_or(cfg.host);
  options.port = run_options.port.value_or(cfg.port);
  options.threads = cfg.threads;
  options.base_path = cfg.base_path;
  const auto& limits = cfg.limits;
  options.max_connections = limits.max_connections;
  options.max_connections_per_client = limits.max_connections_per_client;
  options.max_header_bytes = limits.max_header_bytes;
  options.max_body_bytes = limits.max_body_bytes;
  options.header_timeout = limits.header_timeout;
  options.body_timeout = limits.body_timeout;
  options.write_timeout = limits.write_timeout;
  options.idle_timeout = limits.idle_timeout;
  options.shutdown_grace = limits.shutdown_grace;
  options.default_headers = lkm::api::security_headers(cfg.credentials.livekit_url);
  options.on_stop = [&parts] { parts.app->stop(); };
  options.metrics = &parts.metrics;
  options.secret_path_params = lkm::api::secret_path_params();
  if (parts.tls) {
    options.tls = parts.tls->context;
    options.reload_tls = parts.tls->reload;
    options.redirect_port = tls_settings->redirect_port;
    options.public_host = cfg.public_host;
  }

  std::unique_lock guard(parts.lock);
  if (parts.ran) return startup_failed("this server has run already: an App runs once");
  parts.ran = true;
  if (parts.stop_requested) return {};
  lkm::http::Server server(std::move(options), parts.app->router());
  boost::asio::ip::tcp::endpoint endpoint;
  try {
    endpoint = server.listen();
  } catch (const std::system_error& e) {
    const bool redirect = parts.tls && tls_settings->redirect_port;
    return startup_failed(std::string(e.what()) +
                          (redirect ? " (check --host, --port and --http-redirect-port)"
                                    : " (check --host and --port)"));
  }
  if (const auto redirect = server.redirect_endpoint()) {
    log::info("redirecting http://" + describe(*redirect) + "/ to https");
  }
  log::info(std::string("livekit-meet listening on ") + (parts.tls ? "https://" : "http://") +
            describe(endpoint) + cfg.base_path + "/ (LiveKit " + cfg.credentials.livekit_url +
            ", key " + cfg.credentials.api_key + ")");
  // stop() reaches the server through this pointer until it is gone, however run() ends.
  parts.server = &server;
  guard.unlock();
  struct Forget {
    Parts& parts;
    ~Forget() {
      const std::lock_guard lock(parts.lock);
      parts.server = nullptr;
    }
  } forget{parts};
  std::optional<Error> failed;
  try {
    if (run_options.on_listening) run_options.on_listening(endpoint.port());
  } catch (const std::exception& e) {
    failed = startup_failed(std::string("the on_listening callback failed: ") + e.what());
  } catch (...) {
    failed = startup_failed("the on_listening callback failed");
  }
  if (failed) {
    parts.workers->shutdown();
    return *failed;
  }
  try {
    server.run(run_options.handle_signals);
  } catch (const std::exception& e) {
    failed = startup_failed(std::string("the server stopped on an error: ") + e.what());
  }
  parts.workers->shutdown();
  if (failed) return *failed;
  log::info("livekit-meet stopped");
  return {};
}

void App::Impl::stop() noexcept {
  const std::lock_guard guard(parts_->lock);
  parts_->stop_requested = true;
  if (parts_->server != nullptr) parts_->server->stop();
}

}  // namespace livekit::meet
