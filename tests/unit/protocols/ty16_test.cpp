// Tianyang keypad TTNJ-8/16 ("ty16"): the worked examples of instruments.md §3, the channel
// mask cross-check in both bit orders, host traffic in a capture, resynchronisation by
// structure, the encoders, and the captures in samples/captures/ty16.
#include "protocols/tianyang/ty16_decoder.hpp"

#include <cmath>

#include <gtest/gtest.h>

#include "protocols/tianyang/tianyang_link.hpp"
#include "protocols/tianyang/ty16_group.hpp"
#include "protocols/tianyang/wire_float.hpp"
#include "tests/support/test_support.hpp"

namespace kj::protocols {
namespace {

using test::decode_all;
using test::errors;
using test::hex;
using test::observations;
using test::Split;
using tianyang::MaskBitOrder;
using tianyang::Ty16Group;
using tianyang::Ty16Slot;

// instruments.md §3, Example A: the first reply, mask 0x81, channels 1 and 8.
const std::string kExampleA =
    "1B C1 1E 2D 0E 0F 03 01 12 81 00"
    "3F 4F F2 E5 41 BC 00 00" +
    std::string(6 * 16, '0') + "3E CD D2 F2 42 74 CC CD";
// Example B: a following group, mask 0x03, channels 1 and 2 (LSB-first).
const std::string kExampleB =
    "05 32 0E 0F 03 01 12 03 00"
    "3F 43 D7 0A 41 44 00 00   3F 0D 14 E4 42 5C 00 00" +
    std::string(6 * 16, '0');

std::unique_ptr<Decoder> make(const CodecOptions& options = {}) {
  auto decoder = make_ty16_decoder(options);
  EXPECT_TRUE(decoder.ok());
  return std::move(decoder).value();
}

std::vector<DecodeEvent> decode(const std::vector<std::uint8_t>& input, const CodecOptions& options = {},
                                Split split = Split::whole) {
  auto decoder = make(options);
  return decode_all(*decoder, input, split);
}

std::vector<std::uint8_t> concat(std::initializer_list<std::vector<std::uint8_t>> parts) {
  std::vector<std::uint8_t> out;
  for (const auto& part : parts) out.insert(out.end(), part.begin(), part.end());
  return out;
}

// Events as text, to compare whole event lists (Observation has no usable == while
// DeviceIdentity lacks one).
std::vector<std::string> lines(const std::vector<DecodeEvent>& events) {
  std::vector<std::string> out;
  for (const auto& event : events) {
    if (const auto* o = std::get_if<Observation>(&event)) out.push_back(to_json(*o) + " @" + std::to_string(o->offset));
    if (const auto* e = std::get_if<DecodeError>(&event)) out.push_back(to_json(*e));
  }
  return out;
}

double a3(const Observation& o) {
  return o.readings.a3.value_or(-1);
}

TEST(Ty16, VendorSampleFloats) {
  const auto value = [](std::string_view text) {
    const auto bytes = hex(text);
    return tianyang::read_float32_be(std::span<const std::uint8_t, 4>(bytes.data(), 4));
  };
  EXPECT_NEAR(value("3F F7 53 7E"), 1.9322, 5e-5);
  EXPECT_NEAR(value("44 7C BC 7C"), 1010.945, 5e-4);
  EXPECT_NEAR(value("3F 18 92 8B"), 0.5960, 5e-5);
  EXPECT_NEAR(value("42 0B 32 FB"), 34.80, 5e-4);
  EXPECT_DOUBLE_EQ(tianyang::round_2dp(value("3F F7 53 7E")), 1.93);
  EXPECT_DOUBLE_EQ(tianyang::round_2dp(value("42 0B 32 FB")), 34.80);
  EXPECT_DOUBLE_EQ(tianyang::round_2dp(value("44 7C BC 7C")), 1010.95);
  // The spec examples' floats, read back and widened to their shortest decimal.
  EXPECT_EQ(tianyang::widen_shortest(value("3F 4F F2 E5")), 0.8123);
  EXPECT_EQ(tianyang::widen_shortest(value("3E CD D2 F2")), 0.402);
  EXPECT_EQ(tianyang::widen_shortest(value("3F 43 D7 0A")), 0.765);
  EXPECT_EQ(tianyang::widen_shortest(value("3F 0D 14 E4")), 0.5511);
  EXPECT_EQ(value("42 74 CC CD"), 61.2F);
  // And the other way round.
  EXPECT_EQ(tianyang::float32_be(0.8123F), (std::array<std::uint8_t, 4>{0x3F, 0x4F, 0xF2, 0xE5}));
  EXPECT_EQ(tianyang::float32_be(61.2F), (std::array<std::uint8_t, 4>{0x42, 0x74, 0xCC, 0xCD}));
  EXPECT_EQ(tianyang::round_2dp(-0.001), 0.0);
  EXPECT_FALSE(std::signbit(tianyang::round_2dp(-0.001)));
}

TEST(Ty16, ExampleA) {
  const auto input = hex(kExampleA);
  ASSERT_EQ(input.size(), 75U);
  const auto events = decode(input);
  EXPECT_TRUE(errors(events).empty());
  const auto obs = observations(events);
  ASSERT_EQ(obs.size(), 2U);
  EXPECT_EQ(obs[0].channel, 1);
  EXPECT_EQ(std::get<double>(obs[0].value), 23.5);
  EXPECT_EQ(a3(obs[0]), 0.8123);
  EXPECT_EQ(obs[1].channel, 8);
  EXPECT_EQ(std::get<double>(obs[1].value), 61.2);
  EXPECT_EQ(a3(obs[1]), 0.402);
  for (const auto& o : obs) {
    EXPECT_EQ(o.protocol, "ty16");
    EXPECT_EQ(o.item_code, "pesticide");
    EXPECT_EQ(o.item_name, "农药残留");
    EXPECT_EQ(o.unit, "%");
    EXPECT_EQ(o.measured_at, "2018-03-15T14:45:30");
    EXPECT_FALSE(o.verdict);  // the device does not judge
    EXPECT_FALSE(o.device);   // no model answer in this capture
    EXPECT_EQ(o.raw, input);  // the whole first reply, 1B C1 included
    EXPECT_EQ(o.offset, 0U);
  }
  EXPECT_EQ(to_json(obs[0]),
            R"({"protocol":"ty16","channel":1,"item_code":"pesticide","item_name":"农药残留","value":23.5,)"
            R"("unit":"%","readings":{"a3":0.8123},"measured_at":"2018-03-15T14:45:30","raw":")" +
                to_hex(input) + R"("})");
  // Both bit orders agree on mask 0x81.
  EXPECT_TRUE(errors(decode(input, {{"mask_bit_order", "msb"}})).empty());
}

