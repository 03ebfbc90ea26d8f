// Tianyang smart TTNJ-Z16/Z24 ("tyz24"): instruments.md §4 gives no example frames, so the
// groups here are built with our encoder and checked field by field against the layout table;
// then the decoder: channels, values, verdicts, GBK names, host traffic, resynchronisation.
#include "protocols/tianyang/tyz24_decoder.hpp"

#include <gtest/gtest.h>

#include "protocols/text/gbk.hpp"
#include "protocols/tianyang/tianyang_link.hpp"
#include "protocols/tianyang/tyz24_group.hpp"
#include "protocols/tianyang/wire_float.hpp"
#include "tests/support/test_support.hpp"

namespace kj::protocols {
namespace {

using test::decode_all;
using test::errors;
using test::hex;
using test::observations;
using test::Split;
using tianyang::Tyz24Group;
using tianyang::Tyz24Record;

Tyz24Record record(std::uint8_t code, std::string name, float absorbance, float delta_a, float result,
                   std::uint8_t verdict) {
  Tyz24Record r;
  r.channel_code = code;
  r.test_number = static_cast<std::uint16_t>(100 + code);
  r.sample_name = std::move(name);
  r.source = "城关";
  r.source_remark = "农贸市场";
  r.absorbance = absorbance;
  r.delta_a = delta_a;
  r.result = result;
  r.verdict = verdict;
  return r;
}

// Record 1 (A1) passes, record 2 (A2) fails, record 4 (B3 = channel 11) is invalid; 3 absent.
Tyz24Group first_group() {
  Tyz24Group g;
  g.record_number = 1;
  g.date_text = "2018-03-15";
  g.tester = "张三";
  g.records[0] = record(0x21, "青菜", 0.8123F, 0.2010F, 0.3333F, 0x01);
  g.records[1] = record(0x22, "韭菜12", 0.5511F, 0.0512F, 0.8234F, 0x02);
  g.records[3] = record(0x33, "菠菜", 0.0F, 0.0F, 0.0F, 0x00);
  return g;
}

// A Z24 group with the C row.
Tyz24Group second_group() {
  Tyz24Group g;
  g.record_number = 2;
  g.date_text = "2018/3/5";
  g.tester = "Li";
  g.records[7] = record(0x48, "生菜", 0.7650F, 0.1500F, 0.1225F, 0x01);
  return g;
}

std::vector<std::uint8_t> encode(const Tyz24Group& g) {
  auto bytes = tianyang::encode_tyz24_group(g);
  EXPECT_TRUE(bytes.ok());
  return bytes.ok() ? std::move(bytes).value() : std::vector<std::uint8_t>{};
}

std::vector<std::uint8_t> concat(std::initializer_list<std::vector<std::uint8_t>> parts) {
  std::vector<std::uint8_t> out;
  for (const auto& part : parts) out.insert(out.end(), part.begin(), part.end());
  return out;
}

std::vector<DecodeEvent> decode(const std::vector<std::uint8_t>& input, Split split = Split::whole, unsigned seed = 1) {
  auto decoder = make_tyz24_decoder({});
  EXPECT_TRUE(decoder.ok());
  return decode_all(**decoder, input, split, seed);
}

std::vector<std::string> lines(const std::vector<DecodeEvent>& events) {
  std::vector<std::string> out;
  for (const auto& event : events) {
    if (const auto* o = std::get_if<Observation>(&event)) out.push_back(to_json(*o) + " @" + std::to_string(o->offset));
    if (const auto* e = std::get_if<DecodeError>(&event)) out.push_back(to_json(*e));
  }
  return out;
}

TEST(Tyz24, ChannelCodes) {
  EXPECT_EQ(tianyang::tyz24_channel(0x21), 1);
  EXPECT_EQ(tianyang::tyz24_channel(0x28), 8);
  EXPECT_EQ(tianyang::tyz24_channel(0x31), 9);
  EXPECT_EQ(tianyang::tyz24_channel(0x38), 16);
  EXPECT_EQ(tianyang::tyz24_channel(0x41), 17);
  EXPECT_EQ(tianyang::tyz24_channel(0x48), 24);
  for (const std::uint8_t bad : {0x00, 0x20, 0x29, 0x30, 0x39, 0x11, 0x51, 0xFF}) {
    EXPECT_FALSE(tianyang::tyz24_channel(bad)) << int{bad};
  }
  for (int channel = 1; channel <= 24; ++channel) {
    const auto code = tianyang::tyz24_channel_code(channel);
    ASSERT_TRUE(code);
    EXPECT_EQ(tianyang::tyz24_channel(*code), channel);
  }
  EXPECT_FALSE(tianyang::tyz24_channel_code(0));
  EXPECT_FALSE(tianyang::tyz24_channel_code(25));
  EXPECT_EQ(tianyang::tyz24_channel_label(0x21), "A1");
  EXPECT_EQ(tianyang::tyz24_channel_label(0x33), "B3");
  EXPECT_EQ(tianyang::tyz24_channel_label(0x48), "C8");
  EXPECT_EQ(tianyang::tyz24_channel_label(0x50), "code 80");
}

TEST(Tyz24, EncoderFollowsTheLayoutTable) {
  const auto bytes = encode(first_group());
  ASSERT_EQ(bytes.size(), 501U);
  EXPECT_EQ(std::vector<std::uint8_t>(bytes.begin(), bytes.begin() + 5), hex("00 00 00 01 00"));
  EXPECT_EQ(std::string(bytes.begin() + 5, bytes.begin() + 15), "2018-03-15");
  EXPECT_EQ(bytes[15], 0);
  EXPECT_EQ(std::vector<std::uint8_t>(bytes.begin() + 16, bytes.begin() + 21), hex("D5 C5 C8 FD 00"));  // 张三
  EXPECT_EQ(bytes[27], 0x00);
  EXPECT_EQ(bytes[28], 0x0B);  // records 0, 1 and 3
  // Record 0 at 29: channel, test number, name (GBK 青菜 = C7 E0 B2 CB), then the floats.
  EXPECT_EQ(bytes[29], 0x21);
  EXPECT_EQ(std::vector<std::uint8_t>(bytes.begin() + 30, bytes.begin() + 32), hex("00 85"));
  EXPECT_EQ(std::vector<std::uint8_t>(bytes.begin() + 32, bytes.begin() + 37), hex("C7 E0 B2 CB 00"));
  EXPECT_EQ(std::vector<std::uint8_t>(bytes.begin() + 47, bytes.begin() + 52), hex("B3 C7 B9 D8 00"));  // 城关
  EXPECT_EQ(std::vector<std::uint8_t>(bytes.begin() + 75, bytes.begin() + 79), hex("3F 4F F2 E5"));     // 0.8123
  EXPECT_EQ(std::vector<std::uint8_t>(bytes.begin() + 83, bytes.begin() + 87), hex("3E AA A6 4C"));     // 0.3333
  EXPECT_EQ(bytes[87], 0x01);
  // Record 1 starts 59 bytes later; record 2 is all zero.
  EXPECT_EQ(bytes[29 + 59], 0x22);
  EXPECT_EQ(bytes[87 + 59], 0x02);
  EXPECT_TRUE(std::all_of(bytes.begin() + 29 + 2 * 59, bytes.begin() + 29 + 3 * 59, [](auto b) { return b == 0; }));
  EXPECT_EQ(bytes[29 + 3 * 59], 0x33);
  // And back.
  EXPECT_EQ(tianyang::parse_tyz24_group(std::span<const std::uint8_t, 501>(bytes.data(), 501)), first_group());
}

TEST(Tyz24, EncoderRejectsTextsThatDoNotFit) {
  auto g = first_group();
  g.records[0]->sample_name = "一二三四五六七八";  // 16 GBK bytes in a 15-byte field
  auto bytes = tianyang::encode_tyz24_group(g);
  ASSERT_FALSE(bytes.ok());
  EXPECT_EQ(bytes.error().code, make_error_code(Errc::bad_length));
  g = first_group();
  g.tester = "\xF0\x9F\x98\x80";  // an emoji: no GBK form
  bytes = tianyang::encode_tyz24_group(g);
  ASSERT_FALSE(bytes.ok());
  EXPECT_EQ(bytes.error().code, make_error_code(Errc::bad_encoding));
}

TEST(Tyz24, DecodesASession) {
  const auto g1 = encode(first_group());
  const auto g2 = encode(second_group());
  const auto input = concat({hex("1B 05 1B C1"), g1, g2, hex("1B FE")});
  const auto events = decode(input);
  EXPECT_TRUE(errors(events).empty());
  const auto obs = observations(events);
  ASSERT_EQ(obs.size(), 4U);

  EXPECT_EQ(obs[0].channel, 1);
  EXPECT_EQ(obs[0].sample_name, "青菜");
  EXPECT_EQ(std::get<double>(obs[0].value), 33.33);
  EXPECT_EQ(obs[0].readings.a3, 0.8123);
  EXPECT_EQ(obs[0].readings.delta_a, 0.201);
  EXPECT_EQ(obs[0].verdict, Verdict::negative);
  EXPECT_EQ(obs[0].measured_at, "2018-03-15");
  EXPECT_EQ(obs[0].offset, 4U);
  EXPECT_EQ(obs[0].raw, g1);

  EXPECT_EQ(obs[1].channel, 2);
  EXPECT_EQ(obs[1].sample_name, "韭菜12");  // digits kept as sent
  EXPECT_EQ(std::get<double>(obs[1].value), 82.34);
  EXPECT_EQ(obs[1].verdict, Verdict::positive);

  EXPECT_EQ(obs[2].channel, 11);  // B3
  EXPECT_EQ(std::get<double>(obs[2].value), 0.0);
  EXPECT_EQ(obs[2].verdict, Verdict::invalid);

  EXPECT_EQ(obs[3].channel, 24);  // C8
  EXPECT_EQ(std::get<double>(obs[3].value), 12.25);
  EXPECT_EQ(obs[3].measured_at, "2018-03-05");
  EXPECT_EQ(obs[3].offset, 505U);
  for (const auto& o : obs) {
    EXPECT_EQ(o.protocol, "tyz24");
    EXPECT_EQ(o.item_code, "pesticide");
    EXPECT_EQ(o.item_name, "农药残留");
    EXPECT_EQ(o.unit, "%");
  }
  EXPECT_EQ(to_json(obs[0]),
            R"({"protocol":"tyz24","channel":1,"sample_name":"青菜","item_code":"pesticide","item_name":"农药残留",)"
            R"("value":33.33,"unit":"%","readings":{"a3":0.8123,"delta_a":0.201},"verdict":"negative",)"
            R"("measured_at":"2018-03-15","raw":")" +
                to_hex(g1) + R"("})");
}

