#include "config/config.hpp"

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <system_error>

#include <boost/url/parse.hpp>

#include "auth/password_hash.hpp"
#include "config/branding.hpp"
#include "config/database.hpp"
#include "config/observability.hpp"
#include "config/settings.hpp"
#include "config/tls.hpp"
#include "config/values.hpp"

namespace lkm::config {
namespace {

std::optional<std::string> non_empty(std::optional<std::string> value) {
  if (value && value->empty()) return std::nullopt;
  return value;
}

Result<Secret, ConfigError> read_secret_file(const std::string& path, const std::string& origin) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return fail(ConfigError{origin + ": cannot read " + path});
  std::ostringstream content;
  content << in.rdbuf();
  std::string secret = content.str();
  while (!secret.empty() && (secret.back() == '\n' || secret.back() == '\r')) secret.pop_back();
  if (secret.empty()) return fail(ConfigError{origin + ": " + path + " is empty"});
  return Secret(std::move(secret));
}

bool is_base_path_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '_' || c == '.' || c == '~' || c == '/';
}

std::optional<std::filesystem::path> find_web_root(const std::filesystem::path& exe_dir) {
  const std::filesystem::path candidates[] = {exe_dir / ".." / "web" / "dist",
                                              exe_dir / ".." / "share" / "livekit-meet" / "web"};
  for (const auto& candidate : candidates) {
    std::error_code ec;
    if (std::filesystem::is_regular_file(candidate / "index.html", ec)) {
      return std::filesystem::weakly_canonical(candidate, ec);
    }
  }
  return std::nullopt;
}

}  // namespace

EnvLookup process_env() {
  return [](std::string_view name) -> std::optional<std::string> {
    const char* value = std::getenv(std::string(name).c_str());
    if (value == nullptr) return std::nullopt;
    return std::string(value);
  };
}

std::optional<std::string> livekit_url_error(std::string_view url) {
  const auto parsed = boost::urls::parse_absolute_uri(url);
  if (!parsed) return "is not an absolute URL (expected e.g. wss://livekit.example.com)";
  const auto scheme = parsed->scheme();
  if (scheme != "ws" && scheme != "wss" && scheme != "http" && scheme != "https") {
    return "must start with ws://, wss://, http:// or https://";
  }
  if (!parsed->has_authority() || parsed->host().empty()) return "has no host";
  if (parsed->has_userinfo()) return "must not contain a user name or password";
  if (parsed->has_query() || parsed->has_fragment()) return "must not have a query or fragment";
  return std::nullopt;
}

Result<PublicUrl, std::string> parse_public_url(std::string_view url) {
  const auto parsed = boost::urls::parse_absolute_uri(url);
  if (!parsed) return fail("is not an absolute URL (expected e.g. https://meet.example.com)");
  const auto scheme = parsed->scheme_id();
  if (scheme != boost::urls::scheme::http && scheme != boost::urls::scheme::https) {
    return fail("must start with http:// or https://");
  }
  if (!parsed->has_authority() || parsed->encoded_host().empty()) return fail("has no host");
  if (parsed->has_userinfo()) return fail("must not contain a user name or password");
  if (parsed->has_query() || parsed->has_fragment()) {
    return fail("must not have a query or fragment");
  }
  if (!parsed->encoded_path().empty() && parsed->encoded_path() != "/") {
    return fail("must not have a path (it is an origin, e.g. https://meet.example.com)");
  }
  PublicUrl out;
  switch (parsed->host_type()) {
    case boost::urls::host_type::ipv4: out.host = parsed->host_ipv4_address().to_string(); break;
    case boost::urls::host_type::ipv6:
      out.host = "[" + parsed->host_ipv6_address().to_string() + "]";
      break;
    case boost::urls::host_type::name: {
      const std::string_view name = parsed->encoded_host();
      if (!is_host_name(name))
        return fail("has a host that is not a host name: " + std::string(name));
      out.host.reserve(name.size());
      for (const char c : name)
        out.host.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c);
      break;
    }
    default: return fail("has a host that is not a host name or IP address");
  }
  std::string port;
  if (parsed->has_port()) {
    auto number = parse_integer(parsed->port(), 1, 65535);
    if (!number) return fail("has an invalid port");
    port = ":" + std::to_string(*number);
  }
  out.origin = std::string(scheme == boost::urls::scheme::https ? "https" : "http") + "://" +
               out.host + port;
  return out;
}