TEST(Ty16, ExampleBLsbFirst) {
  const auto input = hex(kExampleB);
  ASSERT_EQ(input.size(), 73U);
  const auto events = decode(input);
  EXPECT_TRUE(errors(events).empty());
  const auto obs = observations(events);
  ASSERT_EQ(obs.size(), 2U);
  EXPECT_EQ(obs[0].channel, 1);
  EXPECT_EQ(std::get<double>(obs[0].value), 12.25);
  EXPECT_EQ(a3(obs[0]), 0.765);
  EXPECT_EQ(obs[1].channel, 2);
  EXPECT_EQ(std::get<double>(obs[1].value), 55.0);
  EXPECT_EQ(a3(obs[1]), 0.5511);
  EXPECT_EQ(obs[0].measured_at, "2018-03-15T14:50:05");
  EXPECT_EQ(obs[1].measured_at, "2018-03-15T14:50:05");
}

TEST(Ty16, ExampleBMsbFirstWarnsButDecodesByContent) {
  const auto input = hex(kExampleB);
  const auto events = decode(input, {{"mask_bit_order", "msb"}});
  ASSERT_EQ(events.size(), 3U);
  const auto errs = errors(events);
  ASSERT_EQ(errs.size(), 1U);
  EXPECT_EQ(errs[0].code, Errc::bad_layout);
  EXPECT_EQ(errs[0].offset, 0U);
  EXPECT_EQ(errs[0].message,
            "warning: TY16 channel mask 0x03 read msb-first names channels 7,8 but channels 1,2 carry data; "
            "the channels were decoded by their content");
  EXPECT_TRUE(std::holds_alternative<DecodeError>(events[0]));  // the warning comes before the values
  const auto obs = observations(events);
  ASSERT_EQ(obs.size(), 2U);
  EXPECT_EQ(obs[0].channel, 1);
  EXPECT_EQ(std::get<double>(obs[0].value), 12.25);
  EXPECT_EQ(obs[1].channel, 2);
  EXPECT_EQ(std::get<double>(obs[1].value), 55.0);
  // With the check off, no warning.
  EXPECT_TRUE(errors(decode(input, {{"mask_bit_order", "none"}})).empty());
  EXPECT_EQ(observations(decode(input, {{"mask_bit_order", "none"}})).size(), 2U);
}