TEST(Tyz24, HostBytesInTheCaptureAreSkipped) {
  const auto g1 = encode(first_group());
  const auto g2 = encode(second_group());
  const auto device = observations(decode(concat({hex("1B 05 1B C1"), g1, g2, hex("1B FE")})));
  const auto input = concat({hex("1B BF 1B 05 1B B1 1B C1 24"), g1, g2, hex("1B FE 1B FF 1B B9")});
  const auto events = decode(input);
  EXPECT_TRUE(errors(events).empty());
  const auto obs = observations(events);
  ASSERT_EQ(obs.size(), device.size());
  for (std::size_t i = 0; i < obs.size(); ++i) EXPECT_EQ(to_json(obs[i]), to_json(device[i]));
  EXPECT_EQ(obs[0].offset, 9U);
}

TEST(Tyz24, SplitsGiveIdenticalEvents) {
  const auto g1 = encode(first_group());
  const auto g2 = encode(second_group());
  const auto input = concat({hex("1B BF 1B 05 1B B1 1B C1 24"), g1, hex("77 88"), g2, hex("1B FE"),
                             std::vector<std::uint8_t>(g1.begin(), g1.begin() + 100)});
  const auto whole = lines(decode(input));
  EXPECT_EQ(whole.size(), 6U);  // 4 observations, the garbage and the truncated group
  EXPECT_EQ(lines(decode(input, Split::byte_by_byte)), whole);
  for (unsigned seed = 1; seed <= 5; ++seed) EXPECT_EQ(lines(decode(input, Split::random, seed)), whole);
}

