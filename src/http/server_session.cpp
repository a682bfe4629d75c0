// One connection of the server: the TLS handshake when there is one, then request after request
// until it closes, and the linger after a close. A request goes through four steps: read the head
// (raw checks, then Beast's parser), route it (framing, target, base path, router), read its body
// (under the route's limit) and dispatch it to its handler, whose response is written.
#include <sys/sendfile.h>
#include <sys/socket.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <exception>
#include <limits>
#include <optional>
#include <string_view>
#include <tuple>
#include <utility>
#include <variant>
#include <vector>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/ssl/stream_base.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/span_body.hpp>
#include <boost/beast/http/write.hpp>

#include "core/log.hpp"
#include "core/text.hpp"
#include "http/framing.hpp"
#include "http/https_redirect.hpp"
#include "http/response_head.hpp"
#include "http/server_impl.hpp"

namespace lkm::http {
namespace {

using namespace server_detail;  // NOLINT(google-build-using-namespace): this file's own types

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

// The ends of a request before its handler runs (see EarlyEnd).
EarlyEnd hang_up() {
  return {};
}
EarlyEnd early_answer(Response response) {
  EarlyEnd end;
  end.answer = std::move(response);
  return end;
}
EarlyEnd refusal(Response response) {
  EarlyEnd end = early_answer(std::move(response));
  end.close = true;
  return end;
}
EarlyEnd refusal(unsigned status) {
  return refusal(Response::text(status, std::string(reason(status))));
}

}  // namespace

// A failed read of the request: refused with the status it calls for, or left unanswered when
// the peer is gone.
EarlyEnd Server::Impl::refusal_or_hang_up(const error_code& ec) {
  if (const auto status = status_for_read_error(ec)) return refusal(*status);
  return hang_up();
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
    if (!ec && is_unspecified(options.host))
      peer.fallback_host = unmapped(local.address()).to_string();
    peer.certificate = current_tls_context();
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
                                                 Peer& peer, Role role) {
  Exchange exchange;
  exchange.remote = peer.remote;
  exchange.head_text = &peer.head_text;
  RequestParser parser;
  const std::optional<EarlyEnd> head_end = co_await read_head(stream, buffer, parser, exchange);
  if (head_end) co_return co_await end_early(stream, *head_end, parser, exchange);
  std::variant<Destination, EarlyEnd> routed = route(parser, peer, role, exchange);
  if (const EarlyEnd* route_end = std::get_if<EarlyEnd>(&routed)) {
    co_return co_await end_early(stream, *route_end, parser, exchange);
  }
  Destination& destination = std::get<Destination>(routed);
  const std::optional<EarlyEnd> body_end =
      co_await read_body(stream, buffer, parser, destination.resolution.max_body_bytes);
  if (body_end) co_return co_await end_early(stream, *body_end, parser, exchange);
  co_return co_await dispatch(stream, parser, std::move(destination), peer, exchange);
}

template <class Stream>
net::awaitable<std::optional<EarlyEnd>> Server::Impl::read_head(Stream& stream,
                                                                beast::flat_buffer& buffer,
                                                                RequestParser& parser,
                                                                Exchange& exchange) {
  // The whole header section first, so that its raw bytes can be checked before Beast reads them.
  const std::size_t limit = options.max_target_bytes + options.max_header_bytes + kRequestLineSlack;
  std::size_t scanned = 0;
  std::size_t end = std::string_view::npos;
  for (;;) {
    end = header_section_end(view(buffer), scanned);
    if (end != std::string_view::npos || buffer.size() >= limit) break;
    auto [read_ec, n] = co_await stream.async_read_some(buffer.prepare(kReadChunk), kToken);
    if (read_ec) co_return hang_up();
    buffer.commit(n);
  }
  const bool complete = end != std::string_view::npos;
  describe(view(buffer), options.max_target_bytes, exchange);
  if (const auto status =
          header_section_error(view(buffer).substr(0, complete ? end : limit), complete,
                               options.max_target_bytes, options.max_header_bytes)) {
    co_return refusal(*status);
  }

  parser.header_limit(clamp_u32(limit + 1));
  parser.body_limit(options.max_body_bytes);
  // The section is in the buffer: parse it in place, without a trip through the reactor. Should
  // the parser still want more (it never should), the asynchronous read takes over.
  error_code ec;
  const std::size_t parsed = parser.put(buffer.data(), ec);
  buffer.consume(parsed);
  if (ec == bhttp::error::need_more) {
    ec = {};
    if (!parser.is_header_done()) {
      auto [read_ec, header_bytes] =
          co_await bhttp::async_read_header(stream, buffer, parser, kToken);
      ec = read_ec;
    }
  }
  if (ec) co_return refusal_or_hang_up(ec);

  const RawRequest& raw = parser.get();
  exchange.version = raw.version();
  exchange.head = raw.method() == Method::head;
  exchange.keep_alive = raw.keep_alive();
  co_return std::nullopt;
}

std::variant<Destination, EarlyEnd> Server::Impl::route(const RequestParser& parser,
                                                        const Peer& peer, Role role,
                                                        Exchange& exchange) const {
  const RawRequest& raw = parser.get();
  const std::string_view target = raw.target();
  const std::size_t question = target.find('?');
  const std::string_view path = target.substr(0, question);
  const std::string_view query =
      question == std::string_view::npos ? std::string_view() : target.substr(question + 1);

  if (const auto error = framing_error(raw.base(), raw.version())) {
    return refusal(Response::text(400, std::string(*error)));
  }
  if (target.empty() || target.front() != '/') {
    return refusal(Response::text(400, "Bad request target"));
  }

  if (role == Role::redirect) {
    // No routes and no body here: everything goes to the same target over HTTPS.
    if (!parser.is_done()) return refusal(413);
    Response redirect = Response::empty(308);
    RedirectHosts hosts{options.public_host, {}, peer.fallback_host};
    if (peer.certificate) hosts.certificate_names = peer.certificate->certificate().names;
    redirect.header("Location", https_location(raw[bhttp::field::host], hosts, https_port, target));
    return early_answer(std::move(redirect));
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
      return early_answer(std::move(redirect));
    }
    if (!path.starts_with(base) || path[base.size()] != '/') {
      exchange.route = kRouteNotFound;
      return early_answer(Response::text(404, "Not found"));
    }
    route_path = path.substr(base.size());
  }

