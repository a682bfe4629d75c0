#include "auth/ttl.hpp"

#include <gtest/gtest.h>

#include <string>

namespace lkm::auth {
namespace {

std::int64_t seconds(std::string_view text) {
  const auto ttl = parse_ttl(text);
  EXPECT_TRUE(ttl.ok()) << text << ": " << (ttl.ok() ? "" : ttl.error());
  return ttl.ok() ? ttl->count() : -1;
}

TEST(ParseTtl, ReadsABareIntegerAsSeconds) {
  EXPECT_EQ(seconds("90"), 90);
  EXPECT_EQ(seconds("1"), 1);
  EXPECT_EQ(seconds("007"), 7);
}

TEST(ParseTtl, ReadsTheSdkExamples) {
  EXPECT_EQ(seconds("10m"), 600);
  EXPECT_EQ(seconds("5h"), 18000);
  EXPECT_EQ(seconds("2d"), 172800);
  EXPECT_EQ(seconds("1w"), 604800);
  EXPECT_EQ(seconds("2 days"), 172800);
  EXPECT_EQ(seconds("1.5h"), 5400);
  EXPECT_EQ(seconds("1y"), 31557600);  // 365.25 days
  EXPECT_EQ(seconds("6h"), kDefaultTtl.count());
}

TEST(ParseTtl, AcceptsEveryUnitSpelling) {
  for (const char* unit : {"s", "sec", "secs", "second", "seconds"}) {
    EXPECT_EQ(seconds(std::string("3") + unit), 3) << unit;
  }
  for (const char* unit : {"m", "min", "mins", "minute", "minutes"}) {
    EXPECT_EQ(seconds(std::string("3") + unit), 180) << unit;
  }
  for (const char* unit : {"h", "hr", "hrs", "hour", "hours"}) {
    EXPECT_EQ(seconds(std::string("3") + unit), 10800) << unit;
  }
  for (const char* unit : {"d", "day", "days"}) {
    EXPECT_EQ(seconds(std::string("3") + unit), 259200) << unit;
  }
  for (const char* unit : {"w", "week", "weeks"}) {
    EXPECT_EQ(seconds(std::string("3") + unit), 1814400) << unit;
  }
  for (const char* unit : {"y", "yr", "yrs", "year", "years"}) {
    EXPECT_EQ(seconds(std::string("2") + unit), 63115200) << unit;
  }
}

TEST(ParseTtl, IgnoresCaseAndAllowsTheFormsOfTheJoseRegex) {
  EXPECT_EQ(seconds("10M"), 600);
  EXPECT_EQ(seconds("2 Days"), 172800);
  EXPECT_EQ(seconds("+10m"), 600);
  EXPECT_EQ(seconds("+ 10m"), 600);
  EXPECT_EQ(seconds(" 10m"), 600);
  EXPECT_EQ(seconds("10m from now"), 600);
  EXPECT_EQ(seconds("10m FROM NOW"), 600);
}

TEST(ParseTtl, RoundsHalfUpLikeMathRound) {
  EXPECT_EQ(seconds("1.5s"), 2);
  EXPECT_EQ(seconds("2.5s"), 3);
  EXPECT_EQ(seconds("0.5s"), 1);
  EXPECT_EQ(seconds("1.4s"), 1);
  EXPECT_EQ(seconds("0.01m"), 1);      // 0.6 s
  EXPECT_EQ(seconds("1.001h"), 3604);  // 3603.6 s
}

void expect_error(std::string_view text) {
  const auto ttl = parse_ttl(text);
  ASSERT_FALSE(ttl.ok()) << text << " gave " << ttl->count();
  EXPECT_NE(ttl.error().find("\"10m\""), std::string::npos) << ttl.error();
  EXPECT_NE(ttl.error().find("year(s)"), std::string::npos) << ttl.error();
}

TEST(ParseTtl, RefusesMalformedTextWithAMessageListingTheAcceptedForms) {
  for (const char* text :
       {"", "100ms", "1.5", "abc", "m", "10 m ", "10  m", "1.h", ".5h", "1,5h", "10mm", "10m later",
        "10m from  now", "1e3s", "0x10s", "10\tm", "+-10m", "+10m from now", "10m ago from now"}) {
    expect_error(text);
  }
}

TEST(ParseTtl, RefusesZeroAndNegativeLifetimes) {
  for (const char* text : {"0", "0s", "0.4s", "-5m", "- 5m", "5m ago", "5m AGO", "-0s"}) {
    expect_error(text);
  }
  EXPECT_NE(parse_ttl("-5m").error().find("positive"), std::string::npos);
}

TEST(ParseTtl, RefusesLifetimesBeyondWhatTheSdkCanCount) {
  EXPECT_EQ(seconds("9007199254740991"), 9007199254740991);
  expect_error("9007199254740992");
  expect_error("99999999999999999999999999");
  expect_error("300000000y");
  expect_error(std::string(400, '9') + "s");
  EXPECT_NE(parse_ttl("300000000y").error().find("too large"), std::string::npos);
}

}  // namespace
}  // namespace lkm::auth
