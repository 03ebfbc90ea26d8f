// FrameHunter with a toy rule ("A" + 2 bytes), so the resynchronisation contract is tested
// apart from any real protocol: one error per bad run, at the run's start, before the frame
// that ends it; truncation at the end; false starts rescanned; any split gives the same events.
#include "protocols/frame_hunter.hpp"

#include <string>

#include <gtest/gtest.h>

#include "tests/support/test_support.hpp"

namespace kj::protocols {
namespace {

Probe toy_rule(std::span<const std::uint8_t> bytes) {
  if (bytes[0] != 'A') return Probe::reject(Errc::garbage, "not A");
  if (bytes.size() < 3) return Probe::more();
  if (bytes[1] == 'A') return Probe::reject(Errc::bad_layout, "AA");
  return Probe::frame_of(3);
}

// "F<offset>:<bytes>" for frames, "E<offset>:<code>:<message>" for errors.
std::string run(std::string_view input, std::size_t chunk) {
  FrameHunter hunter(toy_rule);
  std::string out;
  const auto drain = [&] {
    while (auto event = hunter.next()) {
      if (const auto* f = std::get_if<RawFrame>(&*event)) {
        out += "F" + std::to_string(f->offset) + ":" + std::string(f->bytes.begin(), f->bytes.end()) + " ";
      } else {
        const auto& e = std::get<DecodeError>(*event);
        out += "E" + std::to_string(e.offset) + ":" + std::to_string(static_cast<int>(e.code)) + ":" + e.message + " ";
      }
    }
  };
  const auto bytes = kj::test::bytes(input);
  for (std::size_t at = 0; at < bytes.size(); at += chunk) {
    hunter.feed(std::span(bytes).subspan(at, std::min(chunk, bytes.size() - at)));
    drain();
  }
  hunter.finish();
  drain();
  return out;
}

TEST(FrameHunter, OneErrorPerBadRunBeforeTheFrameThatEndsIt) {
  // The run holds the noise and the false start "A" of "AA"; its reason is the first byte's.
  EXPECT_EQ(run("Axy..zAAbc", 100), "F0:Axy E3:5:not A (4 bytes skipped) F7:Abc ");
}

TEST(FrameHunter, FalseStartIsRescannedAndItsReasonReported) {
  EXPECT_EQ(run("AAbc", 100), "E0:7:AA (1 byte skipped) F1:Abc ");
}

TEST(FrameHunter, TruncatedAtTheEndAfterRescanning) {
  EXPECT_EQ(run("AbcA", 100), "F0:Abc E3:4:frame cut short by the end of input (1 byte skipped) ");
  EXPECT_EQ(run("xA", 100), "E0:5:not A (2 bytes skipped) ");
}

TEST(FrameHunter, SplitsGiveTheSameEvents) {
  const std::string input = "zzAbcAAAbcqAxyAb";
  const std::string whole = run(input, input.size());
  for (std::size_t chunk = 1; chunk < input.size(); ++chunk) EXPECT_EQ(run(input, chunk), whole) << chunk;
}

TEST(FrameHunter, NothingForNothing) {
  EXPECT_EQ(run("", 1), "");
}

}  // namespace
}  // namespace kj::protocols
