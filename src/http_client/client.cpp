#include "http_client/client.hpp"

#include <algorithm>
#include <charconv>
#include <optional>
#include <tuple>
#include <utility>
#include <variant>

#include <openssl/ssl.h>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/error.hpp>
#include <boost/asio/ssl/host_name_verification.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>

namespace lkm::http {
namespace {

namespace net = boost::asio;
namespace ssl = boost::asio::ssl;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using tcp = net::ip::tcp;
using boost::system::error_code;

constexpr auto kToken = net::as_tuple(net::use_awaitable);
constexpr std::size_t kMaxBuffered = std::size_t{64} * 1024;

ClientError make_error(ClientErrorCode code, std::string message) {
  return ClientError{code, std::move(message)};
}

bool is_timeout(const error_code& ec) {
  return ec == beast::error::timeout || ec == net::error::timed_out;
}

// Write + read on a connected (and, for TLS, handshaken) stream.
template <class Stream>
net::awaitable<Result<ClientResponse, ClientError>> exchange(
    Stream& stream, const bhttp::request<bhttp::string_body>& request,
    const ClientOptions& options) {
  auto [write_error, written] = co_await bhttp::async_write(stream, request, kToken);
  (void)written;
  if (write_error) {
    co_return fail(
        make_error(is_timeout(write_error) ? ClientErrorCode::timeout : ClientErrorCode::protocol,
                   "sending the request: " + write_error.message()));
  }
  // Bounded below Beast's 64 KiB limit on one field, which it enforces by throwing from inside the
  // read: the parser buffers a chunk header or the trailer section whole, with no limit of its own.
  beast::flat_buffer buffer(std::min<std::size_t>(options.header_limit, kMaxBuffered));
  bhttp::response_parser<bhttp::string_body> parser;
  parser.body_limit(options.body_limit);
  parser.header_limit(options.header_limit);
  auto [read_error, read] = co_await bhttp::async_read(stream, buffer, parser, kToken);
  (void)read;
  // A TLS peer that closes without close_notify after a complete message is harmless.
  if (read_error && !(read_error == ssl::error::stream_truncated && parser.is_done())) {
    if (is_timeout(read_error))
      co_return fail(make_error(ClientErrorCode::timeout, "waiting for the response timed out"));
    if (read_error == bhttp::error::body_limit)
      co_return fail(
          make_error(ClientErrorCode::too_large,
                     "response body over " + std::to_string(options.body_limit) + " bytes"));
    if (read_error == bhttp::error::header_limit)
      co_return fail(make_error(ClientErrorCode::too_large, "response header too large"));
    co_return fail(
        make_error(ClientErrorCode::protocol, "reading the response: " + read_error.message()));
  }
  auto response = parser.release();
  ClientResponse out;
  out.status = response.result_int();
  out.content_type = std::string(response[bhttp::field::content_type]);
  out.body = std::move(response.body());
  co_return out;
}

bool is_ip_literal(const std::string& host) {
  error_code ec;
  (void)net::ip::make_address(host, ec);
  return !ec;
}

}  // namespace

std::string_view to_string(ClientErrorCode code) noexcept {
  switch (code) {
    case ClientErrorCode::connect_failed: return "connect_failed";
    case ClientErrorCode::timeout: return "timeout";
    case ClientErrorCode::tls_failed: return "tls_failed";
    case ClientErrorCode::protocol: return "protocol";
    case ClientErrorCode::too_large: return "too_large";
  }
  return "unknown";
}

Result<ParsedUrl, std::string> parse_url(std::string_view url) {
  ParsedUrl out;
  std::string_view rest;
  if (url.starts_with("https://")) {
    out.tls = true;
    rest = url.substr(8);
  } else if (url.starts_with("http://")) {
    rest = url.substr(7);
  } else {
    return fail(std::string("URL must start with http:// or https://"));
  }
  if (rest.find_first_of("?#") != std::string_view::npos)
    return fail(std::string("URL must not have a query or fragment"));
  const std::size_t slash = rest.find('/');
  std::string_view authority = rest.substr(0, slash);
  std::string_view path = slash == std::string_view::npos ? std::string_view{} : rest.substr(slash);
  if (authority.find('@') != std::string_view::npos)
    return fail(std::string("URL must not have user info"));
  std::string_view port_text;
  if (authority.starts_with("[")) {
    const std::size_t close = authority.find(']');
    if (close == std::string_view::npos) return fail(std::string("URL has a bad IPv6 host"));
    out.host = std::string(authority.substr(1, close - 1));
    const std::string_view after = authority.substr(close + 1);
    if (!after.empty()) {
      if (!after.starts_with(":")) return fail(std::string("URL has a bad IPv6 host"));
      port_text = after.substr(1);
      if (port_text.empty()) return fail(std::string("URL has an empty port"));
    }
  } else {
    const std::size_t colon = authority.find(':');
    out.host = std::string(authority.substr(0, colon));
    if (colon != std::string_view::npos) {
      port_text = authority.substr(colon + 1);
      if (port_text.empty()) return fail(std::string("URL has an empty port"));
    }
  }
  if (out.host.empty()) return fail(std::string("URL has no host"));
  if (!std::all_of(out.host.begin(), out.host.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
               c == '.' || c == '-' || c == ':' || c == '_';
      }))
    return fail(std::string("URL host has characters outside [A-Za-z0-9.-_:]"));
  out.port = out.tls ? 443 : 80;
  if (!port_text.empty()) {
    unsigned port = 0;
    const auto [end, ec] =
        std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
    if (ec != std::errc() || end != port_text.data() + port_text.size() || port == 0 ||
        port > 65535)
      return fail(std::string("URL has a bad port"));
    out.port = static_cast<std::uint16_t>(port);
  }
  while (path.ends_with("/")) path.remove_suffix(1);
  out.path_prefix = std::string(path);
  return out;
}

