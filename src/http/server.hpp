#pragma once
// Server: HTTP/1.1 over Boost.Beast with one coroutine per connection on a thread pool.
// Per connection: read header (header timeout) -> framing check -> read body (body timeout) ->
// route -> handler -> write (write timeout) -> keep-alive wait (idle timeout) -> repeat.
// Limits: request target > max_target_bytes -> 414; header section > max_header_bytes -> 431;
// body > max_body_bytes -> 413. Framing is checked after the header, before any body byte is
// read (see framing.hpp). Every response gets `default_headers`; no version in `Server`.
// One log line per request: method, path without query, status, duration (RequestReporter, which
// also counts requests and connections in `metrics` when given).
// stop(): stop accepting, let in-flight requests finish and close idle connections, then return
// from run() (forced after shutdown_grace).
// The raw header section is checked before parsing (see framing.hpp: folded lines -> 400). Every
// refusal (400, 413, 414, 431) closes the connection: half-close, then a short drain so that unread
// request bytes do not reset the response away. With a base_path, the bare base path is redirected
// (308) to base_path + "/", and paths outside it are 404. Beyond max_connections, new connections
// are accepted and closed at once. Request::remote_address() is the peer's IP address, no port.
#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <boost/asio/ip/tcp.hpp>

#include "core/metrics.hpp"
#include "http/message.hpp"
#include "http/proxies.hpp"
#include "http/router.hpp"

namespace lkm::http {

struct ServerOptions {
  std::string host = "0.0.0.0";
  std::uint16_t port = 8080;
  unsigned threads = 0;   // 0: one per core
  std::string base_path;  // "" or "/prefix" without trailing slash
  std::size_t max_target_bytes = std::size_t{8} * 1024;
  std::size_t max_header_bytes = std::size_t{16} * 1024;
  std::size_t max_body_bytes = std::size_t{1024} * 1024;
  std::size_t max_connections = 10000;
  std::chrono::milliseconds header_timeout{10'000};
  std::chrono::milliseconds body_timeout{30'000};
  std::chrono::milliseconds write_timeout{30'000};
  std::chrono::milliseconds idle_timeout{60'000};
  std::chrono::milliseconds shutdown_grace{10'000};
  Headers default_headers;
  // Whose X-Forwarded-For / X-Forwarded-Proto are believed (none by default).
  TrustedProxies trusted_proxies;
  // Called once when stopping begins, before in-flight requests are waited for (so that long
  // polls can answer at once).
  std::function<void()> on_stop;
  // Where requests and connections are counted (null: nowhere); must outlive the server.
  metrics::Registry* metrics = nullptr;
  // Route parameters whose path segments are never logged (written as "{name}").
  std::vector<std::string> secret_path_params;
};

class Server {
 public:
  Server(ServerOptions options, Router router);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds and listens; throws std::system_error with a clear message when it cannot.
  boost::asio::ip::tcp::endpoint listen();
  // Runs the thread pool (`threads` threads, the caller's included) until stop() (or SIGTERM/SIGINT
  // when handle_signals) completes. Calls listen() first when it has not been called.
  void run(bool handle_signals = true);
  // Thread-safe; may be called from any thread or a signal handler's completion.
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace lkm::http
