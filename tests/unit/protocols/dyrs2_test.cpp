// DYRS2 meat-moisture meter (instruments.md §7): every example frame byte for byte, both
// generations of answers, checksum case, corrupt records, resynchronisation, split independence.
#include <gtest/gtest.h>

#include "protocols/dyrs2/dyrs2_decoder.hpp"
#include "protocols/dyrs2/dyrs2_frame.hpp"
#include "protocols/dyrs2/dyrs2_messages.hpp"
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

const auto kRecordD = hex("01 44 30 30 31 32 31 38 35 31 31 38 30 33 31 35 31 30 32 30 33 30 44 32 04");
const auto kSecondGen = hex(
    "01 30 30 32 1E 30 30 31 31 38 35 20 31 20 31 38 2D 30 33 2D 31 35 20 1E 30 30 32 37 36 32 20 34 20 31 38 2D 30 "
    "33 2D 31 35 20 39 35 04");

std::unique_ptr<Decoder> make() {
  return std::move(make_dyrs2_decoder({}).value());
}

std::vector<DecodeEvent> decode(const std::vector<std::uint8_t>& input, Split split = Split::whole) {
  auto decoder = make();
  return decode_all(*decoder, input, split);
}

dyrs2::DataRecord record_d() {
  return {"0012", 185, '1', "180315", "102030"};
}

std::vector<dyrs2::SecondGenRecord> second_gen_records() {
  return {{"001", 185, '1', "18-03-15"}, {"002", 762, '4', "18-03-15"}};
}

TEST(Dyrs2Encode, HostRequestsMatchTheSpecFrames) {
  EXPECT_EQ(dyrs2::encode_version_query(), hex("01 56 41 41 04"));
  EXPECT_EQ(dyrs2::encode_send_all(), hex("01 55 41 42 04"));
  EXPECT_EQ(dyrs2::encode_frame("U", dyrs2::HexCase::lower), hex("01 55 61 62 04"));  // as the source sends it
  EXPECT_EQ(dyrs2::encode_read_range(DeviceTime{2018, 3, 1}, DeviceTime{2018, 3, 15}),
            hex("01 52 31 38 30 33 30 31 31 38 30 33 31 35 34 46 04"));
  EXPECT_EQ(dyrs2::encode_set_clock(DeviceTime{2018, 3, 15, 10, 20, 30}),
            hex("01 53 31 38 30 33 31 35 31 30 32 30 33 30 35 35 04"));
}

TEST(Dyrs2Encode, DeviceFramesMatchTheSpecFrames) {
  EXPECT_EQ(dyrs2::encode_data_record(record_d()), kRecordD);
  EXPECT_EQ(dyrs2::encode_second_gen_answer(second_gen_records()), kSecondGen);
  EXPECT_EQ(dyrs2::encode_second_gen_answer(second_gen_records()).size(), 19U * 2 + 7);
  EXPECT_EQ(dyrs2::encode_end_of_list()[1], 'E');
  EXPECT_EQ(dyrs2::encode_version_answer("3.1")[1], 'V');
}

TEST(Dyrs2Parse, RoundTrips) {
  const auto d = dyrs2::parse_frame(RawFrame{kRecordD, 0});
  ASSERT_TRUE(std::holds_alternative<dyrs2::DataRecord>(d));
  EXPECT_EQ(std::get<dyrs2::DataRecord>(d), record_d());
  const auto s = dyrs2::parse_frame(RawFrame{kSecondGen, 0});
  ASSERT_TRUE(std::holds_alternative<dyrs2::SecondGenAnswer>(s));
  const auto& records = std::get<dyrs2::SecondGenAnswer>(s).records;
  ASSERT_EQ(records.size(), 2U);
  EXPECT_EQ(records[0], second_gen_records()[0]);
  EXPECT_EQ(records[1], second_gen_records()[1]);
  const auto v = dyrs2::parse_frame(RawFrame{dyrs2::encode_version_answer("DYRS2 V3.0"), 0});
  ASSERT_TRUE(std::holds_alternative<dyrs2::VersionAnswer>(v));
  EXPECT_EQ(std::get<dyrs2::VersionAnswer>(v).text, "DYRS2 V3.0");
  EXPECT_TRUE(
      std::holds_alternative<dyrs2::HostRequest>(dyrs2::parse_frame(RawFrame{dyrs2::encode_version_query(), 0})));
}

TEST(Dyrs2Decode, ThirdGenerationExample) {
  const auto input = concat({dyrs2::encode_version_answer("3"), kRecordD, dyrs2::encode_end_of_list()});
  const auto events = decode(input);
  ASSERT_TRUE(errors(events).empty());
  const auto obs = observations(events);
  ASSERT_EQ(obs.size(), 1U);
  EXPECT_EQ(obs[0].protocol, "dyrs2");
  EXPECT_EQ(obs[0].sample_id, "0012");
  EXPECT_EQ(obs[0].sample_name, "猪肉");
  EXPECT_EQ(obs[0].item_code, "moisture");
  EXPECT_EQ(obs[0].item_name, "水分");
  EXPECT_EQ(std::get<double>(obs[0].value), 18.5);
  EXPECT_EQ(obs[0].unit, "%");
  EXPECT_EQ(obs[0].measured_at, "2018-03-15T10:20:30");
  EXPECT_EQ(obs[0].raw, kRecordD);
  EXPECT_EQ(obs[0].offset, 6U);
}

