#pragma once
// Where the plain-HTTP redirect listener sends a request: https://<host>[:<port>]<target>, the
// port left out when it is 443. The host is the request's Host header without its port when that
// is a host name, an IPv4 address or a bracketed IPv6 address; anything else (absent, empty,
// user info, odd characters) is not trusted and `fallback_host` is used instead (an IPv6 address
// gets its brackets).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace lkm::http {

// The host of a Host header value ("Meet.Example:8080" -> "meet.example", "[::1]:80" -> "[::1]"),
// nullopt when it is not a valid one.
[[nodiscard]] std::optional<std::string> host_of(std::string_view host_header);

// `target` is the request's origin-form target (path and query).
[[nodiscard]] std::string https_location(std::string_view host_header,
                                         std::string_view fallback_host, std::uint16_t https_port,
                                         std::string_view target);

}  // namespace lkm::http
