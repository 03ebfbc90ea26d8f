// MLLP framing: blocks in any split, garbage runs, a peer restarting inside a block, oversize
// messages, a lone 0x1C, truncation at the end, and the encoder.
#include "protocols/hl7/mllp.hpp"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "tests/support/test_support.hpp"

namespace kj::protocols::hl7 {
namespace {

using kj::test::bytes;
using kj::test::Split;

// One line per event, so whole lists compare in one EXPECT_EQ.
std::string describe(const MllpEvent& event) {
  if (const auto* block = std::get_if<MllpBlock>(&event)) {
    return "block@" + std::to_string(block->offset) + " " + std::to_string(block->bytes.size()) + "B " +
           std::string(block->text());
  }
  const auto& error = std::get<DecodeError>(event);
  return "error@" + std::to_string(error.offset) + " " + std::to_string(static_cast<int>(error.code));
}

std::vector<std::string> frame_all(const std::vector<std::uint8_t>& input, Split split = Split::whole,
                                   std::size_t max = kDefaultMaxMessageBytes, unsigned seed = 1) {
  MllpFramer framer(max);
  std::vector<std::string> out;
  const auto drain = [&] {
    while (auto event = framer.next()) out.push_back(describe(*event));
  };
  std::mt19937 random(seed);
  const std::span<const std::uint8_t> all(input);
  for (std::size_t at = 0; at < all.size();) {
    std::size_t chunk = all.size() - at;
    if (split == Split::byte_by_byte) chunk = 1;
    if (split == Split::random)
      chunk = std::uniform_int_distribution<std::size_t>(1, std::min<std::size_t>(chunk, 7))(random);
    framer.feed(all.subspan(at, chunk));
    drain();
    at += chunk;
  }
  framer.finish();
  drain();
  return out;
}

std::vector<std::uint8_t> concat(std::initializer_list<std::vector<std::uint8_t>> parts) {
  std::vector<std::uint8_t> out;
  for (const auto& part : parts) out.insert(out.end(), part.begin(), part.end());
  return out;
}

const auto kGarbage = static_cast<int>(Errc::garbage);
const auto kTruncated = static_cast<int>(Errc::truncated);
const auto kOverflow = static_cast<int>(Errc::buffer_overflow);

TEST(Hl7Mllp, FramesBlocksWithOffsetsAndEnvelope) {
  const auto input = concat({mllp_encode("MSH|A\r"), mllp_encode("MSH|BB\r")});
  const std::vector<std::string> expected{"block@0 9B MSH|A\r", "block@9 10B MSH|BB\r"};
  EXPECT_EQ(frame_all(input), expected);
}

TEST(Hl7Mllp, EverySplitGivesTheSameEvents) {
  const auto input = concat({bytes("xx"), mllp_encode("MSH|A\r"), bytes("\r\n"), mllp_encode("MSH|B\r"), bytes("zz"),
                             bytes("\x0bMSH|C"), mllp_encode("MSH|D\r"), bytes("\x0bMSH|E")});
  const auto whole = frame_all(input);
  EXPECT_EQ(whole.size(), 7U);
  EXPECT_EQ(frame_all(input, Split::byte_by_byte), whole);
  for (unsigned seed = 1; seed <= 20; ++seed)
    EXPECT_EQ(frame_all(input, Split::random, kDefaultMaxMessageBytes, seed), whole);
}

TEST(Hl7Mllp, GarbageRunsAreOneErrorEach) {
  const auto input = concat({bytes("noise"), mllp_encode("MSH|A\r"), bytes(std::string_view("+++\x00\x1c\x0d", 6)),
                             mllp_encode("MSH|B\r"), bytes("tail")});
  const std::vector<std::string> expected{
      "error@0 " + std::to_string(kGarbage),  "block@5 9B MSH|A\r",
      "error@14 " + std::to_string(kGarbage), "block@20 9B MSH|B\r",
      "error@29 " + std::to_string(kGarbage),
  };
  EXPECT_EQ(frame_all(input), expected);
  EXPECT_EQ(frame_all(input, Split::byte_by_byte), expected);
}

TEST(Hl7Mllp, LineEndsBetweenBlocksAreNotGarbage) {
  const auto input =
      concat({bytes("\r\n"), mllp_encode("MSH|A\r"), bytes("\n"), mllp_encode("MSH|B\r"), bytes("\r\n")});
  const std::vector<std::string> expected{"block@2 9B MSH|A\r", "block@12 9B MSH|B\r"};
  EXPECT_EQ(frame_all(input), expected);
}

TEST(Hl7Mllp, ANewStartInsideABlockReportsThePartialMessage) {
  const auto input = concat({bytes("\x0bMSH|partial\rOBR|1"), mllp_encode("MSH|A\r")});
  const std::vector<std::string> expected{"error@0 " + std::to_string(kTruncated), "block@18 9B MSH|A\r"};
  EXPECT_EQ(frame_all(input), expected);
  EXPECT_EQ(frame_all(input, Split::byte_by_byte), expected);
}

TEST(Hl7Mllp, OversizeMessageIsReportedAndSkippedToTheNextBlock) {
  const std::string big(20, 'x');
  const auto input = concat({mllp_encode(big), mllp_encode("MSH|A\r")});
  const std::vector<std::string> expected{"error@0 " + std::to_string(kOverflow), "block@23 9B MSH|A\r"};
  EXPECT_EQ(frame_all(input, Split::whole, 16), expected);
  EXPECT_EQ(frame_all(input, Split::byte_by_byte, 16), expected);
  EXPECT_EQ(frame_all(input, Split::random, 16), expected);
}

TEST(Hl7Mllp, OversizeBlockCutByANewStartResumesThere) {
  const auto input = concat({bytes("\x0b"), bytes(std::string(40, 'y')), mllp_encode("MSH|A\r")});
  const std::vector<std::string> expected{"error@0 " + std::to_string(kOverflow), "block@41 9B MSH|A\r"};
  EXPECT_EQ(frame_all(input, Split::whole, 16), expected);
  EXPECT_EQ(frame_all(input, Split::byte_by_byte, 16), expected);
}

TEST(Hl7Mllp, MessageOfExactlyTheMaximumIsAccepted) {
  const std::string sixteen(16, 'x');
  const std::vector<std::string> expected{"block@0 19B " + sixteen};
  EXPECT_EQ(frame_all(mllp_encode(sixteen), Split::whole, 16), expected);
  EXPECT_EQ(frame_all(mllp_encode(sixteen), Split::byte_by_byte, 16), expected);
}

TEST(Hl7Mllp, EndWithoutCarriageReturnIsTolerated) {
  const auto input = concat({bytes("\x0bMSH|A\r\x1c"), mllp_encode("MSH|B\r"), bytes("\x0bMSH|C\r\x1c")});
  // The first block's bytes stop at 0x1C (8 bytes); the last one is complete at end of input.
  const std::vector<std::string> expected{"block@0 8B MSH|A\r", "block@8 9B MSH|B\r", "block@17 8B MSH|C\r"};
  EXPECT_EQ(frame_all(input), expected);
  EXPECT_EQ(frame_all(input, Split::byte_by_byte), expected);
}

TEST(Hl7Mllp, ByteAfterALoneEndIsReadOutsideTheBlock) {
  const auto input = concat({bytes("\x0bMSH|A\r\x1cZZ"), mllp_encode("MSH|B\r")});
  const std::vector<std::string> expected{"block@0 8B MSH|A\r", "error@8 " + std::to_string(kGarbage),
                                          "block@10 9B MSH|B\r"};
  EXPECT_EQ(frame_all(input), expected);
}

TEST(Hl7Mllp, OpenBlockAtTheEndIsTruncated) {
  const auto input = concat({mllp_encode("MSH|A\r"), bytes("\x0bMSH|half")});
  const std::vector<std::string> expected{"block@0 9B MSH|A\r", "error@9 " + std::to_string(kTruncated)};
  EXPECT_EQ(frame_all(input), expected);
  EXPECT_EQ(frame_all(input, Split::byte_by_byte), expected);
}

TEST(Hl7Mllp, BlockIsHandedOutAsSoonAsItsEndArrives) {
  MllpFramer framer;
  const auto block = mllp_encode("MSH|A\r");
  framer.feed(block);
  const auto event = framer.next();
  ASSERT_TRUE(event.has_value());
  EXPECT_EQ(std::get<MllpBlock>(*event).text(), "MSH|A\r");
  EXPECT_FALSE(framer.next().has_value());
}

TEST(Hl7Mllp, LongOversizeStreamStaysOneError) {
  MllpFramer framer(64);
  std::vector<std::string> events;
  framer.feed(bytes("\x0b"));
  const std::vector<std::uint8_t> chunk(4096, 'x');
  for (int i = 0; i < 256; ++i) {  // 1 MiB of one runaway block, fed in pieces
    framer.feed(chunk);
    while (auto event = framer.next()) events.push_back(describe(*event));
  }
  framer.feed(mllp_encode("MSH|A\r"));
  framer.finish();
  while (auto event = framer.next()) events.push_back(describe(*event));
  const std::vector<std::string> expected{"error@0 " + std::to_string(kOverflow), "block@1048577 9B MSH|A\r"};
  EXPECT_EQ(events, expected);
}

TEST(Hl7Mllp, EncoderWrapsTheMessage) {
  EXPECT_EQ(mllp_encode("MSH|A\r"), kj::test::hex("0B 4D 53 48 7C 41 0D 1C 0D"));
}

}  // namespace
}  // namespace kj::protocols::hl7
