#pragma once
// Server: HTTP/1.1 over Boost.Beast with one coroutine per connection on a thread pool.
// Per connection: read header (header timeout) -> framing check -> read body (body timeout) ->
// route -> handler -> write (write timeout) -> keep-alive wait (idle timeout) -> repeat.
// Limits: request target > max_target_bytes -> 414; header section > max_header_bytes -> 431;
// body > max_body_bytes -> 413. Framing is checked after the header, before any body byte is
// read (see framing.hpp). Every response gets `default_headers` (by its kind of content, see
// response_head.hpp); no version in `Server`.
// One log line per request: method, path without query, status, duration (RequestReporter, which
// also counts requests and connections in `metrics` when given).
// stop(): stop accepting, let in-flight requests finish and close idle connections, then return
// from run() (forced after shutdown_grace).
// The raw header section is checked before parsing (see framing.hpp: folded lines -> 400). Every
// refusal (400, 413, 414, 431) closes the connection: half-close, then a short drain so that unread
// request bytes do not reset the response away. With a base_path, the bare base path is redirected
// (308) to base_path + "/", and paths outside it are 404. Beyond max_connections, new connections
// are accepted and closed at once; so are those of a client (the peer's address, IPv4-mapped
// IPv6 as IPv4) that holds max_connections_per_client already, unless it is a trusted proxy.
// Refusals are counted by reason and summed up in at most one warning line per 10 s.
// Request::remote_address() is the peer's IP address, no port.
// HTTPS (`tls` set): the listener speaks only TLS; the handshake shares the header timeout of
// the first request; every response gets Strict-Transport-Security and Request::secure() is
// true. The stream type is a template parameter of the connection code, so plain HTTP pays
// nothing for it. Optionally a second, plain-HTTP listener answers every request with 308 to the
// same target on https:// (see https_redirect.hpp); it reads headers under the same limits and
// timeouts and accepts no body. SIGHUP (or reload_tls()) asks `reload_tls` for a new context:
// new handshakes use it, live connections keep theirs.
#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <boost/asio/ip/tcp.hpp>

#include "core/metrics.hpp"
#include "http/message.hpp"
#include "http/proxies.hpp"
#include "http/response_head.hpp"
#include "http/router.hpp"

namespace lkm::http {

class TlsContext;

struct ServerOptions {
  std::string host = "0.0.0.0";
  std::uint16_t port = 8080;
  unsigned threads = 0;   // 0: one per core
  std::string base_path;  // "" or "/prefix" without trailing slash
  std::size_t max_target_bytes = std::size_t{8} * 1024;
  std::size_t max_header_bytes = std::size_t{16} * 1024;
  std::size_t max_body_bytes = std::size_t{1024} * 1024;
  std::size_t max_connections = 10000;
  std::size_t max_connections_per_client = 256;  // 0: no limit per client
  std::chrono::milliseconds header_timeout{10'000};
  std::chrono::milliseconds body_timeout{30'000};
  std::chrono::milliseconds write_timeout{30'000};
  std::chrono::milliseconds idle_timeout{60'000};
  std::chrono::milliseconds shutdown_grace{10'000};
  DefaultHeaders default_headers;
  // Whose X-Forwarded-For / X-Forwarded-Proto are believed (none by default).
  TrustedProxies trusted_proxies;
  // Called once when stopping begins, before in-flight requests are waited for (so that long
  // polls can answer at once).
  std::function<void()> on_stop;
  // Where requests and connections are counted (null: nowhere); must outlive the server.
  metrics::Registry* metrics = nullptr;
  // Route parameters whose path segments are never logged (written as "{name}").
  std::vector<std::string> secret_path_params;
  // HTTPS on the listener (see tls.hpp); null: plain HTTP.
  std::shared_ptr<TlsContext> tls;
  // With `tls`: a plain-HTTP listener on `host` and this port (0: any free one) that redirects.
  std::optional<std::uint16_t> redirect_port;
  // With `redirect_port`: the public URL's host ("meet.example.com", "[2001:db8::1]"; "" for
  // none), where a request whose Host is not one of ours is sent (see https_redirect.hpp).
  std::string public_host;
  // With `tls`: on SIGHUP or reload_tls(), called on the server's control strand. A context it
  // returns serves the handshakes from then on; null keeps the current one (it logs why).
  std::function<std::shared_ptr<TlsContext>()> reload_tls;
};

class Server {
 public:
  Server(ServerOptions options, Router router);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds and listens; throws std::system_error with a clear message when it cannot.
  boost::asio::ip::tcp::endpoint listen();
  // The redirect listener's address, once listen() has bound it.
  [[nodiscard]] std::optional<boost::asio::ip::tcp::endpoint> redirect_endpoint() const;
  // Runs one event loop per thread for the connections (`threads` of them) and, on the caller's
  // thread, one for accepting, signals and stopping, until stop() (or
  // SIGTERM/SIGINT when handle_signals; SIGHUP then reloads TLS) completes. Calls listen() first
  // when it has not been called. Ignores SIGPIPE for the process: files go out with sendfile(2),
  // which cannot be told not to raise it.
  void run(bool handle_signals = true);
  // Thread-safe; may be called from any thread or a signal handler's completion.
  void stop();
  // Serves new TLS handshakes with `context` from now on. Thread-safe.
  void set_tls_context(std::shared_ptr<TlsContext> context);
  // What SIGHUP does: asks ServerOptions::reload_tls for a new context. Thread-safe.
  void reload_tls();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace lkm::http