  Router::Resolution resolution = router.resolve(raw.method(), route_path);
  exchange.route = resolution.route;
  if (resolution.handler == nullptr) {
    exchange.route = resolution.allowed.empty() ? kRouteNotFound : kRouteMethodNotAllowed;
    if (resolution.allowed.empty()) return early_answer(Response::text(404, "Not found"));
    Response refused = Response::text(405, "Method not allowed");
    refused.header("Allow", join_methods(resolution.allowed));
    return early_answer(std::move(refused));
  }
  return Destination{std::move(resolution), route_path, query};
}

template <class Stream>
net::awaitable<std::optional<EarlyEnd>> Server::Impl::read_body(Stream& stream,
                                                                beast::flat_buffer& buffer,
                                                                RequestParser& parser,
                                                                std::size_t route_body_limit) {
  if (parser.is_done()) co_return std::nullopt;
  // The route decides how much body it takes (none, for most); refuse more before reading it.
  const std::size_t body_limit = std::min(route_body_limit, options.max_body_bytes);
  const auto length = parser.content_length();
  if (body_limit == 0 || (length && *length > body_limit)) co_return refusal(413);
  parser.body_limit(body_limit);
  const RawRequest& raw = parser.get();
  if (raw.version() >= 11 && ascii_iequals(raw[bhttp::field::expect], "100-continue")) {
    bhttp::response<bhttp::empty_body> proceed{bhttp::status::continue_, 11};
    lowest(stream).expires_after(options.write_timeout);
    auto [write_ec, written] = co_await bhttp::async_write(stream, proceed, kToken);
    if (write_ec) co_return hang_up();
  }
  std::optional<TrailerFilter> trailers;
  if (parser.chunked()) trailers.emplace(raw.base());
  lowest(stream).expires_after(options.body_timeout);
  auto [body_ec, body_bytes] = co_await bhttp::async_read(stream, buffer, parser, kToken);
  if (body_ec) co_return refusal_or_hang_up(body_ec);
  if (trailers) trailers->drop_trailer_fields(parser.get().base());
  co_return std::nullopt;
}

