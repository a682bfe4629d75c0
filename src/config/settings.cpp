#include "config/settings.hpp"

#include <array>

#include "config/config_file.hpp"

namespace lkm::config {
namespace {

constexpr std::array kSettings = {
    SettingSpec{"host", "MEET_HOST", true, false, "Address to listen on (default 0.0.0.0)"},
    SettingSpec{"port", "MEET_PORT", true, false, "TCP port (default 8080; 0 picks a free port)"},
    SettingSpec{"base-path", "MEET_BASE_PATH", true, false,
                "Serve everything under this path prefix, e.g. /meet"},
    SettingSpec{"public-url", "MEET_PUBLIC_URL", true, false,
                "The server's external origin, http(s)://host[:port], e.g. "
                "https://meet.example.com; the HTTPS redirect sends clients to its host"},
    SettingSpec{"web-root", "MEET_WEB_ROOT", true, false,
                "Directory of the built web app (default: the one installed with the binary)"},
    SettingSpec{"product-name", "MEET_PRODUCT_NAME", true, false,
                "The product name in the web app and its page title (default LiveKit Meet)"},
    SettingSpec{"brand-dir", "MEET_BRAND_DIR", true, false,
                "Directory of the brand files named by logo and favicon (nothing else in it is "
                "served)"},
    SettingSpec{"logo", "MEET_LOGO", true, false,
                "Logo file in brand-dir: .svg, .png, .webp, .jpg or .jpeg, at most 1 MiB"},
    SettingSpec{"favicon", "MEET_FAVICON", true, false,
                "Favicon file in brand-dir: .svg, .png, .webp, .jpg, .jpeg or .ico, at most 1 MiB"},
    SettingSpec{"accent-color", "MEET_ACCENT_COLOR", true, false,
                "The web app's accent colour, #rgb or #rrggbb, e.g. #1f8cf9"},
    SettingSpec{"welcome-message", "MEET_WELCOME_MESSAGE", true, false,
                "One line of text for the home page (at most 200 bytes)"},
    SettingSpec{"privacy-url", "MEET_PRIVACY_URL", true, false,
                "Link to the privacy policy (an http or https URL)"},
    SettingSpec{"legal-url", "MEET_LEGAL_URL", true, false,
                "Link to the legal notice or terms (an http or https URL)"},
    SettingSpec{"support-url", "MEET_SUPPORT_URL", true, false,
                "Link for help (an http or https URL, or mailto:)"},
    SettingSpec{"default-language", "MEET_DEFAULT_LANGUAGE", true, false,
                "The web app's language when neither the person's choice nor the browser's match "
                "a translation: a language tag such as en, de or pt-BR (default en)"},
    SettingSpec{"threads", "MEET_THREADS", true, false, "Worker threads (default: one per core)"},
    SettingSpec{"worker-threads", "MEET_WORKER_THREADS", true, false,
                "Threads for blocking work: store calls and password hashing (default 4)"},
    SettingSpec{"worker-queue", "MEET_WORKER_QUEUE", true, false,
                "Blocking jobs that may wait for a worker thread before requests get 503 "
                "(default 256)"},
    SettingSpec{"store-deadline", "MEET_STORE_DEADLINE", true, false,
                "How long a request waits for the store before 504 (default 5s)"},
    SettingSpec{"livekit-url", "LIVEKIT_URL", true, false,
                "LiveKit server URL given to clients, e.g. wss://livekit.example.com"},
    SettingSpec{"livekit-api-key", "LIVEKIT_API_KEY", false, false, "LiveKit API key"},
    SettingSpec{"livekit-api-secret", "LIVEKIT_API_SECRET", false, true, "LiveKit API secret"},
    SettingSpec{"api-secret-file", "MEET_API_SECRET_FILE", true, false,
                "Read the API secret from this file instead of LIVEKIT_API_SECRET"},
    SettingSpec{"data-dir", "MEET_DATA_DIR", true, false,
                "Directory of the meeting history database (default ./data)"},
    SettingSpec{"database", "MEET_DATABASE_URL", true, true,
                "Keep the meeting history in PostgreSQL instead, shared by several instances: a "
                "postgres:// URL (as a flag, without its password)"},
    SettingSpec{"room-creation", "MEET_ROOM_CREATION", true, false,
                "open (anyone may create a room with a host) or organizers (only those who sign "
                "in with the organizer password)"},
    SettingSpec{"organizer-password-hash", "MEET_ORGANIZER_PASSWORD_HASH", false, true,
                "Hash of the organizer password, from `livekit-meet hash-password`"},
    SettingSpec{"oidc-issuer", "MEET_OIDC_ISSUER", true, false,
                "Sign people in with this OpenID Connect provider (its issuer URL; discovery "
                "from /.well-known/openid-configuration). Needs public-url"},
    SettingSpec{"oidc-client-id", "MEET_OIDC_CLIENT_ID", true, false,
                "This server's client id at the OpenID Connect provider"},
    SettingSpec{"oidc-client-secret", "MEET_OIDC_CLIENT_SECRET", false, true,
                "The client secret at the OpenID Connect provider"},
    SettingSpec{"oidc-client-secret-file", "MEET_OIDC_CLIENT_SECRET_FILE", true, false,
                "Read the client secret from this file instead of MEET_OIDC_CLIENT_SECRET"},
    SettingSpec{"oidc-scopes", "MEET_OIDC_SCOPES", true, false,
                "The scopes asked of the provider, space-separated (default openid profile email)"},
    SettingSpec{"oidc-organizers", "MEET_OIDC_ORGANIZERS", true, false,
                "Who of those who sign in may organise (create rooms with a host): any (default), "
                "email-domain:example.org[,...] (a verified address there) or "
                "claim:<name>=<value>, e.g. claim:groups=meet-organizers"},
    SettingSpec{"require-sign-in", "MEET_REQUIRE_SIGN_IN", true, false,
                "Everybody signs in with the OpenID Connect provider before joining a meeting",
                true},
    SettingSpec{"lobby", "MEET_LOBBY", true, false,
                "Who sees live rooms and past meetings: listed (the rooms their hosts list; "
                "default), all (every room, for a trusted network) or off (signed-in organizers "
                "only)"},
    SettingSpec{"recording", "MEET_RECORDING", true, false,
                "Who may record: hosts (a room's host, or a signed-in organizer for rooms without "
                "one; default), anyone (LiveKit Meet's behaviour) or off"},
    SettingSpec{"room-retention", "MEET_ROOM_RETENTION", true, false,
                "A room with a host unused for this long is forgotten, and a name used in a "
                "meeting this recently cannot be claimed (default 30d)"},
    SettingSpec{"alone-timeout", "MEET_ALONE_TIMEOUT", true, false,
                "Someone alone in a meeting this long is asked whether they are still there, "
                "and leaves after a 60 s countdown (default 10m; off: never asked)"},
    SettingSpec{"room-rate-limit", "MEET_ROOM_RATE_LIMIT", true, false,
                "Rooms one client may create per hour before 429 (default 30; 0: no limit)"},
    SettingSpec{"trusted-proxies", "MEET_TRUSTED_PROXIES", true, false,
                "Reverse proxies whose X-Forwarded-For/-Proto are believed: addresses and CIDR "
                "networks, comma-separated (default none)"},
    SettingSpec{"token-rate-limit", "MEET_TOKEN_RATE_LIMIT", true, false,
                "Token requests per minute per client before 429 (default 300; 0: no limit)"},
    SettingSpec{"webhook-rate-limit", "MEET_WEBHOOK_RATE_LIMIT", true, false,
                "Webhook deliveries per minute per client before 429 (default 6000; 0: no limit)"},
    SettingSpec{"max-connections", "MEET_MAX_CONNECTIONS", true, false,
                "Open connections beyond which new ones are closed at once (default 10000)"},
    SettingSpec{"max-connections-per-client", "MEET_MAX_CONNECTIONS_PER_CLIENT", true, false,
                "Open connections one client address may hold; more are closed at once "
                "(default 256; 0: no limit; --trusted-proxies are exempt)"},
    SettingSpec{"max-header-size", "MEET_MAX_HEADER_SIZE", true, false,
                "Largest request header section, e.g. 16KiB (default); larger: 431"},
    SettingSpec{"max-body-size", "MEET_MAX_BODY_SIZE", true, false,
                "Largest request body, e.g. 1MiB (default); larger: 413"},
    SettingSpec{"header-timeout", "MEET_HEADER_TIMEOUT", true, false,
                "Time to receive a request's header section, e.g. 10s (default)"},
    SettingSpec{"body-timeout", "MEET_BODY_TIMEOUT", true, false,
                "Time to receive a request body (default 30s)"},
    SettingSpec{"write-timeout", "MEET_WRITE_TIMEOUT", true, false,
                "Time to send a response (default 30s)"},
    SettingSpec{"idle-timeout", "MEET_IDLE_TIMEOUT", true, false,
                "How long an idle keep-alive connection stays open (default 60s)"},
    SettingSpec{"shutdown-grace", "MEET_SHUTDOWN_GRACE", true, false,
                "On SIGTERM, how long in-flight requests may take to finish (default 10s)"},
    SettingSpec{"tls-cert", "MEET_TLS_CERT", true, false,
                "Serve HTTPS with this PEM certificate, its chain after it (needs tls-key). "
                "SIGHUP reloads it"},
    SettingSpec{"tls-key", "MEET_TLS_KEY", true, false,
                "The certificate's PEM private key, without passphrase"},
    SettingSpec{"tls-self-signed", "MEET_TLS_SELF_SIGNED", true, false,
                "Serve HTTPS with a self-signed certificate kept in the data directory, for trying "
                "on a LAN: for these comma-separated host names and IP addresses, plus localhost, "
                "127.0.0.1 and ::1 (the variable and the file may also say true)",
                true},
    SettingSpec{"http-redirect-port", "MEET_HTTP_REDIRECT_PORT", true, false,
                "With HTTPS, also listen for plain HTTP on this port and redirect it to HTTPS"},
    SettingSpec{"log-format", "MEET_LOG_FORMAT", true, false,
                "Log lines as text or json (one JSON object per line; default text)"},
    SettingSpec{"metrics-allow", "MEET_METRICS_ALLOW", true, false,
                "Clients allowed to read GET /metrics: addresses and CIDR networks, "
                "comma-separated, or none to turn it off (default 127.0.0.0/8,::1)"},
    SettingSpec{"s3-key-id", "S3_KEY_ID", false, false, "Recording storage: S3 access key id"},
    SettingSpec{"s3-key-secret", "S3_KEY_SECRET", false, true,
                "Recording storage: S3 secret access key"},
    SettingSpec{"s3-bucket", "S3_BUCKET", false, false, "Recording storage: S3 bucket"},
    SettingSpec{"s3-endpoint", "S3_ENDPOINT", false, false,
                "Recording storage: S3 endpoint (default: AWS)"},
    SettingSpec{"s3-region", "S3_REGION", false, false, "Recording storage: S3 region"},
};

}  // namespace

std::span<const SettingSpec> serve_settings() {
  return kSettings;
}

const SettingSpec* find_setting(std::string_view key) {
  for (const auto& spec : kSettings) {
    if (spec.key == key) return &spec;
  }
  return nullptr;
}

const SettingValue* Settings::find(std::string_view key) const {
  const auto it = values_.find(key);
  return it == values_.end() ? nullptr : &it->second;
}

std::optional<std::string> Settings::text(std::string_view key) const {
  if (const auto* value = find(key)) return value->text;
  return std::nullopt;
}

std::string Settings::origin(std::string_view key) const {
  if (const auto* value = find(key)) return value->origin;
  const auto* spec = find_setting(key);
  if (spec != nullptr && !spec->flag && !spec->env.empty()) return std::string(spec->env);
  return "--" + std::string(key);
}

void Settings::set(std::string_view key, SettingValue value) {
  values_.insert_or_assign(std::string(key), std::move(value));
}

Settings layer_settings(const FlagValues& flags, const EnvLookup& env, const FileValues* file) {
  Settings settings;
  if (file != nullptr) settings.file = file->path;
  for (const auto& spec : kSettings) {
    const std::string key(spec.key);
    if (const auto flag = flags.find(key); flag != flags.end()) {
      settings.set(key, {flag->second, Source::kFlag, "--" + key});
      continue;
    }
    if (!spec.env.empty()) {
      if (auto value = env(spec.env); value && !value->empty()) {
        settings.set(key, {std::move(*value), Source::kEnvironment, std::string(spec.env)});
        continue;
      }
    }
    if (file != nullptr) {
      if (const auto it = file->values.find(key); it != file->values.end()) {
        settings.set(key, {it->second, Source::kFile, key + " in " + file->path.string()});
      }
    }
  }
  return settings;
}

Result<Settings, ConfigError> gather_settings(const std::optional<std::string>& config_flag,
                                              const FlagValues& flags, const EnvLookup& env) {
  if (config_flag) {
    if (config_flag->empty()) {
      return fail(ConfigError{std::string(kConfigFlag) + " must not be empty"});
    }
    auto file = read_config_file(*config_flag);
    if (!file) return fail(std::move(file).error());
    return layer_settings(flags, env, &*file);
  }
  const auto from_env = env(kConfigEnv);
  if (!from_env || from_env->empty()) return layer_settings(flags, env, nullptr);
  auto file = read_config_file(*from_env);
  if (!file) return fail(std::move(file).error());
  return layer_settings(flags, env, &*file);
}

}  // namespace lkm::config
