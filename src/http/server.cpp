#include "http/server.hpp"

#include <algorithm>
#include <array>
#include <cstdio>
#include <exception>
#include <limits>
#include <mutex>
#include <optional>
#include <string_view>
#include <system_error>
#include <thread>
#include <type_traits>
#include <unordered_map>
#include <utility>
#include <vector>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/ssl/stream_base.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/span_body.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>

#include "core/log.hpp"
#include "core/text.hpp"
#include "http/framing.hpp"
#include "http/https_redirect.hpp"
#include "http/request_report.hpp"
#include "http/tls.hpp"

namespace lkm::http {
namespace {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using tcp = net::ip::tcp;
using boost::system::error_code;
using SteadyClock = std::chrono::steady_clock;

constexpr auto kToken = net::as_tuple(net::use_awaitable);
constexpr std::size_t kReadChunk = std::size_t{16} * 1024;
constexpr std::size_t kRequestLineSlack = 64;  // method, spaces, version, CRLFs
constexpr std::chrono::milliseconds kAcceptRetry{100};
// After deciding to close, we half-close and drain what the peer still sends for a while, so that
// unread request bytes do not turn our last response into a TCP reset.
constexpr std::chrono::milliseconds kLingerTime{1000};
constexpr std::size_t kLingerBytes = std::size_t{256} * 1024;

using PlainStream = beast::tcp_stream;
using TlsStream = beast::ssl_stream<beast::tcp_stream>;
template <class Stream>
inline constexpr bool kIsTls = std::is_same_v<Stream, TlsStream>;

constexpr std::string_view kHsts = "max-age=31536000";

// What stop() needs of a connection, whatever its stream: the TCP layer, to cancel it.
struct Connection {
  beast::tcp_stream* tcp = nullptr;
  bool idle =
      true;  // waiting for a request (or lingering); only touched on the connection's strand
};

struct PlainConnection : Connection {
  explicit PlainConnection(tcp::socket socket) : stream(std::move(socket)) { tcp = &stream; }
  PlainStream stream;
};

struct TlsConnection : Connection {
  TlsConnection(tcp::socket socket, std::shared_ptr<TlsContext> context_in)
      : context(std::move(context_in)), stream(std::move(socket), context->native()) {
    tcp = &beast::get_lowest_layer(stream);
  }
  std::shared_ptr<TlsContext> context;  // the one this connection's handshake used; outlives it
  TlsStream stream;
};

// What a listener does with requests: serve the routes, or only redirect them to HTTPS.
enum class Role { serve, redirect };

// What serve_request knows of its connection.
struct Peer {
  std::string remote;         // the peer's address
  std::string fallback_host;  // redirect: the host to name when the Host header is unusable
};

// What the response and the log line need to know about the request being answered.
struct Exchange {
  std::string method = "-";
  std::string path = "-";
  unsigned version = 11;
  bool head = false;
  bool keep_alive = false;
  SteadyClock::time_point started = SteadyClock::now();
  std::string_view remote;            // the client's address, once known the peer's
  std::size_t route = kRouteInvalid;  // what answered (see request_report.hpp)
};

const boost::system::error_category& http_category() {
  return bhttp::make_error_code(bhttp::error::bad_target).category();
}

std::string_view view(const beast::flat_buffer& buffer) {
  return {static_cast<const char*>(buffer.data().data()), buffer.size()};
}

std::string_view reason(unsigned status) {
  return bhttp::obsolete_reason(static_cast<bhttp::status>(status));
}

beast::tcp_stream& lowest(PlainStream& stream) {
  return stream;
}
beast::tcp_stream& lowest(TlsStream& stream) {
  return beast::get_lowest_layer(stream);
}

bool is_unspecified(std::string_view host) {
  error_code ec;
  const auto address = net::ip::make_address(host, ec);
  return !ec && address.is_unspecified();
}

std::uint32_t clamp_u32(std::size_t value) {
  return static_cast<std::uint32_t>(
      std::min<std::size_t>(value, std::numeric_limits<std::uint32_t>::max()));
}

std::string join_methods(const std::vector<Method>& methods) {
  std::string out;
  for (const Method method : methods) {
    if (!out.empty()) out += ", ";
    out += bhttp::to_string(method);
  }
  return out;
}

// Method and path for the log line from a raw request line that the parser may yet refuse; only
// plain visible ASCII is taken, so that nothing odd reaches the log.
void describe(std::string_view head, std::size_t max_target, Exchange& exchange) {
  const std::string_view line = head.substr(0, head.find_first_of("\r\n"));
  const std::size_t first_space = line.find(' ');
  const std::size_t second_space = line.find(' ', first_space + 1);
  if (first_space == std::string_view::npos || second_space == std::string_view::npos) return;
  const std::string_view method = line.substr(0, first_space);
  const std::string_view target = line.substr(first_space + 1, second_space - first_space - 1);
  const std::string_view path = target.substr(0, target.find('?'));
  auto visible = [](std::string_view text) {
    return !text.empty() &&
           std::all_of(text.begin(), text.end(), [](char c) { return c > ' ' && c < 0x7f; });
  };
  if (method.size() > 32 || target.size() > max_target || !visible(method) || !visible(path))
    return;
  exchange.method = method;
  exchange.path = path;
  exchange.head = method == "HEAD";
}

}  // namespace

struct Server::Impl {
  Impl(ServerOptions options_in, Router router_in)
      : options(std::move(options_in)),
        router(std::move(router_in)),
        reporter(options.metrics, router, options.secret_path_params),
        threads(options.threads != 0 ? options.threads
                                     : std::max(1U, std::thread::hardware_concurrency())),
        tls_headers(with_hsts(options.default_headers)),
        tls_context(options.tls),
        control(net::make_strand(ioc)),
        acceptor(control),
        grace_timer(control),
        retry_timer(control),
        redirect_acceptor(control),
        redirect_retry_timer(control) {}

