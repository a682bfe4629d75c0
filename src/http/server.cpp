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
#include <unordered_map>
#include <utility>
#include <vector>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
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

#include "core/log.hpp"
#include "core/text.hpp"
#include "http/framing.hpp"

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

struct Connection {
  explicit Connection(tcp::socket socket) : stream(std::move(socket)) {}
  beast::tcp_stream stream;
  bool idle =
      true;  // waiting for a request (or lingering); only touched on the connection's strand
};

// What the response and the log line need to know about the request being answered.
struct Exchange {
  std::string method = "-";
  std::string path = "-";
  unsigned version = 11;
  bool head = false;
  bool keep_alive = false;
  SteadyClock::time_point started = SteadyClock::now();
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

void log_request(const Exchange& exchange, unsigned status) {
  const double ms =
      std::chrono::duration<double, std::milli>(SteadyClock::now() - exchange.started).count();
  char duration[32];
  std::snprintf(duration, sizeof duration, " %u %.2fms", status, ms);
  std::string line;
  line.reserve(exchange.method.size() + exchange.path.size() + 24);
  line.append(exchange.method).append(" ").append(exchange.path).append(duration);
  log::info(line);
}

}  // namespace

struct Server::Impl {
  Impl(ServerOptions options_in, Router router_in)
      : options(std::move(options_in)),
        router(std::move(router_in)),
        threads(options.threads != 0 ? options.threads
                                     : std::max(1U, std::thread::hardware_concurrency())),
        control(net::make_strand(ioc)),
        acceptor(control),
        grace_timer(control),
        retry_timer(control) {}

  ~Impl() { destroying.store(true); }

  tcp::endpoint listen();
  void run(bool handle_signals);
  void stop();

  net::awaitable<void> accept_loop();
  net::awaitable<void> session(std::shared_ptr<Connection> connection);
  net::awaitable<bool> serve_request(Connection& connection, beast::flat_buffer& buffer,
                                     const std::string& remote);
  net::awaitable<bool> reply(beast::tcp_stream& stream, const Response& response,
                             const Exchange& exchange);
  net::awaitable<void> close_gracefully(Connection& connection) const;
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
  unsigned threads;
  std::mutex mutex;
  std::unordered_map<Connection*, std::shared_ptr<Connection>> connections;
  std::atomic<std::size_t> active{0};
  std::atomic<bool> stopping{false};
  std::atomic<bool> destroying{false};

  net::io_context ioc;
  net::strand<net::io_context::executor_type> control;  // acceptor, timers, signals
  tcp::acceptor acceptor;
  net::steady_timer grace_timer;
  net::steady_timer retry_timer;
  std::optional<net::signal_set> signals;
};

tcp::endpoint Server::Impl::listen() {
  const std::string where = options.host + ":" + std::to_string(options.port);
  error_code ec;
  tcp::endpoint endpoint(net::ip::make_address(options.host, ec), options.port);
  if (ec) {
    tcp::resolver resolver(ioc);
    const auto results =
        resolver.resolve(options.host, std::to_string(options.port), tcp::resolver::passive, ec);
    if (ec || results.empty()) throw std::system_error(ec, "cannot resolve " + where);
    endpoint = results.begin()->endpoint();
  }
  if (acceptor.is_open()) acceptor.close(ec);
  acceptor.open(endpoint.protocol(), ec);
  if (!ec) acceptor.set_option(net::socket_base::reuse_address(true), ec);
  if (!ec) acceptor.bind(endpoint, ec);
  if (!ec) acceptor.listen(net::socket_base::max_listen_connections, ec);
  if (ec) {
    error_code ignored;
    acceptor.close(ignored);
    throw std::system_error(ec, "cannot listen on " + where);
  }
  tcp::endpoint bound = acceptor.local_endpoint(ec);
  if (ec) throw std::system_error(ec, "cannot listen on " + where);
  return bound;
}

