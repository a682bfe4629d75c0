#include "http/https_redirect.hpp"

#include <gtest/gtest.h>

namespace lkm::http {
namespace {

TEST(HttpsRedirect, KeepsTheHostAndTargetAndNamesTheHttpsPort) {
  EXPECT_EQ(https_location("meet.example.com:8080", "0.0.0.0", 8443, "/rooms/a?x=1&y=%20"),
            "https://meet.example.com:8443/rooms/a?x=1&y=%20");
  EXPECT_EQ(https_location("Meet.Example.COM", "0.0.0.0", 8443, "/"),
            "https://meet.example.com:8443/");
  EXPECT_EQ(https_location("192.168.1.20:80", "0.0.0.0", 8443, "/"), "https://192.168.1.20:8443/");
  EXPECT_EQ(https_location("[fe80::1]:8080", "::", 8443, "/x"), "https://[fe80::1]:8443/x");
}

TEST(HttpsRedirect, LeavesOutPort443) {
  EXPECT_EQ(https_location("meet.example.com", "0.0.0.0", 443, "/a?b"),
            "https://meet.example.com/a?b");
}

TEST(HttpsRedirect, FallsBackToTheListenHostForAnUnusableHostHeader) {
  for (const char* bad :
       {"", "evil.com/x", "user@evil.com", "a b", "a..b", "-a.com", "[::1", "[nothost]",
        "host:port", "host:123456", "[::1]x", "a,b", "evil.com\\@good"}) {
    EXPECT_EQ(https_location(bad, "192.168.1.20", 8443, "/p"), "https://192.168.1.20:8443/p")
        << bad;
  }
  EXPECT_EQ(https_location("", "fd00::20", 443, "/p"), "https://[fd00::20]/p");
  EXPECT_EQ(https_location("", "meet.lan", 443, "/"), "https://meet.lan/");
}

TEST(HttpsRedirect, HostOfDropsThePort) {
  EXPECT_EQ(host_of("example.com:80"), "example.com");
  EXPECT_EQ(host_of("[::1]:80"), "[::1]");
  EXPECT_EQ(host_of("[::1]"), "[::1]");
  EXPECT_EQ(host_of("example.com:"), std::nullopt);
  EXPECT_EQ(host_of(std::string(254, 'a')), std::nullopt);
}

}  // namespace
}  // namespace lkm::http
