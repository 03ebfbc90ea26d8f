#include "protocols/astm/frame.hpp"

#include <algorithm>

#include "protocols/astm/checksum.hpp"
#include "protocols/astm/control.hpp"

namespace kj::protocols::astm {
namespace {

std::string hex_byte(std::uint8_t byte) {
  const auto digits = checksum_digits(byte);
  return std::string("0x") + digits[0] + digits[1];
}

FrameProblem layout(std::string message) {
  return {Errc::bad_layout, std::move(message)};
}

}  // namespace

std::variant<FrameView, FrameProblem> check_frame(std::span<const std::uint8_t> frame) {
  const std::size_t n = frame.size();
  if (n < kMinFrameBytes) return layout("frame of " + std::to_string(n) + " bytes is too short");
  if (frame[0] != kStx) return layout("frame does not start with <STX>");
  if (frame[n - 2] != kCr || frame[n - 1] != kLf) return layout("frame does not end with <CR><LF>");
  const std::uint8_t terminator = frame[n - 5];
  if (terminator != kEtx && terminator != kEtb) return layout("no <ETX> or <ETB> before the checksum");
  const std::uint8_t fn = frame[1];
  if (fn < '0' || fn > '7')
    return {FrameProblem{Errc::bad_frame_number, "frame number " + hex_byte(fn) + " is not a digit 0-7"}};

  const auto sent = parse_checksum_digits(frame[n - 4], frame[n - 3]);
  if (!sent) return layout("checksum is not two hex digits");
  // One pass over the text for both checks: frames are the bulk of the input.
  const auto text = frame.subspan(2, n - 7);
  unsigned sum = fn + terminator;
  unsigned restricted = 0;
  for (const std::uint8_t byte : text) {
    sum += byte;
    // is_restricted() without branches, so that the loop vectorizes.
    const unsigned b = byte;
    restricted |=
        static_cast<unsigned>(b - 1U < 6U) | static_cast<unsigned>(b == kLf) | static_cast<unsigned>(b - kDle < 8U);
  }
  const auto computed = static_cast<std::uint8_t>(sum & 0xFFU);
  if (*sent != computed) {
    const auto want = checksum_digits(computed);
    const auto got = checksum_digits(*sent);
    return FrameProblem{Errc::bad_checksum,
                        std::string("checksum ") + got[0] + got[1] + " where " + want[0] + want[1] + " was computed"};
  }
  if (restricted != 0) {
    const auto bad = std::find_if(text.begin(), text.end(), is_restricted);
    return layout("restricted character " + hex_byte(*bad) + " in frame text");
  }

  return FrameView{fn - '0', std::string_view(reinterpret_cast<const char*>(text.data()), text.size()),
                   terminator == kEtx ? FrameEnd::last : FrameEnd::intermediate};
}

void append_frame(std::vector<std::uint8_t>& out, int number, std::string_view text, FrameEnd end) {
  const std::size_t start = out.size();
  out.push_back(kStx);
  out.push_back(static_cast<std::uint8_t>('0' + ((number % 8) + 8) % 8));
  out.insert(out.end(), text.begin(), text.end());
  out.push_back(end == FrameEnd::last ? kEtx : kEtb);
  const auto digits = checksum_digits(frame_checksum(std::span(out).subspan(start + 1)));
  out.push_back(static_cast<std::uint8_t>(digits[0]));
  out.push_back(static_cast<std::uint8_t>(digits[1]));
  out.push_back(kCr);
  out.push_back(kLf);
}

std::vector<std::uint8_t> encode_frame(int number, std::string_view text, FrameEnd end) {
  std::vector<std::uint8_t> out;
  out.reserve(text.size() + kMinFrameBytes);
  append_frame(out, number, text, end);
  return out;
}

std::vector<std::vector<std::uint8_t>> encode_frames(std::string_view text, FrameSplit split, std::size_t max_text) {
  max_text = std::max<std::size_t>(max_text, 1);
  std::vector<std::vector<std::uint8_t>> frames;
  int number = 1;
  // Each E1381 message: intermediate frames while more than `max_text` bytes remain.
  const auto add_message = [&](std::string_view message) {
    while (message.size() > max_text) {
      frames.push_back(encode_frame(number++, message.substr(0, max_text), FrameEnd::intermediate));
      message.remove_prefix(max_text);
    }
    frames.push_back(encode_frame(number++, message, FrameEnd::last));
  };
  if (split == FrameSplit::per_message) {
    if (!text.empty()) add_message(text);
    return frames;
  }
  while (!text.empty()) {
    const std::size_t cr = text.find('\r');
    const std::size_t size = cr == std::string_view::npos ? text.size() : cr + 1;
    add_message(text.substr(0, size));
    text.remove_prefix(size);
  }
  return frames;
}

}  // namespace kj::protocols::astm
