#include "http/query.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <ctime>

#include <array>

#include <string>

namespace lkm::http {
namespace {

TEST(QueryParam, ReturnsTheDecodedValueOfTheFirstMatch) {
  EXPECT_EQ(query_param("a=1&b=2&a=3", "a"), "1");
  EXPECT_EQ(query_param("a=1&b=2&a=3", "b"), "2");
  EXPECT_EQ(query_param("roomName=my+room%21", "roomName"), "my room!");
  EXPECT_EQ(query_param("x=a%2Bb%20c", "x"), "a+b c");
  EXPECT_EQ(query_param("x=a=b", "x"), "a=b");
}

TEST(QueryParam, ReturnsNulloptWhenTheNameIsAbsent) {
  EXPECT_EQ(query_param("", "a"), std::nullopt);
  EXPECT_EQ(query_param("ab=1&b=2", "a"), std::nullopt);
  EXPECT_EQ(query_param("A=1", "a"), std::nullopt);
}

TEST(QueryParam, GivesAKeyWithoutEqualsTheEmptyValue) {
  EXPECT_EQ(query_param("flag&a=1", "flag"), "");
  EXPECT_EQ(query_param("flag=", "flag"), "");
}

TEST(QueryParam, SkipsEmptyPairs) {
  EXPECT_EQ(query_param("&&a=1&", "a"), "1");
  EXPECT_EQ(query_param("&&", ""), std::nullopt);
}

TEST(QueryParam, DecodesKeysBeforeComparing) {
  EXPECT_EQ(query_param("room%20name=x", "room name"), "x");
  EXPECT_EQ(query_param("room+name=y", "room name"), "y");
}

TEST(QueryParam, KeepsMalformedPercentSequencesAsTheyAre) {
  EXPECT_EQ(query_param("x=100%", "x"), "100%");
  EXPECT_EQ(query_param("x=%zz%4", "x"), "%zz%4");
  EXPECT_EQ(query_param("x=%e2%82%ac", "x"), "\xe2\x82\xac");
}

TEST(QueryParam, MayReturnBytesThatAreNotUtf8) {
  EXPECT_EQ(query_param("x=%ff%00", "x"), std::string("\xff\0", 2));
}

TEST(PercentDecode, DecodesEscapesAndLeavesPlusAlone) {
  EXPECT_EQ(percent_decode("a%20b+c"), "a b+c");
  EXPECT_EQ(percent_decode("%2e%2E"), "..");
  EXPECT_EQ(percent_decode(""), "");
  EXPECT_EQ(percent_decode("%00"), std::string(1, '\0'));
}

TEST(PercentDecode, RejectsMalformedSequences) {
  EXPECT_EQ(percent_decode("%"), std::nullopt);
  EXPECT_EQ(percent_decode("abc%4"), std::nullopt);
  EXPECT_EQ(percent_decode("%zz"), std::nullopt);
  EXPECT_EQ(percent_decode("%g0"), std::nullopt);
}

TEST(CookieValue, FindsACookieAmongOthers) {
  EXPECT_EQ(cookie_value("a=1; b=2; c=3", "b"), "2");
  EXPECT_EQ(cookie_value("a=1;b=2", "b"), "2");
  EXPECT_EQ(cookie_value("  a=1  ;  session=xyz  ", "session"), "xyz");
}

TEST(CookieValue, ReturnsTheFirstOfRepeatedCookies) {
  EXPECT_EQ(cookie_value("a=first; a=second", "a"), "first");
}

TEST(CookieValue, DoesNotMatchOnAPrefixOrSuffixOfTheName) {
  EXPECT_EQ(cookie_value("xa=1; ax=2", "a"), std::nullopt);
}

TEST(CookieValue, KeepsTheValueUndecoded) {
  EXPECT_EQ(cookie_value("a=%20x; b=\"q\"", "a"), "%20x");
  EXPECT_EQ(cookie_value("a=%20x; b=\"q\"", "b"), "\"q\"");
  EXPECT_EQ(cookie_value("a=x=y", "a"), "x=y");
}

TEST(CookieValue, IgnoresPartsWithoutEqualsAndEmptyHeaders) {
  EXPECT_EQ(cookie_value("", "a"), std::nullopt);
  EXPECT_EQ(cookie_value("a; b=1", "a"), std::nullopt);
  EXPECT_EQ(cookie_value("a; b=1", "b"), "1");
  EXPECT_EQ(cookie_value("a=", "a"), "");
}

TEST(HttpDate, FormatsImfFixdate) {
  EXPECT_EQ(http_date(0), "Thu, 01 Jan 1970 00:00:00 GMT");
  EXPECT_EQ(http_date(784111777), "Sun, 06 Nov 1994 08:49:37 GMT");
  EXPECT_EQ(http_date(951782400), "Tue, 29 Feb 2000 00:00:00 GMT");
  EXPECT_EQ(http_date(4102444800), "Fri, 01 Jan 2100 00:00:00 GMT");
  EXPECT_EQ(http_date(1700000000), "Tue, 14 Nov 2023 22:13:20 GMT");
}

TEST(HttpDate, AgreesWithTheCLibraryFromYearZeroTo9999AndBeyond) {
  const auto expected = [](std::int64_t seconds) {
    const auto when = static_cast<std::time_t>(seconds);
    std::tm parts{};
    ::gmtime_r(&when, &parts);
    std::array<char, 64> text{};
    const std::size_t n = std::strftime(text.data(), text.size(), "%a, %d %b ", &parts);
    std::array<char, 16> year{};
    std::snprintf(year.data(), year.size(), "%04d", parts.tm_year + 1900);
    std::string out(text.data(), n);
    out += year.data();
    out.append(text.data(), std::strftime(text.data(), text.size(), " %H:%M:%S GMT", &parts));
    return out;
  };
  const std::int64_t year_zero = -62167219200;  // 0000-01-01T00:00:00Z
  const std::int64_t past_9999 = 253402300800;  // 10000-01-01T00:00:00Z
  for (std::int64_t t = year_zero + 59; t < past_9999 + 86400 * 400; t += 9'876'543) {
    ASSERT_EQ(http_date(t), expected(t)) << t;
  }
}

TEST(HttpDate, HandlesTimesBeforeTheEpoch) {
  EXPECT_EQ(http_date(-1), "Wed, 31 Dec 1969 23:59:59 GMT");
}

}  // namespace
}  // namespace lkm::http
