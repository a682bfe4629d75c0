#pragma once
// A loopback HTTP server for a few requests, one after the other: it answers each with a canned
// response and keeps the last request it read, so a test can check what a client sent. Blocking
// sockets on a thread of its own.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdint>
#include <string>
#include <thread>

namespace lkm::testing {

class OneShotServer {
 public:
  explicit OneShotServer(std::string response, int connections = 1)
      : response_(std::move(response)), connections_(connections) {
    listener_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(listener_, reinterpret_cast<sockaddr*>(&address), sizeof address);
    ::listen(listener_, 8);
    socklen_t size = sizeof address;
    ::getsockname(listener_, reinterpret_cast<sockaddr*>(&address), &size);
    port_ = ntohs(address.sin_port);
    thread_ = std::thread([this] { serve(); });
  }
  ~OneShotServer() {
    ::shutdown(listener_, SHUT_RDWR);
    thread_.join();
    ::close(listener_);
  }
  OneShotServer(const OneShotServer&) = delete;
  OneShotServer& operator=(const OneShotServer&) = delete;

  [[nodiscard]] std::uint16_t port() const { return port_; }
  // What the client sent (complete once the client has its answer).
  [[nodiscard]] const std::string& request() const { return request_; }

 private:
  void serve() {
    for (int i = 0; i < connections_; ++i) {
      const int connection = ::accept(listener_, nullptr, nullptr);
      if (connection < 0) return;
      request_.clear();
      answer(connection);
    }
  }

  void answer(int connection) {
    char buffer[4096];
    std::size_t body_start = std::string::npos;
    std::size_t length = 0;
    while (body_start == std::string::npos || request_.size() < body_start + length) {
      const auto got = ::read(connection, buffer, sizeof buffer);
      if (got <= 0) break;
      request_.append(buffer, static_cast<std::size_t>(got));
      if (body_start == std::string::npos) {
        const auto end = request_.find("\r\n\r\n");
        if (end == std::string::npos) continue;
        body_start = end + 4;
        const auto header = request_.find("Content-Length: ");
        if (header != std::string::npos) length = std::stoul(request_.substr(header + 16));
      }
    }
    (void)::write(connection, response_.data(), response_.size());
    ::close(connection);
  }

  std::string response_;
  int connections_;
  std::string request_;
  int listener_ = -1;
  std::uint16_t port_ = 0;
  std::thread thread_;
};

// A port nothing listens on (bound, then closed).
inline std::uint16_t closed_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
  socklen_t size = sizeof address;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &size);
  ::close(fd);
  return ntohs(address.sin_port);
}

}  // namespace lkm::testing
