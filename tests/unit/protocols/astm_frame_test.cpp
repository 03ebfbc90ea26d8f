// ASTM E1381 frames: the checksum, checking received frames, and cutting text into frames.
#include <gtest/gtest.h>

#include <string>

#include "protocols/astm/checksum.hpp"
#include "protocols/astm/control.hpp"
#include "protocols/astm/frame.hpp"
#include "tests/support/test_support.hpp"

namespace kj::protocols::astm {
namespace {

std::vector<std::uint8_t> bytes_of(std::string_view text) {
  return {text.begin(), text.end()};
}

std::string checksum_of(std::string_view fn_through_terminator) {
  const auto digits = checksum_digits(frame_checksum(bytes_of(fn_through_terminator)));
  return {digits[0], digits[1]};
}

TEST(AstmChecksum, SpecTestVector) {
  // <STX>1A|B|C|D<CR><ETX>BF<CR><LF>; without ETX in the sum it would be BC.
  EXPECT_EQ(checksum_of("1A|B|C|D\r\x03"), "BF");
  EXPECT_EQ(checksum_of("1A|B|C|D\r"), "BC");
  EXPECT_EQ(encode_frame(1, "A|B|C|D\r", FrameEnd::last), bytes_of("\x02"
                                                                   "1A|B|C|D\r\x03"
                                                                   "BF\r\n"));
}

TEST(AstmChecksum, RealAnalyzerFrames) {
  // Checksums as a Sysmex XN-550 sent them (senaite.astm test data, sysmex_xn550.txt).
  EXPECT_EQ(checksum_of("1H|\\^&|||    XN-550^00-24^22723^^^^BD634545||||||||E1394-97\r\x03"), "C1");
  EXPECT_EQ(checksum_of("6R|1|^^^^WBC^1|8.13|10*3/uL||N||F||||20240627135407\r\x03"), "53");
  EXPECT_EQ(
      checksum_of("3R|38|^^^^SCAT_WDF|PNG&R&20240628&R&2024_06_27_13_54_27_WDF.PNG|||N||F||||20240627135407\r\x03"),
      "C6");
}

TEST(AstmChecksum, DigitsReadInEitherCase) {
  EXPECT_EQ(parse_checksum_digits('B', 'F'), 0xBF);
  EXPECT_EQ(parse_checksum_digits('b', 'f'), 0xBF);
  EXPECT_EQ(parse_checksum_digits('0', '5'), 0x05);
  EXPECT_FALSE(parse_checksum_digits('G', '0'));
  EXPECT_FALSE(parse_checksum_digits(' ', '5'));
}

TEST(AstmFrame, ChecksGoodFrame) {
  const auto frame = bytes_of(
      "\x02"
      "1A|B|C|D\r\x03"
      "BF\r\n");
  const auto checked = check_frame(frame);
  ASSERT_TRUE(std::holds_alternative<FrameView>(checked));
  const auto& view = std::get<FrameView>(checked);
  EXPECT_EQ(view.number, 1);
  EXPECT_EQ(view.text, "A|B|C|D\r");
  EXPECT_EQ(view.end, FrameEnd::last);
}

TEST(AstmFrame, AcceptsLowercaseChecksumAndIntermediateFrames) {
  const auto checked =
      check_frame(bytes_of("\x02"
                           "1A|B|C|D\r\x03"
                           "bf\r\n"));
  ASSERT_TRUE(std::holds_alternative<FrameView>(checked));
  auto etb = encode_frame(2, "half a rec", FrameEnd::intermediate);
  EXPECT_EQ(etb[etb.size() - 5], kEtb);
  const auto view = std::get<FrameView>(check_frame(etb));
  EXPECT_EQ(view.number, 2);
  EXPECT_EQ(view.end, FrameEnd::intermediate);
  EXPECT_EQ(view.text, "half a rec");
}

Errc problem_of(std::string_view frame) {
  const auto checked = check_frame(bytes_of(frame));
  EXPECT_TRUE(std::holds_alternative<FrameProblem>(checked)) << frame;
  return std::holds_alternative<FrameProblem>(checked) ? std::get<FrameProblem>(checked).code : Errc{};
}

TEST(AstmFrame, RejectsWhatAReceiverMustNak) {
  EXPECT_EQ(problem_of("\x02"
                       "1A|B|C|D\r\x03"
                       "BE\r\n"),
            Errc::bad_checksum);
  EXPECT_EQ(problem_of("\x02"
                       "1A|B|C|D\r\x03"
                       "B\r\n"),
            Errc::bad_layout);  // one digit
  EXPECT_EQ(problem_of("\x02"
                       "1A|B|C|D\r\x03"
                       "BG\r\n"),
            Errc::bad_layout);
  EXPECT_EQ(problem_of("\x02"
                       "1A|B|C|D\r"
                       "BF\r\n"),
            Errc::bad_layout);  // no ETX/ETB
  EXPECT_EQ(problem_of("\x02"
                       "1A|B|C|D\r\x03"
                       "BF\n"),
            Errc::bad_layout);  // no CR
  EXPECT_EQ(problem_of("1A|B|C|D\r\x03"
                       "BF\r\n"),
            Errc::bad_layout);  // no STX
  EXPECT_EQ(problem_of("\x02\x03"
                       "BF\r\n"),
            Errc::bad_layout);  // too short
  // Frame numbers are one digit 0-7.
  auto eight = encode_frame(0, "X\r", FrameEnd::last);
  eight[1] = '8';
  eight[eight.size() - 4] = checksum_digits(frame_checksum(std::span(eight).subspan(1, eight.size() - 5)))[0];
  eight[eight.size() - 3] = checksum_digits(frame_checksum(std::span(eight).subspan(1, eight.size() - 5)))[1];
  EXPECT_EQ(std::get<FrameProblem>(check_frame(eight)).code, Errc::bad_frame_number);
}

TEST(AstmFrame, RejectsRestrictedCharactersEvenWithAGoodChecksum) {
  for (const std::uint8_t bad : {0x01, 0x05, 0x06, 0x10, 0x11, 0x14, 0x15, 0x16, 0x17}) {
    const std::string text = std::string("R|1|") + static_cast<char>(bad) + "\r";
    const auto frame = encode_frame(1, text, FrameEnd::last);
    const auto checked = check_frame(frame);
    ASSERT_TRUE(std::holds_alternative<FrameProblem>(checked)) << int(bad);
    EXPECT_EQ(std::get<FrameProblem>(checked).code, Errc::bad_layout);
    EXPECT_NE(std::get<FrameProblem>(checked).message.find("restricted"), std::string::npos);
  }
  // CR, tab, DEL and UTF-8 are not restricted.
  const auto ok = encode_frame(1, "R|1|\t\x7f有机磷\r", FrameEnd::last);
  EXPECT_TRUE(std::holds_alternative<FrameView>(check_frame(ok)));
}

TEST(AstmFrame, RestrictedSetIsTheStandardsList) {
  std::string restricted;
  for (int b = 0; b < 256; ++b) {
    if (is_restricted(static_cast<std::uint8_t>(b))) restricted += std::to_string(b) + " ";
  }
  EXPECT_EQ(restricted, "1 2 3 4 5 6 10 16 17 18 19 20 21 22 23 ");
}

TEST(AstmFrame, SplitsMessageIntoFramesOf240) {
  std::string text;
  for (int i = 0; i < 100; ++i) text += "R|" + std::to_string(i) + "|^^^GLU|5.5|mmol/L||N||F\r";
  const auto frames = encode_frames(text);
  std::string joined;
  for (std::size_t i = 0; i < frames.size(); ++i) {
    const auto view = std::get<FrameView>(check_frame(frames[i]));
    EXPECT_EQ(view.number, static_cast<int>((i + 1) % 8));
    EXPECT_LE(view.text.size(), 240U);
    EXPECT_EQ(view.end, i + 1 == frames.size() ? FrameEnd::last : FrameEnd::intermediate);
    if (i + 1 < frames.size()) {
      EXPECT_EQ(view.text.size(), 240U);
    }
    EXPECT_LE(frames[i].size(), 247U);
    joined += view.text;
  }
  EXPECT_GT(frames.size(), 8U);  // the numbers wrapped 7 → 0
  EXPECT_EQ(joined, text);
}

TEST(AstmFrame, SplitsPerRecord) {
  const std::string text = "H|\\^&\rP|1\r" + std::string(300, 'x') + "\rL|1|N\r";
  const auto frames = encode_frames(text, FrameSplit::per_record);
  ASSERT_EQ(frames.size(), 5U);
  const FrameEnd ends[] = {FrameEnd::last, FrameEnd::last, FrameEnd::intermediate, FrameEnd::last, FrameEnd::last};
  for (std::size_t i = 0; i < frames.size(); ++i) {
    EXPECT_EQ(std::get<FrameView>(check_frame(frames[i])).end, ends[i]) << i;
  }
  EXPECT_EQ(std::get<FrameView>(check_frame(frames[1])).text, "P|1\r");
  EXPECT_TRUE(encode_frames("").empty());
}

}  // namespace
}  // namespace kj::protocols::astm