template <class Stream>
net::awaitable<bool> Server::Impl::dispatch(Stream& stream, const RequestParser& parser,
                                            Destination destination, const Peer& peer,
                                            Exchange& exchange) {
  const RawRequest& raw = parser.get();
  const std::string client =
      options.trusted_proxies.client_address(peer.remote, joined_field(raw, "X-Forwarded-For"));
  const bool secure = kIsTls<Stream> || options.trusted_proxies.forwarded_https(
                                            peer.remote, joined_field(raw, "X-Forwarded-Proto"));
  exchange.remote = client;
  const Router::Resolution& resolution = destination.resolution;
  const Request request(raw, destination.path, destination.query, client, resolution.params,
                        secure);
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
net::awaitable<bool> Server::Impl::end_early(Stream& stream, const EarlyEnd& end,
                                             const RequestParser& parser, Exchange& exchange) {
  if (!end.answer) co_return false;
  // An early answer leaves the body unread: the connection can only go on when there is none.
  exchange.keep_alive = !end.close && exchange.keep_alive && parser.is_done() && !stopping.load();
  const bool written = co_await reply(stream, *end.answer, exchange);
  const bool go_on = written && exchange.keep_alive;
  co_return go_on;
}

template <class Stream>
net::awaitable<bool> Server::Impl::reply(Stream& stream, const Response& response,
                                         const Exchange& exchange) {
  // HTTPS responses carry Strict-Transport-Security; plain HTTP ones never do.
  const DefaultHeaders& defaults = kIsTls<Stream> ? tls_headers : options.default_headers;
  std::string& head_text = *exchange.head_text;
  const Response* sent = &response;
  Response failed;
  ResponseHead head;
  head.version = exchange.version >= 11 ? 11 : 10;
  head.keep_alive = exchange.keep_alive;
  const auto length_of = [](const Response& answer) -> std::optional<std::size_t> {
    const bool bodyless = answer.status < 200 || answer.status == 204 || answer.status == 304;
    if (bodyless) return std::nullopt;
    return answer.payload().size();
  };
  head.content_length = length_of(response);
  head_text.clear();
  if (!append_response_head(head_text, response, defaults, head)) {
    reporter.handler_failed(exchange.method, exchange.path, exchange.route,
                            "a response field would split the response");
    failed = Response::text(500, "Internal server error");
    sent = &failed;
    head.keep_alive = false;
    head.content_length = length_of(failed);
    head_text.clear();
    if (!append_response_head(head_text, failed, defaults, head)) co_return false;
  }
  const std::string_view payload =
      exchange.head || !head.content_length ? std::string_view() : sent->payload();
  lowest(stream).expires_after(options.write_timeout);
  error_code ec;
  if constexpr (kIsTls<Stream>) {
    // Over beast::ssl_stream (Boost 1.81), a composed write of the two buffers ended after the
    // first one when the second was over 16 KiB (large-files.test.mjs shows it): a small body
    // joins the head in one buffer (one TLS record), a large one follows in a write of its own.
    constexpr std::size_t kOneRecord = std::size_t{16} * 1024;
    const bool joined = head_text.size() + payload.size() <= kOneRecord;
    if (joined) head_text.append(payload);
    std::tie(ec, std::ignore) = co_await net::async_write(stream, net::buffer(head_text), kToken);
    if (!ec && !joined && !payload.empty()) {
      std::tie(ec, std::ignore) =
          co_await net::async_write(stream, net::buffer(payload.data(), payload.size()), kToken);
    }
  } else if (sent->file && payload.size() >= kSendfileMin) {
    if (!co_await write_with_file(stream, head_text, *sent->file, payload)) {
      ec = net::error::broken_pipe;
    }
  } else {
    const std::array<net::const_buffer, 2> buffers{net::buffer(head_text),
                                                   net::buffer(payload.data(), payload.size())};
    std::tie(ec, std::ignore) = co_await net::async_write(stream, buffers, kToken);
  }
  reporter.request(exchange.method, exchange.path, exchange.remote, exchange.route, sent->status,
                   SteadyClock::now() - exchange.started);
  co_return !ec && head.keep_alive;
}

net::awaitable<bool> Server::Impl::write_with_file(beast::tcp_stream& stream,
                                                   std::string_view head_text, const OpenFile& file,
                                                   std::string_view payload) const {
  // The head from memory, the body handed to the kernel: no copy of it through user space.
  // MSG_MORE: the head waits for the file's first bytes, so they leave in one segment.
  const auto deadline = SteadyClock::now() + options.write_timeout;
  stream.expires_at(deadline);
  const ssize_t sent_now = ::send(stream.socket().native_handle(), head_text.data(),
                                  head_text.size(), MSG_MORE | MSG_NOSIGNAL | MSG_DONTWAIT);
  if (sent_now < 0 && errno != EAGAIN && errno != EINTR) co_return false;
  const std::size_t head_sent = sent_now > 0 ? static_cast<std::size_t>(sent_now) : 0;
  if (head_sent < head_text.size()) {
    auto [ec, n] = co_await net::async_write(stream, net::buffer(head_text) + head_sent, kToken);
    if (ec) co_return false;
  }
  const SendFile outcome = co_await send_file(stream, file, payload.size(), deadline);
  if (outcome != SendFile::unsupported) co_return outcome == SendFile::sent;
  // The file system cannot splice: the same bytes from memory.
  auto [ec, n] =
      co_await net::async_write(stream, net::buffer(payload.data(), payload.size()), kToken);
  co_return !ec;
}

net::awaitable<Server::Impl::SendFile> Server::Impl::send_file(
    beast::tcp_stream& stream, const OpenFile& file, std::size_t size,
    SteadyClock::time_point deadline) const {
  tcp::socket& socket = stream.socket();
  error_code ec;
  if (!socket.native_non_blocking()) socket.native_non_blocking(true, ec);
  if (ec) co_return SendFile::failed;
  off_t offset = 0;
  std::size_t left = size;
  while (left > 0) {
    const ssize_t sent = ::sendfile(socket.native_handle(), file.fd(), &offset, left);
    if (sent > 0) {
      left -= static_cast<std::size_t>(sent);
      continue;
    }
    if (sent == 0) co_return SendFile::failed;  // shorter than announced: end the connection
    if (errno == EINTR) continue;
    if (offset == 0 && (errno == EINVAL || errno == ENOSYS || errno == EOPNOTSUPP)) {
      co_return SendFile::unsupported;
    }
    if (errno != EAGAIN) co_return SendFile::failed;
    // No room in the socket: wait until there is, or until the deadline closes the connection.
    if (SteadyClock::now() >= deadline) co_return SendFile::failed;
    net::steady_timer timer(socket.get_executor());
    timer.expires_at(deadline);
    const auto waiting = std::make_shared<bool>(true);
    timer.async_wait([&socket, waiting](const error_code& timer_ec) {
      if (!timer_ec && *waiting) socket.cancel();
    });
    auto [wait_ec] = co_await socket.async_wait(tcp::socket::wait_write, kToken);
    *waiting = false;
    timer.cancel();
    if (wait_ec) co_return SendFile::failed;
  }
  co_return SendFile::sent;
}

// The two kinds of connection the accept loop starts.
template void Server::Impl::spawn_session(std::shared_ptr<server_detail::PlainConnection>, Role);
template void Server::Impl::spawn_session(std::shared_ptr<server_detail::TlsConnection>, Role);

}  // namespace lkm::http
