// The `hl7` capture decoder: the captures in samples/captures/hl7, options, messages that give
// nothing, splits of a long stream, and raw bytes that replay to the same observation.
#include "protocols/hl7/hl7_decoder.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "protocols/hl7/mllp.hpp"
#include "tests/support/test_support.hpp"

namespace kj::protocols {
namespace {

using kj::test::decode_all;
using kj::test::errors;
using kj::test::observations;
using kj::test::Split;

std::unique_ptr<Decoder> make(const CodecOptions& options = {}) {
  auto decoder = make_hl7_decoder(options);
  EXPECT_TRUE(decoder.ok());
  return std::move(decoder).value();
}

// One JSON line per event (Observation has no usable operator== while DeviceIdentity lacks one).
std::vector<std::string> lines(const std::vector<DecodeEvent>& events) {
  std::vector<std::string> out;
  for (const auto& event : events) {
    if (const auto* o = std::get_if<Observation>(&event)) out.push_back(to_json(*o));
    if (const auto* e = std::get_if<DecodeError>(&event)) out.push_back(to_json(*e));
  }
  return out;
}

void append(std::vector<std::uint8_t>& out, const std::vector<std::uint8_t>& more) {
  out.insert(out.end(), more.begin(), more.end());
}

const std::string kOru =
    "MSH|^~\\&|DY-3000|YS-KJZ|kuaijian||20240315103000+0800||ORU^R01^ORU_R01|FT0001|P|2.5||||||UNICODE UTF-8\r"
    "OBR|1||240315-001|NY^农药残留^L|||20240315102000+0800\r"
    "OBX|1|NM|OPC^有机磷和氨基甲酸酯类^L||53.5|%|0-50|H~POS|||F|||20240315102530+0800|||GB/T 5009.199-2003|SN1\r"
    "OBX|2|NM|PB^铅||0.05|mg/kg|0-0.2|N|||F\r";

TEST(Hl7Decoder, CapturesMatch) {
  kj::test::expect_captures_match("hl7", [] { return make(); });
}

TEST(Hl7Decoder, OptionsAreChecked) {
  EXPECT_TRUE(make_hl7_decoder({{"max_message_bytes", "4096"}}).ok());
  for (const CodecOptions& bad : std::vector<CodecOptions>{{{"max_message_bytes", "0"}},
                                                           {{"max_message_bytes", "abc"}},
                                                           {{"max_message_bytes", "12x"}},
                                                           {{"max_message_bytes", "999999999999"}},
                                                           {{"max_frame_bytes", "4096"}}}) {
    const auto result = make_hl7_decoder(bad);
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().code, make_error_code(Errc::bad_option));
    EXPECT_FALSE(result.error().detail.zh.empty());
  }
}

TEST(Hl7Decoder, OneObservationPerObx) {
  auto decoder = make();
  const auto events = decode_all(*decoder, hl7::mllp_encode(kOru));
  ASSERT_EQ(events.size(), 2U);
  const auto obs = observations(events);
  ASSERT_EQ(obs.size(), 2U);
  EXPECT_EQ(obs[0].item_name, "有机磷和氨基甲酸酯类");
  EXPECT_EQ(obs[0].value, ObservedValue(53.5));
  EXPECT_EQ(obs[1].item_name, "铅");
  EXPECT_EQ(obs[1].value, ObservedValue(0.05));
  EXPECT_EQ(obs[1].measured_at, "2024-03-15T10:20:00+08:00");  // OBR-7
  EXPECT_EQ(obs[0].raw, obs[1].raw);
  EXPECT_EQ(obs[0].raw, hl7::mllp_encode(kOru));
}

TEST(Hl7Decoder, MessagesThatAreNotResultsGiveNothing) {
  std::vector<std::uint8_t> input;
  append(input, hl7::mllp_encode("MSH|^~\\&|LIS||A|B|1||ACK^R01^ACK|9|P|2.5\rMSA|AA|7\r"));
  append(input, hl7::mllp_encode("MSH|^~\\&|A|B|||1||QRY^Q02|Q7|P|2.3.1\rQRD|1|R|D|1\r"));
  append(input, hl7::mllp_encode("MSH|^~\\&|A|B|||1||ADT^A01|8|P|2.5\rPID|1\rOBX|1|NM|A||1\r"));
  auto decoder = make();
  EXPECT_TRUE(decode_all(*decoder, input).empty());
}

TEST(Hl7Decoder, UnparsableMessageIsAnErrorAndDecodingGoesOn) {
  std::vector<std::uint8_t> input = hl7::mllp_encode("not hl7 at all");
  const auto first_size = input.size();
  append(input, hl7::mllp_encode("MSH|^~|A\r"));
  append(input, hl7::mllp_encode(kOru));
  auto decoder = make();
  const auto events = decode_all(*decoder, input);
  const auto errs = errors(events);
  ASSERT_EQ(errs.size(), 2U);
  EXPECT_EQ(errs[0].code, Errc::bad_layout);
  EXPECT_EQ(errs[0].offset, 0U);
  EXPECT_EQ(errs[1].code, Errc::bad_layout);
  EXPECT_EQ(errs[1].offset, first_size);
  EXPECT_EQ(observations(events).size(), 2U);
}

TEST(Hl7Decoder, MaximumMessageSizeOption) {
  std::vector<std::uint8_t> input = hl7::mllp_encode(kOru);
  append(input, hl7::mllp_encode("MSH|^~\\&|A|B|||1||ORU^R01|1|P|2.5\rOBX|1|NM|A||1\r"));
  auto decoder = make({{"max_message_bytes", "100"}});
  const auto events = decode_all(*decoder, input);
  const auto errs = errors(events);
  ASSERT_EQ(errs.size(), 1U);
  EXPECT_EQ(errs[0].code, Errc::buffer_overflow);
  EXPECT_EQ(errs[0].offset, 0U);
  const auto obs = observations(events);
  ASSERT_EQ(obs.size(), 1U);
  EXPECT_EQ(obs[0].item_code, "A");
}

TEST(Hl7Decoder, EverySplitOfALongStreamGivesTheSameEvents) {
  std::vector<std::uint8_t> input;
  for (int i = 0; i < 30; ++i) {
    append(input, hl7::mllp_encode(kOru));
    if (i % 7 == 0) append(input, kj::test::bytes("garbage"));
    if (i % 11 == 0) append(input, kj::test::bytes("\x0bMSH|^~\\&|cut"));
    if (i % 13 == 0)
      append(input, hl7::mllp_encode("MSH|^~\\&|A|B|||1||ORU^R01|1|P|2.5||||||GBK\rOBX|1|ST|X||\x81\x20\r"));
  }
  auto whole_decoder = make();
  const auto whole = decode_all(*whole_decoder, input);
  EXPECT_EQ(observations(whole).size(), 60U);
  EXPECT_EQ(errors(whole).size(), 5U + 3U + 3U);
  auto byte_decoder = make();
  EXPECT_EQ(lines(decode_all(*byte_decoder, input, Split::byte_by_byte)), lines(whole));
  for (unsigned seed = 1; seed <= 5; ++seed) {
    auto random_decoder = make();
    EXPECT_EQ(lines(decode_all(*random_decoder, input, Split::random, seed)), lines(whole)) << "seed " << seed;
  }
}

TEST(Hl7Decoder, RawReplaysToTheSameObservations) {
  std::vector<std::uint8_t> input = kj::test::bytes("xyz");
  append(input, hl7::mllp_encode(kOru));
  auto decoder = make();
  const auto first = observations(decode_all(*decoder, input));
  ASSERT_EQ(first.size(), 2U);
  EXPECT_EQ(first[0].offset, 3U);
  auto replay_decoder = make();
  auto replayed = observations(decode_all(*replay_decoder, first[0].raw));
  ASSERT_EQ(replayed.size(), 2U);
  replayed[0].offset = 3;
  EXPECT_EQ(to_json(replayed[0]), to_json(first[0]));
}

}  // namespace
}  // namespace kj::protocols
