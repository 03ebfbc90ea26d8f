// LZ4000/LZ4000T (instruments.md §2): every example frame byte for byte, the record mapping
// with its GBK sample name, resynchronisation after corruption, and split independence.
#include <gtest/gtest.h>

#include "protocols/lz4000t/lz4000t_decoder.hpp"
#include "protocols/lz4000t/lz4000t_messages.hpp"
#include "protocols/tilde_frame/tilde_frame.hpp"
#include "tests/support/test_support.hpp"
#include "tests/unit/protocols/vendor_test_util.hpp"

namespace kj::protocols {
namespace {

using kj::test::concat;
using kj::test::decode_all;
using kj::test::errors;
using kj::test::event_lines;
using kj::test::hex;
using kj::test::observations;
using kj::test::Split;

const auto kRecord1 = hex("7E 11 14 00 02 00 01 00 0C 00 B0 D7 B2 CB 00 00 12 03 0F 0A 14 1E 29 09 BC AA");
const auto kRecord2 = hex("7E 11 14 00 02 00 02 00 0D 00 BB C6 B9 CF 00 00 12 03 0F 0A 19 00 42 18 F7 AA");
const DeviceTime kDay{2018, 3, 15};

std::unique_ptr<Decoder> make() {
  return std::move(make_lz4000t_decoder({}).value());
}

std::vector<DecodeEvent> decode(const std::vector<std::uint8_t>& input, Split split = Split::whole) {
  auto decoder = make();
  return decode_all(*decoder, input, split);
}

lz4000t::Record record1() {
  lz4000t::Record r;
  r.day_count = 2;
  r.index = 1;
  r.sample_number = 12;
  r.name = lz4000t::encode_name("白菜").value();
  r.measured_at = DeviceTime{2018, 3, 15, 10, 20, 30};
  r.inhibition_x100 = 2345;
  return r;
}

TEST(Lz4000tEncode, HostRequestsMatchTheSpecFrames) {
  EXPECT_EQ(lz4000t::encode_comm_test(), hex("7E 00 02 00 00 00 07 AA"));
  EXPECT_EQ(lz4000t::encode_count_day(kDay), hex("7E 12 03 00 12 03 0F 44 AA"));
  EXPECT_EQ(lz4000t::encode_send_day(kDay), hex("7E 10 03 00 12 03 0F EA AA"));
}

TEST(Lz4000tEncode, DeviceFramesMatchTheSpecFrames) {
  EXPECT_EQ(lz4000t::encode_count_answer({kDay, 2}), hex("7E 13 05 00 12 03 0F 02 00 8E AA"));
  EXPECT_EQ(lz4000t::encode_count_answer({kDay, 0}), hex("7E 13 05 00 12 03 0F 00 00 57 AA"));
  EXPECT_EQ(lz4000t::encode_record(record1()), kRecord1);
  lz4000t::Record r2;
  r2.day_count = 2;
  r2.index = 2;
  r2.sample_number = 13;
  r2.name = lz4000t::encode_name("黄瓜").value();
  r2.measured_at = DeviceTime{2018, 3, 15, 10, 25, 0};
  r2.inhibition_x100 = 6210;
  EXPECT_EQ(lz4000t::encode_record(r2), kRecord2);
  // The comm-test answer is 9 bytes (length confirmed, content unknown).
  EXPECT_EQ(lz4000t::encode_comm_answer({}).size(), 9U);
}

TEST(Lz4000tEncode, NameMustFitSixGbkBytes) {
  EXPECT_TRUE(lz4000t::encode_name("大白菜"));
  EXPECT_FALSE(lz4000t::encode_name("小白菜心"));  // 8 bytes in GBK
  EXPECT_EQ(lz4000t::encode_name("").value(), (std::array<std::uint8_t, 6>{}));
}

TEST(Lz4000tParse, AnswersRoundTrip) {
  const auto count = lz4000t::parse_frame(RawFrame{lz4000t::encode_count_answer({kDay, 300}), 0});
  ASSERT_TRUE(std::holds_alternative<lz4000t::CountAnswer>(count));
  EXPECT_EQ(std::get<lz4000t::CountAnswer>(count).count, 300);  // little-endian, above 255
  EXPECT_EQ(std::get<lz4000t::CountAnswer>(count).day, kDay);
  const auto record = lz4000t::parse_frame(RawFrame{kRecord1, 0});
  ASSERT_TRUE(std::holds_alternative<lz4000t::Record>(record));
  EXPECT_EQ(std::get<lz4000t::Record>(record), record1());
  const lz4000t::CommAnswer comm{{0x01, 0x02, 0x03}};
  const auto parsed = lz4000t::parse_frame(RawFrame{lz4000t::encode_comm_answer(comm), 0});
  ASSERT_TRUE(std::holds_alternative<lz4000t::CommAnswer>(parsed));
  EXPECT_EQ(std::get<lz4000t::CommAnswer>(parsed).data, comm.data);
}

TEST(Lz4000tDecode, SpecRecordsGiveTheDocumentedValues) {
  const auto input =
      concat({lz4000t::encode_comm_answer({}), hex("7E 13 05 00 12 03 0F 02 00 8E AA"), kRecord1, kRecord2});
  const auto events = decode(input);
  ASSERT_TRUE(errors(events).empty());
  const auto obs = observations(events);
  ASSERT_EQ(obs.size(), 2U);
  EXPECT_EQ(obs[0].protocol, "lz4000t");
  EXPECT_EQ(obs[0].sample_id, "0012");
  EXPECT_EQ(obs[0].sample_name, "白菜");
  EXPECT_EQ(obs[0].item_code, "pesticide");
  EXPECT_EQ(obs[0].item_name, "农药残留");
  EXPECT_EQ(std::get<double>(obs[0].value), 23.45);
  EXPECT_EQ(obs[0].unit, "%");
  EXPECT_EQ(obs[0].measured_at, "2018-03-15T10:20:30");
  EXPECT_FALSE(obs[0].verdict);  // the device does not judge; the LIMS does
  EXPECT_FALSE(obs[0].channel);
  EXPECT_EQ(obs[0].raw, kRecord1);
  EXPECT_EQ(obs[0].offset, 20U);

  EXPECT_EQ(obs[1].sample_id, "0013");
  EXPECT_EQ(obs[1].sample_name, "黄瓜");
  EXPECT_EQ(std::get<double>(obs[1].value), 62.1);
  EXPECT_EQ(obs[1].measured_at, "2018-03-15T10:25:00");
  EXPECT_EQ(to_json(obs[1]), R"({"protocol":"lz4000t","sample_id":"0013","sample_name":"黄瓜","item_code":"pesticide",)"
                             R"("item_name":"农药残留","value":62.1,"unit":"%","measured_at":"2018-03-15T10:25:00",)"
                             R"("raw":"7e111400020002000d00bbc6b9cf000012030f0a19004218f7aa"})");
}

TEST(Lz4000tDecode, HostRequestsAndAnswersAreSkippedSilently) {
  const auto input =
      concat({lz4000t::encode_comm_test(), lz4000t::encode_comm_answer({}), lz4000t::encode_count_day(kDay),
              hex("7E 13 05 00 12 03 0F 00 00 57 AA"), lz4000t::encode_send_day(kDay), kRecord1});
  const auto events = decode(input);
  ASSERT_EQ(events.size(), 1U);
  EXPECT_EQ(observations(events)[0].raw, kRecord1);
}

TEST(Lz4000tDecode, EmptyNameIsLeftOut) {
  lz4000t::Record r = record1();
  r.name = {};
  const auto obs = observations(decode(lz4000t::encode_record(r)));
  ASSERT_EQ(obs.size(), 1U);
  EXPECT_FALSE(obs[0].sample_name);
}

TEST(Lz4000tDecode, InvalidGbkNameCostsTheNameNotTheResult) {
  lz4000t::Record r = record1();
  r.name = {0xFF, 0xFE, 0x00, 0x00, 0x00, 0x00};
  const auto events = decode(concat({lz4000t::encode_record(r), kRecord2}));
  ASSERT_EQ(events.size(), 3U);
  ASSERT_TRUE(std::holds_alternative<DecodeError>(events[0]));
  EXPECT_EQ(std::get<DecodeError>(events[0]).code, Errc::bad_encoding);
  EXPECT_EQ(std::get<DecodeError>(events[0]).offset, 0U);
  const auto obs = observations(events);
  ASSERT_EQ(obs.size(), 2U);
  EXPECT_FALSE(obs[0].sample_name);
  EXPECT_EQ(obs[0].sample_id, "0012");
  EXPECT_EQ(std::get<double>(obs[0].value), 23.45);
  EXPECT_EQ(obs[1].sample_name, "黄瓜");
}

TEST(Lz4000tDecode, NameCutInsideACharacterIsInvalid) {
  lz4000t::Record r = record1();
  r.name = {0xB0, 0xD7, 0xB2, 0xCB, 0xB0, 0x00};  // "白菜" and half a character
  const auto events = decode(lz4000t::encode_record(r));
  ASSERT_EQ(errors(events).size(), 1U);
  EXPECT_EQ(errors(events)[0].code, Errc::bad_encoding);
}

TEST(Lz4000tDecode, SevenEInsideDataIsNotAFrameStart) {
  lz4000t::Record r = record1();
  r.sample_number = 0xAA7E;
  r.inhibition_x100 = 0x7E7E;  // 323.82 — no sentinel exists, reported as sent
  for (const Split split : {Split::whole, Split::byte_by_byte, Split::random}) {
    const auto events = decode(concat({lz4000t::encode_record(r), kRecord2}), split);
    ASSERT_TRUE(errors(events).empty());
    const auto obs = observations(events);
    ASSERT_EQ(obs.size(), 2U);
    EXPECT_EQ(obs[0].sample_id, std::to_string(0xAA7E));
    EXPECT_EQ(std::get<double>(obs[0].value), 323.82);
  }
}

TEST(Lz4000tDecode, BadCrcIsOneErrorAndTheNextFrameStillDecodes) {
  auto bad = kRecord1;
  bad[24] = 0xBD;
  const auto events = decode(concat({bad, kRecord2}));
  ASSERT_EQ(errors(events).size(), 1U);
  EXPECT_EQ(errors(events)[0].code, Errc::bad_checksum);
  EXPECT_EQ(errors(events)[0].offset, 0U);
  ASSERT_EQ(observations(events).size(), 1U);
  EXPECT_EQ(observations(events)[0].sample_id, "0013");
}

TEST(Lz4000tDecode, DoubledStartFlagIsGarbage) {
  // The driver drops the first 7E of "7E 7E"; so does the hunt (LEN would be 0x0011 + CRC fail).
  const auto events = decode(concat({hex("7E"), kRecord1}));
  ASSERT_EQ(errors(events).size(), 1U);
  EXPECT_EQ(errors(events)[0].offset, 0U);
  ASSERT_EQ(observations(events).size(), 1U);
  EXPECT_EQ(observations(events)[0].offset, 1U);
}

TEST(Lz4000tDecode, GarbageAndTruncation) {
  const auto cut = std::vector<std::uint8_t>(kRecord2.begin(), kRecord2.end() - 1);
  const auto events = decode(concat({hex("31 32 33"), kRecord1, cut}));
  const auto errs = errors(events);
  ASSERT_EQ(errs.size(), 2U);
  EXPECT_EQ(errs[0].code, Errc::garbage);
  EXPECT_EQ(errs[0].offset, 0U);
  EXPECT_EQ(errs[1].code, Errc::truncated);
  EXPECT_EQ(errs[1].offset, 3U + kRecord1.size());
  EXPECT_EQ(observations(events).size(), 1U);
}

TEST(Lz4000tDecode, WrongLengthsAreErrors) {
  const auto events = decode(concat({tilde::encode_frame(0x11, std::vector<std::uint8_t>(19, 0)),
                                     tilde::encode_frame(0x13, std::vector<std::uint8_t>(4, 0)),
                                     tilde::encode_frame(0x44, std::vector<std::uint8_t>(1, 0)), kRecord1}));
  const auto errs = errors(events);
  ASSERT_EQ(errs.size(), 3U);
  EXPECT_EQ(errs[0].code, Errc::bad_length);
  EXPECT_EQ(errs[1].code, Errc::bad_length);
  EXPECT_EQ(errs[2].code, Errc::bad_layout);
  EXPECT_EQ(observations(events).size(), 1U);
}

TEST(Lz4000tDecode, ImpossibleDateIsAnErrorForThatRecord) {
  lz4000t::Record r = record1();
  r.measured_at = DeviceTime{2018, 2, 30, 10, 0, 0};
  const auto events = decode(concat({lz4000t::encode_record(r), kRecord2}));
  ASSERT_EQ(errors(events).size(), 1U);
  EXPECT_EQ(errors(events)[0].code, Errc::bad_layout);
  EXPECT_EQ(observations(events).size(), 1U);
}

TEST(Lz4000tDecode, SplitsGiveIdenticalEvents) {
  auto bad = kRecord2;
  bad[12] ^= 0x10;
  lz4000t::Record badname = record1();
  badname.name = {0x81, 0x20, 0, 0, 0, 0};
  const auto input = concat({hex("7E 7E 00"), kRecord1, bad, lz4000t::encode_record(badname), hex("AA 7E 11"), kRecord2,
                             hex("7E 11 14 00 02")});
  const auto whole = decode(input);
  EXPECT_EQ(observations(whole).size(), 3U);
  EXPECT_EQ(errors(whole).size(), 5U);
  EXPECT_EQ(event_lines(decode(input, Split::byte_by_byte)), event_lines(whole));
  for (unsigned seed = 1; seed < 20; ++seed) {
    auto decoder = make();
    EXPECT_EQ(event_lines(decode_all(*decoder, input, Split::random, seed)), event_lines(whole)) << "seed " << seed;
  }
}

TEST(Lz4000tFactory, RejectsAnyOption) {
  const auto result = make_lz4000t_decoder({{"x", "y"}});
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, make_error_code(Errc::bad_option));
}

TEST(Lz4000tCaptures, MatchExpectedOutput) {
  kj::test::expect_captures_match("lz4000t", make);
}

}  // namespace
}  // namespace kj::protocols
