// HL7 message parsing: delimiters from MSH-1/MSH-2 (default and not), MSH field numbering,
// segment ends, repetitions/components/subcomponents, escape sequences both ways.
#include "protocols/hl7/message.hpp"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "protocols/decoder.hpp"
#include "protocols/hl7/encoding_characters.hpp"

namespace kj::protocols::hl7 {
namespace {

TEST(Hl7Message, MshFieldsAreNumberedAsInTheStandard) {
  Message message;
  const std::string text = "MSH|^~\\&|Mindray|BS-240|LIS||20240315103000||ORU^R01^ORU_R01|1001|P|2.5\rPID|1||P01\r";
  ASSERT_TRUE(message.parse(text));
  const auto& msh = message.msh();
  EXPECT_EQ(msh.name, "MSH");
  EXPECT_EQ(message.field(msh, 1), "|");
  EXPECT_EQ(message.field(msh, 2), "^~\\&");
  EXPECT_EQ(message.field(msh, 3), "Mindray");
  EXPECT_EQ(message.field(msh, 4), "BS-240");
  EXPECT_EQ(message.field(msh, 6), "");
  EXPECT_EQ(message.field(msh, 9), "ORU^R01^ORU_R01");
  EXPECT_EQ(message.field(msh, 10), "1001");
  EXPECT_EQ(message.field(msh, 12), "2.5");
  EXPECT_EQ(message.field(msh, 13), "");  // absent
  EXPECT_EQ(message.field(msh, 0), "");
  const auto* pid = message.find("PID");
  ASSERT_NE(pid, nullptr);
  EXPECT_EQ(message.field(*pid, 1), "1");
  EXPECT_EQ(message.field(*pid, 3), "P01");
  EXPECT_EQ(message.find("OBX"), nullptr);
}

TEST(Hl7Message, NonDefaultEncodingCharactersAreReadFromTheHeader) {
  Message message;
  const std::string text = "MSH#$*%!#App#Fac#####ORU$R01#7\rOBX#1#NM#GLU$Glucose#$sub!part#5.6*6.1#mmol%X2F%L\r";
  ASSERT_TRUE(message.parse(text));
  const Delimiters expected{'#', '$', '*', '%', '!'};
  EXPECT_EQ(message.delimiters(), expected);
  const auto& msh = message.msh();
  EXPECT_EQ(message.field(msh, 1), "#");
  EXPECT_EQ(message.field(msh, 2), "$*%!");
  EXPECT_EQ(message.field(msh, 3), "App");
  EXPECT_EQ(message.field(msh, 9), "ORU$R01");
  EXPECT_EQ(message.field(msh, 10), "7");
  const auto* obx = message.find("OBX");
  ASSERT_NE(obx, nullptr);
  const auto& d = message.delimiters();
  EXPECT_EQ(piece(message.field(*obx, 3), d.component, 2), "Glucose");
  EXPECT_EQ(piece(piece(message.field(*obx, 4), d.component, 2), d.subcomponent, 2), "part");
  EXPECT_EQ(piece(message.field(*obx, 5), d.repetition, 2), "6.1");
  EXPECT_EQ(unescape(message.field(*obx, 6), d), "mmol/L");
  // `|` is plain data when it is not the field separator.
  ASSERT_TRUE(message.parse("MSH#^~\\&#A|B#C\r"));
  EXPECT_EQ(message.field(message.msh(), 3), "A|B");
}

TEST(Hl7Message, TruncationCharacterOfV27IsAccepted) {
  Message message;
  ASSERT_TRUE(message.parse("MSH|^~\\&#|A\r"));
  EXPECT_EQ(message.field(message.msh(), 2), "^~\\&#");
  EXPECT_EQ(message.field(message.msh(), 3), "A");
}

TEST(Hl7Message, UnusableEncodingCharactersAreRejected) {
  Message message;
  for (const std::string text : {"MSH|^~\\|A\r", "MSH|^~\\&&|A\r", "MSH|^^\\&|A\r", "MSH|^~\\A|A\r", "MSH|^~|\r", "MSH",
                                 "MSH|", "MSH^^~\\&^A\r", "MSH|^~\\&x#|A\r", "MSH ^~\\&"}) {
    SCOPED_TRACE(text);
    const auto result = message.parse(text);
    ASSERT_FALSE(result);
    EXPECT_EQ(result.error().code, make_error_code(Errc::bad_layout));
  }
}

TEST(Hl7Message, TextWithoutMshIsRejected) {
  Message message;
  const auto result = message.parse("PID|1\rOBX|1|NM|A||1\r");
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, make_error_code(Errc::bad_layout));
  EXPECT_FALSE(message.parse(""));
}

TEST(Hl7Message, SegmentsEndWithCrAndToleratedLineFeeds) {
  Message message;
  ASSERT_TRUE(message.parse("\r\nMSH|^~\\&|A\r\nPID|1\nOBR|1\r\rOBX|1\r"));
  const auto segments = message.segments();
  ASSERT_EQ(segments.size(), 4U);
  EXPECT_EQ(segments[0].name, "MSH");
  EXPECT_EQ(segments[1].name, "PID");
  EXPECT_EQ(segments[2].name, "OBR");
  EXPECT_EQ(segments[3].name, "OBX");
  EXPECT_EQ(message.field(segments[0], 3), "A");
  EXPECT_EQ(message.field(segments[1], 1), "1");
}

TEST(Hl7Message, SegmentWithoutFieldsAndLastSegmentWithoutCr) {
  Message message;
  ASSERT_TRUE(message.parse("MSH|^~\\&|A\rZZZ\rOBX|1|ST|X||last"));
  const auto segments = message.segments();
  ASSERT_EQ(segments.size(), 3U);
  EXPECT_EQ(segments[1].name, "ZZZ");
  EXPECT_EQ(segments[1].count, 0U);
  EXPECT_EQ(message.field(segments[2], 5), "last");
}

TEST(Hl7Message, ReusingAMessageForgetsThePreviousOne) {
  Message message;
  ASSERT_TRUE(message.parse("MSH|^~\\&|A\rOBX|1\rOBX|2\r"));
  ASSERT_TRUE(message.parse("MSH$^~\\&$B\r"));
  ASSERT_EQ(message.segments().size(), 1U);
  EXPECT_EQ(message.field(message.msh(), 3), "B");
}

// The parser scans eight bytes at a time; a plain reference split must agree on any text.
TEST(Hl7Message, SplitAgreesWithAPlainSplitOnRandomText) {
  std::mt19937 random(7);
  const std::string alphabet = "|\r\nab^~\\&\x80\x8d\x8a\xfc\xfdz";
  Message message;
  for (int round = 0; round < 2000; ++round) {
    std::string text = "MSH|^~\\&|";
    const auto length = std::uniform_int_distribution<int>(0, 60)(random);
    for (int i = 0; i < length; ++i) {
      text += alphabet[std::uniform_int_distribution<std::size_t>(0, alphabet.size() - 1)(random)];
    }
    ASSERT_TRUE(message.parse(text));
    // Reference: segments split on CR/LF (empty ones dropped), fields on `|`.
    std::vector<std::vector<std::string>> expected;
    std::string current;
    const auto flush = [&] {
      if (current.empty()) return;
      std::vector<std::string> fields;
      std::size_t start = 0;
      for (std::size_t k = 0;; ++k) {
        if (k == current.size() || current[k] == '|') {
          fields.push_back(current.substr(start, k - start));
          start = k + 1;
          if (k == current.size()) break;
        }
      }
      expected.push_back(fields);
      current.clear();
    };
    for (const char c : text) {
      if (c == '\r' || c == '\n') {
        flush();
      } else {
        current += c;
      }
    }
    flush();
    std::vector<std::vector<std::string>> got;
    for (const auto& segment : message.segments()) {
      std::vector<std::string> fields{std::string(segment.name)};
      const bool msh = segment.name == "MSH";
      for (std::size_t n = msh ? 2 : 1; n <= segment.count; ++n) fields.emplace_back(message.field(segment, n));
      got.push_back(fields);
    }
    ASSERT_EQ(got, expected) << text;
  }
}

TEST(Hl7Message, FirstComponentOfTheFirstRepetition) {
  const Delimiters d;
  EXPECT_EQ(first_component("A^B^C~D^E", d, 1), "A");
  EXPECT_EQ(first_component("A^B^C~D^E", d, 2), "B");
  EXPECT_EQ(first_component("A^B^C~D^E", d, 3), "C");
  EXPECT_EQ(first_component("A^B^C~D^E", d, 4), "");
  EXPECT_EQ(first_component("A~B^C", d, 2), "");
  EXPECT_EQ(first_component("^B", d, 1), "");
  EXPECT_EQ(first_component("^B", d, 2), "B");
  EXPECT_EQ(first_component("", d, 1), "");
  EXPECT_EQ(first_component("A", d, 0), "");
}

TEST(Hl7Message, PiecesOfRepeatsComponentsSubcomponents) {
  const std::string_view field = "A^B&b2^C~D^^F";
  EXPECT_EQ(piece(field, '~', 1), "A^B&b2^C");
  EXPECT_EQ(piece(field, '~', 2), "D^^F");
  EXPECT_EQ(piece(field, '~', 3), "");
  EXPECT_EQ(piece(piece(field, '~', 1), '^', 2), "B&b2");
  EXPECT_EQ(piece(piece(piece(field, '~', 1), '^', 2), '&', 2), "b2");
  EXPECT_EQ(piece(piece(field, '~', 2), '^', 2), "");
  EXPECT_EQ(piece(piece(field, '~', 2), '^', 3), "F");
  EXPECT_EQ(piece(field, '~', 0), "");
  std::vector<std::string> repeats;
  for_each_piece(field, '~', [&](std::string_view p) { repeats.emplace_back(p); });
  EXPECT_EQ(repeats, (std::vector<std::string>{"A^B&b2^C", "D^^F"}));
  repeats.clear();
  for_each_piece("", '~', [&](std::string_view p) { repeats.emplace_back(p); });
  EXPECT_TRUE(repeats.empty());
}

TEST(Hl7Escapes, DelimiterSequencesDecode) {
  const Delimiters d;
  EXPECT_EQ(unescape("a\\F\\b\\S\\c\\T\\d\\R\\e\\E\\f", d), "a|b^c&d~e\\f");
  EXPECT_EQ(unescape("plain", d), "plain");
  EXPECT_EQ(unescape("", d), "");
}

TEST(Hl7Escapes, HexAndLineBreaks) {
  const Delimiters d;
  EXPECT_EQ(unescape("\\X41\\", d), "A");
  EXPECT_EQ(unescape("\\XE4B8AD\\\\Xe69687\\", d), "中文");
  EXPECT_EQ(unescape("\\X0D0A\\", d), "\r\n");
  EXPECT_EQ(unescape("line 1\\.br\\line 2", d), "line 1\nline 2");
  EXPECT_EQ(unescape("a\\.sp\\b", d), "a\nb");
}

TEST(Hl7Escapes, FormattingIsDroppedAndUnknownKept) {
  const Delimiters d;
  EXPECT_EQ(unescape("\\H\\bold\\N\\", d), "bold");
  EXPECT_EQ(unescape("a\\.in+4\\b\\.ce\\c", d), "abc");
  EXPECT_EQ(unescape("\\C2842\\x\\M2442\\", d), "x");
  EXPECT_EQ(unescape("\\Zlocal\\", d), "\\Zlocal\\");
  EXPECT_EQ(unescape("\\Q\\", d), "\\Q\\");
  EXPECT_EQ(unescape("\\X4\\", d), "\\X4\\");        // odd number of hex digits
  EXPECT_EQ(unescape("\\XZZ\\", d), "\\XZZ\\");      // not hex
  EXPECT_EQ(unescape("50\\% off", d), "50\\% off");  // unterminated
  EXPECT_EQ(unescape("\\\\", d), "\\\\");
}

TEST(Hl7Escapes, NonDefaultEscapeCharacter) {
  const Delimiters d{'#', '$', '*', '%', '!'};
  EXPECT_EQ(unescape("a%F%b%S%c%T%d%R%e%E%f%X41%", d), "a#b$c!d*e%fA");
  EXPECT_EQ(unescape("back\\slash|pipe^caret", d), "back\\slash|pipe^caret");
  EXPECT_EQ(escape("#$!*%\r", d), "%F%%S%%T%%R%%E%%X0D%");
}

TEST(Hl7Escapes, EscapeWritesDelimitersAndControlBytes) {
  const Delimiters d;
  EXPECT_EQ(escape("a|b^c&d~e\\f", d), "a\\F\\b\\S\\c\\T\\d\\R\\e\\E\\f");
  EXPECT_EQ(escape("x\ry\nz\x0b\x1c", d), "x\\X0D\\y\\X0A\\z\\X0B\\\\X1C\\");
  EXPECT_EQ(escape("有机磷 µg/kg", d), "有机磷 µg/kg");
}

TEST(Hl7Escapes, EscapeThenUnescapeGivesEveryByteBack) {
  std::string all;
  for (int b = 0; b < 256; ++b) all += static_cast<char>(b);
  for (const Delimiters& d : {Delimiters{}, Delimiters{'#', '$', '*', '%', '!'}}) {
    const std::string escaped = escape(all, d);
    for (const char c : {d.field, d.component, d.repetition, d.subcomponent, '\r', '\n'}) {
      EXPECT_EQ(escaped.find(c), std::string::npos) << "unescaped " << static_cast<int>(c);
    }
    EXPECT_EQ(unescape(escaped, d), all);
  }
}

}  // namespace
}  // namespace kj::protocols::hl7
