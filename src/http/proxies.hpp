#pragma once
// TrustedProxies: the reverse proxies whose X-Forwarded-For and X-Forwarded-Proto are believed.
// From anyone else those headers are ignored: the client is the peer address, the scheme the one
// the connection used. From a trusted proxy, the client is the rightmost X-Forwarded-For address
// that is not itself a trusted proxy (addresses further left were written by the client and may
// be forged).
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/asio/ip/address.hpp>
#include <boost/asio/ip/network_v4.hpp>
#include <boost/asio/ip/network_v6.hpp>

#include "core/result.hpp"

namespace lkm::http {

class TrustedProxies {
 public:
  TrustedProxies() = default;
  // A comma-separated list of addresses and CIDR networks ("10.0.0.0/8, 127.0.0.1, ::1").
  // The error names the entry that is not one.
  [[nodiscard]] static Result<TrustedProxies, std::string> parse(std::string_view list);

  [[nodiscard]] bool empty() const noexcept { return v4_.empty() && v6_.empty(); }
  [[nodiscard]] bool contains(const boost::asio::ip::address& address) const;
  [[nodiscard]] bool contains(std::string_view address) const;

  // The client's address, given the peer's and the request's X-Forwarded-For (empty if none).
  [[nodiscard]] std::string client_address(std::string_view peer,
                                           std::string_view forwarded_for) const;
  // Whether the request reached the proxy over HTTPS (X-Forwarded-Proto from a trusted peer).
  [[nodiscard]] bool forwarded_https(std::string_view peer, std::string_view forwarded_proto) const;

 private:
  std::vector<boost::asio::ip::network_v4> v4_;
  std::vector<boost::asio::ip::network_v6> v6_;
};

}  // namespace lkm::http
