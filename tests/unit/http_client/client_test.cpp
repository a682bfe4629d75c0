// Client against a scripted peer on 127.0.0.1: what it makes of odd chunked responses.
#include "http_client/client.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <optional>
#include <string>
#include <thread>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/streambuf.hpp>
#include <boost/asio/write.hpp>

namespace lkm::http {
namespace {

namespace net = boost::asio;
using tcp = net::ip::tcp;
using namespace std::chrono_literals;

// Answers one request on 127.0.0.1 with `response`, then closes.
class ScriptedPeer {
 public:
  explicit ScriptedPeer(std::string response)
      : acceptor_(ioc_, tcp::endpoint(net::ip::make_address("127.0.0.1"), 0)),
        thread_([this, response = std::move(response)] {
          boost::system::error_code ec;
          tcp::socket socket(ioc_);
          acceptor_.accept(socket, ec);
          if (ec) return;
          net::streambuf request;
          net::read_until(socket, request, "\r\n\r\n", ec);
          net::write(socket, net::buffer(response), ec);
          socket.shutdown(tcp::socket::shutdown_both, ec);
        }) {}
  ~ScriptedPeer() { thread_.join(); }
  ScriptedPeer(const ScriptedPeer&) = delete;
  ScriptedPeer& operator=(const ScriptedPeer&) = delete;

  [[nodiscard]] ParsedUrl url() const {
    return ParsedUrl{false, "127.0.0.1", acceptor_.local_endpoint().port(), ""};
  }

 private:
  net::io_context ioc_;
  tcp::acceptor acceptor_;
  std::thread thread_;
};

Result<ClientResponse, ClientError> post_to(const ScriptedPeer& peer) {
  net::io_context ioc;
  const Client client;
  std::optional<Result<ClientResponse, ClientError>> result;
  net::co_spawn(
      ioc,
      [&]() -> net::awaitable<void> {
        result.emplace(co_await client.post(peer.url(), "/twirp/x", "{}", {},
                                            std::chrono::steady_clock::now() + 5s));
      },
      net::detached);
  ioc.run();
  if (!result) return fail(ClientError{ClientErrorCode::protocol, "the call did not complete"});
  return std::move(*result);
}

const std::string kChunkedHead =
    "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
    "Transfer-Encoding: chunked\r\n\r\n";

TEST(Client, ReadsAChunkedResponseWithATrailer) {
  const ScriptedPeer peer(kChunkedHead + "2\r\n{}\r\n0\r\nX-Check: 1\r\n\r\n");
  const auto response = post_to(peer);
  ASSERT_TRUE(response.ok());
  EXPECT_EQ(response->status, 200U);
  EXPECT_EQ(response->body, "{}");
}

// A trailer field over 64 KiB made Beast throw from inside the read, which ended the process.
TEST(Client, RefusesATrailerTooLargeToBuffer) {
  const ScriptedPeer peer(kChunkedHead + "2\r\n{}\r\n0\r\nX-Big: " + std::string(70'000, 'a') +
                          "\r\n\r\n");
  const auto response = post_to(peer);
  ASSERT_FALSE(response.ok());
  EXPECT_EQ(response.error().code, ClientErrorCode::protocol);
}

TEST(Client, RefusesAChunkExtensionTooLargeToBuffer) {
  const ScriptedPeer peer(kChunkedHead + "2;x=" + std::string(70'000, 'a') + "\r\n{}\r\n0\r\n\r\n");
  const auto response = post_to(peer);
  ASSERT_FALSE(response.ok());
  EXPECT_EQ(response.error().code, ClientErrorCode::protocol);
}

}  // namespace
}  // namespace lkm::http
