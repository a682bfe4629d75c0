#pragma once
// TrustedProxies: the reverse proxies whose X-Forwarded-For and X-Forwarded-Proto are believed.
// From anyone else those headers are ignored: the client is the peer address, the scheme the one
// the connection used. From a trusted proxy, the client is the rightmost X-Forwarded-For address
// that is not itself a trusted proxy (addresses further left were written by the client and may
// be forged).
#include <string>
#include <string_view>
#include <utility>

#include <boost/asio/ip/address.hpp>

#include "core/address_list.hpp"

namespace lkm::http {

class TrustedProxies {
 public:
  TrustedProxies() = default;  // none
  // The proxies' addresses and networks (the configuration's --trusted-proxies).
  explicit TrustedProxies(AddressList proxies) : proxies_(std::move(proxies)) {}

  [[nodiscard]] bool empty() const noexcept { return proxies_.empty(); }
  [[nodiscard]] bool contains(const boost::asio::ip::address& address) const {
    return proxies_.contains(address);
  }
  [[nodiscard]] bool contains(std::string_view address) const { return proxies_.contains(address); }

  // The client's address, given the peer's and the request's X-Forwarded-For (empty if none).
  [[nodiscard]] std::string client_address(std::string_view peer,
                                           std::string_view forwarded_for) const;
  // Whether the request reached the proxy over HTTPS (X-Forwarded-Proto from a trusted peer).
  [[nodiscard]] bool forwarded_https(std::string_view peer, std::string_view forwarded_proto) const;

 private:
  AddressList proxies_;
};

}  // namespace lkm::http