TEST(Tyz24, InvalidGbkNameIsAWarningAndTheRecordStillComesOut) {
  auto bytes = encode(first_group());
  bytes[32] = 0xB0;  // a GBK lead byte followed by a space: not a character
  bytes[33] = 0x20;
  const auto events = decode(bytes);
  ASSERT_EQ(events.size(), 4U);
  const auto errs = errors(events);
  ASSERT_EQ(errs.size(), 1U);
  EXPECT_EQ(errs[0].code, Errc::bad_encoding);
  EXPECT_EQ(errs[0].offset, 0U);
  EXPECT_EQ(errs[0].message,
            "warning: TYZ24 record 1 (channel A1) has a sample name that is not valid GB2312/GBK; it was left out");
  const auto obs = observations(events);
  ASSERT_EQ(obs.size(), 3U);
  EXPECT_EQ(obs[0].channel, 1);
  EXPECT_FALSE(obs[0].sample_name);
  EXPECT_EQ(std::get<double>(obs[0].value), 33.33);
  EXPECT_EQ(obs[1].sample_name, "韭菜12");
}

TEST(Tyz24, EmptyOrPaddedNames) {
  auto g = second_group();
  g.records[7]->sample_name = "";
  auto obs = observations(decode(encode(g)));
  ASSERT_EQ(obs.size(), 1U);
  EXPECT_FALSE(obs[0].sample_name);
  g.records[7]->sample_name = "白菜   ";
  obs = observations(decode(encode(g)));
  ASSERT_EQ(obs.size(), 1U);
  EXPECT_EQ(obs[0].sample_name, "白菜");
}

