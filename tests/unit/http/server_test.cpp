// Server: routing, keep-alive, pipelining, headers, HEAD, errors.
#include <stdexcept>

#include "server_fixture.hpp"

namespace lkm::http::testing_support {
namespace {

TEST_F(ServerTest, ListensOnTheRealPortWhenAskedForPortZero) {
  start();
  EXPECT_NE(endpoint_.port(), 0);
  EXPECT_EQ(endpoint_.address().to_string(), "127.0.0.1");
}

TEST_F(ServerTest, ServesTwoRequestsOnOneKeepAliveConnection) {
  start();
  Client client = connect();
  client.send(get("/hello?name=ann"));
  const auto first = client.read_response();
  ASSERT_TRUE(first);
  EXPECT_EQ(first->status, 200U);
  EXPECT_EQ(first->body, "hello ann");
  EXPECT_EQ(first->header("content-type"), "text/plain; charset=utf-8");
  EXPECT_EQ(first->header("content-length"), "9");
  EXPECT_FALSE(first->has("connection"));
  client.send(get("/hello?name=bob"));
  const auto second = client.read_response();
  ASSERT_TRUE(second);
  EXPECT_EQ(second->body, "hello bob");
}

TEST_F(ServerTest, AnswersPipelinedRequestsInOrder) {
  start();
  Client client = connect();
  client.send(get("/hello?name=1") +
              "POST /echo HTTP/1.1\r\nHost: test\r\nContent-Length: 4\r\n\r\nbody" +
              get("/hello?name=3"));
  for (const char* expected : {"hello 1", "body", "hello 3"}) {
    const auto response = client.read_response();
    ASSERT_TRUE(response) << expected;
    EXPECT_EQ(response->body, expected);
  }
}

TEST_F(ServerTest, SetsServerDefaultAndHandlerHeaders) {
  start();
  const auto response = exchange(get("/frame"));
  ASSERT_TRUE(response);
  EXPECT_EQ(response->header("server"), "livekit-meet");
  EXPECT_EQ(response->header("x-content-type-options"), "nosniff");
  EXPECT_EQ(response->header("x-frame-options"), "SAMEORIGIN");  // the handler's value wins
  EXPECT_EQ(response->header("content-type"), "application/json");
  EXPECT_EQ(response->head.find("DENY"), std::string::npos);
  EXPECT_NE(response->head.find("Set-Cookie: a=1\r\n"), std::string::npos);  // both kept
  EXPECT_NE(response->head.find("Set-Cookie: b=2\r\n"), std::string::npos);

  const auto not_found = exchange(get("/missing"));
  ASSERT_TRUE(not_found);
  EXPECT_EQ(not_found->header("x-frame-options"), "DENY");
  EXPECT_EQ(not_found->header("x-content-type-options"), "nosniff");
  EXPECT_EQ(not_found->header("server"), "livekit-meet");
}

TEST_F(ServerTest, AnswersHeadWithTheGetHeadersAndNoBody) {
  start();
  Client client = connect();
  client.send(std::string("HEAD /hello?name=ann HTTP/1.1\r\nHost: test\r\n\r\n") +
              get("/hello?name=bob"));
  const auto head = client.read_response(/*head=*/true);
  ASSERT_TRUE(head);
  EXPECT_EQ(head->status, 200U);
  EXPECT_EQ(head->header("content-length"), "9");
  EXPECT_EQ(head->header("content-type"), "text/plain; charset=utf-8");
  // The next response starts right after the HEAD response's header: no body bytes in between.
  const auto next = client.read_response();
  ASSERT_TRUE(next);
  EXPECT_EQ(next->status, 200U);
  EXPECT_EQ(next->body, "hello bob");
}

TEST_F(ServerTest, AnswersUnknownPathsWith404) {
  start();
  const auto response = exchange(get("/nothing-here?x=1"));
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 404U);
  EXPECT_EQ(response->body, "Not found");
}

TEST_F(ServerTest, AnswersAWrongMethodWith405AndAllow) {
  start();
  const auto response = exchange("DELETE /hello HTTP/1.1\r\nHost: test\r\n\r\n");
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 405U);
  EXPECT_EQ(response->header("allow"), "GET, HEAD");
  const auto post_only = exchange(get("/echo"));
  ASSERT_TRUE(post_only);
  EXPECT_EQ(post_only->status, 405U);
  EXPECT_EQ(post_only->header("allow"), "POST");
}

