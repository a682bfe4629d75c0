#include "core/address_list.hpp"

#include <boost/system/error_code.hpp>

#include "core/text.hpp"

namespace lkm {
namespace net = boost::asio;

namespace {

// At most this much of a bad entry is quoted back.
constexpr std::size_t kQuotedEntry = 64;

}  // namespace

std::optional<net::ip::address> parse_ip_address(std::string_view text) {
  boost::system::error_code ec;
  auto address = net::ip::make_address(std::string(trim_ows(text)), ec);
  if (ec) return std::nullopt;
  if (address.is_v6() && address.to_v6().is_v4_mapped()) {
    return net::ip::make_address_v4(net::ip::v4_mapped, address.to_v6());
  }
  return address;
}

Result<AddressList, std::string> AddressList::parse(std::string_view list) {
  AddressList out;
  while (!list.empty()) {
    const auto comma = list.find(',');
    const std::string entry(trim_ows(list.substr(0, comma)));
    list.remove_prefix(comma == std::string_view::npos ? list.size() : comma + 1);
    if (entry.empty()) continue;
    boost::system::error_code ec;
    if (entry.find('/') != std::string::npos) {
      if (entry.find(':') != std::string::npos) {
        const auto network = net::ip::make_network_v6(entry, ec);
        if (!ec) out.v6_.push_back(network.canonical());
      } else {
        const auto network = net::ip::make_network_v4(entry, ec);
        if (!ec) out.v4_.push_back(network.canonical());
      }
    } else if (const auto address = parse_ip_address(entry)) {
      if (address->is_v4()) {
        out.v4_.emplace_back(address->to_v4(), 32);
      } else {
        out.v6_.emplace_back(address->to_v6(), 128);
      }
    } else {
      ec = net::error::invalid_argument;
    }
    if (ec) {
      std::string message = "not an address or network: ";
      message.append(entry, 0, kQuotedEntry);
      return fail(std::move(message));
    }
  }
  return out;
}

AddressList AddressList::loopback() {
  AddressList out;
  out.v4_.push_back(net::ip::network_v4(net::ip::address_v4::loopback(), 8).canonical());
  out.v6_.emplace_back(net::ip::address_v6::loopback(), 128);
  return out;
}

bool AddressList::contains(const net::ip::address& address) const {
  if (address.is_v6() && address.to_v6().is_v4_mapped()) {
    return contains(
        net::ip::address(net::ip::make_address_v4(net::ip::v4_mapped, address.to_v6())));
  }
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

bool AddressList::contains(std::string_view address) const {
  const auto parsed = parse_ip_address(address);
  return parsed && contains(*parsed);
}

std::string AddressList::to_string() const {
  std::string out;
  const auto add = [&out](const auto& network, unsigned host_length) {
    if (!out.empty()) out.push_back(',');
    out.append(network.prefix_length() == host_length ? network.address().to_string()
                                                      : network.to_string());
  };
  for (const auto& network : v4_) add(network, 32);
  for (const auto& network : v6_) add(network, 128);
  return out;
}

}  // namespace lkm
