// Server over TLS: HSTS and Request::secure(), the handshake deadline, swapping the certificate
// for new connections only, and the plain-HTTP listener that redirects to HTTPS.
#include <openssl/ssl.h>
#include <sys/socket.h>
#include <sys/time.h>

#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/stream.hpp>

#include "http/tls.hpp"
#include "server_fixture.hpp"
#include "tls_support.hpp"

namespace lkm::http::testing_support {
namespace {

namespace ssl = net::ssl;

// A blocking TLS client that trusts anything (the tests compare fingerprints instead).
class TlsClient {
 public:
  explicit TlsClient(const tcp::endpoint& endpoint)
      : context_(ssl::context::tls_client), stream_(ioc_, context_) {
    context_.set_verify_mode(ssl::verify_none);
    stream_.next_layer().connect(endpoint);
    const timeval timeout{5, 0};  // every read ends within the deadline, answered or not
    ::setsockopt(stream_.next_layer().native_handle(), SOL_SOCKET, SO_RCVTIMEO, &timeout,
                 sizeof timeout);
    stream_.handshake(ssl::stream_base::client);
  }

  [[nodiscard]] std::string fingerprint() {
    X509* certificate = SSL_get1_peer_certificate(stream_.native_handle());
    if (certificate == nullptr) return {};
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    X509_digest(certificate, EVP_sha256(), digest, &length);
    X509_free(certificate);
    return colon_hex(std::span<const unsigned char>(digest, length));
  }

  void send(std::string_view data) { net::write(stream_, net::buffer(data)); }