TEST_F(ServerTest, PassesTheRoutePathToPrefixRoutes) {
  start();
  const auto response = exchange(get("/rooms/abc%20def?x=1"));
  ASSERT_TRUE(response);
  EXPECT_EQ(response->body, "room /rooms/abc%20def");
}

TEST_F(ServerTest, AnswersAHandlerExceptionWith500AndKeepsTheConnection) {
  start();
  Client client = connect();
  client.send(get("/throw"));
  const auto response = client.read_response();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 500U);
  EXPECT_EQ(response->body, "Internal server error");
  client.send(get("/hello"));
  const auto next = client.read_response();
  ASSERT_TRUE(next);
  EXPECT_EQ(next->status, 200U);
}

TEST_F(ServerTest, AnswersAFieldThatWouldSplitTheResponseWith500AndCloses) {
  start();
  Client client = connect();
  client.send(get("/split?value=a%0D%0ASet-Cookie:%20evil=1"));
  const auto response = client.read_response();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 500U);
  EXPECT_EQ(response->body, "Internal server error");
  EXPECT_FALSE(response->has("set-cookie"));
  EXPECT_FALSE(response->has("x-echo"));
  EXPECT_EQ(response->header("connection"), "close");
  EXPECT_FALSE(client.read_response());
  const auto fine = exchange(get("/split?value=plain"));
  ASSERT_TRUE(fine);
  EXPECT_EQ(fine->status, 200U);
  EXPECT_EQ(fine->header("x-echo"), "plain");
}

TEST(ServerOptionsTest, RefusesDefaultFieldsThatWouldSplitEveryResponse) {
  ServerOptions options;
  options.default_headers.every = {{"X-Frame-Options", "DENY\r\nSet-Cookie: a=b"}};
  EXPECT_THROW(Server(options, Router{}), std::invalid_argument);
  options.default_headers.every = {{"X Frame", "DENY"}};
  EXPECT_THROW(Server(options, Router{}), std::invalid_argument);
  options.default_headers.every.clear();
  options.default_headers.passive = {{"X Frame", "DENY"}};
  EXPECT_THROW(Server(options, Router{}), std::invalid_argument);
}

TEST_F(ServerTest, RoutesUnderTheBasePathAndRedirectsTheBarePath) {
  options_.base_path = "/meet";
  start();
  const auto inside = exchange(get("/meet/hello?name=x"));
  ASSERT_TRUE(inside);
  EXPECT_EQ(inside->status, 200U);
  EXPECT_EQ(inside->body, "hello x");
  const auto room = exchange(get("/meet/rooms/r1"));
  ASSERT_TRUE(room);
  EXPECT_EQ(room->body, "room /rooms/r1");

  const auto bare = exchange(get("/meet?name=x&y=2"));
  ASSERT_TRUE(bare);
  EXPECT_EQ(bare->status, 308U);
  EXPECT_EQ(bare->header("location"), "/meet/?name=x&y=2");
  const auto bare_no_query = exchange(get("/meet"));
  ASSERT_TRUE(bare_no_query);
  EXPECT_EQ(bare_no_query->status, 308U);
  EXPECT_EQ(bare_no_query->header("location"), "/meet/");

  for (const char* outside : {"/hello", "/meetx/hello", "/", "/mee"}) {
    const auto response = exchange(get(outside));
    ASSERT_TRUE(response) << outside;
    EXPECT_EQ(response->status, 404U) << outside;
  }
}

}  // namespace
}  // namespace lkm::http::testing_support
