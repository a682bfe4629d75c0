// A whole HTTP session: the input is the byte stream of one client connection to the real server
// (http::Server with api::MeetApp, wired as the serve command wires it), which runs in this
// process on 127.0.0.1 with a web root, a SQLite store and a LiveKit API address that refuses
// connections, all in a temporary directory. The client sends the input, half-closes, and reads
// until the server closes. Inputs holding " /meet" (a target under the base path) go to a
// deployment with --base-path /meet, the others to one without (see Harness).
// The limits are smaller than the defaults (target 2 KiB, fields 4 KiB, body 8 KiB) so that the
// refusals are within reach of small inputs; "now" is fixed and the random draws are seeded by the
// input, so that an input replays the same way on a fresh start.
// Properties: the connection keeps making progress until the server closes it; everything the
// server sends is a sequence of HTTP/1.x responses with a Content-Length; no response is a 500 (a
// handler threw); no response carries a file outside the web root, a dot-file or a secret.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <utility>

#include "api/meet_app.hpp"
#include "api/security_headers.hpp"
#include "api/web_config.hpp"
#include "auth/password_hash.hpp"
#include "core/address_list.hpp"
#include "core/clock.hpp"
#include "core/log.hpp"
#include "http/proxies.hpp"
#include "http/server.hpp"
#include "livekit_api/egress.hpp"
#include "livekit_api/room_service.hpp"
#include "livekit_api/twirp.hpp"
#include "livekit_api/webhook.hpp"
#include "services/credentials.hpp"
#include "services/worker_pool.hpp"
#include "store/access.hpp"
#include "store/sqlite_store.hpp"

namespace {

namespace fs = std::filesystem;
using namespace lkm;
using namespace std::chrono_literals;

constexpr std::int64_t kNow = 1'800'000'000;
constexpr std::string_view kApiKey = "APIkey";
constexpr std::string_view kApiSecret = "fuzz-api-secret-0123456789abcdefghijklmnop";
constexpr std::string_view kOutside = "OUTSIDE-THE-WEB-ROOT";
constexpr std::string_view kDotFile = "DOT-FILE-CONTENT";
constexpr std::string_view kS3Secret = "fuzz-s3-secret-0123456789";
// Longest silence of a connection: the server's own timeouts are 2 s; only a long poll of a real
// waiting guest (up to 25 s) is quiet for longer, and its ticket is out of the inputs' reach.
constexpr auto kSessionDeadline = 15s;
constexpr std::size_t kMaxResponseBytes = std::size_t{4} * 1024 * 1024;

[[noreturn]] void fail(const char* what) {
  std::fprintf(stderr, "property violated: %s\n", what);
  std::abort();
}

void check(bool condition, const char* what) {
  if (!condition) fail(what);
}

void write_file(const fs::path& path, std::string_view content) {
  fs::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary)
      .write(content.data(), static_cast<std::streamsize>(content.size()));
}

// A server of its own thread, stopped and joined on destruction.
class RunningServer {
 public:
  RunningServer(http::ServerOptions options, http::Router router)
      : server_(std::move(options), std::move(router)), port_(server_.listen().port()) {
    thread_ = std::thread([this] { server_.run(/*handle_signals=*/false); });
  }
  ~RunningServer() {
    server_.stop();
    thread_.join();
  }
  RunningServer(const RunningServer&) = delete;
  RunningServer& operator=(const RunningServer&) = delete;

  [[nodiscard]] std::uint16_t port() const noexcept { return port_; }

 private:
  http::Server server_;
  std::uint16_t port_;
  std::thread thread_;
};

// Deterministic draws of [a-z0-9] that restart from the input's hash: a replayed input gets the
// same room names, tickets and postfixes, while different inputs do not collide.
class SeededRandom {
 public:
  void reseed(std::string_view input) { state_.store(std::hash<std::string_view>{}(input)); }

  std::string draw(std::size_t length) {
    static constexpr std::string_view kAlphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
    std::string out;
    out.reserve(length);
    for (std::size_t i = 0; i < length; ++i) out.push_back(kAlphabet[next() % kAlphabet.size()]);
    return out;
  }

 private:
  std::uint64_t next() {  // splitmix64
    std::uint64_t z = state_.fetch_add(0x9e3779b97f4a7c15ULL) + 0x9e3779b97f4a7c15ULL;
    z = (z ^ (z >> 30U)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27U)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31U);
  }
  std::atomic<std::uint64_t> state_{0};
};

