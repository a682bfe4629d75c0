#include "api/metrics_endpoint.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "api/errors.hpp"

namespace lkm::api {
namespace {

MetricsAccess access_of(std::string_view list) {
  return MetricsAccess(AddressList::parse(list).value());
}

TEST(MetricsAccess, AllowsLoopbackByDefaultList) {
  const MetricsAccess access(AddressList::loopback());
  EXPECT_TRUE(access.enabled());
  for (const char* allowed : {"127.0.0.1", "127.255.3.4", "::1", "::ffff:127.0.0.1"}) {
    EXPECT_TRUE(access.allows(allowed)) << allowed;
  }
  for (const char* refused : {"128.0.0.1", "10.0.0.1", "::2", "2001:db8::1", "", "garbage",
                              "127.0.0.1.evil", "::ffff:10.0.0.1"}) {
    EXPECT_FALSE(access.allows(refused)) << refused;
  }
}

TEST(MetricsAccess, TakesNetworksAndSingleAddresses) {
  const auto access = access_of(" 10.1.0.0/16 , 192.0.2.7, 2001:db8::/32 ");
  EXPECT_TRUE(access.allows("10.1.200.3"));
  EXPECT_FALSE(access.allows("10.2.0.1"));
  EXPECT_TRUE(access.allows("192.0.2.7"));
  EXPECT_FALSE(access.allows("192.0.2.8"));
  EXPECT_TRUE(access.allows("2001:db8:ffff::1"));
  EXPECT_FALSE(access.allows("2001:db9::1"));
  EXPECT_FALSE(access.allows("127.0.0.1"));
}

TEST(MetricsAccess, NoClientsTurnTheEndpointOff) {
  const MetricsAccess none{AddressList()};
  EXPECT_FALSE(none.enabled());
  EXPECT_FALSE(none.allows("127.0.0.1"));
  EXPECT_FALSE(MetricsAccess().enabled());
}

TEST(MetricsAccess, RefusesWithForbiddenAsJson) {
  const auto response = to_response({ErrorCode::forbidden, "Metrics are not served to 10.0.0.1"});
  EXPECT_EQ(response.status, 403U);
  EXPECT_EQ(response.content_type, "application/json");
  const auto body = boost::json::parse(response.body).as_object();
  EXPECT_EQ(body.at("error").as_string(), "forbidden");
  EXPECT_EQ(to_string(ErrorCode::forbidden), "forbidden");
}

}  // namespace
}  // namespace lkm::api