TEST(Ty16, MaskMismatchInLsbOrder) {
  auto input = hex(kExampleB);
  input[7] = 0x05;  // names channels 1 and 3; data is in 1 and 2
  const auto events = decode(input);
  ASSERT_EQ(errors(events).size(), 1U);
  EXPECT_EQ(errors(events)[0].message,
            "warning: TY16 channel mask 0x05 read lsb-first names channels 1,3 but channels 1,2 carry data; "
            "the channels were decoded by their content");
  EXPECT_EQ(observations(events).size(), 2U);
}

TEST(Ty16, EncoderReproducesTheExamples) {
  Ty16Group a;
  a.time = DeviceTime{2018, 3, 15, 14, 45, 30};
  a.sample_type = 1;
  a.channel_mask = 0x81;
  a.slots[0] = Ty16Slot{0.8123F, 23.5F};
  a.slots[7] = Ty16Slot{0.4020F, 61.2F};
  EXPECT_EQ(tianyang::encode_ty16_first_reply(a), hex(kExampleA));
  EXPECT_EQ(tianyang::mask_of_present_slots(a, MaskBitOrder::lsb), 0x81);
  EXPECT_EQ(tianyang::mask_of_present_slots(a, MaskBitOrder::msb), 0x81);

  Ty16Group b;
  b.time = DeviceTime{2018, 3, 15, 14, 50, 5};
  b.sample_type = 1;
  b.slots[0] = Ty16Slot{0.7650F, 12.25F};
  b.slots[1] = Ty16Slot{0.5511F, 55.0F};
  b.channel_mask = tianyang::mask_of_present_slots(b, MaskBitOrder::lsb);
  EXPECT_EQ(b.channel_mask, 0x03);
  EXPECT_EQ(tianyang::mask_of_present_slots(b, MaskBitOrder::msb), 0xC0);
  const auto bytes = tianyang::encode_ty16_group(b);
  EXPECT_EQ(bytes, hex(kExampleB));
  EXPECT_EQ(tianyang::parse_ty16_group(std::span<const std::uint8_t, 73>(bytes.data(), 73)), b);
}

TEST(Ty16, HostRequestsAndDeviceMarkers) {
  EXPECT_EQ(tianyang::encode_link_test(), hex("1B BF"));
  EXPECT_EQ(tianyang::encode_start_download(), hex("1B B1"));
  EXPECT_EQ(tianyang::encode_next_group(), hex("24"));
  EXPECT_EQ(tianyang::encode_end_session(), hex("1B FF"));
  EXPECT_EQ(tianyang::encode_erase_all(), hex("1B B9"));
  EXPECT_EQ(tianyang::encode_model_answer(0x02), hex("1B 02"));
  EXPECT_EQ(tianyang::encode_no_more_data(), hex("1B FE"));
  EXPECT_EQ(tianyang::encode_download_started(), hex("1B C1"));
}