  ~Impl() { destroying.store(true); }

  static Headers with_hsts(Headers headers) {
    headers.emplace_back("Strict-Transport-Security", kHsts);
    return headers;
  }

  tcp::endpoint bind(tcp::acceptor& listener, std::uint16_t port);
  tcp::endpoint listen();
  void run(bool handle_signals);
  void stop();
  void wait_for_hangup();
  void reload_tls_now();
  void set_tls_context(std::shared_ptr<TlsContext> context);
  std::shared_ptr<TlsContext> current_tls_context();

  net::awaitable<void> accept_loop(tcp::acceptor& listener, net::steady_timer& retry, Role role);
  template <class Conn>
  void spawn_session(std::shared_ptr<Conn> connection, Role role);
  template <class Conn>
  net::awaitable<void> session(std::shared_ptr<Conn> connection, Role role);
  template <class Stream>
  net::awaitable<bool> serve_request(Stream& stream, beast::flat_buffer& buffer, const Peer& peer,
                                     Role role);
  template <class Stream>
  net::awaitable<bool> reply(Stream& stream, const Response& response, const Exchange& exchange);
  template <class Conn>
  net::awaitable<void> close_gracefully(Conn& connection) const;
  [[nodiscard]] static std::optional<unsigned> status_for_read_error(const error_code& ec);
  void connection_finished(Connection* connection);

  // Keeps the connection registered (for stop()) and counted for as long as its coroutine lives.
  struct Registration {
    Registration(Impl& impl_in, const std::shared_ptr<Connection>& connection_in)
        : impl(impl_in), connection(connection_in.get()) {
      const std::lock_guard lock(impl.mutex);
      impl.connections.emplace(connection, connection_in);
    }
    ~Registration() { impl.connection_finished(connection); }
    Registration(const Registration&) = delete;
    Registration& operator=(const Registration&) = delete;
    Impl& impl;
    Connection* connection;
  };

  // Declared before `ioc`: connection coroutines still queued when the io_context is destroyed
  // unregister themselves from these.
  ServerOptions options;
  Router router;
  RequestReporter reporter;
  unsigned threads;
  Headers tls_headers;  // default_headers and Strict-Transport-Security
  std::mutex mutex;
  std::unordered_map<Connection*, std::shared_ptr<Connection>> connections;
  std::atomic<std::size_t> active{0};
  std::atomic<bool> stopping{false};
  std::atomic<bool> destroying{false};
  std::mutex tls_mutex;
  std::shared_ptr<TlsContext> tls_context;  // for new handshakes
  std::uint16_t https_port = 0;             // the listener's bound port, for redirects
  std::optional<tcp::endpoint> redirect_bound;

