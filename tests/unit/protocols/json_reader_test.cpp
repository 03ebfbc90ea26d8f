// The strict JSON reader: grammar, strings and escapes, UTF-8 validation, limits, offsets.
#include "protocols/json_reader.hpp"

#include <string>

#include <gtest/gtest.h>

#include "tests/support/test_support.hpp"

namespace kj::protocols {
namespace {

JsonValue parse_ok(std::string_view text, const JsonLimits& limits = {}) {
  auto parsed = parse_json(text, limits);
  if (const auto* error = std::get_if<JsonError>(&parsed)) {
    ADD_FAILURE() << "parse of `" << text << "` failed: " << to_string(*error);
    return {};
  }
  return std::get<JsonValue>(std::move(parsed));
}

JsonError parse_error(std::string_view text, const JsonLimits& limits = {}) {
  auto parsed = parse_json(text, limits);
  if (std::holds_alternative<JsonValue>(parsed)) {
    ADD_FAILURE() << "parse of `" << text << "` should have failed";
    return {JsonErrc::unexpected_end, 0};
  }
  return std::get<JsonError>(parsed);
}

TEST(JsonReader, Literals) {
  EXPECT_TRUE(parse_ok("null").is_null());
  EXPECT_TRUE(parse_ok("true").as_bool());
  EXPECT_TRUE(parse_ok("true").is_bool());
  EXPECT_FALSE(parse_ok("false").as_bool());
  EXPECT_TRUE(parse_ok(" \t\r\n false \n").is_bool());
  EXPECT_EQ(parse_error("nul"), (JsonError{JsonErrc::unexpected_end, 3}));
  EXPECT_EQ(parse_error("nulL"), (JsonError{JsonErrc::invalid_literal, 3}));
  EXPECT_EQ(parse_error("True"), (JsonError{JsonErrc::unexpected_character, 0}));
  EXPECT_EQ(parse_error("truex"), (JsonError{JsonErrc::trailing_characters, 4}));
}

TEST(JsonReader, Numbers) {
  EXPECT_EQ(parse_ok("0").as_number(), 0.0);
  EXPECT_EQ(parse_ok("-0").as_number(), 0.0);
  EXPECT_EQ(parse_ok("12").as_number(), 12.0);
  EXPECT_EQ(parse_ok("-12.5").as_number(), -12.5);
  EXPECT_EQ(parse_ok("1e3").as_number(), 1000.0);
  EXPECT_EQ(parse_ok("1E+3").as_number(), 1000.0);
  EXPECT_EQ(parse_ok("25e-1").as_number(), 2.5);
  EXPECT_EQ(parse_ok("0.1").as_number(), 0.1);
  // The text is kept exactly as written, so "1.50" stays "1.50".
  EXPECT_EQ(parse_ok("1.50").as_string(), "1.50");
  EXPECT_TRUE(parse_ok("1.50").is_number());

  EXPECT_EQ(parse_error("01"), (JsonError{JsonErrc::invalid_number, 1}));
  EXPECT_EQ(parse_error("-"), (JsonError{JsonErrc::unexpected_end, 1}));
  EXPECT_EQ(parse_error("-a"), (JsonError{JsonErrc::invalid_number, 1}));
  EXPECT_EQ(parse_error("1."), (JsonError{JsonErrc::unexpected_end, 2}));
  EXPECT_EQ(parse_error("1.e3"), (JsonError{JsonErrc::invalid_number, 2}));
  EXPECT_EQ(parse_error("1e"), (JsonError{JsonErrc::unexpected_end, 2}));
  EXPECT_EQ(parse_error("1e+"), (JsonError{JsonErrc::unexpected_end, 3}));
  EXPECT_EQ(parse_error("+1"), (JsonError{JsonErrc::unexpected_character, 0}));
  EXPECT_EQ(parse_error(".5"), (JsonError{JsonErrc::unexpected_character, 0}));
  EXPECT_EQ(parse_error("NaN"), (JsonError{JsonErrc::unexpected_character, 0}));
  EXPECT_EQ(parse_error("-Infinity"), (JsonError{JsonErrc::invalid_number, 1}));
  EXPECT_EQ(parse_error("0x10"), (JsonError{JsonErrc::trailing_characters, 1}));
  EXPECT_EQ(parse_error("[1e400]"), (JsonError{JsonErrc::number_out_of_range, 1}));
}

TEST(JsonReader, Strings) {
  EXPECT_EQ(parse_ok(R"("")").as_string(), "");
  EXPECT_EQ(parse_ok(R"("abc")").as_string(), "abc");
  EXPECT_EQ(parse_ok(R"("a\"b\\c\/d\b\f\n\r\t")").as_string(), "a\"b\\c/d\b\f\n\r\t");
  EXPECT_EQ(parse_ok(R"("\u0041\u00e9\u4E2D")").as_string(), "A\xC3\xA9\xE4\xB8\xAD");
  EXPECT_EQ(parse_ok(R"("\u0000")").as_string(), std::string(1, '\0'));
  // U+1F600 as a surrogate pair, and the same character sent as raw UTF-8.
  EXPECT_EQ(parse_ok(R"("\uD83D\uDE00")").as_string(), "\xF0\x9F\x98\x80");
  EXPECT_EQ(parse_ok("\"\xF0\x9F\x98\x80\"").as_string(), "\xF0\x9F\x98\x80");
  EXPECT_EQ(parse_ok("\"阴性\"").as_string(), "阴性");
  EXPECT_EQ(parse_ok("\"\x7F\"").as_string(), "\x7F");  // DEL is not a control character to JSON

  EXPECT_EQ(parse_error(R"("abc)"), (JsonError{JsonErrc::unexpected_end, 4}));
  EXPECT_EQ(parse_error(R"("a\x")"), (JsonError{JsonErrc::invalid_escape, 2}));
  EXPECT_EQ(parse_error(R"("a\)"), (JsonError{JsonErrc::unexpected_end, 3}));
  EXPECT_EQ(parse_error(R"("\u12G4")"), (JsonError{JsonErrc::invalid_escape, 5}));
  EXPECT_EQ(parse_error(R"("\u12)"), (JsonError{JsonErrc::unexpected_end, 5}));
  EXPECT_EQ(parse_error("\"a\tb\""), (JsonError{JsonErrc::control_character, 2}));
  EXPECT_EQ(parse_error("\"a\nb\""), (JsonError{JsonErrc::control_character, 2}));
  EXPECT_EQ(parse_error("'a'"), (JsonError{JsonErrc::unexpected_character, 0}));
}

TEST(JsonReader, SurrogatesMustPair) {
  EXPECT_EQ(parse_error(R"("x\uD83D")"), (JsonError{JsonErrc::unpaired_surrogate, 2}));
  EXPECT_EQ(parse_error(R"("x\uD83Dabc")"), (JsonError{JsonErrc::unpaired_surrogate, 2}));
  EXPECT_EQ(parse_error(R"("x\uD83D\u0041")"), (JsonError{JsonErrc::unpaired_surrogate, 2}));
  EXPECT_EQ(parse_error(R"("x\uDE00")"), (JsonError{JsonErrc::unpaired_surrogate, 2}));
  EXPECT_EQ(parse_error(R"("\uD83D\uD83D")"), (JsonError{JsonErrc::unpaired_surrogate, 1}));
}

TEST(JsonReader, Utf8IsValidated) {
  // Lone continuation byte, bad lead bytes, overlong forms, encoded surrogates, > U+10FFFF,
  // a sequence cut by a quote, and one cut by the end of input.
  EXPECT_EQ(parse_error("\"a\x80\""), (JsonError{JsonErrc::invalid_utf8, 2}));
  EXPECT_EQ(parse_error("\"\xC0\xAF\""), (JsonError{JsonErrc::invalid_utf8, 1}));
  EXPECT_EQ(parse_error("\"\xC1\xBF\""), (JsonError{JsonErrc::invalid_utf8, 1}));
  EXPECT_EQ(parse_error("\"\xE0\x80\xAF\""), (JsonError{JsonErrc::invalid_utf8, 1}));
  EXPECT_EQ(parse_error("\"\xF0\x80\x80\xAF\""), (JsonError{JsonErrc::invalid_utf8, 1}));
  EXPECT_EQ(parse_error("\"\xED\xA0\x80\""), (JsonError{JsonErrc::invalid_utf8, 1}));
  EXPECT_EQ(parse_error("\"\xF4\x90\x80\x80\""), (JsonError{JsonErrc::invalid_utf8, 1}));
  EXPECT_EQ(parse_error("\"\xF5\x80\x80\x80\""), (JsonError{JsonErrc::invalid_utf8, 1}));
  EXPECT_EQ(parse_error("\"\xFF\""), (JsonError{JsonErrc::invalid_utf8, 1}));
  EXPECT_EQ(parse_error("\"\xE4\xB8\""), (JsonError{JsonErrc::invalid_utf8, 1}));
  EXPECT_EQ(parse_error("\"\xE4\xB8"), (JsonError{JsonErrc::unexpected_end, 3}));
  // GBK bytes are not UTF-8: 阴性 in GBK is D2 F5 D0 D4.
  EXPECT_EQ(parse_error("{\"a\":\"\xD2\xF5\xD0\xD4\"}"), (JsonError{JsonErrc::invalid_utf8, 6}));
  // The largest and the edge code points are fine.
  EXPECT_EQ(parse_ok("\"\xF4\x8F\xBF\xBF\xEE\x80\x80\xED\x9F\xBF\"").as_string(),
            "\xF4\x8F\xBF\xBF\xEE\x80\x80\xED\x9F\xBF");
  // Outside strings non-ASCII is simply not JSON.
  EXPECT_EQ(parse_error("[\xC3\xA9]"), (JsonError{JsonErrc::unexpected_character, 1}));
}

TEST(JsonReader, ArraysAndObjects) {
  const JsonValue array = parse_ok(R"([1, "two", [true, null], {}])");
  ASSERT_TRUE(array.is_array());
  ASSERT_EQ(array.items().size(), 4U);
  EXPECT_EQ(array.items()[0].as_number(), 1.0);
  EXPECT_EQ(array.items()[1].as_string(), "two");
  EXPECT_EQ(array.items()[2].items().size(), 2U);
  EXPECT_TRUE(array.items()[3].is_object());
  EXPECT_TRUE(array.items()[3].members().empty());
  EXPECT_TRUE(parse_ok("[]").items().empty());
  EXPECT_TRUE(parse_ok("[ ]").is_array());

  const JsonValue object = parse_ok(R"({"a": 1, "b": {"c": "d"}, "a": 2})");
  ASSERT_TRUE(object.is_object());
  ASSERT_EQ(object.members().size(), 3U);
  EXPECT_EQ(object.members()[1].name, "b");
  EXPECT_EQ(object.find("a")->as_number(), 1.0);  // the first of duplicates
  EXPECT_EQ(object.find("b")->find("c")->as_string(), "d");
  EXPECT_EQ(object.find("z"), nullptr);
  EXPECT_EQ(array.find("a"), nullptr);

  EXPECT_EQ(parse_error("[1,]"), (JsonError{JsonErrc::unexpected_character, 3}));
  EXPECT_EQ(parse_error("[1 2]"), (JsonError{JsonErrc::unexpected_character, 3}));
  EXPECT_EQ(parse_error("[1"), (JsonError{JsonErrc::unexpected_end, 2}));
  EXPECT_EQ(parse_error(R"({"a":1,})"), (JsonError{JsonErrc::unexpected_character, 7}));
  EXPECT_EQ(parse_error(R"({"a" 1})"), (JsonError{JsonErrc::unexpected_character, 5}));
  EXPECT_EQ(parse_error(R"({a:1})"), (JsonError{JsonErrc::unexpected_character, 1}));
  EXPECT_EQ(parse_error(R"({"a":})"), (JsonError{JsonErrc::unexpected_character, 5}));
  EXPECT_EQ(parse_error(R"({"a":1)"), (JsonError{JsonErrc::unexpected_end, 6}));
  EXPECT_EQ(parse_error("[1] [2]"), (JsonError{JsonErrc::trailing_characters, 4}));
  EXPECT_EQ(parse_error("[1] // comment"), (JsonError{JsonErrc::trailing_characters, 4}));
}

TEST(JsonReader, TopLevelAndWhitespace) {
  EXPECT_EQ(parse_error(""), (JsonError{JsonErrc::unexpected_end, 0}));
  EXPECT_EQ(parse_error("   "), (JsonError{JsonErrc::unexpected_end, 3}));
  EXPECT_EQ(parse_error("\xEF\xBB\xBF{}"), (JsonError{JsonErrc::byte_order_mark, 0}));
  EXPECT_EQ(parse_error("\f1"), (JsonError{JsonErrc::unexpected_character, 0}));  // not JSON whitespace
  EXPECT_EQ(parse_error(std::string_view("1\0", 2)), (JsonError{JsonErrc::trailing_characters, 1}));
  EXPECT_EQ(parse_ok("\"top\"").as_string(), "top");
}

TEST(JsonReader, OffsetsLocateEachValue) {
  const std::string text = R"( {"detail":[ {"k":"阴性"}, 12.5 ]} )";
  const JsonValue root = parse_ok(text);
  EXPECT_EQ(text.substr(root.offset(), root.length()), R"({"detail":[ {"k":"阴性"}, 12.5 ]})");
  const JsonValue& detail = *root.find("detail");
  EXPECT_EQ(text.substr(detail.offset(), detail.length()), R"([ {"k":"阴性"}, 12.5 ])");
  EXPECT_EQ(text.substr(detail.items()[0].offset(), detail.items()[0].length()), R"({"k":"阴性"})");
  const JsonValue& k = *detail.items()[0].find("k");
  EXPECT_EQ(text.substr(k.offset(), k.length()), R"("阴性")");
  EXPECT_EQ(text.substr(detail.items()[1].offset(), detail.items()[1].length()), "12.5");
}

TEST(JsonReader, KindMismatchAccessorsAreEmpty) {
  const JsonValue number = parse_ok("7");
  EXPECT_FALSE(number.as_bool());
  EXPECT_TRUE(number.items().empty());
  EXPECT_TRUE(number.members().empty());
  const JsonValue text = parse_ok(R"("x")");
  EXPECT_EQ(text.as_number(), 0.0);
  EXPECT_EQ(parse_ok("null").as_string(), "");
  EXPECT_EQ(parse_ok("[1]").kind(), JsonKind::array);
}

TEST(JsonReader, DepthLimit) {
  const auto nested = [](std::size_t depth) { return std::string(depth, '[') + std::string(depth, ']'); };
  EXPECT_TRUE(parse_ok(nested(64)).is_array());
  EXPECT_EQ(parse_error(nested(65)), (JsonError{JsonErrc::too_deep, 64}));
  EXPECT_EQ(parse_error(R"({"a":{"b":[1]}})", JsonLimits{.max_depth = 2}), (JsonError{JsonErrc::too_deep, 10}));
  EXPECT_TRUE(parse_ok(R"({"a":{"b":1}})", JsonLimits{.max_depth = 2}).is_object());
  // A deep document far past the limit fails without exhausting the stack.
  EXPECT_EQ(parse_error(std::string(100000, '[')), (JsonError{JsonErrc::too_deep, 64}));
}

TEST(JsonReader, SizeLimit) {
  const JsonLimits limits{.max_depth = 64, .max_bytes = 8};
  EXPECT_TRUE(parse_ok(R"(["abc"])", limits).is_array());
  EXPECT_EQ(parse_error(R"(["abcde"])", limits), (JsonError{JsonErrc::too_large, 8}));
}

TEST(JsonReader, ErrorText) {
  EXPECT_EQ(to_string(JsonError{JsonErrc::invalid_utf8, 12}), "invalid UTF-8 at byte 12");
  for (int code = 1; code <= static_cast<int>(JsonErrc::trailing_characters); ++code) {
    EXPECT_NE(describe(static_cast<JsonErrc>(code)), "invalid JSON");
  }
}

TEST(JsonReader, VendorAnswerOfTheDy6260) {
  const JsonValue root = parse_ok(R"({"detail":[
  {"检测结果":"阴性","检测项目":"黄曲霉毒素B1","样品编号":"1","样品名称":"大米","检测时间":"2011-01-02 17:31:44"},
  {"检测结果":"阴性","检测项目":"三聚氰胺","样品编号":"3","样品名称":"儿童奶粉","检测时间":"2011-01-02 10:15:06"}
]})");
  const auto& detail = root.find("detail")->items();
  ASSERT_EQ(detail.size(), 2U);
  EXPECT_EQ(detail[0].find("检测项目")->as_string(), "黄曲霉毒素B1");
  EXPECT_EQ(detail[1].find("样品名称")->as_string(), "儿童奶粉");
}

}  // namespace
}  // namespace kj::protocols
