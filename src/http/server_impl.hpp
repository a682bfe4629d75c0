#pragma once
// Server::Impl and what its two halves share, private to src/http: server.cpp runs the listeners
// (bind, accept, signals, stop, the TLS context for new handshakes), server_session.cpp serves one
// connection (handshake; per request: read the head, route, read the body, dispatch; linger).
#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <type_traits>
#include <unordered_map>
#include <utility>
#include <variant>
#include <vector>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>

#include "http/connection_limits.hpp"
#include "http/message.hpp"
#include "http/request_report.hpp"
#include "http/response_head.hpp"
#include "http/router.hpp"
#include "http/server.hpp"
#include "http/tls.hpp"

namespace lkm::http::server_detail {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using tcp = net::ip::tcp;
using boost::system::error_code;
using SteadyClock = std::chrono::steady_clock;

inline constexpr auto kToken = net::as_tuple(net::use_awaitable);
inline constexpr std::size_t kReadChunk = std::size_t{16} * 1024;
inline constexpr std::size_t kRequestLineSlack = 64;  // method, spaces, version, CRLFs
// After deciding to close, we half-close and drain what the peer still sends for a while, so that
// unread request bytes do not turn our last response into a TCP reset.
inline constexpr std::chrono::milliseconds kLingerTime{1000};
inline constexpr std::size_t kLingerBytes = std::size_t{256} * 1024;

using PlainStream = beast::tcp_stream;
using TlsStream = beast::ssl_stream<beast::tcp_stream>;
template <class Stream>
inline constexpr bool kIsTls = std::is_same_v<Stream, TlsStream>;

inline constexpr std::string_view kHsts = "max-age=31536000";
// Bodies from a file this large or larger go out with sendfile on plain connections.
inline constexpr std::size_t kSendfileMin = std::size_t{16} * 1024;

// What stop() needs of a connection, whatever its stream: the TCP layer, to cancel it.
struct Connection {
  beast::tcp_stream* tcp = nullptr;
  bool idle = true;  // waiting for a request (or lingering); only touched on the connection's loop
  // The client this connection counts against in Impl::per_client; set before the session runs.
  std::optional<net::ip::address> counted_client;
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
  std::string fallback_host;  // redirect: the listen address (see RedirectHosts::listen_host)
  std::shared_ptr<TlsContext> certificate;  // redirect: whose names are this server's
  std::string head_text;  // the response head being written, kept for its capacity
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
  std::string* head_text = nullptr;   // the connection's buffer for the response head
};

using RequestParser = bhttp::request_parser<bhttp::string_body>;

// How a request ends before its handler runs. `answer`: what to send, none when the connection
// failed or the peer left (nobody to answer). After an answer the connection goes on only when
// `close` is false, the request asked to keep it, no body is left unread and the server is not
// stopping; a refusal closes it whatever the request asked.
struct EarlyEnd {
  std::optional<Response> answer;
  bool close = false;
};

// Where routing sent a request: the matched route and the parts of the target it is given.
struct Destination {
  Router::Resolution resolution;
  std::string_view path;  // the route path: the target's path below the base path
  std::string_view query;
};

}  // namespace lkm::http::server_detail

namespace lkm::http {

// The names the two halves of the server use, in this private header only.
namespace net = server_detail::net;
namespace beast = server_detail::beast;
namespace bhttp = server_detail::bhttp;
using server_detail::Connection;
using server_detail::Destination;
using server_detail::EarlyEnd;
using server_detail::error_code;
using server_detail::Exchange;
using server_detail::Peer;
using server_detail::RequestParser;
using server_detail::Role;
using server_detail::SteadyClock;
using server_detail::tcp;

struct Server::Impl {
  Impl(ServerOptions options_in, Router router_in)
      : options(std::move(options_in)),
        router(std::move(router_in)),
        reporter(options.metrics, router, options.secret_path_params),
        threads(options.threads != 0 ? options.threads
                                     : std::max(1U, std::thread::hardware_concurrency())),
        tls_headers(with_hsts(options.default_headers)),
        per_client(options.max_connections_per_client),
        refusals(options.max_connections, options.max_connections_per_client),
        tls_context(options.tls),
        loops(make_loops(threads)),
        control_loop(make_loops(1)),
        control(net::make_strand(*control_loop.front())),
        acceptor(control),
        grace_timer(control),
        retry_timer(control),
        redirect_acceptor(control),
        redirect_retry_timer(control),
        refusal_timer(control) {
    if (!valid_defaults(options.default_headers)) {
      throw std::invalid_argument("a default response field is not a valid header field");
    }
  }

  ~Impl() { destroying.store(true); }

  // One event loop per thread, each run by its own thread only: a connection lives on one loop,
  // so its handlers need no strand; a handler that blocks holds up the other connections of its
  // loop (as it held up a thread of the pool before).
  static std::vector<std::unique_ptr<net::io_context>> make_loops(unsigned count) {
    std::vector<std::unique_ptr<net::io_context>> made;
    made.reserve(count);
    for (unsigned i = 0; i < count; ++i) {
      made.push_back(std::make_unique<net::io_context>(1));
      // Asio makes a loop's reactor (three descriptors) with its first socket: make it now, so
      // that running out of descriptors later cannot fail there, mid-accept.
      const tcp::socket reactor_now(*made.back());
    }
    return made;
  }

