// DY-6260 colloidal-gold reader ("dy6260"): the vendor document's answer (instruments.md §6),
// framing by balance, host probes, malformed and oversize documents, per-entry errors,
// the verdict and time readings, the answer builder, and samples/captures/dy6260.
#include "protocols/dy6260/dy6260_decoder.hpp"

#include <gtest/gtest.h>

#include "protocols/dy6260/dy6260_answer.hpp"
#include "protocols/dy6260/dy6260_link.hpp"
#include "tests/support/test_support.hpp"

namespace kj::protocols {
namespace {

using dy6260::Dy6260Entry;
using test::bytes;
using test::decode_all;
using test::errors;
using test::observations;
using test::Split;

const std::string kVendorAnswer = R"({"detail":[
  {"检测结果":"阴性","检测项目":"黄曲霉毒素B1","样品编号":"1","样品名称":"大米","检测时间":"2011-01-02 17:31:44"},
  {"检测结果":"阴性","检测项目":"三聚氰胺","样品编号":"3","样品名称":"儿童奶粉","检测时间":"2011-01-02 10:15:06"}
]})";

std::vector<DecodeEvent> decode(const std::string& input, const CodecOptions& options = {}, Split split = Split::whole,
                                unsigned seed = 1) {
  auto decoder = make_dy6260_decoder(options);
  EXPECT_TRUE(decoder.ok());
  return decode_all(**decoder, bytes(input), split, seed);
}

std::vector<std::string> lines(const std::vector<DecodeEvent>& events) {
  std::vector<std::string> out;
  for (const auto& event : events) {
    if (const auto* o = std::get_if<Observation>(&event)) out.push_back(to_json(*o) + " @" + std::to_string(o->offset));
    if (const auto* e = std::get_if<DecodeError>(&event)) out.push_back(to_json(*e));
  }
  return out;
}

std::string text_of(const std::vector<std::uint8_t>& raw) {
  return {raw.begin(), raw.end()};
}

TEST(Dy6260, VendorAnswer) {
  const auto events = decode(kVendorAnswer);
  EXPECT_TRUE(errors(events).empty());
  const auto obs = observations(events);
  ASSERT_EQ(obs.size(), 2U);
  EXPECT_EQ(obs[0].protocol, "dy6260");
  EXPECT_EQ(obs[0].sample_id, "1");
  EXPECT_EQ(obs[0].sample_name, "大米");
  EXPECT_EQ(obs[0].item_code, "黄曲霉毒素B1");
  EXPECT_EQ(obs[0].item_name, "黄曲霉毒素B1");
  EXPECT_EQ(std::get<std::string>(obs[0].value), "阴性");
  EXPECT_EQ(obs[0].verdict, Verdict::negative);
  EXPECT_EQ(obs[0].measured_at, "2011-01-02T17:31:44");
  EXPECT_FALSE(obs[0].channel);
  EXPECT_FALSE(obs[0].unit);
  const std::string first_entry =
      R"({"检测结果":"阴性","检测项目":"黄曲霉毒素B1","样品编号":"1","样品名称":"大米","检测时间":"2011-01-02 17:31:44"})";
  EXPECT_EQ(text_of(obs[0].raw), first_entry);
  EXPECT_EQ(obs[0].offset, kVendorAnswer.find(first_entry));
  EXPECT_EQ(obs[1].sample_id, "3");
  EXPECT_EQ(obs[1].sample_name, "儿童奶粉");
  EXPECT_EQ(obs[1].item_code, "三聚氰胺");
  EXPECT_EQ(obs[1].verdict, Verdict::negative);
  EXPECT_EQ(obs[1].measured_at, "2011-01-02T10:15:06");
  EXPECT_EQ(to_json(obs[1]),
            R"({"protocol":"dy6260","sample_id":"3","sample_name":"儿童奶粉","item_code":"三聚氰胺",)"
            R"("item_name":"三聚氰胺","value":"阴性","verdict":"negative","measured_at":"2011-01-02T10:15:06",)"
            R"("raw":")" +
                to_hex(obs[1].raw) + R"("})");
}

TEST(Dy6260, EmptyDetailGivesNothing) {
  EXPECT_TRUE(decode(R"({"detail":[]})").empty());
  EXPECT_TRUE(decode("").empty());
  EXPECT_TRUE(decode(" \r\n").empty());
}

