#pragma once
// Where the plain-HTTP redirect listener sends a request: https://<host>[:<port>]<target>, the
// port left out when it is 443. The host is the request's Host header without its port only when
// that names this server: the public URL's host, one of the certificate's names (subjectAltName
// DNS names and IP addresses, compared exactly: a wildcard name matches nothing), or the address
// the listener answers on; compared case-insensitively, IP addresses by value. Anything else (a
// name of someone else's, absent, empty, user info, odd characters) goes to the public URL's
// host, else the certificate's first name that is not a wildcard, else the listen address: the
// listener never sends a client to a host the request chose.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace lkm::http {

// The hosts that are this server's.
struct RedirectHosts {
  // --public-url's host ("meet.example.com", "[2001:db8::1]"); empty when none.
  std::string_view public_host;
  // The current certificate's names, as CertificateInfo::names holds them.
  std::span<const std::string> certificate_names;
  // The listen address (the connection's local address when listening on all addresses).
  std::string_view listen_host;
};

// The host of a Host header value ("Meet.Example:8080" -> "meet.example", "[::1]:80" -> "[::1]"),
// nullopt when it is not a valid one.
[[nodiscard]] std::optional<std::string> host_of(std::string_view host_header);

// Whether two hosts are the same: IP addresses (IPv6 with or without brackets) by value, names
// case-insensitively.
[[nodiscard]] bool same_host(std::string_view a, std::string_view b);

// The host to redirect to, ready for a URL (an IPv6 address in brackets).
[[nodiscard]] std::string redirect_host(std::string_view host_header, const RedirectHosts& hosts);

// `target` is the request's origin-form target (path and query).
[[nodiscard]] std::string https_location(std::string_view host_header, const RedirectHosts& hosts,
                                         std::uint16_t https_port, std::string_view target);

}  // namespace lkm::http