Result<std::string, std::string> normalize_base_path(std::string_view path) {
  std::string out(path);
  while (!out.empty() && out.back() == '/') out.pop_back();
  if (out.empty()) return std::string();
  const auto bad = [&](std::string why) { return fail(std::string(path) + " " + std::move(why)); };
  if (out.front() != '/') return bad("must start with '/' (e.g. /meet)");
  for (char c : out) {
    if (!is_base_path_char(c))
      return bad("may only contain letters, digits, '-', '_', '.', '~' and '/'");
  }
  std::size_t start = 1;
  while (start <= out.size()) {
    const std::size_t end = std::min(out.find('/', start), out.size());
    const std::string_view segment(out.data() + start, end - start);
    if (segment.empty() || segment == "." || segment == "..") {
      return bad("must not contain empty, '.' or '..' segments");
    }
    start = end + 1;
  }
  return out;
}

namespace {

// The API key and secret from whichever sources the caller has; the secret file wins.
Result<ApiKey, ConfigError> api_key_from(std::optional<std::string> key,
                                         std::optional<std::string> secret_text,
                                         const std::optional<std::string>& secret_file,
                                         const std::string& file_origin) {
  key = non_empty(std::move(key));
  std::optional<Secret> secret;
  if (secret_file) {
    auto from_file = read_secret_file(*secret_file, file_origin);
    if (!from_file) return fail(std::move(from_file).error());
    secret = std::move(from_file).value();
  } else if (auto text = non_empty(std::move(secret_text))) {
    secret = Secret(std::move(*text));
  }
  if (!key && !secret) {
    return ApiKey{std::string(kDevApiKey), Secret(std::string(kDevApiSecret)), true};
  }
  if (!key) {
    return fail(ConfigError{
        "LIVEKIT_API_KEY is not set (needed with LIVEKIT_API_SECRET or --api-secret-file)"});
  }
  if (!secret) {
    return fail(ConfigError{
        "LIVEKIT_API_SECRET is not set: set it in the environment or use --api-secret-file"});
  }
  return ApiKey{std::move(*key), std::move(*secret), false};
}

}  // namespace

Result<ApiKey, ConfigError> load_api_key(const std::optional<std::string>& api_secret_file,
                                         const EnvLookup& env) {
  return api_key_from(env("LIVEKIT_API_KEY"), env("LIVEKIT_API_SECRET"), api_secret_file,
                      "--api-secret-file");
}

Result<Credentials, ConfigError> load_credentials(const Settings& settings) {
  auto url = non_empty(settings.text("livekit-url"));
  auto api_key = api_key_from(settings.text("livekit-api-key"), settings.text("livekit-api-secret"),
                              settings.text("api-secret-file"), settings.origin("api-secret-file"));
  if (!api_key) return fail(std::move(api_key).error());

  Credentials out;
  if (!url && api_key->dev_defaults) {
    out.livekit_url = kDevLivekitUrl;
    out.api_key = std::move(api_key->key);
    out.api_secret = std::move(api_key->secret);
    out.dev_defaults = true;
    return out;
  }
  if (api_key->dev_defaults) {
    return fail(
        ConfigError{"LIVEKIT_API_KEY is not set (needed with LIVEKIT_URL and LIVEKIT_API_SECRET or "
                    "--api-secret-file)"});
  }
  if (!url) return fail(ConfigError{"LIVEKIT_URL is not set: set it or use --livekit-url"});
  if (auto why = livekit_url_error(*url)) {
    return fail(ConfigError{settings.origin("livekit-url") + " " + *why});
  }
  out.livekit_url = std::move(*url);
  out.api_key = std::move(api_key->key);
  out.api_secret = std::move(api_key->secret);
  return out;
}

