#include "http/proxies.hpp"

#include "core/text.hpp"

namespace lkm::http {

std::string TrustedProxies::client_address(std::string_view peer,
                                           std::string_view forwarded_for) const {
  if (forwarded_for.empty() || !contains(peer)) return std::string(peer);
  // Right to left: the nearest hop first; stop at the first address no trusted proxy wrote.
  std::string_view rest = forwarded_for;
  while (!rest.empty()) {
    const auto comma = rest.rfind(',');
    const auto entry = trim_ows(comma == std::string_view::npos ? rest : rest.substr(comma + 1));
    rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(0, comma);
    const auto address = parse_ip_address(entry);
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