void Server::Impl::run(bool handle_signals) {
  if (!acceptor.is_open() && !stopping.load()) listen();
  if (handle_signals) {
    signals.emplace(control, SIGINT, SIGTERM);
    signals->async_wait([this](const error_code& ec, int /*signal*/) {
      if (!ec) stop();
    });
  }
  net::co_spawn(control, accept_loop(), [](const std::exception_ptr& error) {
    if (!error) return;
    try {
      std::rethrow_exception(error);
    } catch (const std::exception& e) {
      log::error(std::string("accept loop failed: ") + e.what());
    }
  });
  std::vector<std::thread> pool;
  pool.reserve(threads - 1);
  for (unsigned i = 1; i < threads; ++i) pool.emplace_back([this] { ioc.run(); });
  ioc.run();
  for (std::thread& thread : pool) thread.join();
}

void Server::Impl::stop() {
  if (stopping.exchange(true)) return;
  if (options.on_stop) options.on_stop();
  net::post(control, [this] {
    log::info("shutting down");
    error_code ignored;
    acceptor.close(ignored);
    retry_timer.cancel();
    if (signals) signals->cancel(ignored);
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
    net::post(connection->stream.get_executor(), [connection] {
      if (connection->idle) connection->stream.cancel();
    });
  }
}

void Server::Impl::connection_finished(Connection* connection) {
  {
    const std::lock_guard lock(mutex);
    connections.erase(connection);
  }
  if (active.fetch_sub(1) == 1 && stopping.load() && !destroying.load()) {
    net::post(control, [this] { grace_timer.cancel(); });
  }
}

net::awaitable<void> Server::Impl::accept_loop() {
  bool error_logged = false;
  while (!stopping.load() && acceptor.is_open()) {
    auto [ec, socket] = co_await acceptor.async_accept(net::make_strand(ioc), kToken);
    if (stopping.load() || ec == net::error::operation_aborted) break;
    if (ec) {
      // EMFILE, ENFILE, ENOBUFS...: log once per burst and back off instead of spinning.
      if (!error_logged) log::warn("accept failed: " + ec.message() + "; retrying");
      error_logged = true;
      retry_timer.expires_after(kAcceptRetry);
      co_await retry_timer.async_wait(kToken);
      continue;
    }
    error_logged = false;
    if (active.load() >= options.max_connections) {
      error_code ignored;
      socket.close(ignored);
      continue;
    }
    active.fetch_add(1);
    auto connection = std::make_shared<Connection>(tcp::socket(std::move(socket)));
    auto executor = connection->stream.get_executor();
    net::co_spawn(executor, session(std::move(connection)), [](const std::exception_ptr& error) {
      if (!error) return;
      try {
        std::rethrow_exception(error);
      } catch (const std::exception& e) {
        log::error(std::string("connection failed: ") + e.what());
      }
    });
  }
}

net::awaitable<void> Server::Impl::session(std::shared_ptr<Connection> connection) {
  const Registration registration(*this, connection);
  beast::tcp_stream& stream = connection->stream;
  error_code ec;
  stream.socket().set_option(tcp::no_delay(true), ec);
  const tcp::endpoint peer = stream.socket().remote_endpoint(ec);
  const std::string remote = ec ? std::string() : peer.address().to_string();

  // Bounded: the parser buffers a chunk header or a trailer whole, with no limit of its own.
  beast::flat_buffer buffer(options.max_target_bytes + options.max_header_bytes +
                            kRequestLineSlack + kReadChunk);
  bool first = true;
  bool close_after_response = false;
  for (;;) {
    connection->idle = true;
    if (stopping.load()) break;
    if (first) stream.expires_after(options.header_timeout);  // one deadline for the whole header
    if (buffer.size() == 0) {
      if (!first) stream.expires_after(options.idle_timeout);
      auto [read_ec, n] = co_await stream.async_read_some(buffer.prepare(kReadChunk), kToken);
      if (read_ec) break;
      buffer.commit(n);
    }
    connection->idle = false;
    if (!first) stream.expires_after(options.header_timeout);
    first = false;
    if (!co_await serve_request(*connection, buffer, remote)) {
      close_after_response = true;
      break;
    }
  }
  if (close_after_response) co_await close_gracefully(*connection);
  stream.socket().close(ec);
}

net::awaitable<void> Server::Impl::close_gracefully(Connection& connection) const {
  beast::tcp_stream& stream = connection.stream;
  error_code ec;
  stream.socket().shutdown(tcp::socket::shutdown_send, ec);
  if (ec || stopping.load()) co_return;
  connection.idle = true;
  stream.expires_after(kLingerTime);
  std::array<char, 4096> sink{};
  std::size_t drained = 0;
  while (drained < kLingerBytes) {
    auto [read_ec, n] = co_await stream.async_read_some(net::buffer(sink), kToken);
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

net::awaitable<bool> Server::Impl::serve_request(Connection& connection, beast::flat_buffer& buffer,
                                                 const std::string& remote) {
  beast::tcp_stream& stream = connection.stream;
  Exchange exchange;
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

  std::string_view route_path = path;
  const std::string& base = options.base_path;
  if (!base.empty()) {
    if (path == base) {
      std::string location = base + "/";
      if (question != std::string_view::npos) location.append("?").append(query);
      Response redirect = Response::empty(308);
      redirect.header("Location", std::move(location));
      co_return co_await early(std::move(redirect));
    }
    if (!path.starts_with(base) || path[base.size()] != '/') {
      co_return co_await early(Response::text(404, "Not found"));
    }
    route_path = path.substr(base.size());
  }

  const Router::Resolution resolution = router.resolve(raw.method(), route_path);
  if (resolution.handler == nullptr) {
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
      stream.expires_after(options.write_timeout);
      auto [write_ec, written] = co_await bhttp::async_write(stream, proceed, kToken);
      if (write_ec) co_return false;
    }
    std::optional<TrailerFilter> trailers;
    if (parser.chunked()) trailers.emplace(raw.base());
    stream.expires_after(options.body_timeout);
    auto [body_ec, body_bytes] = co_await bhttp::async_read(stream, buffer, parser, kToken);
    if (body_ec) {
      if (const auto status = status_for_read_error(body_ec)) co_return co_await refuse(*status);
      co_return false;
    }
    if (trailers) trailers->drop_trailer_fields(parser.get().base());
  }

  const std::string client =
      options.trusted_proxies.client_address(remote, joined_field(raw, "X-Forwarded-For"));
  const bool secure =
      options.trusted_proxies.forwarded_https(remote, joined_field(raw, "X-Forwarded-Proto"));
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
    log::error(std::string("handler for ")
                   .append(exchange.method)
                   .append(" ")
                   .append(exchange.path)
                   .append(" failed: ")
                   .append(failure));
    response = Response::text(500, "Internal server error");
  }
  exchange.keep_alive = exchange.keep_alive && !stopping.load();
  const bool written = co_await reply(stream, *response, exchange);
  const bool go_on = written && exchange.keep_alive;
  co_return go_on;
}

net::awaitable<bool> Server::Impl::reply(beast::tcp_stream& stream, const Response& response,
                                         const Exchange& exchange) {
  bhttp::response<bhttp::span_body<const char>> message;
  message.version(exchange.version >= 11 ? 11 : 10);
  message.result(response.status);
  message.set(bhttp::field::server, "livekit-meet");
  if (!response.content_type.empty())
    message.set(bhttp::field::content_type, response.content_type);
  for (const auto& [name, value] : options.default_headers) message.set(name, value);
  // The handler's headers replace a default of the same name; repeated names (Set-Cookie) stay.
  std::vector<std::string_view> replaced;
  for (const auto& header : response.headers) {
    const std::string_view name = header.first;
    auto same_name = [name](std::string_view other) { return ascii_iequals(other, name); };
    const bool is_default =
        std::any_of(options.default_headers.begin(), options.default_headers.end(),
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

  stream.expires_after(options.write_timeout);
  auto [ec, written] = co_await bhttp::async_write(stream, message, kToken);
  log_request(exchange, response.status);
  co_return !ec;
}

Server::Server(ServerOptions options, Router router)
    : impl_(std::make_unique<Impl>(std::move(options), std::move(router))) {}

Server::~Server() = default;

boost::asio::ip::tcp::endpoint Server::listen() {
  return impl_->listen();
}

void Server::run(bool handle_signals) {
  impl_->run(handle_signals);
}

void Server::stop() {
  impl_->stop();
}

}  // namespace lkm::http
