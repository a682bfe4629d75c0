#pragma once
// Router: one explicit table from (method, path pattern) to handler.
// Patterns are exact ("/api/connection-details") or prefix ("/rooms/*": "/rooms/" plus one or more
// characters). A HEAD request is served by the GET route. An optional fallback handles GET/HEAD on
// paths no pattern matches (the static files).
// A route takes no request body unless it says how large one may be (`max_body_bytes`); the
// server refuses a body sent to any other route with 413 before reading it.
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

  struct Resolution {
    const Handler* handler = nullptr;  // null: not found, or method not allowed
    std::size_t max_body_bytes = 0;    // the body the matched route accepts
    std::vector<Method> allowed;       // methods the path accepts; non-empty means 405
  };
  [[nodiscard]] Resolution resolve(Method method, std::string_view path) const;

 private:
  struct Route {
    Method method;
    std::string pattern;
    bool prefix;
    Handler handler;
    std::size_t max_body_bytes;
  };
  [[nodiscard]] static bool matches(const Route& route, std::string_view path);
  std::vector<Route> routes_;
  std::optional<Handler> fallback_;
};

}  // namespace lkm::http