// What the device sent in a whole session, and the same session with the host's bytes in it.
std::vector<std::uint8_t> device_session() {
  return concat({hex("1B 02"), hex(kExampleA), hex(kExampleB), hex("1B FE")});
}
std::vector<std::uint8_t> interleaved_session() {
  return concat({hex("1B BF 1B 02 1B B1"), hex(kExampleA), hex("24"), hex(kExampleB), hex("24 1B FE 1B FF")});
}

TEST(Ty16, DeviceSideSession) {
  const auto input = device_session();
  const auto events = decode(input);
  EXPECT_TRUE(errors(events).empty());
  const auto obs = observations(events);
  ASSERT_EQ(obs.size(), 4U);
  EXPECT_EQ(obs[0].offset, 2U);
  EXPECT_EQ(obs[2].offset, 77U);
  EXPECT_EQ(obs[2].raw, hex(kExampleB));
  ASSERT_TRUE(obs[0].device);
  EXPECT_EQ(obs[0].device->maker, "Tianyang");
  EXPECT_EQ(obs[0].device->model, "TTNJ-16");
  EXPECT_EQ(std::get<double>(obs[3].value), 55.0);
}

TEST(Ty16, HostBytesInTheCaptureAreSkipped) {
  const auto device = observations(decode(device_session()));
  const auto events = decode(interleaved_session());
  EXPECT_TRUE(errors(events).empty());
  const auto obs = observations(events);
  ASSERT_EQ(obs.size(), device.size());
  for (std::size_t i = 0; i < obs.size(); ++i) {
    EXPECT_EQ(to_json(obs[i]), to_json(device[i]));  // same values and raw, other offsets
  }
  EXPECT_EQ(obs[0].offset, 6U);
  EXPECT_EQ(obs[2].offset, 82U);
  // Every other host command and the variants of the device answers.
  const auto extra = concat({hex("1B B9 1B BA 1B BB 1B BC 1B BF 1B CF 1B 01 B1 FF"), hex(kExampleB)});
  const auto extra_events = decode(extra);
  EXPECT_TRUE(errors(extra_events).empty());
  ASSERT_EQ(observations(extra_events).size(), 2U);
  EXPECT_EQ(observations(extra_events)[0].device->model, "TTNJ-8");
}

TEST(Ty16, SplitsGiveIdenticalEvents) {
  for (const auto& input : {device_session(), interleaved_session(), hex(kExampleB)}) {
    for (const auto& options : {CodecOptions{}, CodecOptions{{"mask_bit_order", "msb"}}}) {
      const auto whole = lines(decode(input, options, Split::whole));
      EXPECT_EQ(lines(decode(input, options, Split::byte_by_byte)), whole);
      for (unsigned seed = 1; seed <= 5; ++seed) {
        auto decoder = make(options);
        EXPECT_EQ(lines(decode_all(*decoder, input, Split::random, seed)), whole);
      }
    }
  }
}

Ty16Group group_at_second(int second) {
  Ty16Group g;
  g.time = DeviceTime{2018, 3, 15, 14, 50, second};
  g.sample_type = 1;
  g.slots[2] = Ty16Slot{0.5F, 40.0F};
  g.channel_mask = 0x04;
  return g;
}

TEST(Ty16, GroupStartingWith24IsAGroupOrARequestByContext) {
  const auto g36 = tianyang::encode_ty16_group(group_at_second(36));
  ASSERT_EQ(g36[0], 0x24);
  // Device side only: the 24 is a second.
  const auto device = concat({hex(kExampleA), g36, hex("1B FE")});
  auto obs = observations(decode(device));
  ASSERT_EQ(obs.size(), 3U);
  EXPECT_EQ(obs[2].measured_at, "2018-03-15T14:50:36");
  EXPECT_EQ(obs[2].channel, 3);
  // With host bytes: the first 24 is the request, the second one the group's second.
  const auto interleaved = concat({hex("1B B1"), hex(kExampleA), hex("24"), g36, hex("24 1B FE")});
  const auto events = decode(interleaved);
  EXPECT_TRUE(errors(events).empty());
  obs = observations(events);
  ASSERT_EQ(obs.size(), 3U);
  EXPECT_EQ(obs[2].measured_at, "2018-03-15T14:50:36");
  EXPECT_EQ(obs[2].offset, 78U);
  // A request in a device-only capture (the capture started after the host's 1B B1).
  const auto request_first = concat({hex("24"), hex(kExampleB)});
  const auto first_events = decode(request_first);
  EXPECT_TRUE(errors(first_events).empty());
  EXPECT_EQ(observations(first_events).size(), 2U);
}

