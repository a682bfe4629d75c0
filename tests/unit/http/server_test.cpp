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

namespace lkm::http {
namespace {

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

std::string get(std::string_view target, std::string_view extra = {}) {
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
    options_.default_headers = {{"X-Content-Type-Options", "nosniff"}, {"X-Frame-Options", "DENY"}};
  }
  ~ServerTest() override { stop(); }

  Router make_router() {
    Router router;
    router.add(Method::get, "/hello", [](const Request& request) -> net::awaitable<Response> {
      co_return Response::text(200,
                               "hello " + query_param(request.query(), "name").value_or("you"));
    });
    router.add(Method::post, "/echo", [](const Request& request) -> net::awaitable<Response> {
      co_return Response::text(200, std::string(request.body()));
    });
    router.add(Method::get, "/rooms/*", [](const Request& request) -> net::awaitable<Response> {
      co_return Response::text(200, "room " + std::string(request.path()));
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

TEST_F(ServerTest, ListensOnTheRealPortWhenAskedForPortZero) {
  start();
  EXPECT_NE(endpoint_.port(), 0);
  EXPECT_EQ(endpoint_.address().to_string(), "127.0.0.1");
}

TEST_F(ServerTest, ServesTwoRequestsOnOneKeepAliveConnection) {
  start();
  Client client = connect();
  client.send(get("/hello?name=ann"));
  const auto first = client.read_response();
  ASSERT_TRUE(first);
  EXPECT_EQ(first->status, 200U);
  EXPECT_EQ(first->body, "hello ann");
  EXPECT_EQ(first->header("content-type"), "text/plain; charset=utf-8");
  EXPECT_EQ(first->header("content-length"), "9");
  EXPECT_FALSE(first->has("connection"));
  client.send(get("/hello?name=bob"));
  const auto second = client.read_response();
  ASSERT_TRUE(second);
  EXPECT_EQ(second->body, "hello bob");
}

TEST_F(ServerTest, AnswersPipelinedRequestsInOrder) {
  start();
  Client client = connect();
  client.send(get("/hello?name=1") +
              "POST /echo HTTP/1.1\r\nHost: test\r\nContent-Length: 4\r\n\r\nbody" +
              get("/hello?name=3"));
  for (const char* expected : {"hello 1", "body", "hello 3"}) {
    const auto response = client.read_response();
    ASSERT_TRUE(response) << expected;
    EXPECT_EQ(response->body, expected);
  }
}

TEST_F(ServerTest, SetsServerDefaultAndHandlerHeaders) {
  start();
  const auto response = exchange(get("/frame"));
  ASSERT_TRUE(response);
  EXPECT_EQ(response->header("server"), "livekit-meet");
  EXPECT_EQ(response->header("x-content-type-options"), "nosniff");
  EXPECT_EQ(response->header("x-frame-options"), "SAMEORIGIN");  // the handler's value wins
  EXPECT_EQ(response->header("content-type"), "application/json");
  EXPECT_EQ(response->head.find("DENY"), std::string::npos);
  EXPECT_NE(response->head.find("Set-Cookie: a=1\r\n"), std::string::npos);  // both kept
  EXPECT_NE(response->head.find("Set-Cookie: b=2\r\n"), std::string::npos);

  const auto not_found = exchange(get("/missing"));
  ASSERT_TRUE(not_found);
  EXPECT_EQ(not_found->header("x-frame-options"), "DENY");
  EXPECT_EQ(not_found->header("x-content-type-options"), "nosniff");
  EXPECT_EQ(not_found->header("server"), "livekit-meet");
}

TEST_F(ServerTest, AnswersHeadWithTheGetHeadersAndNoBody) {
  start();
  Client client = connect();
  client.send(std::string("HEAD /hello?name=ann HTTP/1.1\r\nHost: test\r\n\r\n") +
              get("/hello?name=bob"));
  const auto head = client.read_response(/*head=*/true);
  ASSERT_TRUE(head);
  EXPECT_EQ(head->status, 200U);
  EXPECT_EQ(head->header("content-length"), "9");
  EXPECT_EQ(head->header("content-type"), "text/plain; charset=utf-8");
  // The next response starts right after the HEAD response's header: no body bytes in between.
  const auto next = client.read_response();
  ASSERT_TRUE(next);
  EXPECT_EQ(next->status, 200U);
  EXPECT_EQ(next->body, "hello bob");
}

TEST_F(ServerTest, AnswersUnknownPathsWith404) {
  start();
  const auto response = exchange(get("/nothing-here?x=1"));
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 404U);
  EXPECT_EQ(response->body, "Not found");
}

TEST_F(ServerTest, AnswersAWrongMethodWith405AndAllow) {
  start();
  const auto response = exchange("DELETE /hello HTTP/1.1\r\nHost: test\r\n\r\n");
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 405U);
  EXPECT_EQ(response->header("allow"), "GET, HEAD");
  const auto post_only = exchange(get("/echo"));
  ASSERT_TRUE(post_only);
  EXPECT_EQ(post_only->status, 405U);
  EXPECT_EQ(post_only->header("allow"), "POST");
}

TEST_F(ServerTest, PassesTheRoutePathToPrefixRoutes) {
  start();
  const auto response = exchange(get("/rooms/abc%20def?x=1"));
  ASSERT_TRUE(response);
  EXPECT_EQ(response->body, "room /rooms/abc%20def");
}

TEST_F(ServerTest, AnswersAHandlerExceptionWith500AndKeepsTheConnection) {
  start();
  Client client = connect();
  client.send(get("/throw"));
  const auto response = client.read_response();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 500U);
  EXPECT_EQ(response->body, "Internal server error");
  client.send(get("/hello"));
  const auto next = client.read_response();
  ASSERT_TRUE(next);
  EXPECT_EQ(next->status, 200U);
}

TEST_F(ServerTest, AnswersATooLongTargetWith414) {
  start();
  for (const std::size_t length : {1500UL, 5000UL}) {  // within, then beyond, the parser's limit
    Client client = connect();
    client.send(get("/" + std::string(length, 'a')));
    const auto response = client.read_response();
    ASSERT_TRUE(response) << length;
    EXPECT_EQ(response->status, 414U) << length;
    EXPECT_TRUE(client.wait_closed()) << length;
  }
}

TEST_F(ServerTest, AnswersTooLargeHeadersWith431) {
  start();
  for (const std::size_t length : {2500UL, 8000UL}) {  // within, then beyond, the parser's limit
    Client client = connect();
    client.send(get("/hello", "X-Big: " + std::string(length, 'b') + "\r\n"));
    const auto response = client.read_response();
    ASSERT_TRUE(response) << length;
    EXPECT_EQ(response->status, 431U) << length;
    EXPECT_TRUE(client.wait_closed()) << length;
  }
}

TEST_F(ServerTest, AnswersATooLargeBodyWith413) {
  start();
  {
    Client client = connect();
    client.send("POST /echo HTTP/1.1\r\nHost: test\r\nContent-Length: 2000\r\n\r\n" +
                std::string(2000, 'x'));
    const auto response = client.read_response();
    ASSERT_TRUE(response);
    EXPECT_EQ(response->status, 413U);
    EXPECT_TRUE(client.wait_closed());
  }
  {
    Client client = connect();
    client.send(
        "POST /echo HTTP/1.1\r\nHost: test\r\nTransfer-Encoding: chunked\r\n\r\n"
        "200\r\n" +
        std::string(0x200, 'x') +
        "\r\n"
        "300\r\n" +
        std::string(0x300, 'y') + "\r\n0\r\n\r\n");
    const auto response = client.read_response();
    ASSERT_TRUE(response);
    EXPECT_EQ(response->status, 413U);
    EXPECT_TRUE(client.wait_closed());
  }
}

TEST_F(ServerTest, AcceptsAChunkedBody) {
  start();
  Client client = connect();
  client.send(
      "POST /echo HTTP/1.1\r\nHost: test\r\nTransfer-Encoding: chunked\r\n\r\n"
      "5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n" +
      get("/hello"));
  const auto response = client.read_response();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200U);
  EXPECT_EQ(response->body, "hello world");
  const auto next = client.read_response();
  ASSERT_TRUE(next);
  EXPECT_EQ(next->body, "hello you");
}

TEST_F(ServerTest, RefusesEverySmugglingShapeWith400AndCloses) {
  start();
  const std::string post = "POST /echo HTTP/1.1\r\nHost: test\r\n";
  const std::string chunked_body = "5\r\nhello\r\n0\r\n\r\n";
  for (const std::string& request : {
           post + "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n" + chunked_body,
           post + "Transfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n" + chunked_body,
           post + "Transfer-Encoding: gzip\r\n\r\n" + chunked_body,
           post + "Transfer-Encoding: chunked, gzip\r\n\r\n" + chunked_body,
           post + "Transfer-Encoding: gzip, chunked\r\n\r\n" + chunked_body,
           post + "Transfer-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n\r\n" + chunked_body,
           post + "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n" + chunked_body,
           post + "Transfer-Encoding: identity\r\n\r\n" + chunked_body,
           post + "Transfer-Encoding: xchunked\r\n\r\n" + chunked_body,
           std::string("POST /echo HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n") + chunked_body,
           post + "Content-Length: 5\r\nContent-Length: 5\r\n\r\nhello",
           post + "Content-Length: 5\r\nContent-Length: 6\r\n\r\nhello!",
           post + "Content-Length: 5, 5\r\n\r\nhello",
           post + "Content-Length: +5\r\n\r\nhello",
           post + "Content-Length: -5\r\n\r\nhello",
           post + "Content-Length: 5 5\r\n\r\nhello",
           post + "Content-Length: 0x5\r\n\r\nhello",
           post + "Content-Length: \r\n\r\nhello",
           post + "Content-Length : 5\r\n\r\nhello",
           post + "Content-Length:\r\n 5\r\n\r\nhello",
           post + " Content-Length: 5\r\n\r\nhello",
           post + "X-Padding: a\r\n\tContent-Length: 5\r\n\r\nhello",
           std::string("POST /echo HTTP/1.1\n Content-Length: 5\n\nhello"),
       }) {
    Client client = connect();
    client.send(request);
    const auto response = client.read_response();
    ASSERT_TRUE(response) << request;
    EXPECT_EQ(response->status, 400U) << request;
    if (request.find("HTTP/1.0") == std::string::npos) {
      EXPECT_EQ(response->header("connection"), "close") << request;
    }
    EXPECT_TRUE(client.wait_closed()) << request;
  }
}

TEST_F(ServerTest, RefusesATargetThatIsNotOriginForm) {
  start();
  Client client = connect();
  client.send("GET http://example.com/hello HTTP/1.1\r\nHost: test\r\n\r\n");
  const auto response = client.read_response();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 400U);
  EXPECT_TRUE(client.wait_closed());
}

