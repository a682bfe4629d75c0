#pragma once
// Request and Response as handlers see them. Request is a read-only view over the parsed message,
// valid for the duration of the handler call; Response is a plain value the server writes out.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/verb.hpp>

#include "http_common/headers.hpp"

namespace lkm::http {

using Method = boost::beast::http::verb;
using RawRequest = boost::beast::http::request<boost::beast::http::string_body>;

// The {name} segments of a route pattern and the (still percent-encoded) path segments they took.
using PathParams = std::vector<std::pair<std::string_view, std::string_view>>;

class Request {
 public:
  // `path` is the route path: the target's path with the base path removed, still percent-encoded.
  // `remote_address` is the client's (see TrustedProxies); `secure`: it used HTTPS to reach us or
  // a trusted proxy in front of us.
  Request(const RawRequest& raw, std::string_view path, std::string_view query,
          std::string_view remote_address, PathParams params = {}, bool secure = false)
      : raw_(raw),
        path_(path),
        query_(query),
        remote_(remote_address),
        params_(std::move(params)),
        secure_(secure) {}

  [[nodiscard]] Method method() const { return raw_.method(); }
  [[nodiscard]] std::string_view path() const noexcept { return path_; }
  [[nodiscard]] std::string_view query() const noexcept { return query_; }
  [[nodiscard]] std::string_view body() const noexcept { return raw_.body(); }
  [[nodiscard]] std::string_view remote_address() const noexcept { return remote_; }
  [[nodiscard]] bool secure() const noexcept { return secure_; }
  // First value of the header, empty when absent.
  [[nodiscard]] std::string_view header(std::string_view name) const;
  // The route pattern's {name} segment, percent-decoded; nullopt when absent or malformed.
  [[nodiscard]] std::optional<std::string> param(std::string_view name) const;
  [[nodiscard]] const RawRequest& raw() const noexcept { return raw_; }

 private:
  const RawRequest& raw_;
  std::string_view path_;
  std::string_view query_;
  std::string_view remote_;
  PathParams params_;
  bool secure_;
};

// Every field named `name` (any case), in order, joined by ", ": what several field lines of one
// name mean (RFC 9110 5.3). Empty when there is none.
[[nodiscard]] std::string joined_field(const RawRequest& raw, std::string_view name);

// An open file descriptor, closed with its last owner (a response still being sent may be one).
class OpenFile {
 public:
  explicit OpenFile(int fd) noexcept : fd_(fd) {}
  ~OpenFile();
  OpenFile(const OpenFile&) = delete;
  OpenFile& operator=(const OpenFile&) = delete;
  [[nodiscard]] int fd() const noexcept { return fd_; }

 private:
  int fd_;
};

struct Response {
  unsigned status = 200;
  std::string content_type;
  std::string body;
  // When set, sent instead of `body` (shared, immutable content such as a cached file).
  std::shared_ptr<const std::string> shared_body;
  // When set, a regular file holding exactly payload()'s bytes from its start: a plain connection
  // may hand it to the kernel (sendfile) instead of copying the bytes from memory.
  std::shared_ptr<const OpenFile> file;
  Headers headers;

  [[nodiscard]] std::string_view payload() const noexcept {
    return shared_body ? std::string_view(*shared_body) : std::string_view(body);
  }
  Response& header(std::string name, std::string value) {
    headers.emplace_back(std::move(name), std::move(value));
    return *this;
  }

  static Response text(unsigned status, std::string body);  // text/plain; charset=utf-8
  static Response json(unsigned status, std::string body);  // application/json
  static Response empty(unsigned status);
};

}  // namespace lkm::http