TEST(Dy6260, HostProbesAndSeveralDocuments) {
  const std::string second =
      R"({"detail":[{"检测结果":"阳性","检测项目":"克伦特罗","样品编号":"7","样品名称":"猪肉","检测时间":"2019-05-06 08:09:10"}]})";
  const std::string input = "SAKJREAD" + kVendorAnswer + "\r\nREAD" + second + "\n";
  const auto events = decode(input);
  EXPECT_TRUE(errors(events).empty());
  const auto obs = observations(events);
  ASSERT_EQ(obs.size(), 3U);
  EXPECT_EQ(obs[2].item_code, "克伦特罗");
  EXPECT_EQ(obs[2].verdict, Verdict::positive);
  EXPECT_EQ(obs[2].offset, input.find(R"({"检测结果":"阳性")"));
}

TEST(Dy6260, BracesAndQuotesInsideStrings) {
  const std::string input =
      R"({"detail":[{"检测项目":"x}]","样品名称":"a\"}{\\","检测结果":"合格"}]}{"detail":[{"检测项目":"y"}]})";
  const auto events = decode(input);
  EXPECT_TRUE(errors(events).empty());
  const auto obs = observations(events);
  ASSERT_EQ(obs.size(), 2U);
  EXPECT_EQ(obs[0].item_code, "x}]");
  EXPECT_EQ(obs[0].sample_name, "a\"}{\\");
  EXPECT_EQ(obs[0].verdict, Verdict::negative);
  EXPECT_EQ(obs[1].item_code, "y");
  EXPECT_TRUE(std::holds_alternative<std::monostate>(obs[1].value));
  EXPECT_FALSE(obs[1].verdict);
}

const std::string kMixedStream = "READ" + kVendorAnswer + "garbage!" + R"({"detail":[{"检测项目":"a",}]})" + "SAKJ" +
                                 R"({"detail":[{"样品编号":"9"},{"检测项目":"铅","检测结果":"无效"}]})" +
                                 R"({"detail":[{"检测项目":"b","检测结果":"可)";

TEST(Dy6260, SplitsGiveIdenticalEvents) {
  const auto whole = lines(decode(kMixedStream));
  EXPECT_EQ(whole.size(), 7U);
  EXPECT_EQ(lines(decode(kMixedStream, {}, Split::byte_by_byte)), whole);
  for (unsigned seed = 1; seed <= 8; ++seed) EXPECT_EQ(lines(decode(kMixedStream, {}, Split::random, seed)), whole);
}

TEST(Dy6260, ErrorsAndResynchronisation) {
  const auto events = decode(kMixedStream);
  const auto errs = errors(events);
  ASSERT_EQ(errs.size(), 4U);
  const std::size_t garbage_at = 4 + kVendorAnswer.size();
  EXPECT_EQ(errs[0],
            (DecodeError{Errc::garbage, "DY-6260: bytes outside any JSON document (8 bytes skipped)", garbage_at}));
  const std::size_t malformed_at = garbage_at + 8;
  EXPECT_EQ(errs[1].code, Errc::bad_layout);
  EXPECT_EQ(errs[1].offset, malformed_at);
  EXPECT_EQ(errs[1].message, "DY-6260 answer is not valid JSON: unexpected character at stream byte " +
                                 std::to_string(malformed_at + std::string(R"({"detail":[{"检测项目":"a",)").size()));
  const std::size_t third = kMixedStream.find(R"({"detail":[{"样品编号")");
  EXPECT_EQ(errs[2], (DecodeError{Errc::bad_layout, "DY-6260 detail entry 1 has no 检测项目 (test item)", third + 11}));
  EXPECT_EQ(errs[3].code, Errc::truncated);
  EXPECT_EQ(errs[3].offset, kMixedStream.rfind(R"({"detail")"));
  // The entry after the bad one still comes out.
  const auto obs = observations(events);
  ASSERT_EQ(obs.size(), 3U);
  EXPECT_EQ(obs[2].item_code, "铅");
  EXPECT_EQ(obs[2].verdict, Verdict::invalid);
}

TEST(Dy6260, InvalidUtf8IsABadEncoding) {
  // 阴性 in GBK instead of UTF-8, then a good document.
  const std::string input = "{\"detail\":[{\"检测项目\":\"x\",\"检测结果\":\"\xD2\xF5\xD0\xD4\"}]}" + kVendorAnswer;
  const auto events = decode(input);
  const auto errs = errors(events);
  ASSERT_EQ(errs.size(), 1U);
  EXPECT_EQ(errs[0].code, Errc::bad_encoding);
  EXPECT_EQ(errs[0].offset, 0U);
  EXPECT_EQ(errs[0].message,
            "DY-6260 answer is not valid JSON: invalid UTF-8 at stream byte " + std::to_string(input.find('\xD2')));
  EXPECT_EQ(observations(events).size(), 2U);
}

