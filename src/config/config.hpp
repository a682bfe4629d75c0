#pragma once
// Config: the one plain struct the server runs from, filled from the layered settings (flags,
// environment, config file; see settings.hpp) and validated once at start-up.
// Secrets come only from the environment or from a file, never from a flag.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config/oidc.hpp"
#include "core/address_list.hpp"
#include "core/log.hpp"
#include "core/result.hpp"
#include "core/secret.hpp"

namespace lkm::config {

// Where the credentials came from; `dev_defaults` means nothing was configured and the
// `livekit-server --dev` convention is in use.
struct Credentials {
  std::string livekit_url;
  std::string api_key;
  Secret api_secret;
  bool dev_defaults = false;
};

// Where recordings go (LiveKit Meet's S3_* variables); recording is off without them.
struct RecordingStorage {
  std::string access_key;  // S3_KEY_ID
  Secret secret;           // S3_KEY_SECRET
  std::string endpoint;    // S3_ENDPOINT (optional)
  std::string bucket;      // S3_BUCKET
  std::string region;      // S3_REGION (optional)
};

// Connection limits and timeouts of the HTTP server.
struct Limits {
  std::size_t max_connections = 10000;
  std::size_t max_connections_per_client = 256;  // 0: no limit; trusted proxies are exempt
  std::size_t max_header_bytes = std::size_t{16} * 1024;
  std::size_t max_body_bytes = std::size_t{1024} * 1024;
  std::chrono::milliseconds header_timeout{10'000};
  std::chrono::milliseconds body_timeout{30'000};
  std::chrono::milliseconds write_timeout{30'000};
  std::chrono::milliseconds idle_timeout{60'000};
  std::chrono::milliseconds shutdown_grace{10'000};
};

// How the server can be watched (observability.hpp).
struct Observability {
  log::Format log_format = log::Format::text;
  // The clients GET /metrics answers (--metrics-allow: addresses and CIDR networks,
  // comma-separated); empty: "none", the endpoint is off.
  AddressList metrics_clients = AddressList::loopback();
};

// HTTPS (tls.hpp): a certificate chain and key from files, or a self-signed pair in the data
// directory; and the plain-HTTP port that redirects to it.
struct TlsSettings {
  // A certificate chain and key from files, and the setting each came from (for messages)...
  std::filesystem::path cert_file;
  std::filesystem::path key_file;
  std::string cert_source;
  std::string key_source;
  // ...or a self-signed pair in the data directory for these names.
  bool self_signed = false;
  std::vector<std::string> self_signed_names;
  std::optional<std::uint16_t> redirect_port;
};

// Who may see and do what (docs/security.md).
enum class Lobby { off, listed, all };
enum class RecordingPolicy { hosts, anyone, off };
struct AccessPolicy {
  Lobby lobby = Lobby::listed;
  RecordingPolicy recording = RecordingPolicy::hosts;
  std::chrono::seconds room_retention{std::int64_t{30} * 86400};
  unsigned room_rate_limit = 30;  // rooms per client and hour; 0: no limit
};
[[nodiscard]] std::string_view to_string(Lobby lobby) noexcept;
[[nodiscard]] std::string_view to_string(RecordingPolicy recording) noexcept;

// How the web app presents itself (branding.hpp): texts, links, colour and the brand files, all
// checked at start-up.
struct Branding {
  std::string product_name = "LiveKit Meet";
  // The directory of the brand files (canonical) and the names of the two files in it ("": none).
  std::optional<std::filesystem::path> brand_dir;
  std::string logo;
  std::string favicon;
  std::string accent_color;     // "#rrggbb" in lower case; "": the app's own
  std::string welcome_message;  // one line for the home page; "": none
  std::string privacy_url;      // http(s) URLs; "": none
  std::string legal_url;
  std::string support_url;  // http(s) or mailto:
  // The web app's language when neither the person's choice nor the browser's match a
  // translation: a BCP 47 tag in canonical case.
  std::string default_language = "en";
};

// The pool that runs blocking work (store calls, password hashing) off the connection loops.
struct Workers {
  unsigned threads = 4;                            // --worker-threads
  unsigned queue = 256;                            // --worker-queue
  std::chrono::milliseconds store_deadline{5000};  // --store-deadline
};

struct Config {
  std::string host = "0.0.0.0";
  std::uint16_t port = 8080;
  unsigned threads = 0;   // 0: one per core
  std::string base_path;  // "" or "/prefix", no trailing slash
  // --public-url / MEET_PUBLIC_URL: the external origin ("https://meet.example.com:8443", no
  // trailing slash; "" when not set) and its host in lower case ("[...]" for IPv6).
  std::string public_url;
  std::string public_host;
  std::optional<std::filesystem::path> web_root;  // nullopt: no front end found
  std::filesystem::path data_dir = "data";  // --data-dir / MEET_DATA_DIR; created when missing
  std::optional<Secret> database_url;       // --database / MEET_DATABASE_URL; none: SQLite
  // --room-creation / MEET_ROOM_CREATION: "open" (anyone) or "organizers" (those who sign in
  // with the password whose hash is MEET_ORGANIZER_PASSWORD_HASH).
  bool organizers_only = false;
  std::string organizer_password_hash;
  AccessPolicy access;  // --lobby, --recording, --room-retention, --room-rate-limit
  // --alone-timeout / MEET_ALONE_TIMEOUT: how long a person alone in a meeting waits before being
  // asked "Are you still there?" (then a 60 s countdown, then they leave); 0: never asked.
  std::chrono::seconds alone_timeout{600};
  Branding branding;  // --product-name, --brand-dir, --logo ... --default-language
  // --trusted-proxies / MEET_TRUSTED_PROXIES: addresses and CIDR networks, comma-separated.
  AddressList trusted_proxy_networks;
  // Requests per minute per client (0: no limit): --token-rate-limit for
  // /api/connection-details, --webhook-rate-limit for /api/webhook.
  unsigned token_rate_limit = 300;
  unsigned webhook_rate_limit = 6000;
  Limits limits;
  Workers workers;
  Observability observability;
  std::optional<TlsSettings> tls;  // nullopt: plain HTTP
  Credentials credentials;
  std::optional<RecordingStorage> recording;
  // --oidc-issuer and the rest: sign-in through an OpenID Connect provider; nullopt: none.
  std::optional<OidcSettings> oidc;
};

// Reads an environment variable; injected so tests need not touch the process environment.
using EnvLookup = std::function<std::optional<std::string>(std::string_view name)>;
[[nodiscard]] EnvLookup process_env();

inline constexpr std::string_view kDevLivekitUrl = "ws://localhost:7880";
inline constexpr std::string_view kDevApiKey = "devkey";
inline constexpr std::string_view kDevApiSecret = "secret";

// The error names the flag or variable to fix.
struct ConfigError {
  std::string message;
};

class Settings;

// s3-key-id, s3-key-secret, s3-bucket (S3_KEY_ID, ...), s3-endpoint, s3-region: nullopt when none
// of the first three is set; an error naming the missing one when only some are.
[[nodiscard]] Result<std::optional<RecordingStorage>, ConfigError> load_recording_storage(
    const Settings& settings);

// The signing key alone, for commands that never reach a LiveKit server (`token create|verify`):
// LIVEKIT_API_KEY and LIVEKIT_API_SECRET or --api-secret-file; both unset: the dev key.
struct ApiKey {
  std::string key;
  Secret secret;
  bool dev_defaults = false;
};
[[nodiscard]] Result<ApiKey, ConfigError> load_api_key(
    const std::optional<std::string>& api_secret_file, const EnvLookup& env);

// livekit-url, livekit-api-key, and livekit-api-secret or api-secret-file (the file wins over
// the secret; its trailing newline is dropped). All unset: dev defaults.
[[nodiscard]] Result<Credentials, ConfigError> load_credentials(const Settings& settings);

// `exe_dir` is the directory of the running binary, used to find the built front end
// (<exe_dir>/../web/dist in a build tree, <exe_dir>/../share/livekit-meet/web when installed).
[[nodiscard]] Result<Config, ConfigError> load_serve_config(const Settings& settings,
                                                            const std::filesystem::path& exe_dir);

// room-creation and organizer-password-hash, checked together: a hash must be one
// `livekit-meet hash-password` writes; "organizers" needs one.
[[nodiscard]] std::optional<ConfigError> load_room_creation(const Settings& settings,
                                                            Config& config);

// lobby, recording, room-retention and room-rate-limit.
[[nodiscard]] Result<AccessPolicy, ConfigError> load_access_policy(const Settings& settings);

// The connection limits and timeouts (max-connections, max-connections-per-client ...
// shutdown-grace).
[[nodiscard]] Result<Limits, ConfigError> load_limits(const Settings& settings);

// Checks a LiveKit URL: ws, wss, http or https with a host and nothing after the path.
[[nodiscard]] std::optional<std::string> livekit_url_error(std::string_view url);

// The server's external origin: http or https, a host name or IP address, an optional port,
// the path empty or "/", no user info, query or fragment. The origin without a trailing slash and
// its host (lower case, IPv6 in brackets), or what is wrong.
struct PublicUrl {
  std::string origin;
  std::string host;
};
[[nodiscard]] Result<PublicUrl, std::string> parse_public_url(std::string_view url);

// "/meet/" -> "/meet", "/" -> "", errors (what is wrong) for anything but /segment(/segment)* of
// URL-safe chars.
[[nodiscard]] Result<std::string, std::string> normalize_base_path(std::string_view path);

}  // namespace lkm::config
