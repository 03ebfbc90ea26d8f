// E1394 records: delimiters from the H record, escapes, splitting, the record encoder, and the
// date/time and number forms the observation mapping reads.
#include <gtest/gtest.h>

#include <string>

#include "protocols/astm/delimiters.hpp"
#include "protocols/astm/escape.hpp"
#include "protocols/astm/frame.hpp"
#include "protocols/astm/link_receiver.hpp"
#include "protocols/astm/observation_mapper.hpp"
#include "protocols/astm/record.hpp"
#include "protocols/astm/timestamp.hpp"

namespace kj::protocols::astm {
namespace {

const Delimiters usual;
const Delimiters odd{'!', '@', '#', '$'};

TEST(AstmDelimiters, ReadFromTheHeader) {
  EXPECT_EQ(delimiters_from_header("H|\\^&|||XN-550"), usual);
  EXPECT_EQ(delimiters_from_header("H!@#$!!!sender#1"), odd);
  EXPECT_EQ(delimiters_from_header("H|\\^&"), usual);
  EXPECT_FALSE(delimiters_from_header("H|\\^"));   // too short
  EXPECT_FALSE(delimiters_from_header("P|\\^&"));  // not a header
  EXPECT_FALSE(delimiters_from_header("H|\\^|"));  // not distinct
  EXPECT_FALSE(delimiters_from_header("H|a^&"));   // a letter
  EXPECT_FALSE(delimiters_from_header("H| ^&"));   // a space
}

TEST(AstmEscape, DecodesEverySequence) {
  EXPECT_EQ(unescape("a&F&b&S&c&R&d&E&e", usual), "a|b^c\\d&e");
  EXPECT_EQ(unescape("&X41&", usual), "A");
  EXPECT_EQ(unescape("&X0D0A&", usual), "\r\n");
  EXPECT_EQ(unescape("&xc4&", usual), "&xc4&");  // the X is uppercase
  // Multibyte: hex gives bytes, kept as bytes (here the UTF-8 of 有机磷).
  EXPECT_EQ(unescape("&XE69C89E69CBAE7A3B7&", usual), "有机磷");
  EXPECT_EQ(unescape("&XC4E3&", usual), "\xC4\xE3");
  EXPECT_EQ(unescape("PNG&R&20240628&R&2024_06_27_WDF.PNG", usual), "PNG\\20240628\\2024_06_27_WDF.PNG");
}

TEST(AstmEscape, KeepsWhatItDoesNotKnow) {
  EXPECT_EQ(unescape("R&D", usual), "R&D");      // no closing delimiter
  EXPECT_EQ(unescape("a&Q&b", usual), "a&Q&b");  // unknown sequence
  EXPECT_EQ(unescape("&X4&", usual), "&X4&");    // odd number of digits
  EXPECT_EQ(unescape("&XZZ&", usual), "&XZZ&");
  EXPECT_EQ(unescape("Tom & Jerry & co", usual), "Tom & Jerry & co");
  EXPECT_EQ(unescape("&Q&S&", usual), "&Q^");  // the closing & may open a known one
  EXPECT_EQ(unescape("", usual), "");
}

TEST(AstmEscape, UsesTheMessagesOwnDelimiters) {
  EXPECT_EQ(unescape("a$F$b$S$c$R$d$E$e$X41$", odd), "a!b#c@d$eA");
  EXPECT_EQ(unescape("a&F&b", odd), "a&F&b");  // & is no escape here
}

TEST(AstmEscape, EscapesDelimitersAndControlBytes) {
  EXPECT_EQ(escape("a|b^c\\d&e", usual), "a&F&b&S&c&R&d&E&e");
  EXPECT_EQ(escape("line\rnext\x05", usual), "line&X0D&next&X05&");
  EXPECT_EQ(escape("有机磷 12%", usual), "有机磷 12%");
  EXPECT_EQ(escape("a!b#c@d$e", odd), "a$F$b$S$c$R$d$E$e");
  for (const std::string value : {"x|y", "&&", "^^^", "\\", "a&X41&b", "\r\n"}) {
    EXPECT_EQ(unescape(escape(value, usual), usual), value);
    EXPECT_EQ(unescape(escape(value, odd), odd), value);
  }
}

TEST(AstmRecord, PiecesAndSplitting) {
  const std::string_view r = "R|1|^^^OPC^有机磷|45.2|%||P||F";
  EXPECT_EQ(piece(r, '|', 1), "R");
  EXPECT_EQ(piece(r, '|', 3), "^^^OPC^有机磷");
  EXPECT_EQ(piece(r, '|', 9), "F");
  EXPECT_EQ(piece(r, '|', 10), "");
  EXPECT_EQ(piece(piece(r, '|', 3), '^', 4), "OPC");
  EXPECT_EQ(split_records("H|\\^&\rP|1\r\rL|1|N\r"), (std::vector<std::string_view>{"H|\\^&", "P|1", "L|1|N"}));
  EXPECT_EQ(split_records("H|\\^&\rL|1|N"), (std::vector<std::string_view>{"H|\\^&", "L|1|N"}));
}

TEST(AstmRecord, ParsesFieldsRepeatsComponents) {
  const auto header = parse_record("H|\\^&|||XN-550^00-24^22723", usual);
  EXPECT_EQ(header.type(), 'H');
  ASSERT_EQ(header.fields.size(), 5U);
  EXPECT_EQ(header.fields[1], (Field{{"\\^&"}}));  // never split
  EXPECT_EQ(header.fields[4], (Field{{"XN-550", "00-24", "22723"}}));

  const auto result = parse_record("R|1|^^^OPC|45&S&2|%||H\\LL", usual);
  EXPECT_EQ(result.type(), 'R');
  EXPECT_EQ(result.fields[2], (Field{{"", "", "", "OPC"}}));
  EXPECT_EQ(result.fields[3], (Field{{"45^2"}}));
  EXPECT_EQ(result.fields[6], (Field{{"H"}, {"LL"}}));
}

TEST(AstmRecord, EncoderEscapesValuesAndWritesTheDelimiterField) {
  Record header{{Field{{"H"}}, Field{{"ignored"}}, Field{{""}}, Field{{""}}, Field{{"kuaijian", "1.0"}}}};
  EXPECT_EQ(encode_record(header, usual), "H|\\^&|||kuaijian^1.0");
  EXPECT_EQ(encode_record(header, odd), "H!@#$!!!kuaijian#1.0");
  EXPECT_EQ(encode_record(Record{{Field{{"H"}}}}, usual), "H|\\^&");

  Record result{{Field{{"R"}}, Field{{"1"}}, Field{{"", "", "", "A|B"}}, Field{{"1^2"}}, Field{{"%"}}, Field{{""}},
                 Field{{"H"}, {"A"}}}};
  EXPECT_EQ(encode_record(result, usual), "R|1|^^^A&F&B|1&S&2|%||H\\A");
}

std::vector<Record> sample_records() {
  return {
      Record{{Field{{"H"}}, Field{{"\\^&"}}, Field{{""}}, Field{{""}}, Field{{"DY-3000", "2.1", "SN 0042"}}}},
      Record{{Field{{"P"}}, Field{{"1"}}, Field{{"摊位 12 | 张三"}}}},
      Record{{Field{{"O"}}, Field{{"1"}}, Field{{"S-2024-0001"}}, Field{{""}}, Field{{"", "", "", "OPC"}}}},
      Record{{Field{{"R"}}, Field{{"1"}}, Field{{"", "", "", "OPC", "有机磷和氨基甲酸酯类"}}, Field{{"45.2"}},
              Field{{"%"}}, Field{{"0^50"}}, Field{{"H"}, {"A"}}, Field{{""}}, Field{{"F"}}}},
      Record{{Field{{"C"}}, Field{{"1"}}, Field{{"I"}}, Field{{"line one\rline two & more\\"}}}},
      Record{{Field{{"L"}}, Field{{"1"}}, Field{{"N"}}}},
  };
}

// Encode → frames → receiver → records, for each delimiter set and frame split.
TEST(AstmRecord, EncoderRoundTripThroughFramesAndAReceiver) {
  for (const Delimiters& d : {usual, odd}) {
    for (const FrameSplit split : {FrameSplit::per_message, FrameSplit::per_record}) {
      for (const std::size_t max_text : {240U, 7U}) {
        auto records = sample_records();
        records[0].fields[1] = Field{{std::string{d.repeat, d.component, d.escape}}};
        const std::string text = encode_message(records, d);
        const auto frames = encode_frames(text, split, max_text);

        LinkReceiver receiver;
        const std::uint8_t enq[] = {0x05};
        const std::uint8_t eot[] = {0x04};
        receiver.feed(enq, {});
        for (const auto& f : frames) receiver.feed(f, {});
        receiver.feed(eot, {});
        std::string received;
        while (auto event = receiver.next()) {
          ASSERT_FALSE(std::holds_alternative<DecodeError>(*event));
          if (const auto* m = std::get_if<Message>(&*event)) received += m->text;
        }
        EXPECT_EQ(received, text);
        const auto texts = split_records(received);
        ASSERT_TRUE(delimiters_from_header(texts[0]));
        const Delimiters read = *delimiters_from_header(texts[0]);
        EXPECT_EQ(read, d);
        std::vector<Record> decoded;
        for (const auto t : texts) decoded.push_back(parse_record(t, read));
        EXPECT_EQ(decoded, records) << "split " << static_cast<int>(split) << " max " << max_text;
      }
    }
  }
}

TEST(AstmTimestamp, FullAndShorterForms) {
  EXPECT_EQ(iso_from_astm_time("20240627135407"), "2024-06-27T13:54:07");
  EXPECT_EQ(iso_from_astm_time("202406271354"), "2024-06-27T13:54");
  EXPECT_EQ(iso_from_astm_time("2024062713"), "2024-06-27T13");
  EXPECT_EQ(iso_from_astm_time("20240627"), "2024-06-27");
  EXPECT_EQ(iso_from_astm_time(" 20240627135407 "), "2024-06-27T13:54:07");
  EXPECT_EQ(iso_from_astm_time("20240627135407+0800"), "2024-06-27T13:54:07+08:00");
  EXPECT_EQ(iso_from_astm_time("20240627135407.25"), "2024-06-27T13:54:07.25");
  EXPECT_EQ(iso_from_astm_time("20241231235960"), "2024-12-31T23:59:60");
}

TEST(AstmTimestamp, RejectsWhatIsNoDate) {
  for (const char* bad : {"", "2024", "202406271", "20241327000000", "20240600", "20240627250000", "20240627126000",
                          "2024-06-27", "20240627135407Z", "20240627+0800", "20240627135407.", "abcdefgh"}) {
    EXPECT_FALSE(iso_from_astm_time(bad)) << bad;
  }
}

TEST(AstmNumber, WholeTextOnly) {
  EXPECT_EQ(parse_number("45.2"), 45.2);
  EXPECT_EQ(parse_number("  4.8"), 4.8);
  EXPECT_EQ(parse_number("+3"), 3.0);
  EXPECT_EQ(parse_number("-0.5"), -0.5);
  EXPECT_EQ(parse_number(".5"), 0.5);
  EXPECT_EQ(parse_number("1e3"), 1000.0);
  for (const char* text : {"", "<0.5", ">100", "5.5 mmol", "NEG", "inf", "nan", "-", "+-1", "1,5", "0x10", "--1"}) {
    EXPECT_FALSE(parse_number(text)) << text;
  }
}

}  // namespace
}  // namespace kj::protocols::astm
