#pragma once
// RequestReporter: what the server tells about each answered request and each connection: the
// request's log line (core/log) and, given a registry, its metrics (core/metrics).
// A request is named by what answered it: a route-table pattern (Router::pattern), "static" (the
// fallback: files of the web root), "not_found", "method_not_allowed", "redirect" (the bare base
// path) or "invalid" (refused before routing: 400, 414, 431). Never by its raw path, so that
// metric labels stay few. In the log, a path segment taken by a secret route parameter (a waiting
// guest's ticket) is written as "{name}", never as sent.
#include <chrono>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/metrics.hpp"
#include "http/router.hpp"

namespace lkm::http {

// What answered a request when no route of the table did (besides Router::kFallbackRoute).
inline constexpr std::size_t kRouteNotFound = Router::kNoRoute;
inline constexpr std::size_t kRouteInvalid = static_cast<std::size_t>(-3);
inline constexpr std::size_t kRouteMethodNotAllowed = static_cast<std::size_t>(-4);
inline constexpr std::size_t kRouteRedirect = static_cast<std::size_t>(-5);

class RequestReporter {
 public:
  // `metrics` may be null (log lines only); otherwise it must outlive the reporter, and the
  // router's patterns are registered with it here.
  RequestReporter(metrics::Registry* metrics, const Router& router,
                  std::vector<std::string> secret_params);

  // `path` without the query; `route` a route number of the router or one of the kRoute values.
  void request(std::string_view method, std::string_view path, std::string_view remote,
               std::size_t route, unsigned status,
               std::chrono::steady_clock::duration elapsed) const;

  // A handler threw: logged as an error, with the path as request() logs it.
  void handler_failed(std::string_view method, std::string_view path, std::size_t route,
                      std::string_view what) const;

  void connection_opened() const noexcept {
    if (metrics_ != nullptr) metrics_->connection_opened();
  }
  void connection_closed() const noexcept {
    if (metrics_ != nullptr) metrics_->connection_closed();
  }
  void connection_refused(metrics::Refusal reason) const noexcept {
    if (metrics_ != nullptr) metrics_->connection_refused(reason);
  }

 private:
  [[nodiscard]] metrics::RouteId metric_route(std::size_t route) const noexcept;
  // `path` as logged: redacted when the route has secret parameters (then kept in `storage`).
  [[nodiscard]] std::string_view logged_path(std::size_t route, std::string_view path,
                                             std::string& storage) const;

  metrics::Registry* metrics_;
  std::vector<std::string> secret_params_;
  std::vector<metrics::RouteId> route_ids_;  // by route number
  std::vector<std::string> redacted_;        // by route number: the pattern when it has secrets
  metrics::RouteId static_ = 0;
  metrics::RouteId not_found_ = 0;
  metrics::RouteId method_not_allowed_ = 0;
  metrics::RouteId redirect_ = 0;
  metrics::RouteId invalid_ = 0;
};

// `path` with each segment that a {name} of `pattern` takes replaced by "{name}" when `name` is
// one of `secret`. Segments are paired from the end, so a base path in front is kept.
[[nodiscard]] std::string redact_path(std::string_view pattern, std::string_view path,
                                      const std::vector<std::string>& secret);

}  // namespace lkm::http