TEST(Tyz24, GarbageBetweenGroupsIsOneErrorAndDecodingResumes) {
  const auto g1 = encode(first_group());
  const auto g2 = encode(second_group());
  const auto input = concat({g1, hex("FF 00 13 37 00 24 00"), g2});
  const auto events = decode(input);
  const auto errs = errors(events);
  ASSERT_EQ(errs.size(), 1U);
  EXPECT_EQ(errs[0].code, Errc::garbage);
  EXPECT_EQ(errs[0].offset, 501U);
  const auto obs = observations(events);
  ASSERT_EQ(obs.size(), 4U);
  EXPECT_EQ(obs[3].offset, 508U);
}

TEST(Tyz24, LostBytesInsideAGroupLoseThatGroupOnly) {
  auto g1 = encode(first_group());
  g1.erase(g1.begin() + 60, g1.begin() + 63);
  const auto g2 = encode(second_group());
  const auto input = concat({hex("1B C1"), g1, g2, hex("1B FE")});
  const auto events = decode(input);
  const auto errs = errors(events);
  ASSERT_EQ(errs.size(), 1U);
  EXPECT_EQ(errs[0].offset, 2U);
  const auto obs = observations(events);
  ASSERT_EQ(obs.size(), 1U);
  EXPECT_EQ(obs[0].channel, 24);
  EXPECT_EQ(obs[0].offset, 2U + 498U);
}