TEST_F(ServerTest, RefusesGarbageWith400) {
  start();
  Client client = connect();
  client.send("NOT HTTP AT ALL\r\n\r\n");
  const auto response = client.read_response();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 400U);
  EXPECT_TRUE(client.wait_closed());
}

TEST_F(ServerTest, RoutesUnderTheBasePathAndRedirectsTheBarePath) {
  options_.base_path = "/meet";
  start();
  const auto inside = exchange(get("/meet/hello?name=x"));
  ASSERT_TRUE(inside);
  EXPECT_EQ(inside->status, 200U);
  EXPECT_EQ(inside->body, "hello x");
  const auto room = exchange(get("/meet/rooms/r1"));
  ASSERT_TRUE(room);
  EXPECT_EQ(room->body, "room /rooms/r1");

  const auto bare = exchange(get("/meet?name=x&y=2"));
  ASSERT_TRUE(bare);
  EXPECT_EQ(bare->status, 308U);
  EXPECT_EQ(bare->header("location"), "/meet/?name=x&y=2");
  const auto bare_no_query = exchange(get("/meet"));
  ASSERT_TRUE(bare_no_query);
  EXPECT_EQ(bare_no_query->status, 308U);
  EXPECT_EQ(bare_no_query->header("location"), "/meet/");

  for (const char* outside : {"/hello", "/meetx/hello", "/", "/mee"}) {
    const auto response = exchange(get(outside));
    ASSERT_TRUE(response) << outside;
    EXPECT_EQ(response->status, 404U) << outside;
  }
}

