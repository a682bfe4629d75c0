#pragma once
// A Server on 127.0.0.1:0 in a background thread with a small test router, and a blocking raw-TCP
// client to talk to it. Shared by the server_*_test.cpp files.
#include "http/server.hpp"

#include <gtest/gtest.h>
#include <poll.h>
#include <sys/resource.h>
#include <unistd.h>

#include <csignal>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <future>
#include <limits>
#include <map>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>

#include "http/query.hpp"

namespace lkm::http::testing_support {

namespace net = boost::asio;
using tcp = net::ip::tcp;
using namespace std::chrono_literals;

constexpr auto kDeadline = 5s;  // bound for every wait on the server; tests finish far sooner

struct ParsedResponse {
  unsigned status = 0;
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body;
  std::string head;  // status line and header fields as received

  [[nodiscard]] bool has(const std::string& name) const { return headers.count(name) != 0; }
  [[nodiscard]] std::string header(const std::string& name) const {
    const auto it = headers.find(name);
    return it == headers.end() ? std::string() : it->second;
  }
};

// A blocking client on a plain socket; every read waits on poll() with a deadline.
class Client {
 public:
  explicit Client(const tcp::endpoint& endpoint) : socket_(ioc_) { socket_.connect(endpoint); }
  // An open socket, connected later with connect(): it holds its descriptor already.
  Client() : socket_(ioc_) { socket_.open(tcp::v4()); }

  void connect(const tcp::endpoint& endpoint) { socket_.connect(endpoint); }

  void send(std::string_view data) { net::write(socket_, net::buffer(data)); }

  // One response, or nullopt when the connection ends (or nothing arrives) first.
  std::optional<ParsedResponse> read_response(bool head = false) {
    std::size_t end = 0;
    while ((end = buffer_.find("\r\n\r\n")) == std::string::npos) {
      if (!fill()) return std::nullopt;
    }
    ParsedResponse response;
    const std::string head_text = buffer_.substr(0, end + 2);
    buffer_.erase(0, end + 4);
    response.head = head_text;
    std::size_t line_end = head_text.find("\r\n");
    const std::string status_line = head_text.substr(0, line_end);
    if (status_line.size() < 12 || !status_line.starts_with("HTTP/1.")) return std::nullopt;
    response.status = static_cast<unsigned>(std::stoul(status_line.substr(9, 3)));
    for (std::size_t pos = line_end + 2; pos < head_text.size(); pos = line_end + 2) {
      line_end = head_text.find("\r\n", pos);
      const std::string line = head_text.substr(pos, line_end - pos);
      const std::size_t colon = line.find(':');
      std::string name = line.substr(0, colon);
      std::transform(name.begin(), name.end(), name.begin(),
                     [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
      std::string value = line.substr(colon + 1);
      value.erase(0, value.find_first_not_of(' '));
      response.headers[name] = value;
    }
    const bool bodyless =
        head || response.status < 200 || response.status == 204 || response.status == 304;
    if (!bodyless) {
      const std::size_t length = std::stoul(response.header("content-length"));
      while (buffer_.size() < length) {
        if (!fill()) return std::nullopt;
      }
      response.body = buffer_.substr(0, length);
      buffer_.erase(0, length);
    }
    return response;
  }

  // True when the server closes the connection (EOF or reset) before the deadline, discarding
  // whatever else it sends.
  bool wait_closed() {
    buffer_.clear();
    while (fill()) buffer_.clear();
    return closed_;
  }

  // True when nothing at all arrives within `window` and the connection is still open.
  bool quiet_for(std::chrono::milliseconds window) { return !fill(window) && !closed_; }

 private:
  bool fill(std::chrono::milliseconds timeout =
                std::chrono::duration_cast<std::chrono::milliseconds>(kDeadline)) {
    pollfd fd{socket_.native_handle(), POLLIN, 0};
    if (::poll(&fd, 1, static_cast<int>(timeout.count())) <= 0) return false;
    char chunk[8192];
    boost::system::error_code ec;
    const std::size_t n = socket_.read_some(net::buffer(chunk), ec);
    if (ec) {
      closed_ = true;
      return false;
    }
    buffer_.append(chunk, n);
    return true;
  }

  net::io_context ioc_;
  tcp::socket socket_;
  std::string buffer_;
  bool closed_ = false;
};

// Lets a test hold a handler in flight: the handler reports that it started, then waits (polling a
// timer, so the server thread stays free) until the test releases it.
class Gate {
 public:
  void enter() {
    const std::lock_guard lock(mutex_);
    entered_ = true;
    changed_.notify_all();
  }
  bool wait_entered() {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, kDeadline, [this] { return entered_; });
  }
  void release() { released_.store(true); }
  [[nodiscard]] bool released() const { return released_.load(); }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  bool entered_ = false;
  std::atomic<bool> released_{false};
};

inline std::string get(std::string_view target, std::string_view extra = {}) {
  return std::string("GET ")
      .append(target)
      .append(" HTTP/1.1\r\nHost: test\r\n")
      .append(extra)
      .append("\r\n");
}

class ServerTest : public testing::Test {
 protected:
  ServerTest() : gate_(std::make_shared<Gate>()) {
    options_.host = "127.0.0.1";
    options_.port = 0;
    options_.threads = 2;
    options_.max_target_bytes = 1024;
    options_.max_header_bytes = 2048;
    options_.max_body_bytes = 1024;
    options_.header_timeout = 2s;
    options_.shutdown_grace = 5s;
    options_.default_headers.every = {{"X-Content-Type-Options", "nosniff"},
                                      {"X-Frame-Options", "DENY"}};
  }
  ~ServerTest() override { stop(); }

