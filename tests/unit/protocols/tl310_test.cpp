// TL310 (instruments.md §1): every example frame byte for byte, the record mapping, the
// sentinels, resynchronisation after corruption, and split independence.
#include <gtest/gtest.h>

#include "protocols/tilde_frame/tilde_frame.hpp"
#include "protocols/tl310/tl310_decoder.hpp"
#include "protocols/tl310/tl310_messages.hpp"
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

const auto kRecord1 = hex("7E 16 15 00 FF 02 00 01 00 03 00 12 03 0F 0A 14 1E 00 05 00 00 64 01 02 00 32 AA");
const auto kRecord2 = hex("7E 16 15 00 FF 02 00 02 00 04 01 12 03 0F 0A 15 05 00 06 00 00 37 03 01 00 A2 AA");
const auto kRecordNa = hex("7E 16 15 00 FF 01 00 01 00 01 00 12 03 0F 0A 16 00 00 07 00 00 FE 7F 00 00 91 AA");
const auto kCommAnswer = hex("7E 02 04 00 FF 02 10 10 F8 AA");

std::unique_ptr<Decoder> make() {
  return std::move(make_tl310_decoder({}).value());
}

std::vector<DecodeEvent> decode(const std::vector<std::uint8_t>& input, Split split = Split::whole) {
  auto decoder = make();
  return decode_all(*decoder, input, split);
}

tl310::Record record1() {
  tl310::Record r;
  r.total = 2;
  r.index = 1;
  r.channel = 3;
  r.standard = 0;
  r.measured_at = DeviceTime{2018, 3, 15, 10, 20, 30};
  r.test_number = 5;
  r.inhibition_x10 = 356;
  r.verdict = 0x02;
  return r;
}

TEST(Tl310Encode, HostRequestsMatchTheSpecFrames) {
  EXPECT_EQ(tl310::encode_comm_test(), hex("7E 01 01 00 FF 71 AA"));
  EXPECT_EQ(tl310::encode_read_last(), hex("7E 15 04 00 FF 00 00 00 2B AA"));
  EXPECT_EQ(tl310::encode_read_all(), hex("7E 15 04 00 FF FF FF FF 4D AA"));
  EXPECT_EQ(tl310::encode_read_date(DeviceTime{2018, 3, 16}), hex("7E 15 04 00 FF 12 03 10 6D AA"));
}

TEST(Tl310Encode, DeviceFramesMatchTheSpecFrames) {
  EXPECT_EQ(tl310::encode_comm_answer({0x10}), kCommAnswer);
  EXPECT_EQ(tl310::encode_record(record1()), kRecord1);
  tl310::Record r2;
  r2.total = 2;
  r2.index = 2;
  r2.channel = 4;
  r2.standard = 1;
  r2.measured_at = DeviceTime{2018, 3, 15, 10, 21, 5};
  r2.test_number = 6;
  r2.inhibition_x10 = 823;
  r2.verdict = 0x01;
  EXPECT_EQ(tl310::encode_record(r2), kRecord2);
  tl310::Record na;
  na.total = 1;
  na.index = 1;
  na.channel = 1;
  na.measured_at = DeviceTime{2018, 3, 15, 10, 22, 0};
  na.test_number = 7;
  na.inhibition_x10 = tl310::kNotAvailable;
  EXPECT_EQ(tl310::encode_record(na), kRecordNa);
}

TEST(Tl310Parse, RecordRoundTrip) {
  tl310::Record r = record1();
  r.absorbance = 0x1234;
  r.spare = 0x7E;
  r.test_number = 0x0102;  // big-endian on the wire
  const auto frame = tl310::encode_record(r);
  EXPECT_EQ(frame[17], 0x01);
  EXPECT_EQ(frame[18], 0x02);
  const auto parsed = tl310::parse_frame(RawFrame{frame, 0});
  ASSERT_TRUE(std::holds_alternative<tl310::Record>(parsed));
  EXPECT_EQ(std::get<tl310::Record>(parsed), r);
}

