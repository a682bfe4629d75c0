#include "auth/organizer_rule.hpp"

#include <gtest/gtest.h>

#include <string>

#include <boost/json/parse.hpp>

namespace lkm::auth {
namespace {

OrganizerRule rule(std::string_view text) {
  auto parsed = parse_organizer_rule(text);
  EXPECT_TRUE(parsed) << text << ": " << (parsed ? std::string() : parsed.error());
  return parsed ? *parsed : OrganizerRule(AnyoneSignedIn{});
}

std::string refusal(std::string_view text) {
  auto parsed = parse_organizer_rule(text);
  EXPECT_FALSE(parsed) << text;
  return parsed ? std::string() : parsed.error();
}

IdTokenClaims person(std::string_view email, bool verified, std::string_view payload = "{}") {
  IdTokenClaims claims;
  claims.subject = "248289761001";
  claims.email = std::string(email);
  claims.email_verified = verified;
  claims.payload = boost::json::parse(payload).as_object();
  return claims;
}

TEST(OrganizerRule, AnyoneWhoSignsIn) {
  const auto any = rule("any");
  EXPECT_TRUE(admits(any, person("", false)));
  EXPECT_TRUE(admits(any, person("ada@elsewhere.example", false)));
  EXPECT_EQ(to_string(any), "any");
  EXPECT_TRUE(std::holds_alternative<AnyoneSignedIn>(rule("  any  ")));
}

TEST(OrganizerRule, AVerifiedAddressAtOneOfTheDomains) {
  const auto staff = rule("email-domain:example.org, Example.NET,@lab.example.org");
  EXPECT_EQ(to_string(staff), "email-domain:example.org,example.net,lab.example.org");
  EXPECT_TRUE(admits(staff, person("ada@example.org", true)));
  EXPECT_TRUE(admits(staff, person("Ada.Lovelace@EXAMPLE.ORG", true)));
  EXPECT_TRUE(admits(staff, person("grace@example.net", true)));
  EXPECT_TRUE(admits(staff, person("alan@lab.example.org", true)));
}

TEST(OrganizerRule, NeitherAnUnverifiedAddressNorALookAlikeDomain) {
  const auto staff = rule("email-domain:example.org");
  EXPECT_FALSE(admits(staff, person("ada@example.org", false)));
  for (const char* email :
       {"ada@sub.example.org", "ada@example.org.evil.example", "ada@notexample.org",
        "example.org@evil.example", "ada@example.org@evil.example", "", "@example.org", "ada@",
        "example.org"}) {
    EXPECT_FALSE(admits(staff, person(email, true))) << email;
  }
}

TEST(OrganizerRule, AClaimWithTheValueOrAnArrayHoldingIt) {
  const auto groups = rule("claim:groups=meet-organizers");
  EXPECT_EQ(to_string(groups), "claim:groups=meet-organizers");
  EXPECT_TRUE(admits(groups, person("", false, R"({"groups":"meet-organizers"})")));
  EXPECT_TRUE(admits(groups, person("", false, R"({"groups":["staff","meet-organizers"]})")));
  for (const char* payload :
       {R"({})", R"({"groups":"staff"})", R"({"groups":["staff"]})", R"({"groups":[]})",
        R"({"groups":{"meet-organizers":true}})", R"({"groups":["Meet-Organizers"]})",
        R"({"groups":[["meet-organizers"]]})", R"({"groups":null})",
        R"({"role":"meet-organizers"})"}) {
    EXPECT_FALSE(admits(groups, person("", false, payload))) << payload;
  }
  // A namespaced claim, and a value with "=" in it.
  const auto roles = rule("claim:https://meet.example/roles=org=1");
  EXPECT_TRUE(admits(roles, person("", false, R"({"https://meet.example/roles":["org=1"]})")));
}

TEST(OrganizerRule, RefusesWhatItCannotRead) {
  EXPECT_EQ(refusal(""), "must be any, email-domain:<domain>[,<domain>…] or claim:<name>=<value>");
  EXPECT_EQ(refusal("everyone"),
            "must be any, email-domain:<domain>[,<domain>…] or claim:<name>=<value>");
  EXPECT_EQ(refusal("ANY"),
            "must be any, email-domain:<domain>[,<domain>…] or claim:<name>=<value>");
  EXPECT_EQ(refusal("email-domain:"), "email-domain: \"\" is not a domain name (like example.org)");
  for (const char* bad :
       {"email-domain:localhost", "email-domain:example..org", "email-domain:-example.org",
        "email-domain:exa mple.org", "email-domain:example.org,", "email-domain:*.example.org",
        "email-domain:ex_ample.org"}) {
    EXPECT_NE(refusal(bad).find("is not a domain name"), std::string::npos) << bad;
  }
  EXPECT_EQ(refusal("claim:groups"),
            "claim: needs a name and a value, as claim:groups=meet-organizers");
  EXPECT_EQ(refusal("claim:=x"),
            "claim: \"\" is not a claim name (printable, without spaces or \"=\")");
  EXPECT_EQ(refusal("claim:groups="), "claim:groups= needs a value without control characters");
  EXPECT_EQ(refusal("claim:groups=a\x01"),
            "claim:groups= needs a value without control characters");
  EXPECT_EQ(refusal(std::string("claim:g=") + std::string(2000, 'x')),
            "the rule is longer than 1024 bytes");
}

TEST(OrganizerRule, PrintsWhatItReadsBack) {
  for (const char* text : {"any", "email-domain:example.org,example.net", "claim:groups=staff"}) {
    const auto parsed = rule(text);
    EXPECT_EQ(to_string(rule(to_string(parsed))), to_string(parsed)) << text;
  }
}

}  // namespace
}  // namespace lkm::auth
