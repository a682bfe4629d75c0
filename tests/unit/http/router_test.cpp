#include "http/router.hpp"

#include <gtest/gtest.h>

#include <future>
#include <string>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>

namespace lkm::http {
namespace {

namespace net = boost::asio;

Handler answer(std::string body) {
  return [body = std::move(body)](const Request& /*request*/) -> net::awaitable<Response> {
    co_return Response::text(200, body);
  };
}

// Runs the resolved handler and returns the body it answers with: tells routes apart.
std::string call(const Router::Resolution& resolution) {
  if (resolution.handler == nullptr) return "<none>";
  const RawRequest raw;
  const Request request(raw, "/", "", "127.0.0.1");
  net::io_context ioc;
  auto future = net::co_spawn(ioc, (*resolution.handler)(request), net::use_future);
  ioc.run();
  return future.get().body;
}

TEST(Router, MatchesAnExactPatternOnlyOnTheSamePath) {
  Router router;
  router.add(Method::get, "/api/connection-details", answer("details"));
  EXPECT_EQ(call(router.resolve(Method::get, "/api/connection-details")), "details");
  EXPECT_EQ(router.resolve(Method::get, "/api/connection-details/").handler, nullptr);
  EXPECT_EQ(router.resolve(Method::get, "/api/connection-detailsx").handler, nullptr);
  EXPECT_EQ(router.resolve(Method::get, "/api").handler, nullptr);
}

TEST(Router, PrefixPatternNeedsAtLeastOneCharacterAfterTheSlash) {
  Router router;
  router.add(Method::get, "/rooms/*", answer("room"));
  EXPECT_EQ(call(router.resolve(Method::get, "/rooms/a")), "room");
  EXPECT_EQ(call(router.resolve(Method::get, "/rooms/abc/def")), "room");
  EXPECT_EQ(router.resolve(Method::get, "/rooms/").handler, nullptr);
  EXPECT_EQ(router.resolve(Method::get, "/rooms").handler, nullptr);
  EXPECT_EQ(router.resolve(Method::get, "/roomsx").handler, nullptr);
}

TEST(Router, ServesHeadWithTheGetRoute) {
  Router router;
  router.add(Method::get, "/page", answer("page"));
  EXPECT_EQ(call(router.resolve(Method::head, "/page")), "page");
}

TEST(Router, PrefersAnExplicitHeadRouteOverGet) {
  Router router;
  router.add(Method::get, "/page", answer("get"));
  router.add(Method::head, "/page", answer("head"));
  EXPECT_EQ(call(router.resolve(Method::head, "/page")), "head");
  EXPECT_EQ(call(router.resolve(Method::get, "/page")), "get");
}

TEST(Router, ListsAllowedMethodsForAKnownPathWithAnotherMethod) {
  Router router;
  router.add(Method::post, "/api/connection-details", answer("post"));
  const auto resolution = router.resolve(Method::get, "/api/connection-details");
  EXPECT_EQ(resolution.handler, nullptr);
  EXPECT_EQ(resolution.allowed, (std::vector<Method>{Method::post}));
}

TEST(Router, IncludesHeadInAllowedMethodsWhenGetIsAllowed) {
  Router router;
  router.add(Method::get, "/things", answer("list"));
  router.add(Method::post, "/things", answer("create"));
  const auto resolution = router.resolve(Method::delete_, "/things");
  EXPECT_EQ(resolution.handler, nullptr);
  EXPECT_EQ(resolution.allowed, (std::vector<Method>{Method::get, Method::post, Method::head}));
}

TEST(Router, ReturnsNothingForAnUnknownPathWithoutFallback) {
  Router router;
  router.add(Method::get, "/known", answer("known"));
  const auto resolution = router.resolve(Method::get, "/unknown");
  EXPECT_EQ(resolution.handler, nullptr);
  EXPECT_TRUE(resolution.allowed.empty());
}

TEST(Router, SendsGetAndHeadOnUnmatchedPathsToTheFallback) {
  Router router;
  router.add(Method::post, "/api/x", answer("x"));
  router.set_fallback(answer("static"));
  EXPECT_EQ(call(router.resolve(Method::get, "/index.html")), "static");
  EXPECT_EQ(call(router.resolve(Method::head, "/assets/a.js")), "static");
}

TEST(Router, RefusesOtherMethodsOnUnmatchedPathsWithGetAndHeadAllowedWhenThereIsAFallback) {
  Router router;
  router.set_fallback(answer("static"));
  const auto resolution = router.resolve(Method::post, "/index.html");
  EXPECT_EQ(resolution.handler, nullptr);
  EXPECT_EQ(resolution.allowed, (std::vector<Method>{Method::get, Method::head}));
}

TEST(Router, DoesNotUseTheFallbackForAMatchedPathWithTheWrongMethod) {
  Router router;
  router.add(Method::post, "/api/x", answer("x"));
  router.set_fallback(answer("static"));
  const auto resolution = router.resolve(Method::get, "/api/x");
  EXPECT_EQ(resolution.handler, nullptr);
  EXPECT_EQ(resolution.allowed, (std::vector<Method>{Method::post}));
}

TEST(Router, PrefersExactOverPrefixAndLongerPrefixesWhateverTheOrder) {
  Router router;
  router.add(Method::get, "/rooms/*", answer("any room"));
  router.add(Method::get, "/rooms/special/*", answer("special prefix"));
  router.add(Method::get, "/rooms/new", answer("new"));
  EXPECT_EQ(call(router.resolve(Method::get, "/rooms/new")), "new");
  EXPECT_EQ(call(router.resolve(Method::get, "/rooms/special/x")), "special prefix");
  EXPECT_EQ(call(router.resolve(Method::get, "/rooms/other")), "any room");
}

}  // namespace
}  // namespace lkm::http