TEST(Tl310Parse, CommAnswerGivesTheVersion) {
  const auto parsed = tl310::parse_frame(RawFrame{tl310::encode_comm_answer({0x23}), 0});
  ASSERT_TRUE(std::holds_alternative<tl310::CommAnswer>(parsed));
  EXPECT_EQ(std::get<tl310::CommAnswer>(parsed).version, 0x23);
}

TEST(Tl310Decode, SpecRecordsGiveTheDocumentedValues) {
  const auto events = decode(concat({kCommAnswer, kRecord1, kRecord2}));
  ASSERT_TRUE(errors(events).empty());
  const auto obs = observations(events);
  ASSERT_EQ(obs.size(), 2U);

  EXPECT_EQ(obs[0].protocol, "tl310");
  EXPECT_EQ(obs[0].channel, 3);
  EXPECT_EQ(obs[0].sample_id, "5");
  EXPECT_EQ(obs[0].item_code, "pesticide");
  EXPECT_EQ(obs[0].item_name, "农药残留");
  EXPECT_EQ(std::get<double>(obs[0].value), 35.6);
  EXPECT_EQ(obs[0].unit, "%");
  EXPECT_EQ(obs[0].verdict, Verdict::negative);
  EXPECT_EQ(obs[0].standard, "GB/T 5009.199-2003");
  EXPECT_EQ(obs[0].measured_at, "2018-03-15T10:20:30");
  EXPECT_EQ(obs[0].raw, kRecord1);
  EXPECT_EQ(obs[0].offset, kCommAnswer.size());

  EXPECT_EQ(obs[1].channel, 4);
  EXPECT_EQ(obs[1].sample_id, "6");
  EXPECT_EQ(std::get<double>(obs[1].value), 82.3);
  EXPECT_EQ(obs[1].verdict, Verdict::positive);
  EXPECT_EQ(obs[1].standard, "NY/T 448-2001");
  EXPECT_EQ(obs[1].measured_at, "2018-03-15T10:21:05");
  EXPECT_EQ(obs[1].offset, kCommAnswer.size() + kRecord1.size());

  EXPECT_EQ(to_json(obs[0]),
            R"({"protocol":"tl310","channel":3,"sample_id":"5","item_code":"pesticide","item_name":"农药残留",)"
            R"("value":35.6,"unit":"%","verdict":"negative","measured_at":"2018-03-15T10:20:30",)"
            R"("standard":"GB/T 5009.199-2003","raw":"7e161500ff02000100030012030f0a141e000500006401020032aa"})");
}

TEST(Tl310Decode, NotAvailableAndEmptySlotsAreCountedNotReported) {
  tl310::Record empty = record1();
  empty.test_number = 0;
  tl310::Record over = record1();
  over.inhibition_x10 = 32001;
  tl310::Record edge = record1();
  edge.inhibition_x10 = 32000;  // the largest value still reported
  tl310::Tl310Decoder decoder;
  const auto events = decode_all(decoder, concat({kRecordNa, tl310::encode_record(empty), tl310::encode_record(over),
                                                  tl310::encode_record(edge)}));
  EXPECT_TRUE(errors(events).empty());
  const auto obs = observations(events);
  ASSERT_EQ(obs.size(), 1U);
  EXPECT_EQ(std::get<double>(obs[0].value), 3200.0);
  EXPECT_EQ(decoder.skipped_records(), 3U);
}

TEST(Tl310Decode, VerdictAndStandardOnlyWhenKnown) {
  tl310::Record r = record1();
  r.verdict = 0x00;
  r.standard = 0x05;
  r.channel = 0;
  const auto obs = observations(decode(tl310::encode_record(r)));
  ASSERT_EQ(obs.size(), 1U);
  EXPECT_FALSE(obs[0].verdict);
  EXPECT_FALSE(obs[0].standard);
  EXPECT_FALSE(obs[0].channel);
}

TEST(Tl310Decode, HostRequestsAndCommAnswerAreSkippedSilently) {
  const auto input = concat({tl310::encode_comm_test(), tl310::encode_comm_test(), kCommAnswer,
                             tl310::encode_read_all(), tl310::encode_read_date(DeviceTime{2018, 3, 16}), kRecord1});
  const auto events = decode(input);
  ASSERT_EQ(events.size(), 1U);
  EXPECT_EQ(observations(events)[0].raw, kRecord1);
}