TEST_F(ServerTest, SendsContinueBeforeReadingAnExpectedBody) {
  start();
  Client client = connect();
  client.send(
      "POST /echo HTTP/1.1\r\nHost: test\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n");
  const auto interim = client.read_response();
  ASSERT_TRUE(interim);
  EXPECT_EQ(interim->status, 100U);
  client.send("hello");
  const auto response = client.read_response();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200U);
  EXPECT_EQ(response->body, "hello");
}

TEST_F(ServerTest, AnswersAnExpectedBodyThatIsTooLargeWithoutContinue) {
  start();
  Client client = connect();
  client.send(
      "POST /echo HTTP/1.1\r\nHost: test\r\nContent-Length: 5000\r\nExpect: 100-continue\r\n\r\n");
  const auto response = client.read_response();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 413U);
  EXPECT_TRUE(client.wait_closed());
}

TEST_F(ServerTest, ClosesHttp10ConnectionsUnlessKeepAliveIsAsked) {
  start();
  {
    Client client = connect();
    client.send("GET /hello HTTP/1.0\r\n\r\n");
    const auto response = client.read_response();
    ASSERT_TRUE(response);
    EXPECT_EQ(response->status, 200U);
    EXPECT_TRUE(client.wait_closed());
  }
  {
    Client client = connect();
    client.send("GET /hello HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
    const auto response = client.read_response();
    ASSERT_TRUE(response);
    EXPECT_EQ(response->header("connection"), "keep-alive");
    client.send("GET /hello HTTP/1.0\r\n\r\n");
    ASSERT_TRUE(client.read_response());
    EXPECT_TRUE(client.wait_closed());
  }
}

TEST_F(ServerTest, ClosesWhenTheClientAsksForIt) {
  start();
  Client client = connect();
  client.send(get("/hello", "Connection: close\r\n") + get("/hello"));
  const auto response = client.read_response();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->header("connection"), "close");
  EXPECT_TRUE(client.wait_closed());
}