// Two deployments over one store, web root and LiveKit address:
//   plain: no base path, anyone creates rooms, no proxies, no rate limits;
//   based: --base-path /meet, organizers only (password "organizer-password"), 10.0.0.0/8 and
//          127.0.0.1 trusted as proxies (so X-Forwarded-For picks the client), token and webhook
//          rate limits.
class Harness {
 public:
  Harness() : dir_(make_dir()), keys_(std::string(kApiKey), Secret(std::string(kApiSecret))) {
    log::set_min_level(log::Level::warn);
    const fs::path web = dir_ / "web";
    write_file(web / "index.html", "<!doctype html><html><head><title>Meet</title></head></html>");
    write_file(web / "assets/index-AbC123xy.js", "console.log('app');\n");
    write_file(web / "assets/index-AbC123xy.js.gz", "gzip bytes");
    write_file(web / "assets/index-AbC123xy.js.br", "brotli bytes");
    write_file(web / "favicon.ico", "icon");
    write_file(web / "robots.txt", "User-agent: *\n");
    write_file(web / ".env", kDotFile);
    write_file(web / "sub/.hidden", kDotFile);
    write_file(dir_ / "outside.txt", kOutside);
    fs::create_symlink(dir_ / "outside.txt", web / "link.txt");
    fs::create_symlink(dir_ / "outside.txt", web / "robots.txt.gz");

    auto store = store::SqliteStore::open(dir_ / "meetings.db", clock_);
    if (!store) fail("cannot open the store");
    store_ = std::move(store).value();

    livekit::TwirpOptions twirp;
    twirp.timeout = 500ms;
    twirp.max_attempts = 1;
    twirp_.emplace(kLivekitUrl, std::string(kApiKey), Secret(std::string(kApiSecret)), twirp);
    rooms_.emplace(*twirp_);
    egress_.emplace(*twirp_);

    configure(plain_, "", {});
    api::MeetSettings organizers;
    organizers.room_creation = services::RoomCreation::organizers;
    // One iteration: signing in is not what is being measured here.
    organizers.organizer_password_hash = auth::hash_password("organizer-password", "fuzzsalt", 1);
    organizers.token_rate_limit = 600;
    organizers.webhook_rate_limit = 600;
    configure(based_, "/meet", std::move(organizers));

    prepare_hosted_room();

    start(plain_, options(""));
    http::ServerOptions based = options("/meet");
    auto proxies = AddressList::parse("10.0.0.0/8, 127.0.0.1, ::1");
    if (!proxies) fail("trusted proxies");
    based.trusted_proxies = http::TrustedProxies(std::move(proxies).value());
    start(based_, std::move(based));
  }

  ~Harness() {
    plain_.server.reset();
    based_.server.reset();
    plain_.app.reset();
    based_.app.reset();
    workers_.shutdown();
    std::error_code ignored;
    fs::remove_all(dir_, ignored);
  }
  Harness(const Harness&) = delete;
  Harness& operator=(const Harness&) = delete;

  // Reseeds the draws and picks the deployment: a target under /meet goes to `based`.
  [[nodiscard]] std::uint16_t prepare(std::string_view input) {
    random_.reseed(input);
    const bool based = input.find(" /meet") != std::string_view::npos;
    return (based ? based_ : plain_).server->port();
  }

 private:
  static constexpr std::string_view kLivekitUrl = "ws://127.0.0.1:1";
  static constexpr std::string_view kHostedRoom = "hosted-room";
  static constexpr std::string_view kCredentialRandom = "fuzzfuzzfuzzfuzzfuzzfuzzfuzzfuzzfuzzfuzz";

  struct Site {
    std::unique_ptr<api::MeetApp> app;
    std::optional<RunningServer> server;
  };