TEST(Tl310Decode, SevenEInsideDataIsNotAFrameStart) {
  tl310::Record r = record1();
  r.inhibition_x10 = 0x017E;  // 38.2 %, low byte 7E
  r.test_number = 0x7EAA;     // 7E AA inside DATA as well
  r.spare = 0xAA;
  const auto frame = tl310::encode_record(r);
  for (const Split split : {Split::whole, Split::byte_by_byte, Split::random}) {
    const auto events = decode(concat({frame, kRecord2}), split);
    ASSERT_TRUE(errors(events).empty());
    const auto obs = observations(events);
    ASSERT_EQ(obs.size(), 2U);
    EXPECT_EQ(std::get<double>(obs[0].value), 38.2);
    EXPECT_EQ(obs[0].sample_id, std::to_string(0x7EAA));
  }
}

TEST(Tl310Decode, BadCrcIsOneErrorAndTheNextFrameStillDecodes) {
  auto bad = kRecord1;
  bad[25] ^= 0x01;
  const auto events = decode(concat({bad, kRecord2}));
  const auto errs = errors(events);
  ASSERT_EQ(errs.size(), 1U);
  EXPECT_EQ(errs[0].code, Errc::bad_checksum);
  EXPECT_EQ(errs[0].offset, 0U);
  const auto obs = observations(events);
  ASSERT_EQ(obs.size(), 1U);
  EXPECT_EQ(obs[0].sample_id, "6");
  EXPECT_EQ(obs[0].offset, bad.size());
}

TEST(Tl310Decode, CorruptedDataByteIsCaughtByTheCrc) {
  auto bad = kRecord1;
  bad[21] = 0x65;  // 35.7 % instead of 35.6 %
  const auto events = decode(concat({bad, kRecord2}));
  ASSERT_EQ(errors(events).size(), 1U);
  EXPECT_EQ(observations(events).size(), 1U);
}

TEST(Tl310Decode, MissingEndFlagIsAnError) {
  auto bad = kRecord1;
  bad[26] = 0x00;
  const auto events = decode(concat({bad, kRecord2}));
  const auto errs = errors(events);
  ASSERT_EQ(errs.size(), 1U);
  EXPECT_EQ(errs[0].code, Errc::bad_layout);
  EXPECT_EQ(observations(events).size(), 1U);
}

TEST(Tl310Decode, GarbageBetweenFramesIsOneError) {
  const auto garbage = hex("00 11 7E 22 FF FF 33 AA 7E 7E");
  const auto events = decode(concat({kRecord1, garbage, kRecord2}));
  const auto errs = errors(events);
  ASSERT_EQ(errs.size(), 1U);
  EXPECT_EQ(errs[0].code, Errc::garbage);
  EXPECT_EQ(errs[0].offset, kRecord1.size());
  EXPECT_EQ(errs[0].message, "bytes outside any frame (10 bytes skipped)");
  ASSERT_EQ(observations(events).size(), 2U);
  // The error comes in wire order, between the two observations.
  EXPECT_TRUE(std::holds_alternative<DecodeError>(events[1]));
}

TEST(Tl310Decode, TruncatedFrameAtTheEnd) {
  const auto cut = std::vector<std::uint8_t>(kRecord2.begin(), kRecord2.begin() + 15);
  const auto events = decode(concat({kRecord1, cut}));
  const auto errs = errors(events);
  ASSERT_EQ(errs.size(), 1U);
  EXPECT_EQ(errs[0].code, Errc::truncated);
  EXPECT_EQ(errs[0].offset, kRecord1.size());
  EXPECT_EQ(observations(events).size(), 1U);
}

