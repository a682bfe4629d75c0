#pragma once
// AddressList: a set of IP addresses and CIDR networks, as the settings name clients and proxies
// ("10.0.0.0/8, 127.0.0.1, ::1"). Parsed once, when the configuration is read; then only asked
// whether it contains an address. An IPv4 address written as IPv6 (::ffff:a.b.c.d, as dual-stack
// sockets report it) is the IPv4 address.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/asio/ip/address.hpp>
#include <boost/asio/ip/network_v4.hpp>
#include <boost/asio/ip/network_v6.hpp>

#include "core/result.hpp"

namespace lkm {

// An IP address from text (spaces and tabs around it ignored), IPv4-mapped IPv6 as IPv4; nullopt
// when the text is not one.
[[nodiscard]] std::optional<boost::asio::ip::address> parse_ip_address(std::string_view text);

class AddressList {
 public:
  AddressList() = default;  // contains nothing

  // Comma-separated addresses and CIDR networks; empty entries are skipped. The error names the
  // first entry that is neither: "not an address or network: <entry>".
  [[nodiscard]] static Result<AddressList, std::string> parse(std::string_view list);
  // 127.0.0.0/8 and ::1.
  [[nodiscard]] static AddressList loopback();

  [[nodiscard]] bool empty() const noexcept { return v4_.empty() && v6_.empty(); }
  [[nodiscard]] bool contains(const boost::asio::ip::address& address) const;
  // False for text that is not an address.
  [[nodiscard]] bool contains(std::string_view address) const;

  // The entries, comma-separated, IPv4 first: networks in canonical form, single addresses
  // without a prefix length ("10.0.0.0/8,127.0.0.1,::1"). parse() reads it back as the same list.
  [[nodiscard]] std::string to_string() const;

  bool operator==(const AddressList&) const = default;

 private:
  std::vector<boost::asio::ip::network_v4> v4_;
  std::vector<boost::asio::ip::network_v6> v6_;
};

}  // namespace lkm
