#include "config/config.hpp"

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <system_error>

#include <boost/url/parse.hpp>

#include "auth/password_hash.hpp"
#include "config/database.hpp"

namespace lkm::config {
namespace {

std::optional<std::string> non_empty(std::optional<std::string> value) {
  if (value && value->empty()) return std::nullopt;
  return value;
}

Result<Secret, ConfigError> read_secret_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return fail(ConfigError{"--api-secret-file: cannot read " + path});
  std::ostringstream content;
  content << in.rdbuf();
  std::string secret = content.str();
  while (!secret.empty() && (secret.back() == '\n' || secret.back() == '\r')) secret.pop_back();
  if (secret.empty()) return fail(ConfigError{"--api-secret-file: " + path + " is empty"});
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

Result<std::string, ConfigError> normalize_base_path(std::string_view path) {
  std::string out(path);
  while (!out.empty() && out.back() == '/') out.pop_back();
  if (out.empty()) return std::string();
  const auto bad = [&](std::string why) {
    return fail(ConfigError{"--base-path: " + std::string(path) + " " + std::move(why)});
  };
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

Result<ApiKey, ConfigError> load_api_key(const std::optional<std::string>& api_secret_file,
                                         const EnvLookup& env) {
  auto key = non_empty(env("LIVEKIT_API_KEY"));
  std::optional<Secret> secret;
  if (api_secret_file) {
    auto from_file = read_secret_file(*api_secret_file);
    if (!from_file) return fail(std::move(from_file).error());
    secret = std::move(from_file).value();
  } else if (auto from_env = non_empty(env("LIVEKIT_API_SECRET"))) {
    secret = Secret(std::move(*from_env));
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

Result<Credentials, ConfigError> load_credentials(
    const std::optional<std::string>& livekit_url_flag,
    const std::optional<std::string>& api_secret_file, const EnvLookup& env) {
  auto url = non_empty(livekit_url_flag);
  const bool url_from_flag = url.has_value();
  if (!url) url = non_empty(env("LIVEKIT_URL"));
  auto api_key = load_api_key(api_secret_file, env);
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
    return fail(
        ConfigError{std::string(url_from_flag ? "--livekit-url" : "LIVEKIT_URL") + " " + *why});
  }
  out.livekit_url = std::move(*url);
  out.api_key = std::move(api_key->key);
  out.api_secret = std::move(api_key->secret);
  return out;
}

Result<std::optional<RecordingStorage>, ConfigError> load_recording_storage(const EnvLookup& env) {
  auto key = non_empty(env("S3_KEY_ID"));
  auto secret = non_empty(env("S3_KEY_SECRET"));
  auto bucket = non_empty(env("S3_BUCKET"));
  if (!key && !secret && !bucket) return std::optional<RecordingStorage>();
  for (const auto& [name, value] :
       {std::pair{"S3_KEY_ID", &key}, std::pair{"S3_KEY_SECRET", &secret},
        std::pair{"S3_BUCKET", &bucket}}) {
    if (!*value) {
      return fail(
          ConfigError{std::string(name) +
                      " is not set (recording needs S3_KEY_ID, S3_KEY_SECRET and S3_BUCKET)"});
    }
  }
  RecordingStorage storage;
  storage.access_key = std::move(*key);
  storage.secret = Secret(std::move(*secret));
  storage.bucket = std::move(*bucket);
  storage.endpoint = non_empty(env("S3_ENDPOINT")).value_or("");
  storage.region = non_empty(env("S3_REGION")).value_or("");
  return std::optional<RecordingStorage>(std::move(storage));
}

Result<Config, ConfigError> load_serve_config(const ServeFlags& flags, const EnvLookup& env,
                                              const std::filesystem::path& exe_dir) {
  Config config;
  if (flags.host) {
    if (flags.host->empty()) return fail(ConfigError{"--host must not be empty"});
    config.host = *flags.host;
  }
  if (flags.port) config.port = *flags.port;
  if (flags.threads) {
    if (*flags.threads == 0 || *flags.threads > 256) {
      return fail(ConfigError{"--threads must be between 1 and 256"});
    }
    config.threads = *flags.threads;
  }
  if (flags.base_path) {
    auto base = normalize_base_path(*flags.base_path);
    if (!base) return fail(std::move(base).error());
    config.base_path = std::move(base).value();
  }
  if (flags.web_root) {
    std::error_code ec;
    const std::filesystem::path root(*flags.web_root);
    if (!std::filesystem::is_directory(root, ec)) {
      return fail(ConfigError{"--web-root: " + *flags.web_root + " is not a directory"});
    }
    config.web_root = std::filesystem::canonical(root, ec);
    if (ec) return fail(ConfigError{"--web-root: " + *flags.web_root + ": " + ec.message()});
  } else {
    config.web_root = find_web_root(exe_dir);
  }
  if (flags.data_dir) {
    if (flags.data_dir->empty()) return fail(ConfigError{"--data-dir must not be empty"});
    config.data_dir = *flags.data_dir;
  } else if (auto from_env = non_empty(env("MEET_DATA_DIR"))) {
    config.data_dir = *from_env;
  }
  if (flags.trusted_proxies) {
    config.trusted_proxies = *flags.trusted_proxies;
  } else if (auto from_env = non_empty(env("MEET_TRUSTED_PROXIES"))) {
    config.trusted_proxies = *from_env;
  }
  if (flags.token_rate_limit) config.token_rate_limit = *flags.token_rate_limit;
  if (flags.webhook_rate_limit) config.webhook_rate_limit = *flags.webhook_rate_limit;
  if (auto error = load_room_creation(flags.room_creation, env, config)) {
    return fail(std::move(*error));
  }
  auto database = load_database_url(flags.database, env("MEET_DATABASE_URL"));
  if (!database) return fail(std::move(database).error());
  config.database_url = std::move(database).value();
  auto credentials = load_credentials(flags.livekit_url, flags.api_secret_file, env);
  if (!credentials) return fail(std::move(credentials).error());
  config.credentials = std::move(credentials).value();
  auto recording = load_recording_storage(env);
  if (!recording) return fail(std::move(recording).error());
  config.recording = std::move(recording).value();
  return config;
}

std::optional<ConfigError> load_room_creation(const std::optional<std::string>& flag,
                                              const EnvLookup& env, Config& config) {
  const char* source = flag ? "--room-creation" : "MEET_ROOM_CREATION";
  const std::string mode = flag ? *flag : non_empty(env("MEET_ROOM_CREATION")).value_or("open");
  if (mode != "open" && mode != "organizers") {
    return ConfigError{std::string(source) + " must be open or organizers"};
  }
  config.organizers_only = mode == "organizers";
  if (auto hash = non_empty(env("MEET_ORGANIZER_PASSWORD_HASH"))) {
    if (!auth::is_password_hash(*hash)) {
      return ConfigError{
          "MEET_ORGANIZER_PASSWORD_HASH is not a password hash: create one with "
          "`livekit-meet hash-password` (it reads the password from standard input)"};
    }
    config.organizer_password_hash = *hash;
  }
  if (config.organizers_only && config.organizer_password_hash.empty()) {
    return ConfigError{std::string(source) +
                       " is organizers, so MEET_ORGANIZER_PASSWORD_HASH must be set: create it "
                       "with `livekit-meet hash-password`"};
  }
  return std::nullopt;
}

}  // namespace lkm::config