Result<std::optional<RecordingStorage>, ConfigError> load_recording_storage(
    const Settings& settings) {
  auto key = non_empty(settings.text("s3-key-id"));
  auto secret = non_empty(settings.text("s3-key-secret"));
  auto bucket = non_empty(settings.text("s3-bucket"));
  if (!key && !secret && !bucket) return std::optional<RecordingStorage>();
  for (const auto& [name, value] :
       {std::pair{"s3-key-id", &key}, std::pair{"s3-key-secret", &secret},
        std::pair{"s3-bucket", &bucket}}) {
    if (!*value) {
      return fail(
          ConfigError{settings.origin(name) +
                      " is not set (recording needs S3_KEY_ID, S3_KEY_SECRET and S3_BUCKET)"});
    }
  }
  RecordingStorage storage;
  storage.access_key = std::move(*key);
  storage.secret = Secret(std::move(*secret));
  storage.bucket = std::move(*bucket);
  storage.endpoint = non_empty(settings.text("s3-endpoint")).value_or("");
  storage.region = non_empty(settings.text("s3-region")).value_or("");
  return std::optional<RecordingStorage>(std::move(storage));
}

namespace {

// Applies `parse` to the setting's text when it is set; an error names where the value came from.
template <typename T, typename Parse>
std::optional<ConfigError> apply(const Settings& settings, std::string_view key, T& out,
                                 Parse parse) {
  const auto* value = settings.find(key);
  if (value == nullptr) return std::nullopt;
  auto parsed = parse(value->text);
  if (!parsed) return ConfigError{value->origin + " " + parsed.error()};
  out = static_cast<T>(*parsed);
  return std::nullopt;
}

Result<std::optional<std::filesystem::path>, ConfigError> load_web_root(
    const Settings& settings, const std::filesystem::path& exe_dir) {
  const auto* value = settings.find("web-root");
  if (value == nullptr) return find_web_root(exe_dir);
  std::error_code ec;
  const std::filesystem::path root(value->text);
  if (value->text.empty() || !std::filesystem::is_directory(root, ec)) {
    return fail(ConfigError{value->origin + ": " + value->text + " is not a directory"});
  }
  auto canonical = std::filesystem::canonical(root, ec);
  if (ec) return fail(ConfigError{value->origin + ": " + value->text + ": " + ec.message()});
  return std::optional<std::filesystem::path>(std::move(canonical));
}

}  // namespace

Result<Limits, ConfigError> load_limits(const Settings& settings) {
  using std::chrono::milliseconds;
  constexpr std::uint64_t kKiB = 1024;
  Limits limits;
  const auto count = [](std::uint64_t min, std::uint64_t max) {
    return [=](std::string_view text) { return parse_integer(text, min, max); };
  };
  const auto size = [](std::uint64_t min, std::uint64_t max) {
    return [=](std::string_view text) { return parse_size(text, min, max); };
  };
  const auto duration = [](milliseconds min, milliseconds max) {
    return [=](std::string_view text) { return parse_duration(text, min, max); };
  };
  const milliseconds hour(3'600'000);
  const std::optional<ConfigError> errors[] = {
      apply(settings, "max-connections", limits.max_connections, count(1, 1'000'000)),
      apply(settings, "max-connections-per-client", limits.max_connections_per_client,
            count(0, 1'000'000)),
      apply(settings, "max-header-size", limits.max_header_bytes, size(kKiB, kKiB * kKiB)),
      apply(settings, "max-body-size", limits.max_body_bytes, size(kKiB, 64 * kKiB * kKiB)),
      apply(settings, "header-timeout", limits.header_timeout, duration(milliseconds(100), hour)),
      apply(settings, "body-timeout", limits.body_timeout, duration(milliseconds(100), hour)),
      apply(settings, "write-timeout", limits.write_timeout, duration(milliseconds(100), hour)),
      apply(settings, "idle-timeout", limits.idle_timeout, duration(milliseconds(100), hour)),
      apply(settings, "shutdown-grace", limits.shutdown_grace, duration(milliseconds(0), hour)),
  };
  for (const auto& error : errors) {
    if (error) return fail(*error);
  }
  return limits;
}

