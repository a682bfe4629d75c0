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
  std::string label = pattern;
  Kind kind = Kind::exact;
  if (pattern.size() >= 2 && pattern.ends_with("/*")) {
    kind = Kind::prefix;
    pattern.pop_back();
  } else if (pattern.find('{') != std::string::npos) {
    kind = Kind::params;
  }
  std::size_t literal_chars = 0;
  bool in_param = false;
  for (const char c : pattern) {
    if (c == '{') in_param = true;
    if (!in_param) ++literal_chars;
    if (c == '}') in_param = false;
  }
  routes_.push_back(Route{method, std::move(label), std::move(pattern), kind, literal_chars,
                          std::move(handler), max_body_bytes});
}

void Router::set_fallback(Handler handler) {
  fallback_ = std::move(handler);
}

bool Router::matches(const Route& route, std::string_view path, PathParams* params) {
  if (route.kind == Kind::exact) return path == route.pattern;
  if (route.kind == Kind::prefix) {
    return path.size() > route.pattern.size() && path.starts_with(route.pattern);
  }
  // Segment by segment: literal segments compare equal, {name} takes any non-empty segment.
  std::string_view pattern = route.pattern;
  PathParams found;
  while (!pattern.empty() || !path.empty()) {
    if (pattern.empty() || path.empty() || pattern.front() != '/' || path.front() != '/') {
      return false;
    }
    pattern.remove_prefix(1);
    path.remove_prefix(1);
    const auto pattern_end = std::min(pattern.find('/'), pattern.size());
    const auto path_end = std::min(path.find('/'), path.size());
    const auto want = pattern.substr(0, pattern_end);
    const auto got = path.substr(0, path_end);
    if (want.size() >= 2 && want.front() == '{' && want.back() == '}') {
      if (got.empty()) return false;
      found.emplace_back(want.substr(1, want.size() - 2), got);
    } else if (want != got) {
      return false;
    }
    pattern.remove_prefix(pattern_end);
    path.remove_prefix(path_end);
  }
  if (params != nullptr) *params = std::move(found);
  return true;
}

// An exact pattern beats a prefix, and a longer prefix beats a shorter one, whatever the order in
// which routes were added; HEAD falls back to the GET route when no HEAD route is registered.
Router::Resolution Router::resolve(Method method, std::string_view path) const {
  const Route* best = nullptr;
  const Route* best_get = nullptr;
  std::vector<Method> allowed;
  auto better = [](const Route* current, const Route& candidate) {
    if (current == nullptr) return true;
    if (current->kind != candidate.kind) return candidate.kind < current->kind;
    return candidate.literal_chars > current->literal_chars;
  };
  for (const Route& route : routes_) {
    if (!matches(route, path)) continue;
    add_allowed(allowed, route.method);
    if (route.method == method && better(best, route)) best = &route;
    if (route.method == Method::get && better(best_get, route)) best_get = &route;
  }
  if (best == nullptr && method == Method::head) best = best_get;
  if (best != nullptr) {
    Resolution found{&best->handler,
                     best->max_body_bytes,
                     {},
                     {},
                     static_cast<std::size_t>(best - routes_.data())};
    (void)matches(*best, path, &found.params);
    return found;
  }

  if (allowed.empty() && fallback_) {
    if (method == Method::get || method == Method::head)
      return Resolution{&*fallback_, 0, {}, {}, kFallbackRoute};
    return Resolution{nullptr, 0, {Method::get, Method::head}, {}, kNoRoute};
  }
  if (std::find(allowed.begin(), allowed.end(), Method::get) != allowed.end()) {
    add_allowed(allowed, Method::head);
  }
  return Resolution{nullptr, 0, std::move(allowed), {}, kNoRoute};
}

}  // namespace lkm::http
