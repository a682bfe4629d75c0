#include "http/response_head.hpp"

#include <gtest/gtest.h>

namespace lkm::http {
namespace {

const DefaultHeaders kDefaults = {
    .every = {{"X-Content-Type-Options", "nosniff"}, {"Referrer-Policy", "no-referrer"}},
    .active = {},
    .passive = {}};

TEST(ResponseHead, WritesStatusFieldsLengthAndTheEmptyLine) {
  Response response = Response::json(200, "{}");
  response.header("Set-Cookie", "a=1").header("Set-Cookie", "b=2");
  std::string out = "kept:";
  ASSERT_TRUE(append_response_head(out, response, kDefaults, {11, 2, true}));
  EXPECT_EQ(out,
            "kept:HTTP/1.1 200 OK\r\n"
            "Server: livekit-meet\r\n"
            "Content-Type: application/json\r\n"
            "X-Content-Type-Options: nosniff\r\n"
            "Referrer-Policy: no-referrer\r\n"
            "Set-Cookie: a=1\r\n"
            "Set-Cookie: b=2\r\n"
            "Content-Length: 2\r\n"
            "\r\n");
}

TEST(ResponseHead, AHandlersFieldReplacesTheDefaultOfThatNameInAnyCase) {
  Response response = Response::empty(204);
  response.header("referrer-policy", "same-origin");
  std::string out;
  ASSERT_TRUE(append_response_head(out, response, kDefaults, {11, std::nullopt, true}));
  EXPECT_EQ(out,
            "HTTP/1.1 204 No Content\r\n"
            "Server: livekit-meet\r\n"
            "X-Content-Type-Options: nosniff\r\n"
            "referrer-policy: same-origin\r\n"
            "\r\n");
}

TEST(ResponseHead, AddsTheDefaultsOfItsKindOfContent) {
  const DefaultHeaders defaults = {.every = {{"X-Content-Type-Options", "nosniff"}},
                                   .active = {{"Content-Security-Policy", "page"}},
                                   .passive = {{"Content-Security-Policy", "none"}}};
  const auto head_of = [&defaults](const Response& response) {
    std::string out;
    EXPECT_TRUE(append_response_head(out, response, defaults, {11, std::nullopt, true}));
    return out;
  };
  for (const auto* type : {"text/html; charset=utf-8", "TEXT/JavaScript", "image/svg+xml",
                           "application/javascript ; charset=utf-8", "application/xml"}) {
    Response page = Response::text(200, "x");
    page.content_type = type;
    const auto head = head_of(page);
    EXPECT_NE(head.find("X-Content-Type-Options: nosniff\r\nContent-Security-Policy: page\r\n"),
              std::string::npos)
        << type;
    EXPECT_EQ(head.find(": none"), std::string::npos) << type;
  }
  for (const auto* type : {"application/json", "text/css", "image/png", "application/wasm",
                           "text/plain; charset=utf-8", "text/htmlx", ""}) {
    Response data = Response::text(200, "x");
    data.content_type = type;
    const auto head = head_of(data);
    EXPECT_NE(head.find("Content-Security-Policy: none\r\n"), std::string::npos) << type;
    EXPECT_EQ(head.find(": page"), std::string::npos) << type;
  }
  // A 304 brings the fields of its representation's kind (they replace those the browser
  // stored), without a Content-Type; one that does not say its type brings neither kind.
  Response page_not_modified = Response::empty(304);
  page_not_modified.content_type = "text/html; charset=utf-8";
  const auto page_revalidated = head_of(page_not_modified);
  EXPECT_NE(page_revalidated.find("Content-Security-Policy: page\r\n"), std::string::npos);
  EXPECT_EQ(page_revalidated.find("\r\nContent-Type:"), std::string::npos);
  Response style_not_modified = Response::empty(304);
  style_not_modified.content_type = "text/css";
  EXPECT_NE(head_of(style_not_modified).find("Content-Security-Policy: none\r\n"),
            std::string::npos);
  const auto untyped = head_of(Response::empty(304));
  EXPECT_NE(untyped.find("X-Content-Type-Options: nosniff"), std::string::npos);
  EXPECT_EQ(untyped.find("Content-Security-Policy"), std::string::npos);
  // A handler's own field still replaces the default of its kind.
  Response custom = Response::text(200, "x");
  custom.content_type = "text/html";
  custom.header("Content-Security-Policy", "custom");
  const auto head = head_of(custom);
  EXPECT_NE(head.find("Content-Security-Policy: custom\r\n"), std::string::npos);
  EXPECT_EQ(head.find(": page"), std::string::npos);
}

TEST(ResponseHead, SaysConnectionOnlyWhereTheVersionsDefaultDiffers) {
  const Response response = Response::text(404, "Not found");
  std::string close11;
  std::string keep11;
  std::string close10;
  std::string keep10;
  ASSERT_TRUE(append_response_head(close11, response, {}, {11, 9, false}));
  ASSERT_TRUE(append_response_head(keep11, response, {}, {11, 9, true}));
  ASSERT_TRUE(append_response_head(close10, response, {}, {10, 9, false}));
  ASSERT_TRUE(append_response_head(keep10, response, {}, {10, 9, true}));
  EXPECT_TRUE(close11.starts_with("HTTP/1.1 404 Not Found\r\n"));
  EXPECT_TRUE(close11.ends_with("Content-Length: 9\r\nConnection: close\r\n\r\n"));
  EXPECT_EQ(keep11.find("Connection"), std::string::npos);
  EXPECT_TRUE(close10.starts_with("HTTP/1.0 404 Not Found\r\n"));
  EXPECT_EQ(close10.find("Connection"), std::string::npos);
  EXPECT_TRUE(keep10.ends_with("Content-Length: 9\r\nConnection: keep-alive\r\n\r\n"));
}

TEST(ResponseHead, RefusesFieldsThatWouldSplitTheResponseAndLeavesTheBufferAlone) {
  const std::vector<std::pair<std::string, std::string>> bad = {
      {"Location", "/x\r\nSet-Cookie: evil=1"},
      {"Location", "/x\nInjected: 1"},
      {"Location", std::string("/x\0y", 4)},
      {"Bad Name", "v"},
      {"Bad:Name", "v"},
      {"", "v"},
  };
  for (const auto& [name, value] : bad) {
    Response response = Response::empty(308);
    response.header(name, value);
    std::string out = "before";
    EXPECT_FALSE(append_response_head(out, response, kDefaults, {11, 0, true})) << name;
    EXPECT_EQ(out, "before");
  }
  Response typed = Response::text(200, "x");
  typed.content_type = "text/plain\r\nX: y";
  std::string out;
  EXPECT_FALSE(append_response_head(out, typed, {}, {11, 1, true}));
  EXPECT_TRUE(out.empty());
  EXPECT_TRUE(valid_defaults(kDefaults));
  EXPECT_FALSE(valid_defaults({.every = {}, .active = {{"X", "a\nb"}}, .passive = {}}));
  EXPECT_FALSE(valid_fields({{"X", "a\rb"}}));
  EXPECT_FALSE(valid_fields({{"X Y", "a"}}));
}

TEST(ResponseHead, TellsTokensAndValues) {
  EXPECT_TRUE(is_field_name("X-Forwarded-For"));
  EXPECT_TRUE(is_field_name("!#$%&'*+-.^_`|~09azAZ"));
  EXPECT_FALSE(is_field_name("a b"));
  EXPECT_FALSE(is_field_name("a\tb"));
  EXPECT_FALSE(is_field_name("\xc3\xa9"));
  EXPECT_TRUE(is_field_value("max-age=31536000; includeSubDomains"));
  EXPECT_TRUE(is_field_value(""));
  EXPECT_FALSE(is_field_value("a\r"));
}

}  // namespace
}  // namespace lkm::http
