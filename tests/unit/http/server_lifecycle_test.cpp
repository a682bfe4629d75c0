// Server: connection lifetime: timeouts, limits, stop(), signals, descriptors, logging.
#include "server_fixture.hpp"

namespace lkm::http::testing_support {
namespace {

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
}  // namespace lkm::http::testing_support
