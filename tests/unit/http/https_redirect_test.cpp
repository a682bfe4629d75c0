#include "http/https_redirect.hpp"

#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace lkm::http {
namespace {

const std::vector<std::string> kCertificateNames = {"meet.example.com", "*.example.com",
                                                    "192.168.1.20", "fe80::1"};

RedirectHosts hosts_of(std::string_view public_host = "", std::string_view listen = "0.0.0.0") {
  return RedirectHosts{public_host, kCertificateNames, listen};
}

TEST(HttpsRedirect, KeepsAHostOfTheCertificateWithTheTargetAndNamesTheHttpsPort) {
  const RedirectHosts hosts = hosts_of();
  EXPECT_EQ(https_location("meet.example.com:8080", hosts, 8443, "/rooms/a?x=1&y=%20"),
            "https://meet.example.com:8443/rooms/a?x=1&y=%20");
  EXPECT_EQ(https_location("Meet.Example.COM", hosts, 8443, "/"), "https://meet.example.com:8443/");
  EXPECT_EQ(https_location("192.168.1.20:80", hosts, 8443, "/"), "https://192.168.1.20:8443/");
  EXPECT_EQ(https_location("[FE80:0::1]:8080", hosts, 8443, "/x"), "https://[fe80:0::1]:8443/x");
}

TEST(HttpsRedirect, LeavesOutPort443) {
  EXPECT_EQ(https_location("meet.example.com", hosts_of(), 443, "/a?b"),
            "https://meet.example.com/a?b");
}

// The open redirect: a plain-HTTP request is a request anyone can forge (or a network attacker
// can rewrite), and the Location sends the victim's browser wherever Host said.
TEST(HttpsRedirect, NeverSendsAClientToAHostTheRequestChose) {
  for (const char* foreign : {"evil.example", "evil.example:80", "meet.example.com.evil.example",
                              "10.0.0.1", "[::2]", "a.example.com" /* wildcards match nothing */}) {
    EXPECT_EQ(https_location(foreign, hosts_of("meet.example.com"), 443, "/p"),
              "https://meet.example.com/p")
        << foreign;
    EXPECT_EQ(https_location(foreign, hosts_of("[2001:db8::1]"), 443, "/p"),
              "https://[2001:db8::1]/p")
        << foreign;
    // Without a public URL: the certificate's first name.
    EXPECT_EQ(https_location(foreign, hosts_of(), 8443, "/p"), "https://meet.example.com:8443/p")
        << foreign;
  }
}

TEST(HttpsRedirect, KeepsThePublicUrlsHostAndTheListenAddress) {
  const RedirectHosts hosts{"meet.example.org", {}, "192.168.1.5"};
  EXPECT_EQ(https_location("MEET.example.org:80", hosts, 443, "/"), "https://meet.example.org/");
  EXPECT_EQ(https_location("192.168.1.5", hosts, 443, "/"), "https://192.168.1.5/");
  EXPECT_EQ(https_location("evil.example", hosts, 443, "/"), "https://meet.example.org/");
}

TEST(HttpsRedirect, TheCertificatesFirstNameSkipsWildcards) {
  const std::vector<std::string> names = {"*.example.com", "example.com"};
  const RedirectHosts hosts{"", names, "0.0.0.0"};
  EXPECT_EQ(https_location("evil.example", hosts, 443, "/"), "https://example.com/");
  EXPECT_EQ(https_location("*.example.com", hosts, 443, "/"), "https://example.com/");
}

TEST(HttpsRedirect, FallsBackToTheListenHostWithoutPublicUrlOrCertificateNames) {
  for (const char* bad :
       {"", "evil.com/x", "user@evil.com", "a b", "a..b", "-a.com", "[::1", "[nothost]",
        "host:port", "host:123456", "[::1]x", "a,b", "evil.com\\@good", "evil.example"}) {
    EXPECT_EQ(https_location(bad, RedirectHosts{"", {}, "192.168.1.20"}, 8443, "/p"),
              "https://192.168.1.20:8443/p")
        << bad;
  }
  EXPECT_EQ(https_location("", RedirectHosts{"", {}, "fd00::20"}, 443, "/p"),
            "https://[fd00::20]/p");
  EXPECT_EQ(https_location("", RedirectHosts{"", {}, "meet.lan"}, 443, "/"), "https://meet.lan/");
  const std::vector<std::string> ipv6_first = {"::1"};
  EXPECT_EQ(https_location("evil", RedirectHosts{"", ipv6_first, "0.0.0.0"}, 443, "/"),
            "https://[::1]/");
}

TEST(HttpsRedirect, SameHostComparesAddressesByValueAndNamesWithoutCase) {
  EXPECT_TRUE(same_host("[::1]", "::1"));
  EXPECT_TRUE(same_host("[0:0::1]", "[::1]"));
  EXPECT_TRUE(same_host("Meet.Example", "meet.example"));
  EXPECT_TRUE(same_host("127.0.0.1", "127.0.0.1"));
  EXPECT_FALSE(same_host("127.0.0.1", "localhost"));
  EXPECT_FALSE(same_host("::1", "127.0.0.1"));
  EXPECT_FALSE(same_host("meet.example", ""));
  EXPECT_FALSE(same_host("", ""));
  EXPECT_FALSE(same_host("meet.example", "meet.example.evil"));
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
