// One E1381 frame, `STX FN text (ETB|ETX) C1 C2 CR LF`: checking a received frame and writing
// frames for our own sender. A message longer than one frame is cut into intermediate frames
// (ETB) and ends with an end frame (ETX).
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "protocols/decoder.hpp"

namespace kj::protocols::astm {

// What a frame's terminator says: more of the message follows (ETB) or the message ends (ETX).
enum class FrameEnd { intermediate, last };

// The parts of a frame that passed every check. `text` points into the checked bytes.
struct FrameView {
  int number = 0;  // 0–7
  std::string_view text;
  FrameEnd end = FrameEnd::last;
};

// Why a receiver must NAK a frame.
struct FrameProblem {
  Errc code;
  std::string message;
};

// The smallest frame: STX, FN, no text, ETX, two checksum digits, CR, LF.
inline constexpr std::size_t kMinFrameBytes = 7;
// What our own sender puts in one frame (the standard's bound; receivers accept more).
inline constexpr std::size_t kMaxSentTextPerFrame = 240;

// Checks a whole received frame (STX through LF): layout, checksum, and that the text holds no
// restricted character. Does not judge the frame number's place in the sequence: that is the
// receiver's state.
std::variant<FrameView, FrameProblem> check_frame(std::span<const std::uint8_t> frame);

// Appends one frame with `number` (taken modulo 8) and `text` to `out`.
void append_frame(std::vector<std::uint8_t>& out, int number, std::string_view text, FrameEnd end);
std::vector<std::uint8_t> encode_frame(int number, std::string_view text, FrameEnd end);

// How message text is cut into E1381 messages: the whole text as one message (intermediate
// frames, then one end frame), or every record (up to and including its CR) as its own message,
// the way many analyzers send one record per frame.
enum class FrameSplit { per_message, per_record };

// Cuts `text` into frames of at most `max_text` bytes, numbered 1, 2, … 7, 0, 1, … as a
// transfer's frames are. An empty text gives no frame.
std::vector<std::vector<std::uint8_t>> encode_frames(std::string_view text, FrameSplit split = FrameSplit::per_message,
                                                     std::size_t max_text = kMaxSentTextPerFrame);

}  // namespace kj::protocols::astm
