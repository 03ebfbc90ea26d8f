// MSH-18 character set names, conversion to UTF-8 (GBK, Latin-1) and UTF-8 validation.
#include "protocols/hl7/charset.hpp"

#include <gtest/gtest.h>

#include <string>

namespace kj::protocols::hl7 {
namespace {

TEST(Hl7Charset, NamesFromMsh18) {
  EXPECT_EQ(charset_from_name(""), Charset::utf8);
  EXPECT_EQ(charset_from_name("UNICODE UTF-8"), Charset::utf8);
  EXPECT_EQ(charset_from_name("utf-8"), Charset::utf8);
  EXPECT_EQ(charset_from_name("UTF8"), Charset::utf8);
  EXPECT_EQ(charset_from_name("ASCII"), Charset::utf8);
  EXPECT_EQ(charset_from_name("GB 18030-2000"), Charset::gbk);
  EXPECT_EQ(charset_from_name("GB18030"), Charset::gbk);
  EXPECT_EQ(charset_from_name("gbk"), Charset::gbk);
  EXPECT_EQ(charset_from_name("GB2312"), Charset::gbk);
  EXPECT_EQ(charset_from_name("8859/1"), Charset::latin1);
  EXPECT_EQ(charset_from_name("ISO IR100"), Charset::latin1);
  EXPECT_FALSE(charset_from_name("ISO IR87").has_value());
  EXPECT_FALSE(charset_from_name("BIG-5").has_value());
}

TEST(Hl7Charset, GbkToUtf8) {
  std::string out = "x";
  EXPECT_TRUE(append_utf8("\xBC\xD7\xC8\xA9 mg/kg", Charset::gbk, out));  // 甲醛
  EXPECT_EQ(out, "x甲醛 mg/kg");
  EXPECT_FALSE(append_utf8("\x81\x20", Charset::gbk, out));
  EXPECT_FALSE(append_utf8(std::string_view("\xBC\xD7\0\xC8\xA9", 5), Charset::gbk, out));  // NUL is data
  EXPECT_EQ(out, "x甲醛 mg/kg");                                                            // unchanged by the failures
}

TEST(Hl7Charset, Latin1ToUtf8) {
  std::string out;
  EXPECT_TRUE(append_utf8("\xB5g/kg \xE9", Charset::latin1, out));
  EXPECT_EQ(out, "µg/kg é");
}

TEST(Hl7Charset, Utf8IsValidated) {
  EXPECT_TRUE(is_valid_utf8("有机磷 µg/kg 😀"));
  EXPECT_TRUE(is_valid_utf8(""));
  for (const std::string bad : {"\xB5", "\xC0\xAF", "\xE0\x80\xAF", "\xED\xA0\x80", "\xF4\x90\x80\x80", "\xE4\xB8",
                                "\xF5\x80\x80\x80", "\xE4\x41\xAD"}) {
    EXPECT_FALSE(is_valid_utf8(bad));
  }
  std::string out = "a";
  EXPECT_FALSE(append_utf8("\xB5", Charset::utf8, out));
  EXPECT_EQ(out, "a");
}

}  // namespace
}  // namespace kj::protocols::hl7