TEST(Dyrs2Decode, TrailingCharactersThatAreNoTimeGiveTheDateAlone) {
  dyrs2::DataRecord r = record_d();
  r.tail = "996100";
  const auto obs = observations(decode(dyrs2::encode_data_record(r)));
  ASSERT_EQ(obs.size(), 1U);
  EXPECT_EQ(obs[0].measured_at, "2018-03-15");
  r.tail = "ABCDEF";
  EXPECT_EQ(observations(decode(dyrs2::encode_data_record(r)))[0].measured_at, "2018-03-15");
}

TEST(Dyrs2Decode, SpeciesNames) {
  const char* names[] = {"猪肉", "牛肉", "羊肉", "鸡肉", "其它"};
  for (char code = '1'; code <= '5'; ++code) {
    dyrs2::DataRecord r = record_d();
    r.species = code;
    const auto obs = observations(decode(dyrs2::encode_data_record(r)));
    ASSERT_EQ(obs.size(), 1U);
    EXPECT_EQ(obs[0].sample_name, names[code - '1']);
  }
  dyrs2::DataRecord r = record_d();
  r.species = '9';
  const auto obs = observations(decode(dyrs2::encode_data_record(r)));
  ASSERT_EQ(obs.size(), 1U);
  EXPECT_FALSE(obs[0].sample_name);
}

TEST(Dyrs2Decode, SecondGenerationExample) {
  const auto events = decode(concat({dyrs2::encode_send_all(), kSecondGen}));
  ASSERT_TRUE(errors(events).empty());
  const auto obs = observations(events);
  ASSERT_EQ(obs.size(), 2U);
  EXPECT_EQ(obs[0].sample_id, "001");
  EXPECT_EQ(obs[0].sample_name, "猪肉");
  EXPECT_EQ(std::get<double>(obs[0].value), 18.5);
  EXPECT_EQ(obs[0].measured_at, "2018-03-15");
  EXPECT_EQ(obs[1].sample_id, "002");
  EXPECT_EQ(obs[1].sample_name, "鸡肉");
  EXPECT_EQ(std::get<double>(obs[1].value), 76.2);
  EXPECT_EQ(obs[1].raw, kSecondGen);  // one frame, two observations: raw is the whole frame
  EXPECT_EQ(obs[1].offset, 5U);
}

TEST(Dyrs2Decode, CorruptSecondGenerationRecordIsOneErrorTheOthersStay) {
  auto input = kSecondGen;
  input[11] = '-';  // record 1's first separator
  // Keep the checksum right so only the record is wrong: recompute it.
  const auto payload = std::string(input.begin() + 1, input.end() - 3);
  input = dyrs2::encode_frame(payload);
  const auto events = decode(input);
  const auto errs = errors(events);
  ASSERT_EQ(errs.size(), 1U);
  EXPECT_EQ(errs[0].code, Errc::bad_layout);
  EXPECT_EQ(errs[0].offset, 4U);  // the record's own offset
  const auto obs = observations(events);
  ASSERT_EQ(obs.size(), 1U);
  EXPECT_EQ(obs[0].sample_id, "002");
}

TEST(Dyrs2Decode, LowerCaseChecksumIsAccepted) {
  const auto lower = dyrs2::encode_frame(
      "D0012185118031510203"
      "0",
      dyrs2::HexCase::lower);
  EXPECT_EQ(lower[22], 'd');
  const auto obs = observations(decode(lower));
  ASSERT_EQ(obs.size(), 1U);
  EXPECT_EQ(std::get<double>(obs[0].value), 18.5);
}

TEST(Dyrs2Decode, HostRequestsAndLinkFramesAreSkippedSilently) {
  const auto input =
      concat({dyrs2::encode_version_query(), dyrs2::encode_version_answer("V3"), hex("01 55 61 62 04"),
              dyrs2::encode_read_range(DeviceTime{2018, 3, 1}, DeviceTime{2018, 3, 15}),
              dyrs2::encode_set_clock(DeviceTime{2018, 3, 15, 10, 20, 30}), dyrs2::encode_end_of_list()});
  EXPECT_TRUE(decode(input).empty());
}