TEST_F(ServerTest, ClosesAClientThatSendsItsHeaderTooSlowly) {
  options_.header_timeout = 300ms;
  start();
  Client client = connect();
  const auto started = std::chrono::steady_clock::now();
  client.send("GET /hello HTTP/1.1\r\nHost: te");
  EXPECT_TRUE(client.wait_closed());
  EXPECT_GE(std::chrono::steady_clock::now() - started, 250ms);
}

TEST_F(ServerTest, ClosesAConnectionIdleForTooLong) {
  options_.idle_timeout = 300ms;
  start();
  Client client = connect();
  client.send(get("/hello"));
  ASSERT_TRUE(client.read_response());
  EXPECT_TRUE(client.wait_closed());
}

TEST_F(ServerTest, ClosesConnectionsBeyondTheLimit) {
  options_.max_connections = 1;
  start();
  Client first = connect();
  first.send(get("/hello"));
  ASSERT_TRUE(first.read_response());
  Client second = connect();
  EXPECT_TRUE(second.wait_closed());
  first.send(get("/hello"));
  EXPECT_TRUE(first.read_response());
}

TEST_F(ServerTest, StopFinishesInFlightRequestsAndClosesIdleConnections) {
  start();
  Client idle = connect();
  idle.send(get("/hello"));
  ASSERT_TRUE(idle.read_response());
  Client busy = connect();
  busy.send(get("/slow"));
  ASSERT_TRUE(gate_->wait_entered());

  server_->stop();
  EXPECT_TRUE(idle.wait_closed());  // while the slow handler is still waiting
  EXPECT_TRUE(busy.quiet_for(50ms));
  gate_->release();
  const auto response = busy.read_response();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200U);
  EXPECT_EQ(response->body, "slow done");
  EXPECT_EQ(response->header("connection"), "close");
  EXPECT_TRUE(busy.wait_closed());
  EXPECT_TRUE(stop());
}

