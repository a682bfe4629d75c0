#include "core/text.hpp"

#include <gtest/gtest.h>

#include <string>

namespace lkm {
namespace {

TEST(Utf8, AcceptsAsciiAndMultibyte) {
  EXPECT_TRUE(is_valid_utf8(""));
  EXPECT_TRUE(is_valid_utf8("hello"));
  EXPECT_TRUE(is_valid_utf8("Zo\xc3\xab"));        // ë
  EXPECT_TRUE(is_valid_utf8("\xe2\x82\xac"));      // €
  EXPECT_TRUE(is_valid_utf8("\xf0\x9f\x98\x80"));  // 😀
  EXPECT_TRUE(is_valid_utf8("\xf4\x8f\xbf\xbf"));  // U+10FFFF
}

TEST(Utf8, RejectsMalformedSequences) {
  EXPECT_FALSE(is_valid_utf8("\xff"));
  EXPECT_FALSE(is_valid_utf8("\xc3"));              // truncated
  EXPECT_FALSE(is_valid_utf8("\xc0\xaf"));          // overlong '/'
  EXPECT_FALSE(is_valid_utf8("\xe0\x80\xaf"));      // overlong
  EXPECT_FALSE(is_valid_utf8("\xed\xa0\x80"));      // surrogate U+D800
  EXPECT_FALSE(is_valid_utf8("\xf4\x90\x80\x80"));  // above U+10FFFF
  EXPECT_FALSE(is_valid_utf8("\x80"));              // lone continuation
  EXPECT_FALSE(is_valid_utf8(std::string("a\xe2\x82", 3)));
}

TEST(ControlChars, FindsC0DelAndC1) {
  EXPECT_FALSE(has_control_chars("plain text \xc3\xab"));
  EXPECT_TRUE(has_control_chars(std::string("a\0b", 3)));
  EXPECT_TRUE(has_control_chars("line\nbreak"));
  EXPECT_TRUE(has_control_chars("tab\there"));
  EXPECT_TRUE(has_control_chars("del\x7f"));
  EXPECT_TRUE(has_control_chars("c1\xc2\x85"));
  EXPECT_FALSE(has_control_chars("nbsp\xc2\xa0"));
}

}  // namespace
}  // namespace lkm

namespace lkm {
namespace {

TEST(AsciiText, ComparesCaseInsensitivelyAndTrimsOptionalWhitespace) {
  EXPECT_TRUE(ascii_iequals("Chunked", "chunked"));
  EXPECT_TRUE(ascii_iequals("", ""));
  EXPECT_FALSE(ascii_iequals("chunked", "chunke"));
  EXPECT_FALSE(ascii_iequals("\xc3\x89", "\xc3\xa9"));  // only ASCII folds
  EXPECT_EQ(trim_ows(" \t gzip \t"), "gzip");
  EXPECT_EQ(trim_ows("\t \t"), "");
  EXPECT_EQ(trim_ows("a b"), "a b");
}

}  // namespace
}  // namespace lkm