Result<Config, ConfigError> load_serve_config(const Settings& settings,
                                              const std::filesystem::path& exe_dir) {
  Config config;
  if (const auto* host = settings.find("host")) {
    if (host->text.empty()) return fail(ConfigError{host->origin + " must not be empty"});
    config.host = host->text;
  }
  const auto count = [](std::uint64_t min, std::uint64_t max) {
    return [=](std::string_view text) { return parse_integer(text, min, max); };
  };
  const std::optional<ConfigError> errors[] = {
      apply(settings, "port", config.port, count(0, 65535)),
      apply(settings, "threads", config.threads, count(1, 256)),
      apply(settings, "token-rate-limit", config.token_rate_limit, count(0, 1'000'000)),
      apply(settings, "webhook-rate-limit", config.webhook_rate_limit, count(0, 1'000'000)),
      apply(settings, "worker-threads", config.workers.threads, count(1, 256)),
      apply(settings, "worker-queue", config.workers.queue, count(1, 1'000'000)),
      apply(settings, "store-deadline", config.workers.store_deadline,
            [](std::string_view text) {
              return parse_duration(text, std::chrono::milliseconds(100), std::chrono::hours(1));
            }),
  };
  for (const auto& error : errors) {
    if (error) return fail(*error);
  }
  if (const auto* url = settings.find("public-url")) {
    auto parsed = parse_public_url(url->text);
    if (!parsed) return fail(ConfigError{url->origin + " " + parsed.error()});
    config.public_url = std::move(parsed->origin);
    config.public_host = std::move(parsed->host);
  }
  if (const auto* alone = settings.find("alone-timeout")) {
    if (alone->text == "0" || alone->text == "off") {
      config.alone_timeout = std::chrono::seconds(0);
    } else {
      using std::chrono::milliseconds;
      auto value = parse_duration(alone->text, milliseconds(1000), milliseconds(86'400'000));
      if (!value) return fail(ConfigError{alone->origin + " " + value.error() + ", or off"});
      config.alone_timeout = std::chrono::duration_cast<std::chrono::seconds>(*value);
    }
  }
  if (const auto* base = settings.find("base-path")) {
    auto normalized = normalize_base_path(base->text);
    if (!normalized) {
      return fail(ConfigError{base->origin + ": " + normalized.error()});
    }
    config.base_path = std::move(normalized).value();
  }
  auto web_root = load_web_root(settings, exe_dir);
  if (!web_root) return fail(std::move(web_root).error());
  config.web_root = std::move(web_root).value();
  if (const auto* dir = settings.find("data-dir")) {
    if (dir->text.empty()) return fail(ConfigError{dir->origin + " must not be empty"});
    config.data_dir = dir->text;
  }
  if (const auto* proxies = settings.find("trusted-proxies")) {
    auto networks = AddressList::parse(proxies->text);
    if (!networks) return fail(ConfigError{proxies->origin + ": " + networks.error()});
    config.trusted_proxy_networks = std::move(networks).value();
  }
  auto branding = load_branding(settings);
  if (!branding) return fail(std::move(branding).error());
  config.branding = std::move(branding).value();
  auto limits = load_limits(settings);
  if (!limits) return fail(std::move(limits).error());
  config.limits = *limits;
  auto observability = load_observability(settings);
  if (!observability) return fail(std::move(observability).error());
  config.observability = std::move(observability).value();
  auto tls = load_tls(settings, config.port);
  if (!tls) return fail(std::move(tls).error());
  config.tls = std::move(tls).value();
  auto oidc = load_oidc(settings, config.public_url);
  if (!oidc) return fail(std::move(oidc).error());
  config.oidc = std::move(oidc).value();
  if (auto error = load_room_creation(settings, config)) return fail(std::move(*error));
  auto access = load_access_policy(settings);
  if (!access) return fail(std::move(access).error());
  config.access = *access;
  auto database = load_database_url(settings.find("database"));
  if (!database) return fail(std::move(database).error());
  config.database_url = std::move(database).value();
  auto credentials = load_credentials(settings);
  if (!credentials) return fail(std::move(credentials).error());
  config.credentials = std::move(credentials).value();
  auto recording = load_recording_storage(settings);
  if (!recording) return fail(std::move(recording).error());
  config.recording = std::move(recording).value();
  return config;
}

