#include "http/message.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <string>

namespace lkm::http {
namespace {

TEST(Request, ReturnsTheFirstValueOfAHeaderCaseInsensitively) {
  RawRequest raw;
  raw.insert("X-Forwarded-For", "1.1.1.1");
  raw.insert("Accept", "*/*");
  raw.insert("x-forwarded-for", "2.2.2.2");
  const Request request(raw, "/a", "b=c", "127.0.0.1");
  EXPECT_EQ(request.header("x-forwarded-for"), "1.1.1.1");
  EXPECT_EQ(request.header("ACCEPT"), "*/*");
  EXPECT_EQ(request.path(), "/a");
  EXPECT_EQ(request.query(), "b=c");
  EXPECT_EQ(request.remote_address(), "127.0.0.1");
}

TEST(JoinedField, JoinsEveryFieldOfTheNameInOrder) {
  RawRequest raw;
  raw.insert("X-Forwarded-For", "1.1.1.1");
  raw.insert("Accept", "*/*");
  raw.insert("x-forwarded-for", "2.2.2.2, 3.3.3.3");
  raw.insert("X-Forwarded-For", "");
  EXPECT_EQ(joined_field(raw, "X-Forwarded-For"), "1.1.1.1, 2.2.2.2, 3.3.3.3");
  EXPECT_EQ(joined_field(raw, "accept"), "*/*");
  EXPECT_EQ(joined_field(raw, "Cookie"), "");
}

TEST(Request, ReturnsAnEmptyValueForAnAbsentHeader) {
  const RawRequest raw;
  const Request request(raw, "/", "", "");
  EXPECT_EQ(request.header("Cookie"), "");
}

TEST(Response, BuildsTextJsonAndEmptyResponses) {
  const Response text = Response::text(404, "Not found");
  EXPECT_EQ(text.status, 404U);
  EXPECT_EQ(text.content_type, "text/plain; charset=utf-8");
  EXPECT_EQ(text.payload(), "Not found");
  const Response json = Response::json(200, "{\"a\":1}");
  EXPECT_EQ(json.content_type, "application/json");
  EXPECT_EQ(json.payload(), "{\"a\":1}");
  const Response empty = Response::empty(204);
  EXPECT_EQ(empty.status, 204U);
  EXPECT_TRUE(empty.content_type.empty());
  EXPECT_TRUE(empty.payload().empty());
}

TEST(Response, SendsTheSharedBodyInsteadOfTheBody) {
  Response response = Response::text(200, "ignored");
  response.shared_body = std::make_shared<const std::string>("shared");
  EXPECT_EQ(response.payload(), "shared");
}

}  // namespace
}  // namespace lkm::http
