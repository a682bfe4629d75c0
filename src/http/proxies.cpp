#include "http/proxies.hpp"

#include <boost/system/error_code.hpp>

#include "core/text.hpp"

namespace lkm::http {
namespace net = boost::asio;

namespace {

std::optional<net::ip::address> parse_address(std::string_view text) {
  boost::system::error_code ec;
  auto address = net::ip::make_address(std::string(trim_ows(text)), ec);
  if (ec) return std::nullopt;
  // An IPv4 address written as IPv6 (::ffff:a.b.c.d, as dual-stack sockets report it) is IPv4.
  if (address.is_v6() && address.to_v6().is_v4_mapped()) {
    return net::ip::make_address_v4(net::ip::v4_mapped, address.to_v6());
  }
  return address;
}

}  // namespace

Result<TrustedProxies, std::string> TrustedProxies::parse(std::string_view list) {
  TrustedProxies proxies;
  while (!list.empty()) {
    const auto comma = list.find(',');
    const std::string entry(trim_ows(list.substr(0, comma)));
    list.remove_prefix(comma == std::string_view::npos ? list.size() : comma + 1);
    if (entry.empty()) continue;
    boost::system::error_code ec;
    if (entry.find('/') != std::string::npos) {
      if (entry.find(':') != std::string::npos) {
        const auto network = net::ip::make_network_v6(entry, ec);
        if (!ec) proxies.v6_.push_back(network.canonical());
      } else {
        const auto network = net::ip::make_network_v4(entry, ec);
        if (!ec) proxies.v4_.push_back(network.canonical());
      }
    } else if (const auto address = parse_address(entry)) {
      if (address->is_v4()) {
        proxies.v4_.emplace_back(address->to_v4(), 32);
      } else {
        proxies.v6_.emplace_back(address->to_v6(), 128);
      }
    } else {
      ec = net::error::invalid_argument;
    }
    if (ec) return fail("not an address or network: " + entry.substr(0, 64));
  }
  return proxies;
}

bool TrustedProxies::contains(const net::ip::address& address) const {
  if (address.is_v4()) {
    const auto host = net::ip::network_v4(address.to_v4(), 32);
    for (const auto& network : v4_) {
      if (host == network || host.is_subnet_of(network)) return true;
    }
    return false;
  }
  const auto host = net::ip::network_v6(address.to_v6(), 128);
  for (const auto& network : v6_) {
    if (host == network || host.is_subnet_of(network)) return true;
  }
  return false;
}

bool TrustedProxies::contains(std::string_view address) const {
  const auto parsed = parse_address(address);
  return parsed && contains(*parsed);
}

std::string TrustedProxies::client_address(std::string_view peer,
                                           std::string_view forwarded_for) const {
  if (forwarded_for.empty() || !contains(peer)) return std::string(peer);
  // Right to left: the nearest hop first; stop at the first address no trusted proxy wrote.
  std::string_view rest = forwarded_for;
  while (!rest.empty()) {
    const auto comma = rest.rfind(',');
    const auto entry = trim_ows(comma == std::string_view::npos ? rest : rest.substr(comma + 1));
    rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(0, comma);
    const auto address = parse_address(entry);
    if (!address) return std::string(peer);  // garbage: believe nothing written there
    if (!contains(*address)) return address->to_string();
  }
  return std::string(peer);  // every hop was a trusted proxy
}

bool TrustedProxies::forwarded_https(std::string_view peer,
                                     std::string_view forwarded_proto) const {
  if (forwarded_proto.empty() || !contains(peer)) return false;
  // The proxy nearest to us appends last.
  const auto comma = forwarded_proto.rfind(',');
  const auto last = trim_ows(comma == std::string_view::npos ? forwarded_proto
                                                             : forwarded_proto.substr(comma + 1));
  return ascii_iequals(last, "https");
}

}  // namespace lkm::http