std::string_view to_string(Lobby lobby) noexcept {
  switch (lobby) {
    case Lobby::off: return "off";
    case Lobby::all: return "all";
    case Lobby::listed: break;
  }
  return "listed";
}

std::string_view to_string(RecordingPolicy recording) noexcept {
  switch (recording) {
    case RecordingPolicy::anyone: return "anyone";
    case RecordingPolicy::off: return "off";
    case RecordingPolicy::hosts: break;
  }
  return "hosts";
}

Result<AccessPolicy, ConfigError> load_access_policy(const Settings& settings) {
  AccessPolicy policy;
  if (const auto* lobby = settings.find("lobby")) {
    if (lobby->text == "off") {
      policy.lobby = Lobby::off;
    } else if (lobby->text == "listed") {
      policy.lobby = Lobby::listed;
    } else if (lobby->text == "all") {
      policy.lobby = Lobby::all;
    } else {
      return fail(ConfigError{lobby->origin + " must be off, listed or all"});
    }
  }
  if (const auto* recording = settings.find("recording")) {
    if (recording->text == "hosts") {
      policy.recording = RecordingPolicy::hosts;
    } else if (recording->text == "anyone") {
      policy.recording = RecordingPolicy::anyone;
    } else if (recording->text == "off") {
      policy.recording = RecordingPolicy::off;
    } else {
      return fail(ConfigError{recording->origin + " must be hosts, anyone or off"});
    }
  }
  if (const auto* retention = settings.find("room-retention")) {
    using std::chrono::milliseconds;
    auto value = parse_duration(retention->text, milliseconds(1000),
                                milliseconds(std::int64_t{3650} * 86'400'000));
    if (!value) return fail(ConfigError{retention->origin + " " + value.error()});
    policy.room_retention = std::chrono::duration_cast<std::chrono::seconds>(*value);
  }
  if (const auto* limit = settings.find("room-rate-limit")) {
    auto value = parse_integer(limit->text, 0, 1'000'000);
    if (!value) return fail(ConfigError{limit->origin + " " + value.error()});
    policy.room_rate_limit = static_cast<unsigned>(*value);
  }
  return policy;
}

std::optional<ConfigError> load_room_creation(const Settings& settings, Config& config) {
  const std::string source = settings.origin("room-creation");
  const std::string mode = settings.text("room-creation").value_or("open");
  if (mode != "open" && mode != "organizers") {
    return ConfigError{source + " must be open or organizers"};
  }
  config.organizers_only = mode == "organizers";
  if (const auto* hash = settings.find("organizer-password-hash")) {
    if (!auth::is_password_hash(hash->text)) {
      return ConfigError{hash->origin +
                         " is not a password hash: create one with "
                         "`livekit-meet hash-password` (it reads the password from standard "
                         "input)"};
    }
    config.organizer_password_hash = hash->text;
  }
  if (config.organizers_only && config.organizer_password_hash.empty() && !config.oidc) {
    return ConfigError{source +
                       " is organizers, so MEET_ORGANIZER_PASSWORD_HASH must be set (create it "
                       "with `livekit-meet hash-password`), or --oidc-issuer"};
  }
  return std::nullopt;
}

}  // namespace lkm::config