TEST(Dyrs2Decode, BadChecksumIsOneErrorAndResumes) {
  auto bad = kRecordD;
  bad[22] = 'E';
  const auto events = decode(concat({bad, kSecondGen}));
  const auto errs = errors(events);
  ASSERT_EQ(errs.size(), 1U);
  EXPECT_EQ(errs[0].code, Errc::bad_checksum);
  EXPECT_EQ(errs[0].offset, 0U);
  EXPECT_EQ(observations(events).size(), 2U);

  auto not_hex = kRecordD;
  not_hex[22] = 'X';
  EXPECT_EQ(errors(decode(not_hex)).at(0).code, Errc::bad_checksum);
}

TEST(Dyrs2Decode, GarbageTruncationAndInterruptedFrames) {
  const auto cut = std::vector<std::uint8_t>(kRecordD.begin(), kRecordD.begin() + 10);
  const auto events = decode(concat({hex("0D 0A 30"), kRecordD, cut, kRecordD, cut}));
  const auto errs = errors(events);
  ASSERT_EQ(errs.size(), 3U);
  EXPECT_EQ(errs[0].code, Errc::garbage);
  EXPECT_EQ(errs[0].offset, 0U);
  EXPECT_EQ(errs[1].code, Errc::truncated);  // cut off by the next SOH
  EXPECT_EQ(errs[1].offset, 3U + kRecordD.size());
  EXPECT_EQ(errs[2].code, Errc::truncated);  // cut off by the end of input
  EXPECT_EQ(observations(events).size(), 2U);
}

TEST(Dyrs2Decode, UnknownAndMalformedFrames) {
  const auto events = decode(concat({dyrs2::encode_frame("Z12"), dyrs2::encode_frame("D001"),
                                     dyrs2::encode_frame("D00121X5118031510203"
                                                         "0"),
                                     dyrs2::encode_frame("003"), hex("01 41 41 04"), kRecordD}));
  const auto errs = errors(events);
  ASSERT_EQ(errs.size(), 5U);
  EXPECT_EQ(errs[0].code, Errc::bad_layout);
  EXPECT_EQ(errs[1].code, Errc::bad_length);
  EXPECT_EQ(errs[2].code, Errc::bad_layout);
  EXPECT_EQ(errs[3].code, Errc::bad_length);  // 3 records announced, none sent
  EXPECT_EQ(errs[4].code, Errc::bad_length);  // SOH chk EOT: no payload
  EXPECT_EQ(observations(events).size(), 1U);
}

TEST(Dyrs2Decode, ImpossibleDateIsAnErrorForThatRecord) {
  dyrs2::DataRecord r = record_d();
  r.date = "181315";
  const auto events = decode(concat({dyrs2::encode_data_record(r), kRecordD}));
  ASSERT_EQ(errors(events).size(), 1U);
  EXPECT_EQ(errors(events)[0].code, Errc::bad_layout);
  EXPECT_EQ(observations(events).size(), 1U);
}

TEST(Dyrs2Decode, NoEotWithinTheLongestFrameIsBufferOverflow) {
  std::vector<std::uint8_t> input{0x01};
  input.resize(dyrs2::kMaxFrameLength + 10, '0');
  const auto tail = concat({input, kRecordD});
  const auto events = decode(tail, Split::random);
  const auto errs = errors(events);
  ASSERT_EQ(errs.size(), 1U);
  EXPECT_EQ(errs[0].code, Errc::buffer_overflow);
  EXPECT_EQ(observations(events).size(), 1U);
}

TEST(Dyrs2Decode, LargestSecondGenerationAnswer) {
  std::vector<dyrs2::SecondGenRecord> records(999, {"123", 456, '2', "18-03-15"});
  const auto frame = dyrs2::encode_second_gen_answer(records);
  EXPECT_EQ(frame.size(), dyrs2::kMaxFrameLength);
  const auto events = decode(frame, Split::random);
  EXPECT_TRUE(errors(events).empty());
  EXPECT_EQ(observations(events).size(), 999U);
}

TEST(Dyrs2Decode, SplitsGiveIdenticalEvents) {
  auto bad = kSecondGen;
  bad[30] = '9';
  const auto input = concat(
      {hex("56 41 41"), kRecordD, bad, hex("01 44"), kSecondGen, dyrs2::encode_end_of_list(), hex("04 04 01 44 30")});
  const auto whole = decode(input);
  EXPECT_EQ(observations(whole).size(), 3U);
  EXPECT_EQ(errors(whole).size(), 3U);
  EXPECT_EQ(event_lines(decode(input, Split::byte_by_byte)), event_lines(whole));
  for (unsigned seed = 1; seed < 20; ++seed) {
    auto decoder = make();
    EXPECT_EQ(event_lines(decode_all(*decoder, input, Split::random, seed)), event_lines(whole)) << "seed " << seed;
  }
}

TEST(Dyrs2Factory, RejectsAnyOption) {
  const auto result = make_dyrs2_decoder({{"generation", "3"}});
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, make_error_code(Errc::bad_option));
}

TEST(Dyrs2Captures, MatchExpectedOutput) {
  kj::test::expect_captures_match("dyrs2", make);
}

}  // namespace
}  // namespace kj::protocols