  Router make_router() {
    Router router;
    router.add(Method::get, "/hello", [](const Request& request) -> net::awaitable<Response> {
      co_return Response::text(200,
                               "hello " + query_param(request.query(), "name").value_or("you"));
    });
    router.add(Method::get, "/secure", [](const Request& request) -> net::awaitable<Response> {
      co_return Response::text(200, request.secure() ? "secure" : "plain");
    });
    router.add(
        Method::post, "/echo",
        [](const Request& request) -> net::awaitable<Response> {
          co_return Response::text(200, std::string(request.body()));
        },
        std::numeric_limits<std::size_t>::max());
    // The client's address as the server decided it, and the first value of the field named by
    // ?name= as the handler sees it.
    router.add(
        Method::post, "/whoami",
        [](const Request& request) -> net::awaitable<Response> {
          const std::string name = query_param(request.query(), "name").value_or("");
          co_return Response::text(
              200, std::string(request.remote_address()) + " " + std::string(request.header(name)));
        },
        std::numeric_limits<std::size_t>::max());
    router.add(Method::get, "/rooms/*", [](const Request& request) -> net::awaitable<Response> {
      co_return Response::text(200, "room " + std::string(request.path()));
    });
    // A handler's bug: a field value taken from ?value= unchecked.
    router.add(Method::get, "/split", [](const Request& request) -> net::awaitable<Response> {
      Response response = Response::text(200, "split");
      response.header("X-Echo", query_param(request.query(), "value").value_or(""));
      co_return response;
    });
    router.add(Method::get, "/throw", [](const Request&) -> net::awaitable<Response> {
      throw std::runtime_error("boom");
      co_return Response::empty(204);
    });
    router.add(Method::get, "/frame", [](const Request&) -> net::awaitable<Response> {
      Response response = Response::json(200, "{}");
      response.header("X-Frame-Options", "SAMEORIGIN").header("Set-Cookie", "a=1");
      response.header("Set-Cookie", "b=2");
      co_return response;
    });
    router.add(Method::get, "/slow", [gate = gate_](const Request&) -> net::awaitable<Response> {
      gate->enter();
      net::steady_timer timer(co_await net::this_coro::executor);
      while (!gate->released()) {
        timer.expires_after(5ms);
        co_await timer.async_wait(net::use_awaitable);
      }
      co_return Response::text(200, "slow done");
    });
    return router;
  }

  void start() {
    server_ = std::make_unique<Server>(options_, make_router());
    endpoint_ = server_->listen();
    runner_ = std::async(std::launch::async, [this] { server_->run(false); });
  }

  // stop() and wait for run() to return; false when it did not within the deadline.
  bool stop() {
    if (!server_) return true;
    server_->stop();
    const bool returned = runner_.wait_for(kDeadline) == std::future_status::ready;
    if (returned) server_.reset();
    return returned;
  }

  Client connect() { return Client(endpoint_); }

  // Sends one raw request on a new connection and returns the response.
  std::optional<ParsedResponse> exchange(std::string_view raw) {
    Client client = connect();
    client.send(raw);
    return client.read_response();
  }

  ServerOptions options_;
  std::shared_ptr<Gate> gate_;
  std::unique_ptr<Server> server_;
  std::future<void> runner_;
  tcp::endpoint endpoint_;
};

}  // namespace lkm::http::testing_support
