// Server: size limits, framing (request smuggling), malformed requests, 100-continue.
#include "server_fixture.hpp"

namespace lkm::http::testing_support {
namespace {

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

// Beast buffers a chunk's size line and the trailer section whole, and throws (from inside the
// read, taking the process down) when a trailer field value outgrows 64 KiB: the read buffer is
// bounded, so either is refused with 400 long before, and the server goes on.
TEST_F(ServerTest, RefusesAnOversizedTrailerOrChunkExtensionAndGoesOn) {
  start();
  const std::string post =
      "POST /echo HTTP/1.1\r\nHost: test\r\nTransfer-Encoding: chunked\r\n\r\n";
  for (const std::string& request : {
           post + "5\r\nhello\r\n0\r\nX-Big: " + std::string(70'000, 'a') + "\r\n\r\n",
           post + "5;name=" + std::string(70'000, 'a') + "\r\nhello\r\n0\r\n\r\n",
       }) {
    Client client = connect();
    client.send(request);
    const auto response = client.read_response();
    ASSERT_TRUE(response);
    EXPECT_EQ(response->status, 400U);
    EXPECT_TRUE(client.wait_closed());
    const auto after = exchange(get("/hello"));
    ASSERT_TRUE(after);
    EXPECT_EQ(after->status, 200U);
  }
}

// Trailer fields never pass for header fields: not as a second Host, not as a forwarded address.
TEST_F(ServerTest, IgnoresTrailerFields) {
  options_.trusted_proxies = TrustedProxies(AddressList::parse("127.0.0.1").value());
  start();
  Client client = connect();
  client.send(
      "POST /whoami?name=X-Late HTTP/1.1\r\nHost: test\r\nTransfer-Encoding: chunked\r\n"
      "X-Forwarded-For: 10.0.0.7\r\n\r\n"
      "5\r\nhello\r\n0\r\nX-Late: 1\r\nX-Forwarded-For: 10.6.6.6\r\nHost: other\r\n\r\n");
  const auto response = client.read_response();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200U);
  EXPECT_EQ(response->body, "10.0.0.7 ");
}

// Several X-Forwarded-For lines are one list (a proxy may add its own line rather than append to
// the client's): the nearest hop is the last line's last address, not the client's first line.
TEST_F(ServerTest, ReadsEveryForwardedForLineFromATrustedProxy) {
  options_.trusted_proxies = TrustedProxies(AddressList::parse("127.0.0.1").value());
  start();
  const auto response = exchange(
      "POST /whoami HTTP/1.1\r\nHost: test\r\nContent-Length: 0\r\n"
      "X-Forwarded-For: 6.6.6.6\r\nX-Forwarded-For: 10.0.0.7\r\n\r\n");
  ASSERT_TRUE(response);
  EXPECT_EQ(response->body, "10.0.0.7 ");
}

TEST_F(ServerTest, RefusesAMissingDuplicateOrMalformedHostWith400) {
  start();
  for (const std::string& request : {
           std::string("GET /hello HTTP/1.1\r\n\r\n"),
           std::string("GET /hello HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n"),
           std::string("GET /hello HTTP/1.1\r\nHost: a\r\nHost: a\r\n\r\n"),
           std::string("GET /hello HTTP/1.1\r\nHost: a@b\r\n\r\n"),
       }) {
    Client client = connect();
    client.send(request);
    const auto response = client.read_response();
    ASSERT_TRUE(response) << request;
    EXPECT_EQ(response->status, 400U) << request;
    EXPECT_TRUE(client.wait_closed()) << request;
  }
  const auto http10 = exchange("GET /hello HTTP/1.0\r\n\r\n");
  ASSERT_TRUE(http10);
  EXPECT_EQ(http10->status, 200U);
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

TEST_F(ServerTest, RefusesABodyForARouteThatTakesNoneBeforeReadingIt) {
  start();
  for (const char* framing : {"Content-Length: 5\r\n", "Transfer-Encoding: chunked\r\n"}) {
    Client client(endpoint_);
    client.send(std::string("GET /hello HTTP/1.1\r\nHost: test\r\n") + framing + "\r\n");
    const auto response = client.read_response();
    ASSERT_TRUE(response) << framing;
    EXPECT_EQ(response->status, 413U) << framing;
    EXPECT_TRUE(client.wait_closed()) << framing;
  }
}

}  // namespace
}  // namespace lkm::http::testing_support