  net::io_context ioc;
  net::strand<net::io_context::executor_type> control;  // acceptors, timers, signals
  tcp::acceptor acceptor;
  net::steady_timer grace_timer;
  net::steady_timer retry_timer;
  tcp::acceptor redirect_acceptor;
  net::steady_timer redirect_retry_timer;
  std::optional<net::signal_set> signals;
  std::optional<net::signal_set> hangups;
};

tcp::endpoint Server::Impl::bind(tcp::acceptor& listener, std::uint16_t port) {
  const std::string where = options.host + ":" + std::to_string(port);
  error_code ec;
  tcp::endpoint endpoint(net::ip::make_address(options.host, ec), port);
  if (ec) {
    tcp::resolver resolver(ioc);
    const auto results =
        resolver.resolve(options.host, std::to_string(port), tcp::resolver::passive, ec);
    if (ec || results.empty()) throw std::system_error(ec, "cannot resolve " + where);
    endpoint = results.begin()->endpoint();
  }
  if (listener.is_open()) listener.close(ec);
  listener.open(endpoint.protocol(), ec);
  if (!ec) listener.set_option(net::socket_base::reuse_address(true), ec);
  if (!ec) listener.bind(endpoint, ec);
  if (!ec) listener.listen(net::socket_base::max_listen_connections, ec);
  if (ec) {
    error_code ignored;
    listener.close(ignored);
    throw std::system_error(ec, "cannot listen on " + where);
  }
  tcp::endpoint bound = listener.local_endpoint(ec);
  if (ec) throw std::system_error(ec, "cannot listen on " + where);
  return bound;
}

tcp::endpoint Server::Impl::listen() {
  tcp::endpoint bound = bind(acceptor, options.port);
  https_port = bound.port();
  if (options.tls && options.redirect_port) {
    try {
      redirect_bound = bind(redirect_acceptor, *options.redirect_port);
    } catch (const std::system_error&) {
      error_code ignored;
      acceptor.close(ignored);
      throw;
    }
  }
  return bound;
}

void Server::Impl::run(bool handle_signals) {
  if (!acceptor.is_open() && !stopping.load()) listen();
  if (handle_signals) {
    signals.emplace(control, SIGINT, SIGTERM);
    signals->async_wait([this](const error_code& ec, int /*signal*/) {
      if (!ec) stop();
    });
    if (options.tls && options.reload_tls) {
      hangups.emplace(control, SIGHUP);
      wait_for_hangup();
    }
  }
  const auto log_failure = [](const std::exception_ptr& error) {
    if (!error) return;
    try {
      std::rethrow_exception(error);
    } catch (const std::exception& e) {
      log::error(std::string("accept loop failed: ") + e.what());
    }
  };
  net::co_spawn(control, accept_loop(acceptor, retry_timer, Role::serve), log_failure);
  if (redirect_acceptor.is_open()) {
    net::co_spawn(control, accept_loop(redirect_acceptor, redirect_retry_timer, Role::redirect),
                  log_failure);
  }
  std::vector<std::thread> pool;
  pool.reserve(threads - 1);
  for (unsigned i = 1; i < threads; ++i) pool.emplace_back([this] { ioc.run(); });
  ioc.run();
  for (std::thread& thread : pool) thread.join();
}

void Server::Impl::wait_for_hangup() {
  hangups->async_wait([this](const error_code& ec, int /*signal*/) {
    if (ec) return;
    reload_tls_now();
    wait_for_hangup();
  });
}

void Server::Impl::reload_tls_now() {
  if (!options.tls || !options.reload_tls || stopping.load()) return;
  if (auto next = options.reload_tls()) set_tls_context(std::move(next));
}

void Server::Impl::set_tls_context(std::shared_ptr<TlsContext> context) {
  const std::lock_guard lock(tls_mutex);
  tls_context = std::move(context);
}

std::shared_ptr<TlsContext> Server::Impl::current_tls_context() {
  const std::lock_guard lock(tls_mutex);
  return tls_context;
}

void Server::Impl::stop() {
  if (stopping.exchange(true)) return;
  if (options.on_stop) options.on_stop();
  net::post(control, [this] {
    log::info("shutting down");
    error_code ignored;
    acceptor.close(ignored);
    redirect_acceptor.close(ignored);
    retry_timer.cancel();
    redirect_retry_timer.cancel();
    if (signals) signals->cancel(ignored);
    if (hangups) hangups->cancel(ignored);
    grace_timer.expires_after(options.shutdown_grace);
    grace_timer.async_wait([this](const error_code& ec) {
      if (ec) return;
      log::warn("shutdown grace period elapsed; dropping remaining connections");
      ioc.stop();
    });
    if (active.load() == 0) grace_timer.cancel();
  });
  std::vector<std::shared_ptr<Connection>> snapshot;
  {
    const std::lock_guard lock(mutex);
    snapshot.reserve(connections.size());
    for (const auto& entry : connections) snapshot.push_back(entry.second);
  }
  for (const auto& connection : snapshot) {
    net::post(connection->tcp->get_executor(), [connection] {
      if (connection->idle) connection->tcp->cancel();
    });
  }
}

void Server::Impl::connection_finished(Connection* connection) {
  {
    const std::lock_guard lock(mutex);
    connections.erase(connection);
  }
  reporter.connection_closed();
  if (active.fetch_sub(1) == 1 && stopping.load() && !destroying.load()) {
    net::post(control, [this] { grace_timer.cancel(); });
  }
}

net::awaitable<void> Server::Impl::accept_loop(tcp::acceptor& listener, net::steady_timer& retry,
                                               Role role) {
  bool error_logged = false;
  while (!stopping.load() && listener.is_open()) {
    auto [ec, socket] = co_await listener.async_accept(net::make_strand(ioc), kToken);
    if (stopping.load() || ec == net::error::operation_aborted) break;
    if (ec) {
      // EMFILE, ENFILE, ENOBUFS...: log once per burst and back off instead of spinning.
      if (!error_logged) log::warn("accept failed: " + ec.message() + "; retrying");
      error_logged = true;
      retry.expires_after(kAcceptRetry);
      co_await retry.async_wait(kToken);
      continue;
    }
    error_logged = false;
    if (active.load() >= options.max_connections) {
      error_code ignored;
      socket.close(ignored);
      reporter.connection_refused();
      continue;
    }
    active.fetch_add(1);
    reporter.connection_opened();
    if (role == Role::serve && options.tls) {
      spawn_session(
          std::make_shared<TlsConnection>(tcp::socket(std::move(socket)), current_tls_context()),
          role);
    } else {
      spawn_session(std::make_shared<PlainConnection>(tcp::socket(std::move(socket))), role);
    }
  }
}

template <class Conn>
void Server::Impl::spawn_session(std::shared_ptr<Conn> connection, Role role) {
  auto executor = connection->tcp->get_executor();
  net::co_spawn(executor, session(std::move(connection), role),
                [](const std::exception_ptr& error) {
                  if (!error) return;
                  try {
                    std::rethrow_exception(error);
                  } catch (const std::exception& e) {
                    log::error(std::string("connection failed: ") + e.what());
                  }
                });
}

template <class Conn>
net::awaitable<void> Server::Impl::session(std::shared_ptr<Conn> connection, Role role) {
  using Stream = decltype(Conn::stream);
  const Registration registration(*this, connection);
  Stream& stream = connection->stream;
  beast::tcp_stream& tcp_layer = *connection->tcp;
  error_code ec;
  tcp_layer.socket().set_option(tcp::no_delay(true), ec);
  Peer peer;
  const tcp::endpoint remote = tcp_layer.socket().remote_endpoint(ec);
  if (!ec) peer.remote = remote.address().to_string();
  if (role == Role::redirect) {
    peer.fallback_host = options.host;
    const tcp::endpoint local = tcp_layer.socket().local_endpoint(ec);
    if (!ec && is_unspecified(options.host)) peer.fallback_host = local.address().to_string();
  }

  // One deadline for the TLS handshake and the whole first header.
  tcp_layer.expires_after(options.header_timeout);
  if constexpr (kIsTls<Stream>) {
    auto [handshake_ec] = co_await stream.async_handshake(net::ssl::stream_base::server, kToken);
    if (handshake_ec) {
      tcp_layer.socket().close(ec);
      co_return;
    }
  }

  // Bounded: the parser buffers a chunk header or a trailer whole, with no limit of its own.
  beast::flat_buffer buffer(options.max_target_bytes + options.max_header_bytes +
                            kRequestLineSlack + kReadChunk);
  bool first = true;
  bool close_after_response = false;
  for (;;) {
    connection->idle = true;
    if (stopping.load()) break;
    if (buffer.size() == 0) {
      if (!first) tcp_layer.expires_after(options.idle_timeout);
      auto [read_ec, n] = co_await stream.async_read_some(buffer.prepare(kReadChunk), kToken);
      if (read_ec) break;
      buffer.commit(n);
    }
    connection->idle = false;
    if (!first) tcp_layer.expires_after(options.header_timeout);
    first = false;
    if (!co_await serve_request(stream, buffer, peer, role)) {
      close_after_response = true;
      break;
    }
  }
  if (close_after_response) co_await close_gracefully(*connection);
  tcp_layer.socket().close(ec);
}

template <class Conn>
net::awaitable<void> Server::Impl::close_gracefully(Conn& connection) const {
  beast::tcp_stream& tcp_layer = *connection.tcp;
  if constexpr (kIsTls<decltype(Conn::stream)>) {
    if (!stopping.load()) {
      // close_notify, and the peer's in return, under the linger deadline.
      connection.idle = true;
      tcp_layer.expires_after(kLingerTime);
      auto [shutdown_ec] = co_await connection.stream.async_shutdown(kToken);
      if (!shutdown_ec) co_return;
    }
  }
  error_code ec;
  tcp_layer.socket().shutdown(tcp::socket::shutdown_send, ec);
  if (ec || stopping.load()) co_return;
  connection.idle = true;
  tcp_layer.expires_after(kLingerTime);
  std::array<char, 4096> sink{};
  std::size_t drained = 0;
  while (drained < kLingerBytes) {
    auto [read_ec, n] = co_await tcp_layer.async_read_some(net::buffer(sink), kToken);
    if (read_ec) break;
    drained += n;
  }
}

std::optional<unsigned> Server::Impl::status_for_read_error(const error_code& ec) {
  if (ec == bhttp::error::header_limit) return 431;
  if (ec == bhttp::error::body_limit) return 413;
  if (ec == bhttp::error::end_of_stream || ec == bhttp::error::partial_message) return std::nullopt;
  if (ec.category() == http_category()) return 400;
  return std::nullopt;  // timeout, reset, cancelled: nobody to answer
}

template <class Stream>
net::awaitable<bool> Server::Impl::serve_request(Stream& stream, beast::flat_buffer& buffer,
                                                 const Peer& peer, Role role) {
  Exchange exchange;
  exchange.remote = peer.remote;
  auto refuse = [&](unsigned status) -> net::awaitable<bool> {
    exchange.keep_alive = false;
    co_await reply(stream, Response::text(status, std::string(reason(status))), exchange);
    co_return false;
  };

  // The whole header section first, so that its raw bytes can be checked before Beast reads them.
  const std::size_t limit = options.max_target_bytes + options.max_header_bytes + kRequestLineSlack;
  std::size_t scanned = 0;
  std::size_t end = std::string_view::npos;
  for (;;) {
    end = header_section_end(view(buffer), scanned);
    if (end != std::string_view::npos || buffer.size() >= limit) break;
    auto [read_ec, n] = co_await stream.async_read_some(buffer.prepare(kReadChunk), kToken);
    if (read_ec) co_return false;
    buffer.commit(n);
  }
  const bool complete = end != std::string_view::npos;
  describe(view(buffer), options.max_target_bytes, exchange);
  if (const auto status =
          header_section_error(view(buffer).substr(0, complete ? end : limit), complete,
                               options.max_target_bytes, options.max_header_bytes)) {
    co_return co_await refuse(*status);
  }

  bhttp::request_parser<bhttp::string_body> parser;
  parser.header_limit(clamp_u32(limit + 1));
  parser.body_limit(options.max_body_bytes);
  auto [ec, header_bytes] = co_await bhttp::async_read_header(stream, buffer, parser, kToken);
  if (ec) {
    if (const auto status = status_for_read_error(ec)) co_return co_await refuse(*status);
    co_return false;
  }

  const RawRequest& raw = parser.get();
  exchange.version = raw.version();
  exchange.head = raw.method() == Method::head;
  exchange.keep_alive = raw.keep_alive();
  // An early answer leaves the body unread: the connection can only go on when there is none.
  auto early = [&](Response response) -> net::awaitable<bool> {
    exchange.keep_alive = exchange.keep_alive && parser.is_done() && !stopping.load();
    const bool written = co_await reply(stream, response, exchange);
    const bool go_on = written && exchange.keep_alive;
    co_return go_on;
  };

  const std::string_view target = raw.target();
  const std::size_t question = target.find('?');
  const std::string_view path = target.substr(0, question);
  const std::string_view query =
      question == std::string_view::npos ? std::string_view() : target.substr(question + 1);

  if (const auto error = framing_error(raw.base(), raw.version())) {
    exchange.keep_alive = false;
    co_return co_await early(Response::text(400, std::string(*error)));
  }
  if (target.empty() || target.front() != '/') {
    exchange.keep_alive = false;
    co_return co_await early(Response::text(400, "Bad request target"));
  }

  if (role == Role::redirect) {
    // No routes and no body here: everything goes to the same target over HTTPS.
    if (!parser.is_done()) co_return co_await refuse(413);
    Response redirect = Response::empty(308);
    redirect.header("Location", https_location(raw[bhttp::field::host], peer.fallback_host,
                                               https_port, target));
    co_return co_await early(std::move(redirect));
  }

  std::string_view route_path = path;
  const std::string& base = options.base_path;
  if (!base.empty()) {
    if (path == base) {
      std::string location = base + "/";
      if (question != std::string_view::npos) location.append("?").append(query);
      Response redirect = Response::empty(308);
      redirect.header("Location", std::move(location));
      exchange.route = kRouteRedirect;
      co_return co_await early(std::move(redirect));
    }
    if (!path.starts_with(base) || path[base.size()] != '/') {
      exchange.route = kRouteNotFound;
      co_return co_await early(Response::text(404, "Not found"));
    }
    route_path = path.substr(base.size());
  }

  const Router::Resolution resolution = router.resolve(raw.method(), route_path);
  exchange.route = resolution.route;
  if (resolution.handler == nullptr) {
    exchange.route = resolution.allowed.empty() ? kRouteNotFound : kRouteMethodNotAllowed;
    if (resolution.allowed.empty()) co_return co_await early(Response::text(404, "Not found"));
    Response refused = Response::text(405, "Method not allowed");
    refused.header("Allow", join_methods(resolution.allowed));
    co_return co_await early(std::move(refused));
  }

  if (!parser.is_done()) {
    // The route decides how much body it takes (none, for most); refuse more before reading it.
    const std::size_t body_limit = std::min(resolution.max_body_bytes, options.max_body_bytes);
    const auto length = parser.content_length();
    if (body_limit == 0 || (length && *length > body_limit)) co_return co_await refuse(413);
    parser.body_limit(body_limit);
    if (raw.version() >= 11 && ascii_iequals(raw[bhttp::field::expect], "100-continue")) {
      bhttp::response<bhttp::empty_body> proceed{bhttp::status::continue_, 11};
      lowest(stream).expires_after(options.write_timeout);
      auto [write_ec, written] = co_await bhttp::async_write(stream, proceed, kToken);
      if (write_ec) co_return false;
    }
    std::optional<TrailerFilter> trailers;
    if (parser.chunked()) trailers.emplace(raw.base());
    lowest(stream).expires_after(options.body_timeout);
    auto [body_ec, body_bytes] = co_await bhttp::async_read(stream, buffer, parser, kToken);
    if (body_ec) {
      if (const auto status = status_for_read_error(body_ec)) co_return co_await refuse(*status);
      co_return false;
    }
    if (trailers) trailers->drop_trailer_fields(parser.get().base());
  }

  const std::string client =
      options.trusted_proxies.client_address(peer.remote, joined_field(raw, "X-Forwarded-For"));
  const bool secure = kIsTls<Stream> || options.trusted_proxies.forwarded_https(
                                            peer.remote, joined_field(raw, "X-Forwarded-Proto"));
  exchange.remote = client;
  const Request request(parser.get(), route_path, query, client, resolution.params, secure);
  std::optional<Response> response;
  std::string failure;
  try {
    response = co_await (*resolution.handler)(request);
  } catch (const std::exception& e) {
    failure = e.what();
  } catch (...) {
    failure = "unknown exception";
  }
  if (!response) {
    reporter.handler_failed(exchange.method, exchange.path, exchange.route, failure);
    response = Response::text(500, "Internal server error");
  }
  exchange.keep_alive = exchange.keep_alive && !stopping.load();
  const bool written = co_await reply(stream, *response, exchange);
  const bool go_on = written && exchange.keep_alive;
  co_return go_on;
}

template <class Stream>
net::awaitable<bool> Server::Impl::reply(Stream& stream, const Response& response,
                                         const Exchange& exchange) {
  // HTTPS responses carry Strict-Transport-Security; plain HTTP ones never do.
  const Headers& defaults = kIsTls<Stream> ? tls_headers : options.default_headers;
  bhttp::response<bhttp::span_body<const char>> message;
  message.version(exchange.version >= 11 ? 11 : 10);
  message.result(response.status);
  message.set(bhttp::field::server, "livekit-meet");
  if (!response.content_type.empty())
    message.set(bhttp::field::content_type, response.content_type);
  for (const auto& [name, value] : defaults) message.set(name, value);
  // The handler's headers replace a default of the same name; repeated names (Set-Cookie) stay.
  std::vector<std::string_view> replaced;
  for (const auto& header : response.headers) {
    const std::string_view name = header.first;
    auto same_name = [name](std::string_view other) { return ascii_iequals(other, name); };
    const bool is_default =
        std::any_of(defaults.begin(), defaults.end(),
                    [&](const auto& default_header) { return same_name(default_header.first); });
    if (is_default && std::none_of(replaced.begin(), replaced.end(), same_name)) {
      message.erase(name);
      replaced.push_back(name);
    }
    message.insert(name, header.second);
  }
  const std::string_view payload = response.payload();
  const bool bodyless = response.status < 200 || response.status == 204 || response.status == 304;
  if (!bodyless) {
    message.content_length(payload.size());
    if (!exchange.head) message.body() = beast::span<const char>(payload.data(), payload.size());
  }
  message.keep_alive(exchange.keep_alive);

  lowest(stream).expires_after(options.write_timeout);
  auto [ec, written] = co_await bhttp::async_write(stream, message, kToken);
  reporter.request(exchange.method, exchange.path, exchange.remote, exchange.route, response.status,
                   SteadyClock::now() - exchange.started);
  co_return !ec;
}

Server::Server(ServerOptions options, Router router)
    : impl_(std::make_unique<Impl>(std::move(options), std::move(router))) {}

Server::~Server() = default;

boost::asio::ip::tcp::endpoint Server::listen() {
  return impl_->listen();
}

std::optional<boost::asio::ip::tcp::endpoint> Server::redirect_endpoint() const {
  return impl_->redirect_bound;
}

void Server::run(bool handle_signals) {
  impl_->run(handle_signals);
}

void Server::stop() {
  impl_->stop();
}

void Server::set_tls_context(std::shared_ptr<TlsContext> context) {
  impl_->set_tls_context(std::move(context));
}

void Server::reload_tls() {
  net::post(impl_->control, [impl = impl_.get()] { impl->reload_tls_now(); });
}

}  // namespace lkm::http