  static fs::path make_dir() {
    std::string pattern = (fs::temp_directory_path() / "lkm-fuzz-http-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) fail("cannot create a temporary directory");
    return pattern;
  }

  // As the serve command wires it.
  void configure(Site& site, const std::string& base_path, api::MeetSettings settings) {
    api::MeetParts parts;
    parts.store = store_.get();
    parts.access = store_.get();
    parts.rooms = &*rooms_;
    parts.egress = &*egress_;
    parts.webhooks = &webhooks_;
    parts.clock = &clock_;
    parts.workers = &workers_;
    parts.random = [this](std::size_t length) { return random_.draw(length); };
    settings.credentials = {std::string(kLivekitUrl), std::string(kApiKey),
                            Secret(std::string(kApiSecret))};
    settings.base_path = base_path;
    settings.web_root = dir_ / "web";
    settings.recording_storage =
        livekit::S3Upload{"key-id", std::string(kS3Secret), "us-east-1", "", "bucket"};
    site.app = std::make_unique<api::MeetApp>(std::move(parts), std::move(settings));
  }

  // A room with a host, passcode "open-sesame" and a waiting room, and a host credential the seeds
  // carry as a cookie: LKM_FUZZ_COOKIES=1 prints it with a signed-in organizer's cookie. (Signing
  // in and creating rooms work within one input, but the cookies they set cannot be sent back.)
  void prepare_hosted_room() {
    const services::AccessKeys& keys = plain_.app->keys();
    store::HostedRoom room;
    room.name = std::string(kHostedRoom);
    room.passcode_hash = auth::hash_password("open-sesame", "fuzzsalt", 1);
    room.waiting_room = true;
    room.created_at = kNow;
    const auto credential = services::issue_host_credential(keys, room.name, kCredentialRandom);
    const auto created = store_->create_room(room, credential.stored_hash, 0);
    if (!created || !*created) fail("cannot prepare the hosted room");
    // The organizer session the printed cookie names, as signing in would keep it.
    const auto session =
        store_->create_session(services::session_id_hash(kCredentialRandom), kNow + 3600, kNow);
    if (!session || !*session) fail("cannot prepare the organizer session");
    if (std::getenv("LKM_FUZZ_COOKIES") != nullptr) {
      const std::string organizer =
          services::organizer_session(keys, kNow + 3600, kCredentialRandom);
      std::printf("Cookie: %s=%s; %s=%s\n", services::host_cookie_name(room.name).c_str(),
                  credential.cookie_value.c_str(), std::string(services::kOrganizerCookie).c_str(),
                  organizer.c_str());
    }
  }

  static void start(Site& site, http::ServerOptions options) {
    options.on_stop = [app = site.app.get()] { app->stop(); };
    site.server.emplace(std::move(options), site.app->router());
  }

  static http::ServerOptions options(std::string base_path) {
    http::ServerOptions options;
    options.host = "127.0.0.1";
    options.port = 0;
    options.threads = 1;
    options.base_path = std::move(base_path);
    options.max_target_bytes = 2048;
    options.max_header_bytes = 4096;
    options.max_body_bytes = 8192;
    options.header_timeout = 2s;
    options.body_timeout = 2s;
    options.write_timeout = 2s;
    options.idle_timeout = 2s;
    options.shutdown_grace = 2s;
    options.default_headers = api::security_headers(kLivekitUrl);
    return options;
  }

  fs::path dir_;
  FixedClock clock_{kNow};
  SeededRandom random_;
  auth::KeyProvider keys_;
  livekit::WebhookReceiver webhooks_{keys_};
  std::unique_ptr<store::SqliteStore> store_;
  std::optional<livekit::TwirpClient> twirp_;
  std::optional<livekit::RoomService> rooms_;
  std::optional<livekit::EgressService> egress_;
  services::WorkerPool workers_{services::WorkerPool::Options{2, 64}};
  Site plain_;
  Site based_;
};

// Sends `input` on a fresh connection, half-closes, and returns everything received until the
// server closes. Aborts when the connection makes no progress for kSessionDeadline.
std::string exchange(std::uint16_t port, std::string_view input) {
  auto deadline = std::chrono::steady_clock::now() + kSessionDeadline;
  auto wait = [&](pollfd& poll_fd) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) fail("the connection made no progress for 15 s");
    // libFuzzer's timer signals interrupt the wait now and then: that is a wake-up like another.
    if (::poll(&poll_fd, 1, static_cast<int>(left.count())) < 0 && errno != EINTR) fail("poll");
  };

  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
  if (fd < 0) fail("socket");
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0) {  // NOLINT
    if (errno != EINPROGRESS && errno != EINTR) fail("cannot connect to the server");
    for (pollfd poll_fd{fd, POLLOUT, 0}; (poll_fd.revents & (POLLOUT | POLLERR | POLLHUP)) == 0;) {
      wait(poll_fd);
    }
    int error = 0;
    socklen_t length = sizeof error;
    if (::getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length) != 0 || error != 0) {
      fail("cannot connect to the server");
    }
  }

  std::string received;
  std::size_t sent = 0;
  bool sending = true;
  for (;;) {
    if (sending && sent == input.size()) {
      ::shutdown(fd, SHUT_WR);
      sending = false;
    }
    pollfd poll_fd{fd, static_cast<short>(POLLIN | (sending ? POLLOUT : 0)), 0};
    wait(poll_fd);
    if (sending && (poll_fd.revents & POLLOUT) != 0) {
      const ssize_t n = ::send(fd, input.data() + sent, input.size() - sent, MSG_NOSIGNAL);
      if (n >= 0) {
        sent += static_cast<std::size_t>(n);
        deadline = std::chrono::steady_clock::now() + kSessionDeadline;
      } else if (errno != EAGAIN && errno != EINTR) {
        sending = false;  // the server closed its side; read what it said
      }
    }
    if ((poll_fd.revents & (POLLIN | POLLHUP | POLLERR)) != 0) {
      char chunk[16384];
      const ssize_t n = ::recv(fd, chunk, sizeof chunk, 0);
      if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR)) break;
      if (n > 0) {
        received.append(chunk, static_cast<std::size_t>(n));
        deadline = std::chrono::steady_clock::now() + kSessionDeadline;
      }
      if (received.size() > kMaxResponseBytes) fail("the server sent far more than asked for");
    }
  }
  ::close(fd);
  return received;
}

