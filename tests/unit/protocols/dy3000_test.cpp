// DY-3000 family (instruments.md §5): every example frame byte for byte, the packed date-time,
// the item table, channel entries (control, suspect, sentinels, the last channel, sign-magnitude
// values), resynchronisation after corruption, and split independence.
#include <cmath>

#include <gtest/gtest.h>

#include "protocols/checksums.hpp"
#include "protocols/dy3000/dy3000_decoder.hpp"
#include "protocols/dy3000/dy3000_frame.hpp"
#include "protocols/dy3000/dy3000_messages.hpp"
#include "tests/support/test_support.hpp"
#include "tests/unit/protocols/vendor_test_util.hpp"

namespace kj::protocols {
namespace {

using dy3000::ChannelEntry;
using dy3000::RecordAnswer;
using kj::test::concat;
using kj::test::decode_all;
using kj::test::errors;
using kj::test::event_lines;
using kj::test::hex;
using kj::test::observations;
using kj::test::Split;

const auto kWindowAnswer = hex("03 FE 43 00 00 00 00 00 0C 00 B2 0C 00 00 61 24 FF FF 6F 24 05 00 07 00");
const auto kRecord5 =
    hex("03 FE 45 00 05 00 00 00 28 00 95 3D 01 00 00 00 8F 52 6F 24 00 80 00 00 00 00 00 00 01 80 00 00 64 01 00 00 "
        "02 C0 00 00 0C 02 00 00 03 80 00 00 FE 7F 00 00");
const auto kRecord6 =
    hex("03 FE 45 00 06 00 00 00 18 00 A6 EF 01 01 00 00 00 58 6F 24 01 80 00 00 7D 00 00 00 02 80 00 00 FD FF FF 7F");

std::vector<dy3000::ItemSlot> two_items() {
  return {dy3000::make_item_slot("农药残留", "%", 0).value(), dy3000::make_item_slot("甲醛", "mg/kg", 1).value()};
}

// The item table as a device sends it: page 0 with two slots, page 1 with none (end).
std::vector<std::uint8_t> item_table() {
  auto out = dy3000::encode_item_page_answer(0, two_items());
  const auto end = dy3000::encode_item_page_answer(1, {});
  out.insert(out.end(), end.begin(), end.end());
  return out;
}

std::unique_ptr<Decoder> make(const CodecOptions& options = {}) {
  return std::move(make_dy3000_decoder(options).value());
}

std::vector<DecodeEvent> decode(const std::vector<std::uint8_t>& input, Split split = Split::whole,
                                const CodecOptions& options = {}) {
  auto decoder = make(options);
  return decode_all(*decoder, input, split);
}

RecordAnswer record(std::uint8_t item, std::vector<ChannelEntry> channels) {
  RecordAnswer r;
  r.index = 9;
  r.item = item;
  r.time = dy3000::pack_time(DeviceTime{2018, 3, 15, 12, 0, 0});
  r.channels = std::move(channels);
  return r;
}

TEST(Dy3000Time, PackedExampleOfTheSpec) {
  EXPECT_EQ(dy3000::pack_time(DeviceTime{2018, 3, 15, 10, 20, 30}), 0x246F528FU);
  EXPECT_EQ(dy3000::unpack_time(0x246F528FU), (DeviceTime{2018, 3, 15, 10, 20, 30}));
  EXPECT_EQ(dy3000::pack_time(DeviceTime{2018, 3, 15, 11, 0, 0}), 0x246F5800U);
  // Seconds travel halved: an odd second loses its last bit.
  EXPECT_EQ(dy3000::unpack_time(dy3000::pack_time(DeviceTime{2018, 3, 15, 10, 20, 31})),
            (DeviceTime{2018, 3, 15, 10, 20, 30}));
  EXPECT_EQ(dy3000::unpack_time(dy3000::pack_time(DeviceTime{2127, 12, 31, 23, 59, 58})),
            (DeviceTime{2127, 12, 31, 23, 59, 58}));
}

TEST(Dy3000Encode, HostRequestsMatchTheSpecFrames) {
  EXPECT_EQ(dy3000::encode_link_test(), hex("03 FF 20 00 00 00 00 00 08 00 D4 18 44 45 56 49 43 45 3F 3F"));
  EXPECT_EQ(dy3000::encode_read_item_page(0), hex("03 FF 42 00 00 00 00 00 00 00 BE 00"));
  EXPECT_EQ(dy3000::encode_find_window(DeviceTime{2018, 3, 1}, DeviceTime{2018, 3, 15, 9, 9, 9}),
            hex("03 FF 43 00 00 00 00 00 08 00 B7 0E 00 00 61 24 FF FF 6F 24"));
  EXPECT_EQ(dy3000::encode_read_record(5), hex("03 FF 45 00 05 00 00 00 00 00 BC 00"));
  // Page n goes in PARAM byte 1.
  const auto page2 = dy3000::encode_read_item_page(2);
  EXPECT_EQ(page2[5], 0x02);
  EXPECT_EQ(page2[4], 0x00);
}

TEST(Dy3000Encode, DeviceAnswersMatchTheSpecFrames) {
  EXPECT_EQ(dy3000::encode_window_answer({0x24610000U, 0x246FFFFFU, 5, 7}), kWindowAnswer);

  RecordAnswer r5;
  r5.index = 5;
  r5.item = 0;
  r5.time = dy3000::pack_time(DeviceTime{2018, 3, 15, 10, 20, 30});
  r5.channels = {{0, 0x80, 0, 0},
                 {1, 0x80, 0, dy3000::inhibition_value(35.6)},
                 {2, 0xC0, 0, dy3000::inhibition_value(52.4)},
                 {3, 0x80, 0, dy3000::kInhibitionNotAvailable}};
  EXPECT_EQ(dy3000::encode_record_answer(r5), kRecord5);

  RecordAnswer r6;
  r6.index = 6;
  r6.item = 1;
  r6.time = dy3000::pack_time(DeviceTime{2018, 3, 15, 11, 0, 0});
  r6.channels = {{1, 0x80, 0, dy3000::concentration_value(0.125)}, {2, 0x80, 0, dy3000::kConcentrationNotAvailable}};
  EXPECT_EQ(dy3000::encode_record_answer(r6), kRecord6);
}

TEST(Dy3000Encode, ItemSlotBytesOfTheSpec) {
  const auto table = dy3000::encode_item_page_answer(0, two_items());
  ASSERT_EQ(table.size(), 12U + 256U);
  EXPECT_EQ(std::vector<std::uint8_t>(table.begin() + 12, table.begin() + 21), hex("C5 A9 D2 A9 B2 D0 C1 F4 00"));
  EXPECT_EQ(table[12 + 16], 0x25);
  EXPECT_EQ(table[12 + 17], 0x00);
  EXPECT_EQ(table[12 + 24], 0x00);
  EXPECT_EQ(table[12 + 128 + 24], 0x01);
  EXPECT_FALSE(dy3000::make_item_slot("有机磷和氨基甲酸酯类", "%", 0));  // 20 bytes: too long for 16
}

TEST(Dy3000Parse, AnswersRoundTrip) {
  const auto window = dy3000::parse_frame(RawFrame{kWindowAnswer, 0});
  ASSERT_TRUE(std::holds_alternative<dy3000::WindowAnswer>(window));
  EXPECT_EQ(std::get<dy3000::WindowAnswer>(window).first_index, 5);
  EXPECT_EQ(std::get<dy3000::WindowAnswer>(window).end_index, 7);

  const auto page = dy3000::parse_frame(RawFrame{dy3000::encode_item_page_answer(3, two_items()), 0});
  ASSERT_TRUE(std::holds_alternative<dy3000::ItemPageAnswer>(page));
  EXPECT_EQ(std::get<dy3000::ItemPageAnswer>(page).page, 3);
  EXPECT_EQ(std::get<dy3000::ItemPageAnswer>(page).slots, two_items());

  const RecordAnswer r = record(1, {{1, 0x80, 0x1234, 0x8000007DU}, {7, 0xC0, 0, 42}});
  const auto parsed = dy3000::parse_frame(RawFrame{dy3000::encode_record_answer(r), 0});
  ASSERT_TRUE(std::holds_alternative<RecordAnswer>(parsed));
  EXPECT_EQ(std::get<RecordAnswer>(parsed), r);

  const auto request = dy3000::parse_frame(RawFrame{dy3000::encode_read_record(5), 0});
  ASSERT_TRUE(std::holds_alternative<dy3000::HostRequest>(request));
  EXPECT_EQ(std::get<dy3000::HostRequest>(request).param, 5U);
}

TEST(Dy3000Values, SentinelsAndSignMagnitude) {
  EXPECT_EQ(dy3000::decode_inhibition(0x0164).number, 35.6);
  EXPECT_EQ(dy3000::decode_inhibition(0x7FFF).state, dy3000::ValueState::invalid);
  EXPECT_EQ(dy3000::decode_inhibition(0x7FFE).state, dy3000::ValueState::not_available);
  EXPECT_EQ(dy3000::decode_concentration(0x7D).number, 0.125);
  EXPECT_EQ(dy3000::decode_concentration(0x8000007DU).number, -0.125);
  EXPECT_EQ(dy3000::decode_concentration(0x80000000U).number, 0.0);
  EXPECT_FALSE(std::signbit(dy3000::decode_concentration(0x80000000U).number));
  EXPECT_EQ(dy3000::decode_concentration(0x7FFFFFFFU).state, dy3000::ValueState::invalid);
  EXPECT_EQ(dy3000::decode_concentration(0x7FFFFFFEU).state, dy3000::ValueState::invalid);
  EXPECT_EQ(dy3000::decode_concentration(0x7FFFFFFDU).state, dy3000::ValueState::not_available);
  EXPECT_EQ(dy3000::decode_concentration(0x00007FFFU).state, dy3000::ValueState::invalid);
  EXPECT_EQ(dy3000::decode_concentration(0x000F422CU).state, dy3000::ValueState::invalid);
  EXPECT_EQ(dy3000::decode_concentration(0x00007FFEU).state, dy3000::ValueState::not_available);
  EXPECT_EQ(dy3000::concentration_value(-1.5), 0x800005DCU);
  EXPECT_EQ(dy3000::inhibition_value(52.4), 0x020CU);
}

TEST(Dy3000Decode, SpecRecordsWithTheItemTable) {
  const auto table = item_table();
  const auto input =
      concat({dy3000::encode_link_answer(kj::test::bytes("PRN 23XX")), table, kWindowAnswer, kRecord5, kRecord6});
  const auto events = decode(input);
  ASSERT_TRUE(errors(events).empty()) << event_lines(events)[0];
  const auto obs = observations(events);
  ASSERT_EQ(obs.size(), 3U);

  const std::uint64_t at5 = 20 + table.size() + kWindowAnswer.size();
  EXPECT_EQ(obs[0].protocol, "dy3000");
  EXPECT_EQ(obs[0].channel, 1);
  EXPECT_EQ(obs[0].item_code, "农药残留");
  EXPECT_EQ(obs[0].item_name, "农药残留");
  EXPECT_EQ(std::get<double>(obs[0].value), 35.6);
  EXPECT_EQ(obs[0].unit, "%");
  EXPECT_TRUE(obs[0].flags.empty());
  EXPECT_EQ(obs[0].measured_at, "2018-03-15T10:20:30");
  EXPECT_EQ(obs[0].raw, kRecord5);
  EXPECT_EQ(obs[0].offset, at5);

  EXPECT_EQ(obs[1].channel, 2);
  EXPECT_EQ(std::get<double>(obs[1].value), 52.4);
  EXPECT_EQ(obs[1].flags, std::vector<std::string>{"suspect"});
  EXPECT_FALSE(obs[1].verdict);
  EXPECT_EQ(obs[1].raw, kRecord5);  // a multi-observation frame: raw is the whole frame

  EXPECT_EQ(obs[2].channel, 1);
  EXPECT_EQ(obs[2].item_code, "甲醛");
  EXPECT_EQ(std::get<double>(obs[2].value), 0.125);
  EXPECT_EQ(obs[2].unit, "mg/kg");
  EXPECT_EQ(obs[2].measured_at, "2018-03-15T11:00:00");
  EXPECT_EQ(obs[2].offset, at5 + kRecord5.size());
}

TEST(Dy3000Decode, TheLastChannelArrives) {
  // LEN = 8 + 8·3 = 32 → 3 entries; the newer driver's (LEN − 12) / 8 = 2 would lose channel 3.
  const auto frame = dy3000::encode_record_answer(record(0, {{1, 0x80, 0, 100}, {2, 0x80, 0, 200}, {3, 0x80, 0, 300}}));
  EXPECT_EQ(frame[8], 32);
  const auto obs = observations(decode(concat({item_table(), frame})));
  ASSERT_EQ(obs.size(), 3U);
  EXPECT_EQ(obs[2].channel, 3);
  EXPECT_EQ(std::get<double>(obs[2].value), 30.0);
}

TEST(Dy3000Decode, ControlInvalidStatusAndSentinelsYieldNothing) {
  const auto inhibition = dy3000::encode_record_answer(record(0, {{0, 0x80, 0, 500},
                                                                  {1, 0x80, 0, dy3000::kInhibitionInvalid},
                                                                  {2, 0x80, 0, dy3000::kInhibitionNotAvailable},
                                                                  {3, 0x00, 0, 250},
                                                                  {4, 0x40, 0, 250},
                                                                  {5, 0x80, 0, 250}}));
  const auto concentration = dy3000::encode_record_answer(record(1, {{1, 0x80, 0, dy3000::kConcentrationInvalid},
                                                                     {2, 0x80, 0, 0x7FFFFFFEU},
                                                                     {3, 0x80, 0, dy3000::kConcentrationNotAvailable},
                                                                     {4, 0x80, 0, 0x00007FFFU},
                                                                     {5, 0x80, 0, 0x000F422CU},
                                                                     {6, 0x80, 0, 0x00007FFEU},
                                                                     {7, 0xC0, 0, 0x800005DCU}}));
  const auto events = decode(concat({item_table(), inhibition, concentration}));
  EXPECT_TRUE(errors(events).empty());
  const auto obs = observations(events);
  ASSERT_EQ(obs.size(), 2U);
  EXPECT_EQ(obs[0].channel, 5);
  EXPECT_EQ(std::get<double>(obs[0].value), 25.0);
  EXPECT_EQ(obs[1].channel, 7);
  EXPECT_EQ(std::get<double>(obs[1].value), -1.5);  // sign-magnitude negative
  EXPECT_EQ(obs[1].flags, std::vector<std::string>{"suspect"});
}

TEST(Dy3000Decode, EmptyRecordAndNoChannelsYieldNothing) {
  RecordAnswer empty = record(0, {{1, 0x80, 0, 100}});
  empty.valid = 0;
  const auto events =
      decode(concat({item_table(), dy3000::encode_record_answer(empty), dy3000::encode_record_answer(record(0, {}))}));
  EXPECT_TRUE(events.empty());
}

TEST(Dy3000Decode, MissingItemTableIsAnErrorUnlessAnOptionSaysHow) {
  const auto events = decode(concat({kRecord5, kRecord6}));
  const auto errs = errors(events);
  ASSERT_EQ(errs.size(), 2U);
  EXPECT_EQ(errs[0].code, Errc::bad_layout);
  EXPECT_NE(errs[0].message.find("item table"), std::string::npos);
  EXPECT_EQ(errs[0].offset, 0U);
  EXPECT_TRUE(observations(events).empty());

  const auto inhibition = observations(decode(kRecord5, Split::whole, {{"default_method", "inhibition"}}));
  ASSERT_EQ(inhibition.size(), 2U);
  EXPECT_EQ(inhibition[0].item_code, "item-0");
  EXPECT_FALSE(inhibition[0].item_name);
  EXPECT_EQ(inhibition[0].unit, "%");
  EXPECT_EQ(std::get<double>(inhibition[0].value), 35.6);

  const auto concentration = observations(decode(kRecord6, Split::whole, {{"default_method", "concentration"}}));
  ASSERT_EQ(concentration.size(), 1U);
  EXPECT_EQ(concentration[0].item_code, "item-1");
  EXPECT_FALSE(concentration[0].unit);
  EXPECT_EQ(std::get<double>(concentration[0].value), 0.125);
}

TEST(Dy3000Decode, ItemBeyondTheTableIsLikeAMissingTable) {
  const auto events = decode(concat({item_table(), dy3000::encode_record_answer(record(2, {{1, 0x80, 0, 1}}))}));
  ASSERT_EQ(errors(events).size(), 1U);
  EXPECT_EQ(errors(events)[0].code, Errc::bad_layout);
}

TEST(Dy3000Decode, TableStartsAfreshForANewRead) {
  // A second table read (after the first ended) replaces the first: item 0 is now 甲醛.
  const std::vector<dy3000::ItemSlot> swapped{two_items()[1]};
  const auto input = concat({item_table(), dy3000::encode_item_page_answer(0, swapped), kRecord6});
  const auto events = decode(input);
  ASSERT_EQ(errors(events).size(), 1U);  // record 6 names item 1, which the new table lacks

  const auto input2 = concat({item_table(), dy3000::encode_item_page_answer(0, swapped),
                              dy3000::encode_record_answer(record(0, {{1, 0x80, 0, 0x7D}}))});
  const auto obs = observations(decode(input2));
  ASSERT_EQ(obs.size(), 1U);
  EXPECT_EQ(obs[0].item_code, "甲醛");
  EXPECT_EQ(std::get<double>(obs[0].value), 0.125);

  // A host request for page 0 in the capture also starts a new table.
  const auto page0 = dy3000::encode_item_page_answer(0, two_items());
  const auto input3 = concat({page0, dy3000::encode_read_item_page(0), dy3000::encode_item_page_answer(0, swapped),
                              dy3000::encode_record_answer(record(0, {{1, 0x80, 0, 0x7D}}))});
  const auto obs3 = observations(decode(input3));
  ASSERT_EQ(obs3.size(), 1U);
  EXPECT_EQ(obs3[0].item_code, "甲醛");
}

TEST(Dy3000Decode, InvalidItemNameKeepsTheItemsPlace) {
  dy3000::ItemSlot bad = two_items()[0];
  bad.name = {0xFF, 0xFF, 0x00};
  const std::vector<dy3000::ItemSlot> slots{bad, two_items()[1]};
  const auto input =
      concat({dy3000::encode_item_page_answer(0, slots), dy3000::encode_item_page_answer(1, {}), kRecord5, kRecord6});
  const auto events = decode(input);
  const auto errs = errors(events);
  ASSERT_EQ(errs.size(), 1U);
  EXPECT_EQ(errs[0].code, Errc::bad_encoding);
  EXPECT_EQ(errs[0].offset, 0U);
  const auto obs = observations(events);
  ASSERT_EQ(obs.size(), 3U);
  EXPECT_EQ(obs[0].item_code, "item-0");
  EXPECT_FALSE(obs[0].item_name);
  EXPECT_EQ(obs[0].unit, "%");
  EXPECT_EQ(obs[2].item_code, "甲醛");
}

TEST(Dy3000Decode, HostRequestsAreSkippedSilently) {
  const auto input = concat({dy3000::encode_link_test(), dy3000::encode_read_item_page(0), item_table(),
                             dy3000::encode_find_window(DeviceTime{2018, 3, 1}, DeviceTime{2018, 3, 15}), kWindowAnswer,
                             dy3000::encode_read_record(5), kRecord5});
  const auto events = decode(input);
  EXPECT_EQ(events.size(), 2U);
  EXPECT_TRUE(errors(events).empty());
}

TEST(Dy3000Decode, BadHeaderXorIsOneErrorAndResumes) {
  auto bad = kRecord5;
  bad[10] ^= 0x01;
  const auto events = decode(concat({item_table(), bad, kRecord6}));
  const auto errs = errors(events);
  ASSERT_EQ(errs.size(), 1U);
  EXPECT_EQ(errs[0].code, Errc::bad_checksum);
  EXPECT_EQ(errs[0].offset, item_table().size());
  ASSERT_EQ(observations(events).size(), 1U);
  EXPECT_EQ(observations(events)[0].item_code, "甲醛");
}

TEST(Dy3000Decode, BadDataXorIsOneErrorAndResumes) {
  auto bad = kRecord5;
  bad[33] ^= 0x01;  // 35.6 % would become 35.7 %
  const auto events = decode(concat({item_table(), bad, kRecord6}));
  const auto errs = errors(events);
  ASSERT_EQ(errs.size(), 1U);
  EXPECT_EQ(errs[0].code, Errc::bad_checksum);
  EXPECT_EQ(errs[0].message, "bad data XOR (52 bytes skipped)");
  EXPECT_EQ(observations(events).size(), 1U);
}

TEST(Dy3000Decode, OversizeLenIsBufferOverflow) {
  // A header that checks but announces 0x2000 bytes: rejected at once, not waited for.
  std::vector<std::uint8_t> header{0x03, 0xFE, 0x45, 0x00, 0, 0, 0, 0, 0x00, 0x20};
  header.push_back(xor8(header));
  header.push_back(0x00);
  const auto events = decode(concat({header, item_table(), kRecord6}));
  const auto errs = errors(events);
  ASSERT_EQ(errs.size(), 1U);
  EXPECT_EQ(errs[0].code, Errc::buffer_overflow);
  EXPECT_EQ(observations(events).size(), 1U);
}

TEST(Dy3000Decode, GarbageAndTruncation) {
  const auto cut = std::vector<std::uint8_t>(kRecord6.begin(), kRecord6.end() - 3);
  const auto events = decode(concat({hex("03 03 FD 00 FE"), item_table(), kRecord5, hex("12 34"), cut}));
  const auto errs = errors(events);
  ASSERT_EQ(errs.size(), 2U);
  EXPECT_EQ(errs[0].code, Errc::garbage);
  EXPECT_EQ(errs[0].offset, 0U);
  EXPECT_EQ(errs[1].code, Errc::garbage);  // the run starts with the two noise bytes
  EXPECT_EQ(errs[1].offset, 5 + item_table().size() + kRecord5.size());
  EXPECT_EQ(observations(events).size(), 2U);

  const auto only_cut = errors(decode(concat({item_table(), cut})));
  ASSERT_EQ(only_cut.size(), 1U);
  EXPECT_EQ(only_cut[0].code, Errc::truncated);
}

TEST(Dy3000Decode, WrongLengthsAndUnknownCommands) {
  const auto events =
      decode(concat({dy3000::encode_frame(dy3000::Direction::to_host, 0x42, 0, std::vector<std::uint8_t>(100)),
                     dy3000::encode_frame(dy3000::Direction::to_host, 0x45, 5, std::vector<std::uint8_t>(12)),
                     dy3000::encode_frame(dy3000::Direction::to_host, 0x43, 0, std::vector<std::uint8_t>(8)),
                     dy3000::encode_frame(dy3000::Direction::to_host, 0x65, 5, std::vector<std::uint8_t>(16))}));
  const auto errs = errors(events);
  ASSERT_EQ(errs.size(), 4U);
  EXPECT_EQ(errs[0].code, Errc::bad_length);
  EXPECT_EQ(errs[1].code, Errc::bad_length);
  EXPECT_EQ(errs[2].code, Errc::bad_length);
  EXPECT_EQ(errs[3].code, Errc::bad_layout);
}

TEST(Dy3000Decode, ImpossibleDateIsAnErrorForThatRecord) {
  RecordAnswer r = record(0, {{1, 0x80, 0, 100}});
  r.time = dy3000::pack_time(DeviceTime{2018, 13, 1, 0, 0, 0});
  const auto events = decode(concat({item_table(), dy3000::encode_record_answer(r), kRecord5}));
  ASSERT_EQ(errors(events).size(), 1U);
  EXPECT_EQ(errors(events)[0].code, Errc::bad_layout);
  EXPECT_EQ(observations(events).size(), 2U);
}

TEST(Dy3000Decode, SplitsGiveIdenticalEvents) {
  auto bad = kRecord6;
  bad[20] ^= 0x80;
  const auto input = concat({hex("00 03"), item_table(), kRecord5, bad, hex("03 FE 45"), kRecord6, kRecord5,
                             dy3000::encode_read_record(9), hex("03 FE 45 00 05")});
  const auto whole = decode(input);
  EXPECT_EQ(observations(whole).size(), 5U);
  EXPECT_EQ(errors(whole).size(), 3U);
  EXPECT_EQ(event_lines(decode(input, Split::byte_by_byte)), event_lines(whole));
  for (unsigned seed = 1; seed < 20; ++seed) {
    auto decoder = make();
    EXPECT_EQ(event_lines(decode_all(*decoder, input, Split::random, seed)), event_lines(whole)) << "seed " << seed;
  }
}

TEST(Dy3000Factory, Options) {
  EXPECT_TRUE(make_dy3000_decoder({{"default_method", "inhibition"}}).ok());
  EXPECT_TRUE(make_dy3000_decoder({{"default_method", "concentration"}}).ok());
  const auto bad_value = make_dy3000_decoder({{"default_method", "guess"}});
  ASSERT_FALSE(bad_value.ok());
  EXPECT_EQ(bad_value.error().code, make_error_code(Errc::bad_option));
  const auto bad_key = make_dy3000_decoder({{"method", "inhibition"}});
  ASSERT_FALSE(bad_key.ok());
  EXPECT_EQ(bad_key.error().code, make_error_code(Errc::bad_option));
}

TEST(Dy3000Captures, MatchExpectedOutput) {
  kj::test::expect_captures_match("dy3000", [] { return make(); });
}

}  // namespace
}  // namespace kj::protocols