TEST(Ty16, GroupStartingWith1BInsideADownload) {
  const auto g27 = tianyang::encode_ty16_group(group_at_second(27));
  ASSERT_EQ(g27[0], 0x1B);
  const auto input = concat({hex(kExampleA), g27, hex("1B FE")});
  const auto events = decode(input);
  EXPECT_TRUE(errors(events).empty());
  const auto obs = observations(events);
  ASSERT_EQ(obs.size(), 3U);
  EXPECT_EQ(obs[2].measured_at, "2018-03-15T14:50:27");
  // Minute 2 makes it start 1B 02, a model code: still a group inside a download.
  auto g = group_at_second(27);
  g.time.minute = 2;
  const auto g27m2 = tianyang::encode_ty16_group(g);
  ASSERT_EQ(g27m2[1], 0x02);
  const auto obs2 = observations(decode(concat({hex(kExampleA), g27m2})));
  ASSERT_EQ(obs2.size(), 3U);
  EXPECT_EQ(obs2[2].measured_at, "2018-03-15T14:02:27");
  EXPECT_FALSE(obs2[2].device);
}

TEST(Ty16, GarbageBetweenGroupsIsOneErrorAndDecodingResumes) {
  const auto input = concat({hex(kExampleA), hex("FF EE 99 24 77"), hex(kExampleB), hex("1B FE")});
  for (const Split split : {Split::whole, Split::byte_by_byte, Split::random}) {
    const auto events = decode(input, {}, split);
    const auto errs = errors(events);
    ASSERT_EQ(errs.size(), 1U);
    EXPECT_EQ(errs[0].code, Errc::garbage);
    EXPECT_EQ(errs[0].offset, 75U);
    EXPECT_EQ(errs[0].message, "no TY16 group here: second above 59 (5 bytes skipped)");
    const auto obs = observations(events);
    ASSERT_EQ(obs.size(), 4U);
    EXPECT_EQ(obs[2].offset, 80U);
    EXPECT_EQ(std::get<double>(obs[3].value), 55.0);
  }
}

TEST(Ty16, ALostByteInsideAGroupLosesThatGroupOnly) {
  auto b = hex(kExampleB);
  b.erase(b.begin() + 20);  // inside channel 2's absorbance
  const auto input = concat({hex(kExampleA), b, hex(kExampleB), hex("1B FE")});
  const auto events = decode(input);
  const auto errs = errors(events);
  ASSERT_EQ(errs.size(), 1U);
  EXPECT_EQ(errs[0].code, Errc::garbage);
  EXPECT_EQ(errs[0].offset, 75U);
  const auto obs = observations(events);
  ASSERT_EQ(obs.size(), 4U);
  EXPECT_EQ(obs[2].offset, 75U + 72U);
  EXPECT_EQ(lines(decode(input, {}, Split::byte_by_byte)), lines(events));
}

TEST(Ty16, ImpossibleDatesAreNotGroups) {
  auto input = hex(kExampleB);
  input[3] = 30;  // 30 February
  input[4] = 2;
  const auto events = decode(input);
  ASSERT_EQ(errors(events).size(), 1U);
  EXPECT_EQ(errors(events)[0].message, "no TY16 group here: day past the end of its month (73 bytes skipped)");
  EXPECT_TRUE(observations(events).empty());
}

