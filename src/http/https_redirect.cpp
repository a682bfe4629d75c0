#include "http/https_redirect.hpp"

#include <arpa/inet.h>

#include <algorithm>

namespace lkm::http {
namespace {

constexpr std::size_t kMaxHostName = 253;
constexpr std::size_t kMaxLabel = 63;

bool is_ipv6(std::string_view text) {
  unsigned char bytes[16];
  return text.size() < 64 && inet_pton(AF_INET6, std::string(text).c_str(), bytes) == 1;
}

// Letters, digits and hyphens in dot-separated labels (IPv4 addresses are such names too).
bool is_host_name(std::string_view name) {
  if (name.empty() || name.size() > kMaxHostName) return false;
  std::size_t start = 0;
  while (start <= name.size()) {
    const std::size_t end = std::min(name.find('.', start), name.size());
    const std::string_view label = name.substr(start, end - start);
    if (label.empty() || label.size() > kMaxLabel || label.front() == '-' || label.back() == '-')
      return false;
    const bool valid = std::all_of(label.begin(), label.end(), [](char c) {
      return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
    });
    if (!valid) return false;
    start = end + 1;
  }
  return true;
}

bool is_port(std::string_view text) {
  return !text.empty() && text.size() <= 5 &&
         std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) {
    return static_cast<char>(c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c);
  });
  return out;
}

}  // namespace

std::optional<std::string> host_of(std::string_view host_header) {
  if (host_header.starts_with('[')) {
    const std::size_t close = host_header.find(']');
    if (close == std::string_view::npos) return std::nullopt;
    const std::string_view rest = host_header.substr(close + 1);
    if (!rest.empty() && !(rest.front() == ':' && is_port(rest.substr(1)))) return std::nullopt;
    if (!is_ipv6(host_header.substr(1, close - 1))) return std::nullopt;
    return lower(host_header.substr(0, close + 1));
  }
  const std::size_t colon = host_header.find(':');
  const std::string_view name = host_header.substr(0, colon);
  if (colon != std::string_view::npos && !is_port(host_header.substr(colon + 1)))
    return std::nullopt;
  if (!is_host_name(name)) return std::nullopt;
  return lower(name);
}

std::string https_location(std::string_view host_header, std::string_view fallback_host,
                           std::uint16_t https_port, std::string_view target) {
  std::string host;
  if (auto valid = host_of(host_header)) {
    host = std::move(*valid);
  } else if (is_ipv6(fallback_host)) {
    host.append("[").append(fallback_host).append("]");
  } else {
    host = fallback_host;
  }
  std::string location = "https://" + host;
  if (https_port != 443) location.append(":").append(std::to_string(https_port));
  location.append(target);
  return location;
}

}  // namespace lkm::http
