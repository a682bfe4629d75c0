#include "api/request_guards.hpp"

#include <gtest/gtest.h>

#include <initializer_list>
#include <optional>
#include <string>
#include <utility>

namespace lkm::api {
namespace {

using Fields = std::initializer_list<std::pair<const char*, const char*>>;

http::RawRequest raw(Fields fields, std::string body = {}) {
  http::RawRequest request{boost::beast::http::verb::post, "/api/rooms", 11};
  for (const auto& [name, value] : fields) request.set(name, value);
  request.body() = std::move(body);
  return request;
}

std::optional<ErrorCode> same_site(Fields fields, const SameSitePolicy& policy = {}) {
  const auto request_raw = raw(fields);
  const http::Request request(request_raw, "/api/rooms", "", "10.0.0.1");
  const auto refused = check_same_site(request, policy);
  if (!refused) return std::nullopt;
  return refused->code;
}

std::optional<ErrorCode> json_body(Fields fields, std::string body) {
  const auto request_raw = raw(fields, std::move(body));
  const http::Request request(request_raw, "/api/rooms", "", "10.0.0.1");
  const auto refused = check_json_body(request);
  if (!refused) return std::nullopt;
  return refused->code;
}

TEST(SameSite, LetsRequestsWithoutOriginOrFetchMetadataThrough) {
  EXPECT_EQ(same_site({{"Host", "meet.example.org"}}), std::nullopt);
}

TEST(SameSite, LetsTheSameOriginThroughWhateverTheCaseAndDefaultPort) {
  EXPECT_EQ(same_site({{"Host", "meet.example.org"}, {"Origin", "https://meet.example.org"}}),
            std::nullopt);
  EXPECT_EQ(same_site({{"Host", "Meet.Example.org:443"}, {"Origin", "https://meet.example.ORG"}}),
            std::nullopt);
  EXPECT_EQ(same_site({{"Host", "127.0.0.1:8080"}, {"Origin", "http://127.0.0.1:8080"}}),
            std::nullopt);
  EXPECT_EQ(same_site({{"Host", "[::1]:8080"}, {"Origin", "http://[::1]:8080"}}), std::nullopt);
  EXPECT_EQ(same_site({{"Host", "meet.example.org"}, {"Sec-Fetch-Site", "same-origin"}}),
            std::nullopt);
  EXPECT_EQ(same_site({{"Host", "meet.example.org"}, {"Sec-Fetch-Site", "none"}}), std::nullopt);
}

TEST(SameSite, LetsANullOriginThroughOnlyWithSameOriginFetchMetadata) {
  EXPECT_EQ(
      same_site(
          {{"Host", "meet.example.org"}, {"Origin", "null"}, {"Sec-Fetch-Site", "same-origin"}}),
      std::nullopt);
  for (const char* site : {"cross-site", "same-site", "none", ""}) {
    EXPECT_EQ(
        same_site({{"Host", "meet.example.org"}, {"Origin", "null"}, {"Sec-Fetch-Site", site}}),
        ErrorCode::cross_site)
        << site;
  }
  EXPECT_EQ(same_site({{"Host", "meet.example.org"}, {"Origin", "null"}}), ErrorCode::cross_site);
}

TEST(SameSite, RefusesOtherOriginsAndCrossSiteFetches) {
  for (const char* origin :
       {"https://evil.example", "null", "https://meet.example.org.evil.example",
        "https://meet.example.org:8443", "ftp://meet.example.org", "https://user@meet.example.org",
        "meet.example.org", "https://", "https://meet.example.org/path"}) {
    EXPECT_EQ(same_site({{"Host", "meet.example.org"}, {"Origin", origin}}), ErrorCode::cross_site)
        << origin;
  }
  for (const char* site : {"cross-site", "same-site", "Cross-Site"}) {
    EXPECT_EQ(same_site({{"Host", "meet.example.org"}, {"Sec-Fetch-Site", site}}),
              ErrorCode::cross_site)
        << site;
  }
  // Fetch metadata wins over a matching Origin.
  EXPECT_EQ(same_site({{"Host", "meet.example.org"},
                       {"Origin", "https://meet.example.org"},
                       {"Sec-Fetch-Site", "cross-site"}}),
            ErrorCode::cross_site);
}

TEST(SameSite, AcceptsThePublicUrlBehindAProxyThatRewritesHost) {
  const SameSitePolicy policy{"meet.example.org"};
  EXPECT_EQ(same_site({{"Host", "127.0.0.1:8080"}, {"Origin", "https://meet.example.org"}}, policy),
            std::nullopt);
  EXPECT_EQ(same_site({{"Host", "127.0.0.1:8080"}, {"Origin", "https://evil.example"}}, policy),
            ErrorCode::cross_site);
}

TEST(JsonBody, RequiresApplicationJsonForANonEmptyBody) {
  EXPECT_EQ(json_body({}, ""), std::nullopt);
  EXPECT_EQ(json_body({{"Content-Type", "application/json"}}, "{}"), std::nullopt);
  EXPECT_EQ(json_body({{"Content-Type", "Application/JSON; charset=utf-8"}}, "{}"), std::nullopt);
  for (const char* type : {"text/plain", "application/x-www-form-urlencoded",
                           "multipart/form-data; boundary=x", "application/jsonp", ""}) {
    EXPECT_EQ(json_body({{"Content-Type", type}}, "{}"), ErrorCode::unsupported_media_type) << type;
  }
  EXPECT_EQ(json_body({}, "{}"), ErrorCode::unsupported_media_type);
}

TEST(RoomParam, RefusesARoomOfTheConnectionTest) {
  const auto request_raw = raw({});
  const auto refused = [&](std::string_view room) {
    const http::Request request(request_raw, "/api/rooms/x", "", "10.0.0.1",
                                http::PathParams{{"room", room}});
    return check_room_param(request);
  };
  const auto reserved = refused("lkm-connection-test-abcdefghijklmnop");
  ASSERT_TRUE(reserved);
  EXPECT_EQ(reserved->code, ErrorCode::bad_request);
  EXPECT_NE(reserved->message.find("reserved for the connection test"), std::string::npos);
  // The parameter is percent-decoded first.
  EXPECT_TRUE(refused("lkm%2Dconnection-test-x"));
  EXPECT_FALSE(refused("team-sync"));
  EXPECT_FALSE(refused("lkm-connection-test"));
  const http::Request without(request_raw, "/api/rooms", "", "10.0.0.1");
  EXPECT_FALSE(check_room_param(without));
}

}  // namespace
}  // namespace lkm::api
