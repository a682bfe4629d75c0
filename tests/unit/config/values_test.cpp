#include "config/values.hpp"

#include <gtest/gtest.h>

namespace lkm::config {
namespace {

using std::chrono::milliseconds;
constexpr milliseconds kHour(3'600'000);

TEST(Values, IntegersWithinBounds) {
  EXPECT_EQ(*parse_integer("0", 0, 10), 0U);
  EXPECT_EQ(*parse_integer("65535", 0, 65535), 65535U);
  for (const char* bad :
       {"", "-1", "+1", " 1", "1 ", "1.5", "0x10", "65536", "99999999999999999999"}) {
    EXPECT_FALSE(parse_integer(bad, 0, 65535)) << bad;
  }
  EXPECT_NE(parse_integer("70000", 0, 65535).error().find("between 0 and 65535"),
            std::string::npos);
}

TEST(Values, DurationsWithUnits) {
  EXPECT_EQ(*parse_duration("250ms", milliseconds(0), kHour), milliseconds(250));
  EXPECT_EQ(*parse_duration("10s", milliseconds(0), kHour), milliseconds(10'000));
  EXPECT_EQ(*parse_duration("10", milliseconds(0), kHour), milliseconds(10'000));
  EXPECT_EQ(*parse_duration("2m", milliseconds(0), kHour), milliseconds(120'000));
  EXPECT_EQ(*parse_duration("1h", milliseconds(0), kHour), kHour);
  for (const char* bad : {"", "s", "10x", "10 s", "-5s", "2h", "50ms", "18446744073709551615h"}) {
    EXPECT_FALSE(parse_duration(bad, milliseconds(100), kHour)) << bad;
  }
  EXPECT_NE(parse_duration("2h", milliseconds(100), kHour).error().find("between 100ms and 1h"),
            std::string::npos);
}

TEST(Values, SizesInBinaryUnits) {
  EXPECT_EQ(*parse_size("1024", 0, 1 << 30), 1024U);
  EXPECT_EQ(*parse_size("16KiB", 0, 1 << 30), 16U * 1024);
  EXPECT_EQ(*parse_size("16K", 0, 1 << 30), 16U * 1024);
  EXPECT_EQ(*parse_size("2MiB", 0, 1 << 30), 2U * 1024 * 1024);
  EXPECT_EQ(*parse_size("2MB", 0, 1 << 30), 2U * 1024 * 1024);
  for (const char* bad : {"", "KiB", "1GiB", "1.5MiB", "2kib", "2TiB", "9999999999999MiB"}) {
    EXPECT_FALSE(parse_size(bad, 0, 1 << 30)) << bad;
  }
  EXPECT_FALSE(parse_size("512", 1024, 4096));
  EXPECT_FALSE(parse_size("5KiB", 1024, 4096));
}

TEST(Values, Booleans) {
  for (const char* yes : {"true", "yes", "on", "1"}) EXPECT_TRUE(*parse_bool(yes)) << yes;
  for (const char* no : {"false", "no", "off", "0"}) EXPECT_FALSE(*parse_bool(no)) << no;
  EXPECT_FALSE(parse_bool("maybe"));
}

TEST(Values, FormatsReadBack) {
  for (const milliseconds value :
       {milliseconds(0), milliseconds(1500), milliseconds(10'000), milliseconds(120'000), kHour}) {
    EXPECT_EQ(*parse_duration(format_duration(value), milliseconds(0), kHour), value)
        << format_duration(value);
  }
  EXPECT_EQ(format_duration(milliseconds(60'000)), "1m");
  EXPECT_EQ(format_size(16 * 1024), "16KiB");
  EXPECT_EQ(format_size(1024 * 1024), "1MiB");
  EXPECT_EQ(format_size(1000), "1000");
  for (const std::uint64_t value : {1000ULL, 16ULL * 1024, 3ULL * 1024 * 1024}) {
    EXPECT_EQ(*parse_size(format_size(value), 0, 1ULL << 30), value);
  }
}

}  // namespace
}  // namespace lkm::config
