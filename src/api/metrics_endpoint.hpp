#pragma once
// GET /metrics: the Prometheus exposition of the metrics registry (core/metrics.hpp), served only
// to the clients --metrics-allow names (loopback by default); others get 403 (`forbidden`). The
// client is the address the server computed (X-Forwarded-For only from --trusted-proxies).
// With --metrics-allow none the route does not exist (404).
#include <string>
#include <string_view>

#include "core/result.hpp"
#include "http/proxies.hpp"
#include "http/router.hpp"

namespace lkm::api {

struct AppContext;

class MetricsAccess {
 public:
  MetricsAccess() = default;  // off
  // "none" (the endpoint is off), or addresses and CIDR networks, comma-separated. The error
  // names the entry that is neither.
  [[nodiscard]] static Result<MetricsAccess, std::string> parse(std::string_view list);

  [[nodiscard]] bool enabled() const noexcept { return enabled_; }
  // Whether `client` (an IP address as text; IPv4-mapped IPv6 counts as IPv4) may scrape.
  [[nodiscard]] bool allows(std::string_view client) const;

 private:
  bool enabled_ = false;
  http::TrustedProxies networks_;  // used as a plain set of networks
};

[[nodiscard]] http::Handler handle_metrics(const AppContext& context);

}  // namespace lkm::api