TEST_F(ServerTest, RefusesNewConnectionsAfterStop) {
  start();
  ASSERT_TRUE(stop());
  boost::system::error_code ec;
  net::io_context ioc;
  tcp::socket socket(ioc);
  socket.connect(endpoint_, ec);
  EXPECT_TRUE(ec);
}

TEST_F(ServerTest, ForcesShutdownAfterTheGracePeriod) {
  options_.shutdown_grace = 200ms;
  start();
  Client busy = connect();
  busy.send(get("/slow"));
  ASSERT_TRUE(gate_->wait_entered());
  EXPECT_TRUE(stop());  // the handler is never released
  gate_->release();
}

TEST_F(ServerTest, StopsBeforeRunStarts) {
  server_ = std::make_unique<Server>(options_, make_router());
  endpoint_ = server_->listen();
  server_->stop();
  runner_ = std::async(std::launch::async, [this] { server_->run(false); });
  EXPECT_TRUE(stop());
}

TEST_F(ServerTest, StopsOnSigterm) {
  server_ = std::make_unique<Server>(options_, make_router());
  endpoint_ = server_->listen();
  runner_ = std::async(std::launch::async, [this] { server_->run(true); });
  ASSERT_TRUE(exchange(get("/hello")));  // run() is past installing its signal handler
  ASSERT_EQ(::kill(::getpid(), SIGTERM), 0);
  EXPECT_EQ(runner_.wait_for(kDeadline), std::future_status::ready);
}

TEST_F(ServerTest, KeepsAcceptingAfterRunningOutOfFileDescriptors) {
  testing::internal::CaptureStderr();
  start();
  Client client;  // its descriptor exists before the limit drops
  rlimit original{};
  ASSERT_EQ(::getrlimit(RLIMIT_NOFILE, &original), 0);
  const int lowest_free = ::dup(0);
  ASSERT_GE(lowest_free, 0);
  ::close(lowest_free);
  rlimit lowered = original;
  lowered.rlim_cur = static_cast<rlim_t>(lowest_free);
  ASSERT_EQ(::setrlimit(RLIMIT_NOFILE, &lowered), 0);
  client.connect(endpoint_);
  client.send(get("/hello"));
  const bool quiet = client.quiet_for(350ms);  // accept fails with EMFILE, retried every 100 ms
  ASSERT_EQ(::setrlimit(RLIMIT_NOFILE, &original), 0);
  EXPECT_TRUE(quiet);
  const auto response = client.read_response();
  const bool stopped = stop();
  const std::string log = testing::internal::GetCapturedStderr();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200U);
  EXPECT_TRUE(stopped);
  const std::size_t first = log.find("accept failed");
  EXPECT_NE(first, std::string::npos) << log;
  EXPECT_EQ(log.find("accept failed", first + 1), std::string::npos) << log;  // once per burst
}

TEST_F(ServerTest, LogsOneLinePerRequestWithoutTheQueryString) {
  testing::internal::CaptureStderr();
  start();
  Client client = connect();
  client.send(get("/hello?token=secret-token-value&name=x", "Cookie: session=cookie-value\r\n"));
  ASSERT_TRUE(client.read_response());
  client.send(
      "POST /echo?token=secret-token-value HTTP/1.1\r\nHost: t\r\n"
      "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n");
  ASSERT_TRUE(client.read_response());
  const bool stopped = stop();
  const std::string log = testing::internal::GetCapturedStderr();
  ASSERT_TRUE(stopped);
  EXPECT_NE(log.find("GET /hello 200 "), std::string::npos) << log;
  EXPECT_NE(log.find("POST /echo 400 "), std::string::npos) << log;
  EXPECT_EQ(log.find("secret-token-value"), std::string::npos) << log;
  EXPECT_EQ(log.find("cookie-value"), std::string::npos) << log;
  EXPECT_EQ(log.find('?'), std::string::npos) << log;
}

}  // namespace
}  // namespace lkm::http