std::optional<std::size_t> header_value_size(std::string_view head, std::string_view name) {
  for (std::size_t pos = head.find("\r\n"); pos != std::string_view::npos;
       pos = head.find("\r\n", pos + 2)) {
    const std::string_view line = head.substr(pos + 2, head.find("\r\n", pos + 2) - pos - 2);
    if (line.size() <= name.size() + 1 || line[name.size()] != ':') continue;
    bool same = true;
    for (std::size_t i = 0; i < name.size() && same; ++i) {
      same = std::tolower(static_cast<unsigned char>(line[i])) == name[i];
    }
    if (!same) continue;
    std::size_t value = 0;
    for (const char c : line.substr(name.size() + 1)) {
      if (c == ' ') continue;
      if (c < '0' || c > '9') fail("a Content-Length that is not a number");
      value = value * 10 + static_cast<std::size_t>(c - '0');
    }
    return value;
  }
  return std::nullopt;
}

// Walks the responses in `stream`, the server's answer to `input`. A response to HEAD has a
// Content-Length but no body; it is told apart by the next response starting right after its header
// (no body the server sends starts with "HTTP/1.").
void check_responses(std::string_view input, std::string_view stream) {
  // Only what the client did not send itself (a redirect echoes the query, for one).
  auto leaks = [&](std::string_view secret) {
    return input.find(secret) == std::string_view::npos &&
           stream.find(secret) != std::string_view::npos;
  };
  check(!leaks(kOutside), "a file outside the web root was served");
  check(!leaks(kDotFile), "a dot-file was served");
  check(!leaks(kApiSecret), "the API secret was sent");
  check(!leaks(kS3Secret), "the storage secret was sent");
  while (!stream.empty()) {
    check(stream.starts_with("HTTP/1.1 ") || stream.starts_with("HTTP/1.0 "),
          "a response starts with an HTTP/1.x status line");
    const std::size_t end = stream.find("\r\n\r\n");
    if (end == std::string_view::npos) return;  // cut short by a reset
    const std::string_view head = stream.substr(0, end + 2);
    check(head.size() >= 12, "status line");
    const std::string_view code = head.substr(9, 3);
    check(code != "500", "a handler failed (500)");
    const int status = (code[0] - '0') * 100 + (code[1] - '0') * 10 + (code[2] - '0');
    check(status >= 100 && status <= 599, "status code");
    stream.remove_prefix(end + 4);
    const auto length = header_value_size(head, "content-length");
    const bool bodyless = status < 200 || status == 204 || status == 304;
    check(bodyless || length.has_value(), "every response has a Content-Length");
    if (bodyless || stream.starts_with("HTTP/1.")) continue;
    if (*length > stream.size()) return;  // cut short by a reset
    stream.remove_prefix(*length);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static Harness harness;
  const std::string_view input(reinterpret_cast<const char*>(data), size);  // NOLINT
  // LKM_FUZZ_DUMP=1 prints what the server answered, for writing seeds.
  static const bool dump = std::getenv("LKM_FUZZ_DUMP") != nullptr;
  const std::string answer = exchange(harness.prepare(input), input);
  if (dump) std::fwrite(answer.data(), 1, answer.size(), stdout);
  check_responses(input, answer);
  return 0;
}
