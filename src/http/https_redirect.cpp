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

bool same_host(std::string_view a, std::string_view b) {
  const auto bare = [](std::string_view host) {
    if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
      host = host.substr(1, host.size() - 2);
    }
    return host;
  };
  a = bare(a);
  b = bare(b);
  unsigned char first[16];
  unsigned char second[16];
  for (const int family : {AF_INET, AF_INET6}) {
    const bool a_is = a.size() < 64 && inet_pton(family, std::string(a).c_str(), first) == 1;
    const bool b_is = b.size() < 64 && inet_pton(family, std::string(b).c_str(), second) == 1;
    if (a_is || b_is) {
      const std::size_t size = family == AF_INET ? 4 : 16;
      return a_is && b_is && std::equal(first, first + size, second);
    }
  }
  return !a.empty() && lower(a) == lower(b);
}

std::string redirect_host(std::string_view host_header, const RedirectHosts& hosts) {
  const auto wildcard = [](std::string_view name) { return name.starts_with("*"); };
  if (auto requested = host_of(host_header)) {
    const bool ours = same_host(*requested, hosts.public_host) ||
                      same_host(*requested, hosts.listen_host) ||
                      std::any_of(hosts.certificate_names.begin(), hosts.certificate_names.end(),
                                  [&](const std::string& name) {
                                    return !wildcard(name) && same_host(*requested, name);
                                  });
    if (ours) return std::move(*requested);
  }
  std::string_view fallback = hosts.listen_host;
  if (!hosts.public_host.empty()) {
    fallback = hosts.public_host;
  } else {
    const auto named = std::find_if(hosts.certificate_names.begin(), hosts.certificate_names.end(),
                                    [&](const std::string& name) { return !wildcard(name); });
    if (named != hosts.certificate_names.end()) fallback = *named;
  }
  if (is_ipv6(fallback)) {
    // Appended, not "[" + ...: GCC 12 at -O3 warns (-Wrestrict) on that concatenation.
    std::string bracketed = "[";
    bracketed.append(fallback).append("]");
    return bracketed;
  }
  return lower(fallback);
}

std::string https_location(std::string_view host_header, const RedirectHosts& hosts,
                           std::uint16_t https_port, std::string_view target) {
  std::string location = "https://" + redirect_host(host_header, hosts);
  if (https_port != 443) location.append(":").append(std::to_string(https_port));
  location.append(target);
  return location;
}

}  // namespace lkm::http