Result<UrlTarget, std::string> parse_url_target(std::string_view url) {
  if (url.find('#') != std::string_view::npos) {
    return fail(std::string("URL must not have a fragment"));
  }
  const std::size_t scheme_end = url.find("://");
  const std::size_t target_start =
      scheme_end == std::string_view::npos ? url.size() : url.find_first_of("/?", scheme_end + 3);
  const std::string_view origin_text = url.substr(0, target_start);
  std::string_view target =
      target_start == std::string_view::npos ? std::string_view{} : url.substr(target_start);
  auto origin = parse_url(origin_text);
  if (!origin) return fail(std::move(origin).error());
  // A request target of visible ASCII: no spaces or control characters to split the request line.
  if (!std::all_of(target.begin(), target.end(), [](char c) { return c > 0x20 && c < 0x7f; })) {
    return fail(std::string("URL has characters that are not allowed in a request target"));
  }
  std::string target_text =
      target.starts_with("/") ? std::string(target) : "/" + std::string(target);
  return UrlTarget{std::move(origin).value(), std::move(target_text)};
}

struct Client::Impl {
  explicit Impl(ClientOptions options_in)
      : options(std::move(options_in)), tls(ssl::context::tls_client) {
    tls.set_default_verify_paths();
    if (!options.extra_ca_file.empty()) tls.load_verify_file(options.extra_ca_file);
    tls.set_verify_mode(ssl::verify_peer);
    tls.set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 |
                    ssl::context::no_sslv3 | ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1);
  }
  ClientOptions options;
  ssl::context tls;
};

Client::Client(ClientOptions options) : impl_(std::make_unique<Impl>(std::move(options))) {}
Client::~Client() = default;
Client::Client(Client&&) noexcept = default;
Client& Client::operator=(Client&&) noexcept = default;

net::awaitable<Result<ClientResponse, ClientError>> Client::post(
    const ParsedUrl& origin, std::string_view path, std::string body, Headers headers,
    std::chrono::steady_clock::time_point deadline) const {
  co_return co_await send(true, origin, path, std::move(body), std::move(headers), deadline);
}

net::awaitable<Result<ClientResponse, ClientError>> Client::get(
    const ParsedUrl& origin, std::string_view target, Headers headers,
    std::chrono::steady_clock::time_point deadline) const {
  co_return co_await send(false, origin, target, std::string(), std::move(headers), deadline);
}

