#include <gtest/gtest.h>

#include <future>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>

#include "http/message.hpp"
#include "http/router.hpp"

namespace lkm::http {
namespace {

namespace net = boost::asio;

using Params = std::vector<std::pair<std::string, std::string>>;

Handler answer(std::string body) {
  return [body = std::move(body)](const Request& /*request*/) -> net::awaitable<Response> {
    co_return Response::text(200, body);
  };
}

// Answers with the handler's name and the decoded value of its {room} parameter.
Handler room_answer(std::string name) {
  return [name = std::move(name)](const Request& request) -> net::awaitable<Response> {
    co_return Response::text(200, name + ":" + request.param("room").value_or("<none>"));
  };
}

std::string call(const Router::Resolution& resolution, std::string_view path = "/") {
  if (resolution.handler == nullptr) return "<none>";
  const RawRequest raw;
  const Request request(raw, path, "", "127.0.0.1", resolution.params);
  net::io_context ioc;
  auto future = net::co_spawn(ioc, (*resolution.handler)(request), net::use_future);
  ioc.run();
  return future.get().body;
}

Params params(const Router::Resolution& resolution) {
  Params out;
  for (const auto& [name, value] : resolution.params) out.emplace_back(name, value);
  return out;
}

TEST(RouterParams, MatchesEachParameterToOnePathSegment) {
  Router router;
  router.add(Method::post, "/api/rooms/{room}/lock", answer("lock"));
  const auto resolution = router.resolve(Method::post, "/api/rooms/standup/lock");
  EXPECT_EQ(call(resolution), "lock");
  EXPECT_TRUE(resolution.allowed.empty());
  EXPECT_EQ(params(resolution), (Params{{"room", "standup"}}));
}

TEST(RouterParams, ReturnsEveryParameterInPatternOrder) {
  Router router;
  router.add(Method::post, "/api/rooms/{room}/waiting/{ticket}/admit", answer("admit"));
  const auto resolution = router.resolve(Method::post, "/api/rooms/r-1/waiting/t%20x/admit");
  EXPECT_EQ(call(resolution), "admit");
  EXPECT_EQ(params(resolution), (Params{{"room", "r-1"}, {"ticket", "t%20x"}}));
}

TEST(RouterParams, TakesAnEncodedSlashAsPartOfOneSegment) {
  Router router;
  router.add(Method::get, "/api/rooms/{room}", answer("room"));
  const auto resolution = router.resolve(Method::get, "/api/rooms/a%2Fb");
  EXPECT_EQ(params(resolution), (Params{{"room", "a%2Fb"}}));
  EXPECT_EQ(router.resolve(Method::get, "/api/rooms/a/b").handler, nullptr);
}

TEST(RouterParams, DoesNotMatchMissingExtraOrEmptySegments) {
  Router router;
  router.add(Method::post, "/api/rooms/{room}/lock", answer("lock"));
  for (const char* path :
       {"/api/rooms/standup", "/api/rooms", "/api/rooms/", "/api/rooms//lock",
        "/api/rooms/standup/lock/", "/api/rooms/standup/lock/more", "/api/rooms/standup/lockx",
        "/api/rooms/standup/unlock", "/api/room/standup/lock", "api/rooms/standup/lock",
        "//api/rooms/standup/lock", "", "/"}) {
    const auto resolution = router.resolve(Method::post, path);
    EXPECT_EQ(resolution.handler, nullptr) << path;
    EXPECT_TRUE(resolution.allowed.empty()) << path;
    EXPECT_TRUE(resolution.params.empty()) << path;
  }
}

TEST(RouterParams, RefusesAnEmptySegmentForATrailingParameter) {
  Router router;
  router.add(Method::get, "/api/rooms/{room}", answer("room"));
  EXPECT_EQ(router.resolve(Method::get, "/api/rooms/").handler, nullptr);
  EXPECT_EQ(router.resolve(Method::get, "/api/rooms").handler, nullptr);
  EXPECT_EQ(call(router.resolve(Method::get, "/api/rooms/x")), "room");
}

TEST(RouterParams, PrefersExactOverParametersWhateverTheOrder) {
  for (const bool exact_first : {true, false}) {
    Router router;
    if (exact_first) router.add(Method::get, "/api/rooms/new", answer("new"));
    router.add(Method::get, "/api/rooms/{room}", answer("room"));
    if (!exact_first) router.add(Method::get, "/api/rooms/new", answer("new"));
    const auto exact = router.resolve(Method::get, "/api/rooms/new");
    EXPECT_EQ(call(exact), "new") << exact_first;
    EXPECT_TRUE(exact.params.empty()) << exact_first;
    EXPECT_EQ(call(router.resolve(Method::get, "/api/rooms/old")), "room") << exact_first;
  }
}

TEST(RouterParams, PrefersParametersOverPrefixesEvenWithFewerLiteralCharacters) {
  for (const bool prefix_first : {true, false}) {
    Router router;
    if (prefix_first) router.add(Method::get, "/api/rooms/*", answer("prefix"));
    router.add(Method::get, "/{a}/{b}/{c}", answer("params"));
    if (!prefix_first) router.add(Method::get, "/api/rooms/*", answer("prefix"));
    const auto resolution = router.resolve(Method::get, "/api/rooms/x");
    EXPECT_EQ(call(resolution), "params") << prefix_first;
    EXPECT_EQ(params(resolution), (Params{{"a", "api"}, {"b", "rooms"}, {"c", "x"}}));
    EXPECT_EQ(call(router.resolve(Method::get, "/api/rooms/x/y")), "prefix") << prefix_first;
  }
}

TEST(RouterParams, PrefersThePatternWithMoreLiteralCharactersWhateverTheOrder) {
  for (const bool general_first : {true, false}) {
    Router router;
    if (general_first) router.add(Method::post, "/api/rooms/{room}/{action}", answer("action"));
    router.add(Method::post, "/api/rooms/{room}/lock", answer("lock"));
    if (!general_first) router.add(Method::post, "/api/rooms/{room}/{action}", answer("action"));
    const auto lock = router.resolve(Method::post, "/api/rooms/standup/lock");
    EXPECT_EQ(call(lock), "lock") << general_first;
    EXPECT_EQ(params(lock), (Params{{"room", "standup"}})) << general_first;
    const auto other = router.resolve(Method::post, "/api/rooms/standup/unlock");
    EXPECT_EQ(call(other), "action") << general_first;
    EXPECT_EQ(params(other), (Params{{"room", "standup"}, {"action", "unlock"}})) << general_first;
  }
}

TEST(RouterParams, CountsLiteralCharactersOutsideParametersOnly) {
  for (const bool long_names_first : {true, false}) {
    Router router;
    // More characters in all, but fewer outside the braces.
    if (long_names_first) {
      router.add(Method::get, "/x/{a_very_long_parameter_name}/{another_long_one}", answer("long"));
    }
    router.add(Method::get, "/x/{r}/y", answer("literal"));
    if (!long_names_first) {
      router.add(Method::get, "/x/{a_very_long_parameter_name}/{another_long_one}", answer("long"));
    }
    EXPECT_EQ(call(router.resolve(Method::get, "/x/1/y")), "literal") << long_names_first;
    EXPECT_EQ(call(router.resolve(Method::get, "/x/1/z")), "long") << long_names_first;
  }
}

TEST(RouterParams, ListsTheAllowedMethodsOfAParameterRoute) {
  Router router;
  router.add(Method::post, "/api/rooms/{room}/lock", answer("lock"));
  const auto resolution = router.resolve(Method::get, "/api/rooms/standup/lock");
  EXPECT_EQ(resolution.handler, nullptr);
  EXPECT_EQ(resolution.allowed, (std::vector<Method>{Method::post}));
  EXPECT_TRUE(resolution.params.empty());

  router.add(Method::get, "/api/rooms/{room}", answer("info"));
  router.add(Method::delete_, "/api/rooms/{room}", answer("end"));
  const auto other = router.resolve(Method::post, "/api/rooms/standup");
  EXPECT_EQ(other.handler, nullptr);
  EXPECT_EQ(other.allowed, (std::vector<Method>{Method::get, Method::delete_, Method::head}));
}

TEST(RouterParams, ServesHeadWithTheGetParameterRoute) {
  Router router;
  router.add(Method::get, "/api/rooms/{room}/admission/{ticket}", answer("poll"));
  const auto resolution = router.resolve(Method::head, "/api/rooms/standup/admission/t1");
  EXPECT_EQ(call(resolution), "poll");
  EXPECT_EQ(params(resolution), (Params{{"room", "standup"}, {"ticket", "t1"}}));
}

TEST(RouterParams, ReportsTheBodyLimitOfTheMatchedParameterRoute) {
  Router router;
  router.add(Method::post, "/api/rooms/{room}/participants/{identity}/mute", answer("mute"), 4096);
  router.add(Method::post, "/api/rooms/{room}/lock", answer("lock"));
  EXPECT_EQ(router.resolve(Method::post, "/api/rooms/r/participants/p/mute").max_body_bytes, 4096U);
  EXPECT_EQ(router.resolve(Method::post, "/api/rooms/r/lock").max_body_bytes, 0U);
}

TEST(RouterParams, HandsTheParametersToTheHandlerThroughTheRequest) {
  Router router;
  router.add(Method::get, "/api/rooms/{room}", room_answer("info"));
  EXPECT_EQ(call(router.resolve(Method::get, "/api/rooms/caf%C3%A9")), "info:café");
}

// Request::param

TEST(RequestParam, PercentDecodesTheSegment) {
  const RawRequest raw;
  const Request request(raw, "/", "", "127.0.0.1",
                        {{"room", "team%20sync"},
                         {"slash", "a%2Fb"},
                         {"lower", "a%2fb"},
                         {"utf8", "caf%C3%A9"},
                         {"plus", "a+b"},
                         {"plain", "standup"}});
  EXPECT_EQ(request.param("room"), "team sync");
  EXPECT_EQ(request.param("slash"), "a/b");
  EXPECT_EQ(request.param("lower"), "a/b");
  EXPECT_EQ(request.param("utf8"), "café");
  EXPECT_EQ(request.param("plus"), "a+b");
  EXPECT_EQ(request.param("plain"), "standup");
}

TEST(RequestParam, IsNulloptForAnAbsentName) {
  const RawRequest raw;
  const Request request(raw, "/", "", "127.0.0.1", {{"room", "standup"}});
  EXPECT_EQ(request.param("ticket"), std::nullopt);
  EXPECT_EQ(request.param("Room"), std::nullopt);
  const Request without(raw, "/", "", "127.0.0.1");
  EXPECT_EQ(without.param("room"), std::nullopt);
}

TEST(RequestParam, IsNulloptForAMalformedPercentSequence) {
  const RawRequest raw;
  for (const char* value : {"%", "a%", "a%2", "%zz", "%2g", "%g2", "100%"}) {
    const Request request(raw, "/", "", "127.0.0.1", {{"room", value}});
    EXPECT_EQ(request.param("room"), std::nullopt) << value;
  }
}

}  // namespace
}  // namespace lkm::http
