#include "api/errors.hpp"

#include <gtest/gtest.h>

#include "api/security_headers.hpp"

namespace lkm::api {
namespace {

std::string find_header(const http::Headers& headers, std::string_view name) {
  for (const auto& [key, value] : headers) {
    if (key == name) return value;
  }
  return {};
}

TEST(Errors, MapMeetCompatibleErrorsToPlainText) {
  const auto response =
      to_response({ErrorCode::missing_parameter, "Missing required query parameter: roomName"});
  EXPECT_EQ(response.status, 400U);
  EXPECT_EQ(response.content_type.rfind("text/plain", 0), 0U);
  EXPECT_EQ(response.body, "Missing required query parameter: roomName");
  EXPECT_EQ(find_header(response.headers, "Cache-Control"), "no-store");
}

TEST(Errors, MapOtherErrorsToJson) {
  const auto response = to_response({ErrorCode::internal, "boom \"x\""});
  EXPECT_EQ(response.status, 500U);
  EXPECT_EQ(response.content_type, "application/json");
  EXPECT_EQ(response.body, R"({"error":"internal","message":"boom \"x\""})");
}

TEST(Errors, MapStoreFailuresTo503AndAFullDiskToACannotBeWritten) {
  using Code = store::StoreError::Code;
  const ApiError full =
      services::from_store({Code::full, "database or disk is full"}, "meeting history");
  EXPECT_EQ(full.code, ErrorCode::store_unavailable);
  EXPECT_EQ(full.message,
            "The meeting history cannot be written: its disk is full: try again later");
  EXPECT_EQ(full.retry_after_seconds, 5);
  const ApiError busy =
      services::from_store({Code::unavailable, "database is locked"}, "room settings");
  EXPECT_EQ(busy.code, ErrorCode::store_unavailable);
  // The store's message may name internal hosts: it goes to the log, not to the client.
  EXPECT_EQ(busy.message, "The room settings is unavailable: try again later");
  EXPECT_EQ(services::from_store({Code::unavailable, "could not connect to db.internal:5432"}, "x")
                .message.find("db.internal"),
            std::string::npos);
  EXPECT_EQ(to_response(full).status, 503U);
  EXPECT_EQ(services::from_store({Code::invalid, "bad cursor"}, "meeting history").code,
            ErrorCode::bad_request);
}

TEST(Errors, AnswerAFullPool503AndAPassedStoreDeadline504BothStoreUnavailableWithRetryAfter) {
  const auto busy = to_response(services::from_pool(services::PoolError::full));
  EXPECT_EQ(busy.status, 503U);
  EXPECT_EQ(find_header(busy.headers, "Retry-After"), "5");
  EXPECT_NE(busy.body.find(R"("error":"store_unavailable")"), std::string::npos) << busy.body;
  const auto late = to_response(services::from_pool(services::PoolError::deadline));
  EXPECT_EQ(late.status, 504U);
  EXPECT_EQ(find_header(late.headers, "Retry-After"), "5");
  EXPECT_NE(late.body.find(R"("error":"store_unavailable")"), std::string::npos) << late.body;
}

TEST(SecurityHeaders, AllowTheLivekitOriginInBothSchemes) {
  EXPECT_EQ(livekit_connect_sources("wss://lk.example.com:7880/path"),
            "wss://lk.example.com:7880 https://lk.example.com:7880");
  EXPECT_EQ(livekit_connect_sources("ws://localhost:7880"),
            "ws://localhost:7880 http://localhost:7880");
  EXPECT_NE(livekit_connect_sources("wss://p.livekit.cloud").find("wss://*.livekit.cloud"),
            std::string::npos);
  EXPECT_EQ(livekit_connect_sources("wss://mylivekit.cloud.example.com").find("*.livekit.cloud"),
            std::string::npos);
  const auto headers = security_headers("ws://localhost:7880");
  const auto csp = find_header(headers.active, "Content-Security-Policy");
  EXPECT_NE(csp.find("connect-src 'self' ws://localhost:7880 http://localhost:7880;"),
            std::string::npos);
  EXPECT_NE(csp.find("frame-ancestors 'none'"), std::string::npos);
  EXPECT_EQ(find_header(headers.active, "Cross-Origin-Embedder-Policy"), "credentialless");
}

TEST(SecurityHeaders, PagesGetThePagesPoliciesAndOtherContentAPolicyThatAllowsNothing) {
  const auto headers = security_headers("ws://localhost:7880");
  for (const auto* name : {"X-Content-Type-Options", "Referrer-Policy", "X-Frame-Options"}) {
    EXPECT_FALSE(find_header(headers.every, name).empty()) << name;
  }
  EXPECT_EQ(find_header(headers.passive, "Content-Security-Policy"),
            "default-src 'none'; frame-ancestors 'none'");
  for (const auto* name :
       {"Permissions-Policy", "Cross-Origin-Opener-Policy", "Cross-Origin-Embedder-Policy"}) {
    EXPECT_TRUE(find_header(headers.passive, name).empty()) << name;
    EXPECT_FALSE(find_header(headers.active, name).empty()) << name;
  }
}

}  // namespace
}  // namespace lkm::api
