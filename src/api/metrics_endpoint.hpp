#pragma once
// GET /metrics: the Prometheus exposition of the metrics registry (core/metrics.hpp), served only
// to the clients --metrics-allow names (loopback by default); others get 403 (`forbidden`). The
// client is the address the server computed (X-Forwarded-For only from --trusted-proxies).
// With --metrics-allow none the route does not exist (404).
#include <string_view>
#include <utility>

#include "core/address_list.hpp"
#include "http/router.hpp"

namespace lkm::api {

struct AppContext;

class MetricsAccess {
 public:
  MetricsAccess() = default;  // off
  // The clients that may scrape (the configuration's --metrics-allow); none: the endpoint is off.
  explicit MetricsAccess(AddressList clients) : clients_(std::move(clients)) {}

  [[nodiscard]] bool enabled() const noexcept { return !clients_.empty(); }
  // Whether `client` (an IP address as text; IPv4-mapped IPv6 counts as IPv4) may scrape.
  [[nodiscard]] bool allows(std::string_view client) const { return clients_.contains(client); }

 private:
  AddressList clients_;
};

[[nodiscard]] http::Handler handle_metrics(const AppContext& context);

}  // namespace lkm::api