  static DefaultHeaders with_hsts(DefaultHeaders headers) {
    headers.every.emplace_back("Strict-Transport-Security", server_detail::kHsts);
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
  // Whether a connection from `peer` may be served; counts it against its client when so, and
  // counts and logs the refusal when not. On the control strand.
  bool admit(const tcp::endpoint& peer, std::optional<net::ip::address>& counted_client);
  void refused(metrics::Refusal reason, const net::ip::address& client);
  void write_refusals();
  template <class Conn>
  void spawn_session(std::shared_ptr<Conn> connection, Role role);
  template <class Conn>
  net::awaitable<void> session(std::shared_ptr<Conn> connection, Role role);
  // One request, in four steps: read_head, route, read_body, dispatch. The first three return the
  // request's end when it cannot go on to the next step (nullopt: go on), which end_early answers.
  // Whether the connection goes on to another request.
  template <class Stream>
  net::awaitable<bool> serve_request(Stream& stream, beast::flat_buffer& buffer, Peer& peer,
                                     Role role);
  // The header section, read whole under the size limits and checked raw (414, 431, 400), then
  // parsed into `parser` (400); `exchange` learns the request's method, path and version.
  template <class Stream>
  net::awaitable<std::optional<EarlyEnd>> read_head(Stream& stream, beast::flat_buffer& buffer,
                                                    RequestParser& parser, Exchange& exchange);
  // The framing and target checks (400), the redirect listener's answer, the base path (308, 404)
  // and the router (404, 405): the request's destination, or its end.
  [[nodiscard]] std::variant<Destination, EarlyEnd> route(const RequestParser& parser,
                                                          const Peer& peer, Role role,
                                                          Exchange& exchange) const;
  // The body, when there is one, under the smaller of the route's and the server's body limits
  // (413), after a 100 Continue when the client waits for one.
  template <class Stream>
  net::awaitable<std::optional<EarlyEnd>> read_body(Stream& stream, beast::flat_buffer& buffer,
                                                    RequestParser& parser,
                                                    std::size_t route_body_limit);
  // The destination's handler called (500 when it throws) and its response written.
  template <class Stream>
  net::awaitable<bool> dispatch(Stream& stream, const RequestParser& parser,
                                Destination destination, const Peer& peer, Exchange& exchange);
  // Writes the answer of a request that ended before its handler ran, if it has one.
  template <class Stream>
  net::awaitable<bool> end_early(Stream& stream, const EarlyEnd& end, const RequestParser& parser,
                                 Exchange& exchange);
  template <class Stream>
  net::awaitable<bool> reply(Stream& stream, const Response& response, const Exchange& exchange);
  // A plain response whose body is `file` (the same bytes as `payload`): the head, then the file
  // with sendfile(2), or `payload` from memory where the file cannot be spliced; all within the
  // write timeout. False when the connection failed or timed out.
  net::awaitable<bool> write_with_file(beast::tcp_stream& stream, std::string_view head_text,
                                       const OpenFile& file, std::string_view payload) const;
  // Sends `size` bytes of `file` from its start with sendfile(2), waiting for room in the socket
  // until `deadline`. `failed`: the connection failed, timed out, or the file came up short;
  // `unsupported`: sendfile refused this file before sending anything.
  enum class SendFile { sent, failed, unsupported };
  net::awaitable<SendFile> send_file(beast::tcp_stream& stream, const OpenFile& file,
                                     std::size_t size, SteadyClock::time_point deadline) const;
  template <class Conn>
  net::awaitable<void> close_gracefully(Conn& connection) const;
  [[nodiscard]] static std::optional<unsigned> status_for_read_error(const error_code& ec);
  [[nodiscard]] static EarlyEnd refusal_or_hang_up(const error_code& ec);
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

  // Declared before `loops`: connection coroutines still queued when the loops are destroyed
  // unregister themselves from these.
  ServerOptions options;
  Router router;
  RequestReporter reporter;
  unsigned threads;
  DefaultHeaders tls_headers;  // default_headers and Strict-Transport-Security
  std::mutex mutex;
  std::unordered_map<Connection*, std::shared_ptr<Connection>> connections;
  std::atomic<std::size_t> active{0};
  ConnectionsPerClient per_client;
  RefusalLog refusals;                // the control strand's
  bool refusal_line_waiting = false;  // refusal_timer is set (the control strand's)
  std::atomic<bool> stopping{false};
  std::atomic<bool> destroying{false};
  std::mutex tls_mutex;
  std::shared_ptr<TlsContext> tls_context;  // for new handshakes
  std::uint16_t https_port = 0;             // the listener's bound port, for redirects
  std::optional<tcp::endpoint> redirect_bound;

  std::vector<std::unique_ptr<net::io_context>> loops;  // the connections'
  // The acceptors, signals and shutdown timers, on a loop of their own (run by the thread that
  // calls run()): a handler that blocks its loop (a store call, hashing a passcode) never holds
  // up accepting or stopping.
  std::vector<std::unique_ptr<net::io_context>> control_loop;
  // Keep every loop running while the server serves; released once the last connection is done.
  std::vector<net::executor_work_guard<net::io_context::executor_type>> keep_running;
  std::size_t next_loop = 0;  // round robin of accepted connections (the control strand's)
  net::strand<net::io_context::executor_type> control;
  tcp::acceptor acceptor;
  net::steady_timer grace_timer;
  net::steady_timer retry_timer;
  tcp::acceptor redirect_acceptor;
  net::steady_timer redirect_retry_timer;
  net::steady_timer refusal_timer;  // when the next line about refused connections is due
  std::optional<net::signal_set> signals;
  std::optional<net::signal_set> hangups;
};

}  // namespace lkm::http