TEST(Dy6260, OversizeDocumentIsSkippedToItsEnd) {
  std::string big = R"({"detail":[{"检测项目":"x","样品名称":")";
  big += std::string(600, '}') + R"("}]})";  // closing braces inside a string do not end it
  const std::string input = big + " " + kVendorAnswer;
  for (const Split split : {Split::whole, Split::byte_by_byte, Split::random}) {
    const auto events = decode(input, {{"max_document_bytes", "512"}}, split);
    const auto errs = errors(events);
    ASSERT_EQ(errs.size(), 1U);
    EXPECT_EQ(errs[0], (DecodeError{Errc::buffer_overflow,
                                    "DY-6260 JSON document longer than the 512-byte limit; skipped to its end", 0}));
    EXPECT_EQ(observations(events).size(), 2U);
  }
  // At the default bound the same document is fine.
  EXPECT_TRUE(errors(decode(input)).empty());
  // The bound is inclusive.
  const auto padded = [](std::size_t size) { return R"({"detail":[)" + std::string(size - 13, ' ') + "]}"; };
  ASSERT_EQ(padded(64).size(), 64U);
  EXPECT_TRUE(decode(padded(64), {{"max_document_bytes", "64"}}).empty());
  EXPECT_EQ(errors(decode(padded(65), {{"max_document_bytes", "64"}})).size(), 1U);
}

TEST(Dy6260, OversizeDocumentCutByTheEnd) {
  const std::string input = R"({"detail":[{"检测项目":")" + std::string(200, 'x');
  const auto events = decode(input, {{"max_document_bytes", "64"}});
  ASSERT_EQ(events.size(), 1U);
  EXPECT_EQ(errors(events)[0].code, Errc::buffer_overflow);
}

TEST(Dy6260, DocumentsWithoutDetail) {
  const auto events = decode(R"({"result":[]} {"detail":{}} {"detail":[1,{"检测项目":"x","样品编号":true}]})");
  const auto errs = errors(events);
  ASSERT_EQ(errs.size(), 4U);
  EXPECT_EQ(errs[0], (DecodeError{Errc::bad_layout, "DY-6260 answer has no \"detail\" array", 0}));
  EXPECT_EQ(errs[1], (DecodeError{Errc::bad_layout, "DY-6260 answer has no \"detail\" array", 14}));
  EXPECT_EQ(errs[2], (DecodeError{Errc::bad_layout, "DY-6260 detail entry 1 is not an object", 39}));
  EXPECT_EQ(errs[3], (DecodeError{Errc::bad_layout, "DY-6260 detail entry 2: 样品编号 is not text", 41}));
  EXPECT_TRUE(observations(events).empty());
}

TEST(Dy6260, NumbersAndEmptyTexts) {
  const auto obs = observations(
      decode(R"({"detail":[{"检测项目":"亚硝酸盐","样品编号":12,"样品名称":"","检测结果":0.35,"检测时间":null}]})"));
  ASSERT_EQ(obs.size(), 1U);
  EXPECT_EQ(obs[0].sample_id, "12");
  EXPECT_FALSE(obs[0].sample_name);
  EXPECT_EQ(std::get<double>(obs[0].value), 0.35);
  EXPECT_FALSE(obs[0].verdict);
  EXPECT_FALSE(obs[0].measured_at);
  // An empty 检测项目 is a missing one.
  const auto errs = errors(decode(R"({"detail":[{"检测项目":""}]})"));
  ASSERT_EQ(errs.size(), 1U);
  EXPECT_EQ(errs[0].message, "DY-6260 detail entry 1 has no 检测项目 (test item)");
}

TEST(Dy6260, UnreadableTimeIsAWarning) {
  const auto events = decode(R"({"detail":[{"检测项目":"x","检测时间":"02/01/2011 17:31"}]})");
  ASSERT_EQ(events.size(), 2U);
  EXPECT_EQ(errors(events)[0],
            (DecodeError{Errc::bad_layout,
                         "warning: DY-6260 detail entry 1: 检测时间 '02/01/2011 17:31' is not yyyy-MM-dd HH:mm:ss; "
                         "measured_at left out",
                         11}));
  ASSERT_EQ(observations(events).size(), 1U);
  EXPECT_FALSE(observations(events)[0].measured_at);
}

TEST(Dy6260, Verdicts) {
  EXPECT_EQ(dy6260::dy6260_verdict("阴性"), Verdict::negative);
  EXPECT_EQ(dy6260::dy6260_verdict("合格"), Verdict::negative);
  EXPECT_EQ(dy6260::dy6260_verdict(" 阴性 "), Verdict::negative);
  EXPECT_EQ(dy6260::dy6260_verdict("阳性"), Verdict::positive);
  EXPECT_EQ(dy6260::dy6260_verdict("不合格"), Verdict::positive);
  EXPECT_EQ(dy6260::dy6260_verdict("超标"), Verdict::positive);
  EXPECT_EQ(dy6260::dy6260_verdict("可疑"), Verdict::suspect);
  EXPECT_EQ(dy6260::dy6260_verdict("无效"), Verdict::invalid);
  EXPECT_FALSE(dy6260::dy6260_verdict("弱阳性"));
  EXPECT_FALSE(dy6260::dy6260_verdict(""));
  EXPECT_FALSE(dy6260::dy6260_verdict("negative"));
}

