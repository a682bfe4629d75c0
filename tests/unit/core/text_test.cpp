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

TEST(InvisibleFormatChars, FindsBidirectionalAndZeroWidthCharacters) {
  for (const char* text : {"\u061C", "\u180E", "\u200B", "\u200C", "\u200D", "\u200E", "\u200F",
                           "\u202A", "\u202B", "\u202C", "\u202D", "\u202E", "\u2060", "\u2066",
                           "\u2067", "\u2068", "\u2069", "\uFEFF", "ab\u202Ecd"}) {
    EXPECT_TRUE(has_invisible_format_chars(text)) << text;
  }
}

TEST(InvisibleFormatChars, LeavesOrdinaryTextAlone) {
  for (const char* text : {"", "plain", "Zo\u00eb \u00c5ngstr\u00f6m", "\u05e9\u05dc\u05d5\u05dd",
                           "\u0645\u0631\u062d\u0628\u0627", "\u2010\u2014\u2026", "\u2070\u20ac",
                           "\u4f60\u597d", "\U0001F600", "\uFEFE\uFEFD"}) {
    EXPECT_FALSE(has_invisible_format_chars(text)) << text;
  }
}

}  // namespace
}  // namespace lkm