  std::optional<ParsedResponse> read_response() {
    std::size_t end = 0;
    while ((end = buffer_.find("\r\n\r\n")) == std::string::npos) {
      if (!fill()) return std::nullopt;
    }
    ParsedResponse response;
    const std::string head = buffer_.substr(0, end + 2);
    buffer_.erase(0, end + 4);
    response.status = static_cast<unsigned>(std::stoul(head.substr(9, 3)));
    for (std::size_t pos = head.find("\r\n") + 2; pos < head.size();) {
      const std::size_t line_end = head.find("\r\n", pos);
      const std::string line = head.substr(pos, line_end - pos);
      const std::size_t colon = line.find(':');
      std::string name = line.substr(0, colon);
      std::transform(name.begin(), name.end(), name.begin(),
                     [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
      response.headers[name] = line.substr(line.find_first_not_of(' ', colon + 1));
      pos = line_end + 2;
    }
    const std::size_t length = std::stoul(response.header("content-length"));
    while (buffer_.size() < length) {
      if (!fill()) return std::nullopt;
    }
    response.body = buffer_.substr(0, length);
    buffer_.erase(0, length);
    return response;
  }

 private:
  bool fill() {
    char chunk[4096];
    boost::system::error_code ec;
    const std::size_t n = stream_.read_some(net::buffer(chunk), ec);
    if (ec) return false;
    buffer_.append(chunk, n);
    return true;
  }

  net::io_context ioc_;
  ssl::context context_;
  ssl::stream<tcp::socket> stream_;
  std::string buffer_;
};

class TlsServerTest : public ServerTest {
 protected:
  TlsServerTest() {
    first_ = write_pair(dir_, "first");
    second_ = write_pair(dir_, "second");
    options_.tls = load(first_);
  }

  std::shared_ptr<TlsContext> load(const PairFiles& pair) {
    auto context = TlsContext::load(pair.certificate, pair.key);
    EXPECT_TRUE(context);
    return context ? std::move(context).value() : nullptr;
  }

  TempDir dir_;
  PairFiles first_;
  PairFiles second_;
};

TEST_F(TlsServerTest, AnswersOverTlsWithHstsAndSecureRequests) {
  start();
  TlsClient client(endpoint_);
  EXPECT_EQ(client.fingerprint(), options_.tls->certificate().fingerprint);
  client.send(get("/secure"));
  const auto response = client.read_response();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200U);
  EXPECT_EQ(response->body, "secure");
  EXPECT_EQ(response->header("strict-transport-security"), "max-age=31536000");
  EXPECT_EQ(response->header("x-frame-options"), "DENY");  // the other defaults stay
  // Errors the server writes itself carry it too, on the same keep-alive connection.
  client.send(get("/nowhere"));
  const auto missing = client.read_response();
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->status, 404U);
  EXPECT_EQ(missing->header("strict-transport-security"), "max-age=31536000");
}

TEST_F(ServerTest, PlainHttpHasNoHstsAndRequestsAreNotSecure) {
  options_.redirect_port = 0;  // ignored without TLS
  start();
  const auto response = exchange(get("/secure"));
  ASSERT_TRUE(response);
  EXPECT_EQ(response->body, "plain");
  EXPECT_FALSE(response->has("strict-transport-security"));
  EXPECT_FALSE(server_->redirect_endpoint());
}

TEST_F(TlsServerTest, RefusesPlainHttpWithoutAnHttpAnswer) {
  start();
  Client client = connect();
  client.send(get("/hello"));
  EXPECT_FALSE(client.read_response());
  EXPECT_TRUE(client.wait_closed());
}

TEST_F(TlsServerTest, ClosesAClientThatNeverStartsTheHandshake) {
  options_.header_timeout = 300ms;
  start();
  Client client = connect();
  EXPECT_TRUE(client.wait_closed());
}

TEST_F(TlsServerTest, NewCertificateServesNewConnectionsOnly) {
  start();
  TlsClient before(endpoint_);
  before.send(get("/hello"));
  ASSERT_TRUE(before.read_response());

  const auto next = load(second_);
  ASSERT_NE(next->certificate().fingerprint, options_.tls->certificate().fingerprint);
  server_->set_tls_context(next);

  TlsClient after(endpoint_);
  EXPECT_EQ(after.fingerprint(), next->certificate().fingerprint);
  after.send(get("/hello"));
  ASSERT_TRUE(after.read_response());
  // The connection made before goes on, with the certificate it started with.
  before.send(get("/hello?name=again"));
  const auto again = before.read_response();
  ASSERT_TRUE(again);
  EXPECT_EQ(again->body, "hello again");
  EXPECT_EQ(before.fingerprint(), options_.tls->certificate().fingerprint);
}

TEST_F(TlsServerTest, ReloadKeepsTheCertificateWhenTheNewOneFails) {
  std::atomic<int> reloads{0};
  std::shared_ptr<TlsContext> next = load(second_);
  options_.reload_tls = [&reloads, &next]() -> std::shared_ptr<TlsContext> {
    return ++reloads == 1 ? nullptr : next;
  };
  start();
  const std::string first = options_.tls->certificate().fingerprint;
  server_->reload_tls();  // fails: the first certificate stays
  for (int i = 0; i < 500 && reloads.load() < 1; ++i) std::this_thread::sleep_for(10ms);
  EXPECT_EQ(TlsClient(endpoint_).fingerprint(), first);
  server_->reload_tls();
  for (int i = 0; i < 500 && reloads.load() < 2; ++i) std::this_thread::sleep_for(10ms);
  ASSERT_EQ(reloads.load(), 2);
  // The swap happens on the server's control strand right after the reload returns.
  std::string seen;
  for (int i = 0; i < 500 && seen != next->certificate().fingerprint; ++i) {
    seen = TlsClient(endpoint_).fingerprint();
    if (seen != next->certificate().fingerprint) std::this_thread::sleep_for(10ms);
  }
  EXPECT_EQ(seen, next->certificate().fingerprint);
}

TEST_F(TlsServerTest, RedirectListenerSendsEverythingToHttps) {
  options_.redirect_port = 0;
  start();
  const auto redirect = server_->redirect_endpoint();
  ASSERT_TRUE(redirect);
  ASSERT_NE(redirect->port(), endpoint_.port());
  const std::string https_port = std::to_string(endpoint_.port());

  Client client(*redirect);
  client.send("GET /rooms/a?b=1 HTTP/1.1\r\nHost: LocalHost:8080\r\n\r\n");
  const auto moved = client.read_response();
  ASSERT_TRUE(moved);
  EXPECT_EQ(moved->status, 308U);
  EXPECT_EQ(moved->header("location"), "https://localhost:" + https_port + "/rooms/a?b=1");
  EXPECT_FALSE(moved->has("strict-transport-security"));
  EXPECT_EQ(moved->body, "");
  // Keep-alive; not even routes that exist are served here.
  client.send(get("/hello"));
  const auto hello = client.read_response();
  ASSERT_TRUE(hello);
  EXPECT_EQ(hello->status, 308U);
  // An HTTP/1.1 Host that is not a host is refused (RFC 9112)...
  client.send("HEAD /x HTTP/1.1\r\nHost: evil.example/path\r\n\r\n");
  const auto invalid = client.read_response(/*head=*/true);
  ASSERT_TRUE(invalid);
  EXPECT_EQ(invalid->status, 400U);
  // ...and an HTTP/1.0 request without one is sent to the certificate's name.
  Client old(*redirect);
  old.send("HEAD /x HTTP/1.0\r\n\r\n");
  const auto fallback = old.read_response(/*head=*/true);
  ASSERT_TRUE(fallback);
  EXPECT_EQ(fallback->status, 308U);
  EXPECT_EQ(fallback->header("location"), "https://localhost:" + https_port + "/x");
}

// The open redirect: whoever can get a browser to send plain HTTP (a link, a rewritten request)
// chose the Host, and the answer sent the browser to https://<that host>.
TEST_F(TlsServerTest, RedirectListenerNeverSendsClientsToAHostOfTheRequestsChoosing) {
  options_.redirect_port = 0;
  start();
  const std::string https_port = std::to_string(endpoint_.port());
  const auto location = [&](const std::string& host) {
    Client client(*server_->redirect_endpoint());
    client.send("GET /p HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n");
    const auto response = client.read_response();
    return response ? response->header("location") : std::string("(no answer)");
  };
  EXPECT_EQ(location("evil.example"), "https://localhost:" + https_port + "/p");
  EXPECT_EQ(location("evil.example:80"), "https://localhost:" + https_port + "/p");
  // The listen address is this server's too.
  EXPECT_EQ(location("127.0.0.1"), "https://127.0.0.1:" + https_port + "/p");
}

TEST_F(TlsServerTest, RedirectListenerSendsForeignHostsToThePublicUrlsHost) {
  options_.redirect_port = 0;
  options_.public_host = "meet.example.org";
  start();
  const std::string https_port = std::to_string(endpoint_.port());
  const auto location = [&](const std::string& host) {
    Client client(*server_->redirect_endpoint());
    client.send("GET /p HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n");
    const auto response = client.read_response();
    return response ? response->header("location") : std::string("(no answer)");
  };
  EXPECT_EQ(location("evil.example"), "https://meet.example.org:" + https_port + "/p");
  EXPECT_EQ(location("Meet.Example.org:80"), "https://meet.example.org:" + https_port + "/p");
  EXPECT_EQ(location("localhost"), "https://localhost:" + https_port + "/p");
}

TEST_F(TlsServerTest, RedirectListenerTakesTheNamesOfAReloadedCertificate) {
  const PairFiles renamed = write_pair(dir_, "renamed", {"Meet.LAN", "192.168.1.20", "::1"});
  std::shared_ptr<TlsContext> next = load(renamed);
  ASSERT_TRUE(next);
  EXPECT_EQ(next->certificate().names,
            (std::vector<std::string>{"meet.lan", "192.168.1.20", "::1"}));
  std::atomic<int> reloads{0};
  options_.redirect_port = 0;
  options_.reload_tls = [&reloads, &next]() -> std::shared_ptr<TlsContext> {
    ++reloads;
    return next;
  };
  start();
  const std::string https_port = std::to_string(endpoint_.port());
  const auto location = [&](const std::string& host) {
    Client client(*server_->redirect_endpoint());
    client.send("GET /p HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n");
    const auto response = client.read_response();
    return response ? response->header("location") : std::string("(no answer)");
  };
  EXPECT_EQ(location("meet.lan"), "https://localhost:" + https_port + "/p");
  server_->reload_tls();
  std::string moved;
  for (int i = 0; i < 500 && moved != "https://meet.lan:" + https_port + "/p"; ++i) {
    moved = location("meet.lan");
    if (moved != "https://meet.lan:" + https_port + "/p") std::this_thread::sleep_for(10ms);
  }
  EXPECT_EQ(moved, "https://meet.lan:" + https_port + "/p");
  EXPECT_EQ(location("evil.example"), "https://meet.lan:" + https_port + "/p");
  EXPECT_EQ(location("[::1]"), "https://[::1]:" + https_port + "/p");
}

TEST_F(TlsServerTest, RedirectListenerTakesNoBodyAndKeepsTheLimits) {
  options_.redirect_port = 0;
  start();
  const auto redirect = server_->redirect_endpoint();
  ASSERT_TRUE(redirect);
  {
    Client client(*redirect);
    client.send("POST /echo HTTP/1.1\r\nHost: test\r\nContent-Length: 5\r\n\r\nhello");
    const auto refused = client.read_response();
    ASSERT_TRUE(refused);
    EXPECT_EQ(refused->status, 413U);
    EXPECT_TRUE(client.wait_closed());
  }
  {
    Client client(*redirect);
    client.send("GET /" + std::string(2000, 'a') + " HTTP/1.1\r\nHost: test\r\n\r\n");
    const auto refused = client.read_response();
    ASSERT_TRUE(refused);
    EXPECT_EQ(refused->status, 414U);
  }
  {
    Client client(*redirect);
    client.send("GET / HTTP/1.1\r\nHost: test\r\nX-Big: " + std::string(3000, 'b') + "\r\n\r\n");
    const auto refused = client.read_response();
    ASSERT_TRUE(refused);
    EXPECT_EQ(refused->status, 431U);
  }
}

TEST_F(TlsServerTest, StopClosesBothListeners) {
  options_.redirect_port = 0;
  start();
  const auto redirect = *server_->redirect_endpoint();
  TlsClient idle(endpoint_);  // an idle TLS connection does not hold the stop up
  EXPECT_TRUE(stop());
  net::io_context ioc;
  tcp::socket socket(ioc);
  boost::system::error_code ec;
  socket.connect(redirect, ec);
  EXPECT_TRUE(ec);
}

}  // namespace
}  // namespace lkm::http::testing_support
