#include "http/request_report.hpp"

#include <algorithm>

#include "core/log.hpp"

namespace lkm::http {
namespace {

std::vector<std::string_view> segments(std::string_view path) {
  std::vector<std::string_view> out;
  while (!path.empty()) {
    if (path.front() == '/') path.remove_prefix(1);
    const auto end = std::min(path.find('/'), path.size());
    out.push_back(path.substr(0, end));
    path.remove_prefix(end);
  }
  return out;
}

bool has_secret(std::string_view pattern, const std::vector<std::string>& secret) {
  return std::any_of(secret.begin(), secret.end(), [&](const std::string& name) {
    return pattern.find("{" + name + "}") != std::string_view::npos;
  });
}

}  // namespace

std::string redact_path(std::string_view pattern, std::string_view path,
                        const std::vector<std::string>& secret) {
  const auto wanted = segments(pattern);
  const auto got = segments(path);
  if (got.size() < wanted.size()) return std::string(path);
  const std::size_t offset = got.size() - wanted.size();
  std::string out;
  out.reserve(path.size());
  for (std::size_t i = 0; i < got.size(); ++i) {
    out.push_back('/');
    std::string_view segment = got[i];
    if (i >= offset) {
      const std::string_view want = wanted[i - offset];
      if (want.size() >= 2 && want.front() == '{' && want.back() == '}' &&
          std::find(secret.begin(), secret.end(), want.substr(1, want.size() - 2)) !=
              secret.end()) {
        segment = want;
      }
    }
    out.append(segment);
  }
  if (path.size() > 1 && path.back() == '/') out.push_back('/');
  return out;
}

RequestReporter::RequestReporter(metrics::Registry* metrics, const Router& router,
                                 std::vector<std::string> secret_params)
    : metrics_(metrics), secret_params_(std::move(secret_params)) {
  route_ids_.resize(router.route_count());
  redacted_.resize(router.route_count());
  for (std::size_t i = 0; i < router.route_count(); ++i) {
    const std::string& pattern = router.pattern(i);
    if (has_secret(pattern, secret_params_)) redacted_[i] = pattern;
    if (metrics_ != nullptr) route_ids_[i] = metrics_->add_route(pattern);
  }
  if (metrics_ != nullptr) {
    static_ = metrics_->add_route("static");
    not_found_ = metrics_->add_route("not_found");
    method_not_allowed_ = metrics_->add_route("method_not_allowed");
    redirect_ = metrics_->add_route("redirect");
    invalid_ = metrics_->add_route("invalid");
  }
}

metrics::RouteId RequestReporter::metric_route(std::size_t route) const noexcept {
  if (route < route_ids_.size()) return route_ids_[route];
  switch (route) {
    case Router::kFallbackRoute: return static_;
    case kRouteMethodNotAllowed: return method_not_allowed_;
    case kRouteRedirect: return redirect_;
    case kRouteInvalid: return invalid_;
    default: return not_found_;
  }
}

void RequestReporter::request(std::string_view method, std::string_view path,
                              std::string_view remote, std::size_t route, unsigned status,
                              std::chrono::steady_clock::duration elapsed) const {
  if (metrics_ != nullptr) {
    metrics_->observe_request(metric_route(route), metrics::method_from_name(method), status,
                              std::chrono::duration_cast<std::chrono::nanoseconds>(elapsed));
  }
  std::string storage;
  log::request({method, logged_path(route, path, storage), status,
                std::chrono::duration<double, std::milli>(elapsed).count(), remote});
}

void RequestReporter::handler_failed(std::string_view method, std::string_view path,
                                     std::size_t route, std::string_view what) const {
  std::string storage;
  log::error(std::string("handler for ")
                 .append(method)
                 .append(" ")
                 .append(logged_path(route, path, storage))
                 .append(" failed: ")
                 .append(what));
}

std::string_view RequestReporter::logged_path(std::size_t route, std::string_view path,
                                              std::string& storage) const {
  if (route >= redacted_.size() || redacted_[route].empty()) return path;
  storage = redact_path(redacted_[route], path, secret_params_);
  return storage;
}

}  // namespace lkm::http