net::awaitable<Result<ClientResponse, ClientError>> Client::send(
    bool post, const ParsedUrl& origin, std::string_view path, std::string body, Headers headers,
    std::chrono::steady_clock::time_point deadline) const {
  using namespace boost::asio::experimental::
      awaitable_operators;  // NOLINT(google-build-using-namespace)
  const auto executor = co_await net::this_coro::executor;
  if (std::chrono::steady_clock::now() >= deadline)
    co_return fail(make_error(ClientErrorCode::timeout, "deadline passed before the request"));

  bhttp::request<bhttp::string_body> request{post ? bhttp::verb::post : bhttp::verb::get,
                                             origin.path_prefix + std::string(path), 11};
  const bool default_port = origin.port == (origin.tls ? 443 : 80);
  std::string host_header =
      origin.host.find(':') != std::string::npos ? "[" + origin.host + "]" : origin.host;
  if (!default_port) host_header += ":" + std::to_string(origin.port);
  request.set(bhttp::field::host, host_header);
  request.set(bhttp::field::user_agent, "livekit-meet");
  request.set(bhttp::field::connection, "close");
  for (auto& [name, value] : headers) request.set(name, value);
  if (post) {
    request.body() = std::move(body);
    request.prepare_payload();
  }

  // Resolve, raced against the deadline (the resolver has no timeout of its own).
  tcp::resolver resolver(executor);
  net::steady_timer timer(executor);
  timer.expires_at(deadline);
  auto resolved =
      co_await (resolver.async_resolve(origin.host, std::to_string(origin.port), kToken) ||
                timer.async_wait(kToken));
  if (resolved.index() == 1)
    co_return fail(make_error(ClientErrorCode::timeout, "resolving " + origin.host + " timed out"));
  auto [resolve_error, endpoints] = std::get<0>(std::move(resolved));
  if (resolve_error)
    co_return fail(make_error(ClientErrorCode::connect_failed,
                              "resolving " + origin.host + ": " + resolve_error.message()));

  beast::tcp_stream tcp_stream(executor);
  tcp_stream.expires_at(deadline);
  auto [connect_error, endpoint] = co_await tcp_stream.async_connect(endpoints, kToken);
  (void)endpoint;
  if (connect_error) {
    if (is_timeout(connect_error))
      co_return fail(make_error(ClientErrorCode::timeout, "connecting timed out"));
    co_return fail(make_error(ClientErrorCode::connect_failed,
                              "connecting to " + host_header + ": " + connect_error.message()));
  }

  if (!origin.tls) {
    auto result = co_await exchange(tcp_stream, request, impl_->options);
    error_code ignored;
    tcp_stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
    co_return result;
  }

  beast::ssl_stream<beast::tcp_stream> tls_stream(std::move(tcp_stream), impl_->tls);
  if (!is_ip_literal(origin.host)) {
    // SSL_set_tlsext_host_name, spelled out (the macro uses C casts).
    if (SSL_ctrl(tls_stream.native_handle(), SSL_CTRL_SET_TLSEXT_HOSTNAME,
                 TLSEXT_NAMETYPE_host_name, const_cast<char*>(origin.host.c_str())) != 1)
      co_return fail(make_error(ClientErrorCode::tls_failed, "cannot set SNI host name"));
  }
  tls_stream.set_verify_callback(ssl::host_name_verification(origin.host));
  auto [handshake_error] = co_await tls_stream.async_handshake(ssl::stream_base::client, kToken);
  if (handshake_error) {
    if (is_timeout(handshake_error))
      co_return fail(make_error(ClientErrorCode::timeout, "TLS handshake timed out"));
    std::string message = "TLS handshake with " + host_header + ": " + handshake_error.message();
    const long verify = SSL_get_verify_result(tls_stream.native_handle());
    if (verify != X509_V_OK)
      message += std::string(" (") + X509_verify_cert_error_string(verify) + ")";
    co_return fail(make_error(ClientErrorCode::tls_failed, std::move(message)));
  }
  auto result = co_await exchange(tls_stream, request, impl_->options);
  error_code ignored;
  beast::get_lowest_layer(tls_stream).socket().shutdown(tcp::socket::shutdown_both, ignored);
  co_return result;
}

}  // namespace lkm::http
