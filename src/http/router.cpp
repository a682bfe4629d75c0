#include "http/router.hpp"

#include <algorithm>
#include <utility>

namespace lkm::http {
namespace {

void add_allowed(std::vector<Method>& allowed, Method method) {
  if (std::find(allowed.begin(), allowed.end(), method) == allowed.end()) allowed.push_back(method);
}

}  // namespace

void Router::add(Method method, std::string pattern, Handler handler, std::size_t max_body_bytes) {
  const bool prefix = pattern.size() >= 2 && pattern.ends_with("/*");
  if (prefix) pattern.pop_back();
  routes_.push_back(Route{method, std::move(pattern), prefix, std::move(handler), max_body_bytes});
}

void Router::set_fallback(Handler handler) {
  fallback_ = std::move(handler);
}

bool Router::matches(const Route& route, std::string_view path) {
  if (!route.prefix) return path == route.pattern;
  return path.size() > route.pattern.size() && path.starts_with(route.pattern);
}

// An exact pattern beats a prefix, and a longer prefix beats a shorter one, whatever the order in
// which routes were added; HEAD falls back to the GET route when no HEAD route is registered.
Router::Resolution Router::resolve(Method method, std::string_view path) const {
  const Route* best = nullptr;
  const Route* best_get = nullptr;
  std::vector<Method> allowed;
  auto better = [](const Route* current, const Route& candidate) {
    if (current == nullptr) return true;
    if (current->prefix != candidate.prefix) return !candidate.prefix;
    return candidate.pattern.size() > current->pattern.size();
  };
  for (const Route& route : routes_) {
    if (!matches(route, path)) continue;
    add_allowed(allowed, route.method);
    if (route.method == method && better(best, route)) best = &route;
    if (route.method == Method::get && better(best_get, route)) best_get = &route;
  }
  if (best == nullptr && method == Method::head) best = best_get;
  if (best != nullptr) return Resolution{&best->handler, best->max_body_bytes, {}};

  if (allowed.empty() && fallback_) {
    if (method == Method::get || method == Method::head) return Resolution{&*fallback_, 0, {}};
    return Resolution{nullptr, 0, {Method::get, Method::head}};
  }
  if (std::find(allowed.begin(), allowed.end(), Method::get) != allowed.end()) {
    add_allowed(allowed, Method::head);
  }
  return Resolution{nullptr, 0, std::move(allowed)};
}

}  // namespace lkm::http
