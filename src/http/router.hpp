#pragma once
// Router: one explicit table from (method, path pattern) to handler.
// Patterns are exact ("/api/connection-details"), with parameters ("/api/rooms/{room}/lock": each
// {name} is one non-empty path segment, read by the handler with Request::param), or prefix
// ("/rooms/*": "/rooms/" plus one or more characters). Exact beats parameters beats prefix; among
// patterns of one kind the one with more literal characters wins. A HEAD request is served by the
// GET route. An optional fallback handles GET/HEAD on
// paths no pattern matches (the static files).
// A route takes no request body unless it says how large one may be (`max_body_bytes`); the
// server refuses a body sent to any other route with 413 before reading it.
// Routes are numbered in the order they were added; pattern(i) is the i-th as written ("/rooms/*"),
// so that logs and metrics can name the route that answered without quoting raw paths.
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/asio/awaitable.hpp>

#include "http/message.hpp"

namespace lkm::http {

using Handler = std::function<boost::asio::awaitable<Response>(const Request&)>;

class Router {
 public:
  void add(Method method, std::string pattern, Handler handler, std::size_t max_body_bytes = 0);
  void set_fallback(Handler handler);

  static constexpr std::size_t kNoRoute = static_cast<std::size_t>(-1);
  static constexpr std::size_t kFallbackRoute = static_cast<std::size_t>(-2);

  struct Resolution {
    const Handler* handler = nullptr;  // null: not found, or method not allowed
    std::size_t max_body_bytes = 0;    // the body the matched route accepts
    std::vector<Method> allowed;       // methods the path accepts; non-empty means 405
    PathParams params;                 // the {name} segments of the matched pattern
    std::size_t route = kNoRoute;      // the matched route's number, or kFallbackRoute
  };
  [[nodiscard]] Resolution resolve(Method method, std::string_view path) const;

  [[nodiscard]] std::size_t route_count() const noexcept { return routes_.size(); }
  [[nodiscard]] const std::string& pattern(std::size_t route) const {
    return routes_.at(route).label;
  }

 private:
  enum class Kind { exact, params, prefix };
  struct Route {
    Method method;
    std::string label;    // the pattern as written
    std::string pattern;  // without the trailing "*" of a prefix pattern
    Kind kind;
    std::size_t literal_chars;  // characters outside {name} segments
    Handler handler;
    std::size_t max_body_bytes;
  };
  // Whether `path` matches; the parameters go to `params` (when not null).
  [[nodiscard]] static bool matches(const Route& route, std::string_view path,
                                    PathParams* params = nullptr);
  std::vector<Route> routes_;
  std::optional<Handler> fallback_;
};

}  // namespace lkm::http
