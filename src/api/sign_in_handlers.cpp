// Signing in through the identity provider: GET /auth/login, GET /auth/callback and
// POST /auth/logout (docs/sign-in.md). Browsers navigate to these: failures are small HTML pages.
#include "api/sign_in_handlers.hpp"

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include "api/web_config.hpp"
#include "http/query.hpp"

namespace lkm::api {
namespace {

using boost::asio::awaitable;
using Response = http::Response;

// The sign-in's pages are the browser's answer: they name what went wrong and lead back home. No
// script or style, so the CSP stays as it is; never the code, a token or a cookie.
Response page(const SignInPages& pages, const ApiError& error) {
  const std::string product = html_attribute_escape(pages.product_name);
  std::string body = "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">";
  body += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">";
  body += "<title>Signing in failed - " + product + "</title></head><body><main>";
  body += "<h1>Signing in failed</h1><p>" + html_attribute_escape(error.message) + "</p>";
  body += "<p><a href=\"" + html_attribute_escape(pages.base_path) + "/\">Back to " + product +
          "</a></p></main></body></html>\n";
  Response response;
  response.status = status_of(error.code);
  response.content_type = "text/html; charset=utf-8";
  response.body = std::move(body);
  response.header("Cache-Control", "no-store");
  if (error.retry_after_seconds > 0) {
    response.header("Retry-After", std::to_string(error.retry_after_seconds));
  }
  return response;
}

Response see_other(std::string location) {
  auto response = Response::empty(303);
  response.header("Location", std::move(location));
  response.header("Cache-Control", "no-store");
  return response;
}

awaitable<Response> sign_in_start(const services::SignIn& sign_in, const Cookies& cookies,
                                  const SignInPages& pages, const http::Request& request) {
  if (auto limited = check_rate(pages.limiter, request, pages.clock->now_unix())) {
    co_return page(pages, *limited);
  }
  const auto next = http::query_param(request.query(), "next");
  auto started = co_await sign_in.start(next.value_or("/"));
  if (!started) co_return page(pages, started.error());
  auto response = Response::empty(302);
  response.header("Location", std::move(started->redirect_url));
  response.header("Cache-Control", "no-store");
  response.header("Set-Cookie",
                  cookies.set_lax(request, services::kLoginCookie, started->login_cookie,
                                  services::kLoginSeconds, "/auth/", pages.secure_cookies));
  co_return response;
}

awaitable<Response> sign_in_callback(const services::SignIn& sign_in, const Cookies& cookies,
                                     const SignInPages& pages, const http::Request& request) {
  if (auto limited = check_rate(pages.limiter, request, pages.clock->now_unix())) {
    co_return page(pages, *limited);
  }
  const std::string_view query = request.query();
  services::SignIn::Answer answer{http::query_param(query, "code").value_or(""),
                                  http::query_param(query, "state").value_or(""),
                                  http::query_param(query, "error").value_or("")};
  auto finished =
      co_await sign_in.finish(std::move(answer), Cookies::value(request, services::kLoginCookie));
  // The login cookie has done its work either way.
  const auto clear_login =
      cookies.set_lax(request, services::kLoginCookie, "", 0, "/auth/", pages.secure_cookies);
  if (!finished) {
    auto response = page(pages, finished.error());
    response.header("Set-Cookie", clear_login);
    co_return response;
  }
  auto response = see_other(pages.base_path + finished->next);
  response.header("Set-Cookie", clear_login);
  response.header("Set-Cookie",
                  cookies.set_lax(request, services::kUserCookie, finished->user_cookie,
                                  services::kUserSessionSeconds, "/", pages.secure_cookies));
  co_return response;
}

awaitable<Response> sign_out(const services::SignIn& sign_in, const Cookies& cookies,
                             const SignInPages& pages, const http::Request& request) {
  const bool json = request.header("Accept").find("application/json") != std::string_view::npos;
  if (auto limited = check_rate(pages.limiter, request, pages.clock->now_unix())) {
    co_return json ? to_response(*limited) : page(pages, *limited);
  }
  auto next = co_await sign_in.sign_out(Cookies::value(request, services::kUserCookie));
  if (!next) co_return json ? to_response(next.error()) : page(pages, next.error());
  std::string location = next->empty() ? pages.base_path + "/" : std::move(next).value();
  // The web app asks with fetch and then goes there itself: the page's CSP (form-action 'self')
  // would stop a form's redirect to the provider.
  auto response = json ? no_store_json(200, boost::json::serialize(boost::json::object{
                                                {"location", std::move(location)}}))
                       : see_other(std::move(location));
  response.header("Set-Cookie", cookies.set_lax(request, services::kUserCookie, "", 0, "/",
                                                pages.secure_cookies));
  co_return response;
}

}  // namespace

http::Handler handle_sign_in_start(const AppContext& c) {
  return bind<sign_in_start>(*c.sign_in, *c.cookies, c.sign_in_pages);
}
http::Handler handle_sign_in_callback(const AppContext& c) {
  return bind<sign_in_callback>(*c.sign_in, *c.cookies, c.sign_in_pages);
}
http::Handler handle_sign_out(const AppContext& c) {
  return bind<sign_out>(*c.sign_in, *c.cookies, c.sign_in_pages);
}

}  // namespace lkm::api
