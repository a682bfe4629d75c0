#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <system_error>
#include <thread>

#include "api/meet_app.hpp"
#include "api/security_headers.hpp"
#include "app/commands.hpp"
#include "app/tls_setup.hpp"
#include "app/version.hpp"
#include "config/database.hpp"
#include "config/settings.hpp"
#include "core/clock.hpp"
#include "core/log.hpp"
#include "core/metrics.hpp"
#include "http/server.hpp"
#include "livekit/egress.hpp"
#include "livekit/room_service.hpp"
#include "livekit/twirp.hpp"
#include "livekit/webhook.hpp"
#include "oidc/provider.hpp"
#include "services/random.hpp"
#include "services/worker_pool.hpp"
#include "store/database.hpp"
#include "store/pg_store.hpp"
#include "store/sqlite_store.hpp"

namespace lkm::cli {
namespace {

std::filesystem::path exe_dir() {
  std::error_code ec;
  const auto exe = std::filesystem::canonical("/proc/self/exe", ec);
  return ec ? std::filesystem::current_path() : exe.parent_path();
}

std::string describe(const boost::asio::ip::tcp::endpoint& endpoint) {
  const auto address = endpoint.address();
  std::string host = address.to_string();
  if (address.is_v6()) host.insert(0, 1, '[').push_back(']');
  return host + ":" + std::to_string(endpoint.port());
}

// The data directory holds the meeting history and the self-signed key: made 0700 when missing
// (its parents as the umask says). One that exists is the operator's and is left as it is, with
// a warning when group or others may read or write it. False (the reason printed) when it cannot
// be made or is not a directory.
bool prepare_data_dir(const std::filesystem::path& dir) {
  const std::string name = dir.string();
  std::error_code ec;
  if (dir.has_parent_path()) std::filesystem::create_directories(dir.parent_path(), ec);
  if (!ec && ::mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST) {
    ec = std::error_code(errno, std::generic_category());
  }
  struct stat info {};
  if (!ec && ::stat(dir.c_str(), &info) != 0) ec = std::error_code(errno, std::generic_category());
  if (!ec && !S_ISDIR(info.st_mode)) ec = std::make_error_code(std::errc::not_a_directory);
  if (ec) {
    std::cerr << "livekit-meet: --data-dir " << name << ": " << ec.message() << "\n";
    return false;
  }
  constexpr mode_t kReadOrWriteByOthers = S_IRGRP | S_IWGRP | S_IROTH | S_IWOTH;
  if ((info.st_mode & kReadOrWriteByOthers) != 0) {
    char mode[8];
    std::snprintf(mode, sizeof mode, "%04o", static_cast<unsigned>(info.st_mode & 07777U));
    log::warn("the data directory " + name + " (mode " + mode +
              ") may be read or written by its group or others; it holds the meeting history "
              "and keys: chmod 700 it");
  }
  return true;
}

// The database of the meeting history and the rooms with a host: PostgreSQL when a database URL
// is configured, otherwise SQLite in the data directory. Prints why and returns null when it cannot
// be opened.
std::unique_ptr<store::Database> open_store(const config::Config& config, const Clock& clock) {
  if (config.database_url) {
    const std::string shown = config::redact_database_url(config.database_url->reveal());
    // One connection per worker thread: a worker never waits for a connection.
    auto opened = store::PgStore::open(*config.database_url, clock, config.workers.threads);
    if (!opened) {
      std::cerr << "livekit-meet: cannot open the meeting history in " << shown << ": "
                << opened.error().message << " (check --database or MEET_DATABASE_URL)\n";
      return nullptr;
    }
    log::info("meeting history in PostgreSQL at " + shown);
    return std::move(opened).value();
  }
  auto opened = store::SqliteStore::open(config.data_dir / "meetings.db", clock);
  if (!opened) {
    std::cerr << "livekit-meet: cannot open the meeting history: " << opened.error().message
              << " (check --data-dir)\n";
    return nullptr;
  }
  return std::move(opened).value();
}

}  // namespace

Result<config::Settings, config::ConfigError> gather_settings(const SettingsArgs& args) {
  return config::gather_settings(args.config_file, args.flags, config::process_env());
}

Result<config::Config, config::ConfigError> load_config(const config::Settings& settings) {
  return config::load_serve_config(settings, exe_dir());
}

int serve(const SettingsArgs& args) {
  // A file-size limit (RLIMIT_FSIZE) must fail the write that crosses it (EFBIG: the store answers
  // 503), not end the process.
  std::signal(SIGXFSZ, SIG_IGN);
  auto settings = gather_settings(args);
  if (!settings) {
    std::cerr << "livekit-meet: " << settings.error().message << "\n";
    return 2;
  }
  auto loaded = load_config(*settings);
  if (!loaded) {
    std::cerr << "livekit-meet: " << loaded.error().message << "\n";
    return 2;
  }
  const config::Config& config = *loaded;
  log::set_format(config.observability.log_format);
  metrics::Registry metrics;
  metrics.set_version(std::string(version()));
  const auto& tls_settings = config.tls;
  // The SQLite history and the self-signed pair live there (PostgreSQL needs none).
  const bool self_signed = tls_settings && tls_settings->self_signed;
  if ((self_signed || !config.database_url) && !prepare_data_dir(config.data_dir)) return 1;
  std::optional<TlsSetup> tls;
  if (tls_settings) {
    tls = prepare_tls(*tls_settings, config.data_dir);
    if (!tls) return 2;
  }
  const auto& credentials = config.credentials;
  if (credentials.dev_defaults) {
    log::warn(
        "no LiveKit credentials set (LIVEKIT_URL, LIVEKIT_API_KEY, LIVEKIT_API_SECRET): using the "
        "livekit-server --dev defaults ws://localhost:7880 with key devkey; not for production");
  } else if (credentials.api_secret.size() < 32) {
    log::warn("the API secret is shorter than 32 characters; LiveKit recommends longer secrets");
  }

  SystemClock clock;
  // One database keeps the meeting history and the settings of rooms with a host.
  const auto database = open_store(config, clock);
  if (!database) return 1;
  const auth::KeyProvider webhook_keys(credentials.api_key, credentials.api_secret);
  const livekit::WebhookReceiver webhooks(webhook_keys);

  livekit::TwirpOptions twirp_options;
  twirp_options.metrics = &metrics;
  const livekit::TwirpClient livekit_api(credentials.livekit_url, credentials.api_key,
                                         credentials.api_secret, twirp_options);
  const livekit::RoomService room_service(livekit_api);
  const livekit::EgressService egress_service(livekit_api);

  // Blocking work (the store, password hashing) runs on its own threads, never on a connection's
  // loop; each request waits for the store at most --store-deadline.
  services::WorkerPool workers({config.workers.threads, config.workers.queue});
  const auto& policy = config.access;
  api::MeetSettings meet;
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
    meet.recording_storage = livekit::S3Upload{s3.access_key, std::string(s3.secret.reveal()),
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
  meet.metrics_access = api::MetricsAccess(config.observability.metrics_clients);
  if (!config.web_root) {
    log::warn("no web app found next to the binary and no --web-root given: serving the API only");
  }
  // Signing in through an identity provider: its calls share the LiveKit client's deadline and
  // TLS rules.
  std::optional<oidc::Provider> identity_provider;
  if (config.oidc) {
    const auto& oidc_settings = *config.oidc;
    oidc::ProviderSettings provider;
    provider.issuer = oidc_settings.issuer;
    provider.client_id = oidc_settings.client_id;
    provider.client_secret = oidc_settings.client_secret;
    provider.scopes = oidc_settings.scopes;
    provider.redirect_uri = config.public_url + config.base_path + "/auth/callback";
    provider.deadline = twirp_options.timeout;
    identity_provider.emplace(std::move(provider), clock, twirp_options.http);
    meet.organizers = oidc_settings.organizers;
    meet.require_sign_in = oidc_settings.require_sign_in;
    log::info("signing in through " + oidc_settings.issuer +
              " (organisers: " + auth::to_string(oidc_settings.organizers) + ")");
  }
  meet.public_url = config.public_url;
  const api::MeetApp app(
      {database.get(), database.get(), &room_service, &egress_service, &webhooks, &clock, &metrics,
       &workers, services::random_lower_alnum, identity_provider ? &*identity_provider : nullptr},
      std::move(meet));

  http::ServerOptions options;
  options.trusted_proxies = http::TrustedProxies(config.trusted_proxy_networks);
  options.host = config.host;
  options.port = config.port;
  options.threads = config.threads;
  options.base_path = config.base_path;
  const auto& limits = config.limits;
  options.max_connections = limits.max_connections;
  options.max_connections_per_client = limits.max_connections_per_client;
  options.max_header_bytes = limits.max_header_bytes;
  options.max_body_bytes = limits.max_body_bytes;
  options.header_timeout = limits.header_timeout;
  options.body_timeout = limits.body_timeout;
  options.write_timeout = limits.write_timeout;
  options.idle_timeout = limits.idle_timeout;
  options.shutdown_grace = limits.shutdown_grace;
  options.default_headers = api::security_headers(credentials.livekit_url);
  options.on_stop = [&app] { app.stop(); };
  options.metrics = &metrics;
  options.secret_path_params = api::secret_path_params();
  if (tls) {
    options.tls = tls->context;
    options.reload_tls = tls->reload;
    options.redirect_port = tls_settings->redirect_port;
    options.public_host = config.public_host;
  }

  http::Server server(std::move(options), app.router());
  try {
    const auto endpoint = server.listen();
    if (const auto redirect = server.redirect_endpoint()) {
      log::info("redirecting http://" + describe(*redirect) + "/ to https");
    }
    log::info(std::string("livekit-meet listening on ") + (tls ? "https://" : "http://") +
              describe(endpoint) + config.base_path + "/ (LiveKit " + credentials.livekit_url +
              ", key " + credentials.api_key + ")");
  } catch (const std::system_error& e) {
    const bool redirect = tls && tls_settings->redirect_port;
    std::cerr << "livekit-meet: " << e.what()
              << (redirect ? " (check --host, --port and --http-redirect-port)\n"
                           : " (check --host and --port)\n");
    return 1;
  }
  server.run(/*handle_signals=*/true);
  // The loops have stopped: no request waits for the pool any more, and its jobs' answers must
  // not outlive the loops they are posted to.
  workers.shutdown();
  log::info("livekit-meet stopped");
  return 0;
}

}  // namespace lkm::cli
