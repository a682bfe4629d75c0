#pragma once
// Client: a minimal HTTP/1.1 client over plain TCP or TLS, for calling other services (the LiveKit
// server API). One connection per call; every step (resolve, connect, TLS handshake, write, read)
// is bounded by the caller's deadline. TLS verifies the peer's chain against the system's default
// verify paths and its name against the host (SNI is sent for host names).
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include <boost/asio/awaitable.hpp>

#include "core/result.hpp"
#include "http_common/headers.hpp"

namespace lkm::http {

// The origin (and optional path prefix) of an http:// or https:// URL.
struct ParsedUrl {
  bool tls = false;
  std::string host;         // without brackets for IPv6 literals
  std::uint16_t port = 0;   // explicit, or 80 / 443
  std::string path_prefix;  // "" or "/prefix" (no trailing slash)
};

// Accepts http:// and https:// URLs without user info, query or fragment.
[[nodiscard]] Result<ParsedUrl, std::string> parse_url(std::string_view url);

// An absolute http:// or https:// URL split into its origin and the request target (path and
// query, "/" when empty): how a URL another party hands out (an OpenID provider's endpoints) is
// called. No user info or fragment.
struct UrlTarget {
  ParsedUrl origin;
  std::string target;
};
[[nodiscard]] Result<UrlTarget, std::string> parse_url_target(std::string_view url);

struct ClientResponse {
  unsigned status = 0;
  std::string content_type;
  std::string body;
};

enum class ClientErrorCode {
  connect_failed,  // name resolution or TCP connect failed
  timeout,         // the deadline passed
  tls_failed,      // handshake or certificate verification failed
  protocol,        // the peer closed early or sent something that is not an HTTP response
  too_large,       // response over the body limit
};
[[nodiscard]] std::string_view to_string(ClientErrorCode code) noexcept;

struct ClientError {
  ClientErrorCode code = ClientErrorCode::protocol;
  std::string message;
};

struct ClientOptions {
  std::size_t body_limit = std::size_t{8} * 1024 * 1024;
  std::uint32_t header_limit = 64U * 1024U;
  // Extra CA file for TLS verification in addition to the default paths (tests, private CAs).
  std::string extra_ca_file;
};

class Client {
 public:
  explicit Client(ClientOptions options = {});
  ~Client();
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;
  Client(Client&&) noexcept;
  Client& operator=(Client&&) noexcept;

  // POSTs `body` to origin + path (path starts with '/', appended to origin.path_prefix) on the
  // calling coroutine's executor. `headers` are sent as given (Host, Content-Length, User-Agent and
  // Connection are set here).
  [[nodiscard]] boost::asio::awaitable<Result<ClientResponse, ClientError>> post(
      const ParsedUrl& origin, std::string_view path, std::string body, Headers headers,
      std::chrono::steady_clock::time_point deadline) const;

  // GETs origin + target (target starts with '/' and may hold a query).
  [[nodiscard]] boost::asio::awaitable<Result<ClientResponse, ClientError>> get(
      const ParsedUrl& origin, std::string_view target, Headers headers,
      std::chrono::steady_clock::time_point deadline) const;

 private:
  [[nodiscard]] boost::asio::awaitable<Result<ClientResponse, ClientError>> send(
      bool post, const ParsedUrl& origin, std::string_view target, std::string body,
      Headers headers, std::chrono::steady_clock::time_point deadline) const;

  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace lkm::http