TEST(Tyz24, UnknownChannelCodeIsNotAGroup) {
  auto bytes = encode(first_group());
  bytes[29] = 0x29;  // "A9"
  const auto events = decode(bytes);
  ASSERT_EQ(errors(events).size(), 1U);
  EXPECT_EQ(errors(events)[0].message,
            "no TYZ24 group here: a present record has an unknown channel code (501 bytes skipped)");
  EXPECT_TRUE(observations(events).empty());
}

TEST(Tyz24, UnknownEscapeCodeIsGarbage) {
  const auto events = decode(concat({hex("1B 77"), encode(second_group())}));
  ASSERT_EQ(errors(events).size(), 1U);
  EXPECT_EQ(errors(events)[0].message, "no TYZ24 frame here: 1B followed by an unknown code (2 bytes skipped)");
  EXPECT_EQ(observations(events).size(), 1U);
}

TEST(Tyz24, TruncatedGroupAtTheEnd) {
  const auto g1 = encode(first_group());
  const auto input = concat({hex("1B C1"), g1, std::vector<std::uint8_t>(g1.begin(), g1.begin() + 300)});
  const auto events = decode(input);
  EXPECT_EQ(observations(events).size(), 3U);
  const auto errs = errors(events);
  ASSERT_EQ(errs.size(), 1U);
  EXPECT_EQ(errs[0].code, Errc::truncated);
  EXPECT_EQ(errs[0].offset, 503U);
}

TEST(Tyz24, DateTexts) {
  EXPECT_EQ(tianyang::tyz24_date_iso("2018-03-15"), "2018-03-15");
  EXPECT_EQ(tianyang::tyz24_date_iso("2018/3/5"), "2018-03-05");
  EXPECT_EQ(tianyang::tyz24_date_iso("2018.12.31 "), "2018-12-31");
  EXPECT_EQ(tianyang::tyz24_date_iso("20180315"), "2018-03-15");
  for (const char* bad :
       {"", "2018-02-30", "2018-03/15", "18-03-15", "2018-13-01", "2018-03-15x", "abc", "2018-003-15", "20181315"}) {
    EXPECT_FALSE(tianyang::tyz24_date_iso(bad)) << bad;
  }
  // A group whose date text does not read as a date still decodes, without measured_at.
  auto g = second_group();
  g.date_text = "15/03/18";
  const auto obs = observations(decode(encode(g)));
  ASSERT_EQ(obs.size(), 1U);
  EXPECT_FALSE(obs[0].measured_at);
}

TEST(Tyz24, GroupWithoutDateTextIsNotAGroup) {
  auto g = second_group();
  g.date_text = "";
  const auto events = decode(encode(g));
  ASSERT_EQ(errors(events).size(), 1U);
  EXPECT_EQ(errors(events)[0].code, Errc::garbage);
}

TEST(Tyz24, RequestsAndMarkers) {
  EXPECT_EQ(tianyang::encode_model_answer(tianyang::kTyz24ModelCode), hex("1B 05"));
  EXPECT_EQ(tianyang::encode_download_started(), hex("1B C1"));
  EXPECT_EQ(tianyang::encode_link_test(), hex("1B BF"));
  EXPECT_EQ(tianyang::encode_start_download(), hex("1B B1"));
  EXPECT_EQ(tianyang::encode_next_group(), hex("24"));
  EXPECT_EQ(tianyang::encode_end_session(), hex("1B FF"));
  const auto events = decode(hex("1B BF 1B 05 1B B1 1B C1 24 1B FE 1B FF"));
  EXPECT_TRUE(events.empty());
}

TEST(Tyz24, Options) {
  const auto decoder = make_tyz24_decoder({{"mask_bit_order", "lsb"}});
  ASSERT_FALSE(decoder.ok());
  EXPECT_EQ(decoder.error().code, make_error_code(Errc::bad_option));
}

TEST(Tyz24, Captures) {
  test::expect_captures_match("tyz24", [] { return std::move(make_tyz24_decoder({})).value(); });
}

}  // namespace
}  // namespace kj::protocols