TEST(Tl310Decode, FrameInterruptedByANewFrameIsRecovered) {
  // A record cut short, then a complete one: the cut one is dropped, the next one is found
  // inside the bytes the cut one claimed.
  const auto cut = std::vector<std::uint8_t>(kRecord1.begin(), kRecord1.begin() + 12);
  const auto events = decode(concat({cut, kRecord2}));
  const auto errs = errors(events);
  ASSERT_EQ(errs.size(), 1U);
  EXPECT_EQ(errs[0].offset, 0U);
  const auto obs = observations(events);
  ASSERT_EQ(obs.size(), 1U);
  EXPECT_EQ(obs[0].offset, cut.size());
}

TEST(Tl310Decode, FalseStartAtTheEndOfInputDoesNotHideAFrame) {
  // "7E 16 30 00" promises 54 bytes and only 31 follow: at the end of input it is rejected as
  // truncated, and the record inside the bytes it claimed is still found.
  const auto events = decode(concat({hex("7E 16 30 00"), kRecord1}));
  EXPECT_EQ(errors(events).at(0).code, Errc::truncated);
  ASSERT_EQ(errors(events).size(), 1U);
  EXPECT_EQ(observations(events).size(), 1U);
}

TEST(Tl310Decode, OversizeLenIsRejectedAtOnce) {
  const auto events = decode(concat({hex("7E 16 FF 7F"), kRecord1}));
  const auto errs = errors(events);
  ASSERT_EQ(errs.size(), 1U);
  EXPECT_EQ(errs[0].code, Errc::bad_length);
  EXPECT_EQ(observations(events).size(), 1U);
}

TEST(Tl310Decode, WrongLengthForTheCommandIsAnError) {
  const std::vector<std::uint8_t> data(20, 0x01);
  const auto events = decode(concat({tilde::encode_frame(0x16, data), kRecord1}));
  ASSERT_EQ(errors(events).size(), 1U);
  EXPECT_EQ(errors(events)[0].code, Errc::bad_length);
  EXPECT_EQ(observations(events).size(), 1U);
}

TEST(Tl310Decode, ImpossibleDateIsAnErrorForThatRecord) {
  tl310::Record r = record1();
  r.measured_at.month = 13;
  const auto events = decode(concat({tl310::encode_record(r), kRecord2}));
  const auto errs = errors(events);
  ASSERT_EQ(errs.size(), 1U);
  EXPECT_EQ(errs[0].code, Errc::bad_layout);
  EXPECT_EQ(errs[0].offset, 0U);
  EXPECT_EQ(observations(events).size(), 1U);
}

TEST(Tl310Decode, UnknownCommandIsAnError) {
  const auto events = decode(concat({tilde::encode_frame(0x33, std::vector<std::uint8_t>{1, 2}), kRecord1}));
  ASSERT_EQ(errors(events).size(), 1U);
  EXPECT_EQ(errors(events)[0].code, Errc::bad_layout);
}

TEST(Tl310Decode, SplitsGiveIdenticalEvents) {
  auto bad = kRecord2;
  bad[10] ^= 0x40;
  const auto input =
      concat({hex("55 AA"), kCommAnswer, kRecord1, bad, hex("7E"), kRecordNa, kRecord2, hex("7E 16 15")});
  const auto whole = decode(input, Split::whole);
  EXPECT_EQ(observations(whole).size(), 2U);
  EXPECT_EQ(errors(whole).size(), 3U);
  EXPECT_EQ(event_lines(decode(input, Split::byte_by_byte)), event_lines(whole));
  for (unsigned seed = 1; seed < 20; ++seed) {
    auto decoder = make();
    EXPECT_EQ(event_lines(decode_all(*decoder, input, Split::random, seed)), event_lines(whole)) << "seed " << seed;
  }
}

TEST(Tl310Decode, EmptyInputGivesNothing) {
  EXPECT_TRUE(decode({}).empty());
}

TEST(Tl310Factory, RejectsAnyOption) {
  const auto result = make_tl310_decoder({{"baud", "115200"}});
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, make_error_code(Errc::bad_option));
}

TEST(Tl310Captures, MatchExpectedOutput) {
  kj::test::expect_captures_match("tl310", make);
}

}  // namespace
}  // namespace kj::protocols