TEST(Ty16, NonFiniteSlotIsNotAGroup) {
  auto input = hex(kExampleB);
  input[9] = 0x7F;  // channel 1 absorbance 7F C3 D7 0A: NaN
  input[10] = 0xC3;
  const auto events = decode(input);
  ASSERT_EQ(errors(events).size(), 1U);
  EXPECT_EQ(errors(events)[0].code, Errc::garbage);
  EXPECT_TRUE(observations(events).empty());
}

TEST(Ty16, TruncatedGroupAtTheEnd) {
  const auto full = concat({hex(kExampleA), hex(kExampleB)});
  const std::vector<std::uint8_t> input(full.begin(), full.end() - 30);
  for (const Split split : {Split::whole, Split::byte_by_byte, Split::random}) {
    const auto events = decode(input, {}, split);
    EXPECT_EQ(observations(events).size(), 2U);
    const auto errs = errors(events);
    ASSERT_EQ(errs.size(), 1U);
    EXPECT_EQ(errs[0].code, Errc::truncated);
    EXPECT_EQ(errs[0].offset, 75U);
  }
  // A truncated first reply.
  const auto first = hex(kExampleA);
  const std::vector<std::uint8_t> cut(first.begin(), first.begin() + 40);
  const auto errs = errors(decode(cut));
  ASSERT_EQ(errs.size(), 1U);
  EXPECT_EQ(errs[0].code, Errc::truncated);
  EXPECT_EQ(errs[0].offset, 0U);
}

TEST(Ty16, BadFirstReplyIsGarbage) {
  auto input = hex(kExampleA);
  input[4] = 99;  // hour 99
  const auto events = decode(concat({input, hex(kExampleB)}));
  const auto errs = errors(events);
  ASSERT_EQ(errs.size(), 1U);
  EXPECT_EQ(errs[0].offset, 0U);
  EXPECT_EQ(errs[0].message, "1B C1 (download started) not followed by a plausible TY16 group (75 bytes skipped)");
  EXPECT_EQ(observations(events).size(), 2U);
}

TEST(Ty16, ItemBySampleType) {
  const auto obs = observations(decode(hex(kExampleB), {{"item", "sample-type"}}));
  ASSERT_EQ(obs.size(), 2U);
  EXPECT_EQ(obs[0].item_code, "type-1");
  EXPECT_FALSE(obs[0].item_name);
  EXPECT_FALSE(obs[0].unit);
  EXPECT_EQ(std::get<double>(obs[0].value), 12.25);
}

TEST(Ty16, Options) {
  EXPECT_TRUE(make_ty16_decoder({{"mask_bit_order", "lsb"}, {"item", "pesticide"}}).ok());
  for (const CodecOptions& bad :
       {CodecOptions{{"mask_bit_order", "LSB"}}, CodecOptions{{"item", "x"}}, CodecOptions{{"baud", "9600"}}}) {
    const auto decoder = make_ty16_decoder(bad);
    ASSERT_FALSE(decoder.ok());
    EXPECT_EQ(decoder.error().code, make_error_code(Errc::bad_option));
    EXPECT_FALSE(decoder.error().detail.zh.empty());
  }
}

TEST(Ty16, ModelNames) {
  EXPECT_EQ(tianyang::ty16_model_name(0x01), "TTNJ-8");
  EXPECT_EQ(tianyang::ty16_model_name(0x02), "TTNJ-16");
  EXPECT_EQ(tianyang::ty16_model_name(0x24), "TTJ-8H24");
  EXPECT_FALSE(tianyang::ty16_model_name(0x05));
}

TEST(Ty16, NothingButNoise) {
  const auto input = hex("00 00 00 00 00 00 00 00 FF FF");
  const auto events = decode(input);
  ASSERT_EQ(events.size(), 1U);
  EXPECT_EQ(errors(events)[0].offset, 0U);
  EXPECT_TRUE(decode({}).empty());
}

TEST(Ty16, Captures) {
  test::expect_captures_match("ty16", [] { return make(); });
}

}  // namespace
}  // namespace kj::protocols
