#include "core/log_format.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

namespace lkm::log {
namespace {

using namespace std::chrono;

std::string json_string(std::string_view text) {
  std::string out;
  append_json_string(out, text);
  return out;
}

// 2024-02-29T23:59:59.999Z
const system_clock::time_point kWhen = sys_days{year{2024} / February / 29} + hours(23) +
                                       minutes(59) + seconds(59) + milliseconds(999) +
                                       microseconds(900);

TEST(LogFormat, WritesRfc3339TimesInUtcWithMilliseconds) {
  std::string out;
  append_rfc3339(out, kWhen);
  EXPECT_EQ(out, "2024-02-29T23:59:59.999Z");
  out.clear();
  append_rfc3339(out, system_clock::time_point{});
  EXPECT_EQ(out, "1970-01-01T00:00:00.000Z");
}

TEST(LogFormat, EscapesQuotesBackslashesAndControlCharacters) {
  EXPECT_EQ(json_string("plain"), R"("plain")");
  EXPECT_EQ(json_string("say \"hi\" \\ bye"), R"("say \"hi\" \\ bye")");
  EXPECT_EQ(json_string("a\nb\rc\td\be\ff"), R"("a\nb\rc\td\be\ff")");
  EXPECT_EQ(json_string(std::string("nul\0x\x01\x1f\x7f", 8)), R"("nul\u0000x\u0001\u001f\u007f")");
}

TEST(LogFormat, KeepsUtf8AndReplacesEachInvalidByte) {
  EXPECT_EQ(json_string("Zo\xc3\xab \xe2\x82\xac \xf0\x9f\x98\x80"),
            "\"Zo\xc3\xab \xe2\x82\xac \xf0\x9f\x98\x80\"");
  EXPECT_EQ(json_string("\xff"), R"("\ufffd")");
  EXPECT_EQ(json_string("a\xc3"), R"("a\ufffd")");                              // truncated
  EXPECT_EQ(json_string("\xc0\xaf"), R"("\ufffd\ufffd")");                      // overlong '/'
  EXPECT_EQ(json_string("\xe0\x80\xaf"), R"("\ufffd\ufffd\ufffd")");            // overlong
  EXPECT_EQ(json_string("\xed\xa0\x80"), R"("\ufffd\ufffd\ufffd")");            // surrogate
  EXPECT_EQ(json_string("\xf4\x90\x80\x80"), R"("\ufffd\ufffd\ufffd\ufffd")");  // > U+10FFFF
  EXPECT_EQ(json_string("\x80z"), R"("\ufffdz")");                              // lone continuation
  EXPECT_EQ(json_string("\xe2\x82"
                        "x"),
            R"("\ufffd\ufffdx")");
}

TEST(LogFormat, JsonLinesParseBackToWhatWasLogged) {
  const std::string message = "odd \"msg\" \\ with\nnewline, \x01 and \xc3\xab";
  const std::string line = format_line(Format::json, kWhen, Level::warn, message);
  ASSERT_FALSE(line.empty());
  EXPECT_EQ(line.back(), '\n');
  EXPECT_EQ(line.find('\n'), line.size() - 1) << "one line";
  const auto value = boost::json::parse(line);
  const auto& object = value.as_object();
  EXPECT_EQ(object.size(), 3U);
  EXPECT_EQ(object.at("time").as_string(), "2024-02-29T23:59:59.999Z");
  EXPECT_EQ(object.at("level").as_string(), "warn");
  EXPECT_EQ(object.at("msg").as_string(), message);
}

TEST(LogFormat, JsonRequestLinesCarryTheRequestFields) {
  const RequestLine request{"GET", "/a\"b\xff", 404, 1.23456, "2001:db8::1"};
  const std::string line = format_line(Format::json, kWhen, Level::info, "ignored", &request);
  const auto value = boost::json::parse(line);
  const auto& object = value.as_object();
  EXPECT_EQ(object.at("msg").as_string(), "request");
  EXPECT_EQ(object.at("level").as_string(), "info");
  EXPECT_EQ(object.at("method").as_string(), "GET");
  EXPECT_EQ(object.at("path").as_string(), "/a\"b\xef\xbf\xbd");
  EXPECT_EQ(object.at("status").as_int64(), 404);
  EXPECT_DOUBLE_EQ(object.at("duration_ms").to_number<double>(), 1.235);
  EXPECT_EQ(object.at("remote").as_string(), "2001:db8::1");
}

TEST(LogFormat, TextLinesStayAsTheyWere) {
  EXPECT_EQ(format_line(Format::text, kWhen, Level::info, "hello"),
            "2024-02-29T23:59:59.999Z info hello\n");
  const RequestLine request{"POST", "/api/webhook", 200, 0.5, "127.0.0.1"};
  EXPECT_EQ(format_line(Format::text, kWhen, Level::info, {}, &request),
            "2024-02-29T23:59:59.999Z info POST /api/webhook 200 0.50ms\n");
}

}  // namespace
}  // namespace lkm::log