TEST(Dy6260, Times) {
  EXPECT_EQ(dy6260::dy6260_time_iso("2011-01-02 17:31:44"), "2011-01-02T17:31:44");
  EXPECT_EQ(dy6260::dy6260_time_iso("2011/1/2 7:05:09"), "2011-01-02T07:05:09");
  EXPECT_EQ(dy6260::dy6260_time_iso("2011-01-02T17:31:44"), "2011-01-02T17:31:44");
  EXPECT_EQ(dy6260::dy6260_time_iso("2024-02-29 00:00:00"), "2024-02-29T00:00:00");
  for (const char* bad : {"", "2011-01-02", "2011-01-02 17:31", "2011-01/02 17:31:44", "2011-13-02 17:31:44",
                          "2023-02-29 00:00:00", "2011-01-02 24:00:00", "2011-01-02 17:31:44.5", "11-01-02 17:31:44"}) {
    EXPECT_FALSE(dy6260::dy6260_time_iso(bad)) << bad;
  }
}

TEST(Dy6260, AnswerBuilder) {
  const std::vector<Dy6260Entry> vendor{
      {"阴性", "黄曲霉毒素B1", "1", "大米", "2011-01-02 17:31:44"},
      {"阴性", "三聚氰胺", "3", "儿童奶粉", "2011-01-02 10:15:06"},
  };
  const auto answer = dy6260::encode_dy6260_answer(vendor);
  // The vendor document, without its line breaks.
  const std::string expected =
      R"({"detail":[{"检测结果":"阴性","检测项目":"黄曲霉毒素B1","样品编号":"1","样品名称":"大米",)"
      R"("检测时间":"2011-01-02 17:31:44"},{"检测结果":"阴性","检测项目":"三聚氰胺","样品编号":"3",)"
      R"("样品名称":"儿童奶粉","检测时间":"2011-01-02 10:15:06"}]})";
  EXPECT_EQ(text_of(answer), expected);
  EXPECT_EQ(observations(decode(text_of(answer))).size(), 2U);

  // Escaping: quotes, backslashes, control characters; a missing field is left out.
  const std::vector<Dy6260Entry> odd{{std::nullopt, "a\"b\\c", "1\n2", "tab\there", std::nullopt}};
  const auto odd_answer = text_of(dy6260::encode_dy6260_answer(odd));
  EXPECT_EQ(odd_answer, R"({"detail":[{"检测项目":"a\"b\\c","样品编号":"1\n2","样品名称":"tab\there"}]})");
  const auto obs = observations(decode(odd_answer));
  ASSERT_EQ(obs.size(), 1U);
  EXPECT_EQ(obs[0].item_code, "a\"b\\c");
  EXPECT_EQ(obs[0].sample_id, "1\n2");
  EXPECT_EQ(obs[0].sample_name, "tab\there");
  EXPECT_EQ(text_of(dy6260::encode_dy6260_answer({})), R"({"detail":[]})");
}

TEST(Dy6260, Requests) {
  EXPECT_EQ(dy6260::encode_read_request(), bytes("READ"));
  EXPECT_EQ(dy6260::encode_probe_request(), bytes("SAKJ"));
  EXPECT_TRUE(decode("READSAKJREAD").empty());
  // A word cut by the end is garbage.
  const auto errs = errors(decode("READRE"));
  ASSERT_EQ(errs.size(), 1U);
  EXPECT_EQ(errs[0], (DecodeError{Errc::garbage, "DY-6260: bytes outside any JSON document (2 bytes skipped)", 4}));
}

TEST(Dy6260, Options) {
  EXPECT_TRUE(make_dy6260_decoder({{"max_document_bytes", "1024"}}).ok());
  for (const CodecOptions& bad :
       {CodecOptions{{"max_document_bytes", "10"}}, CodecOptions{{"max_document_bytes", "1k"}},
        CodecOptions{{"max_document_bytes", ""}}, CodecOptions{{"port", "12580"}}}) {
    const auto decoder = make_dy6260_decoder(bad);
    ASSERT_FALSE(decoder.ok());
    EXPECT_EQ(decoder.error().code, make_error_code(Errc::bad_option));
  }
}

TEST(Dy6260, Captures) {
  test::expect_captures_match("dy6260", [] { return std::move(make_dy6260_decoder({})).value(); });
}

}  // namespace
}  // namespace kj::protocols
