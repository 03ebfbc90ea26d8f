#include "protocols/tilde_frame/tilde_frame.hpp"

#include <stdexcept>

#include "protocols/checksums.hpp"

namespace kj::protocols::tilde {

std::vector<std::uint8_t> encode_frame(std::uint8_t cmd, std::span<const std::uint8_t> data) {
  if (data.size() > 0xFFFF) throw std::invalid_argument("tilde frame DATA longer than LEN can say");
  std::vector<std::uint8_t> frame;
  frame.reserve(data.size() + kOverhead);
  frame.push_back(kStart);
  frame.push_back(cmd);
  frame.push_back(static_cast<std::uint8_t>(data.size() & 0xFF));
  frame.push_back(static_cast<std::uint8_t>(data.size() >> 8));
  frame.insert(frame.end(), data.begin(), data.end());
  frame.push_back(crc8_31(std::span(frame).subspan(1)));
  frame.push_back(kEnd);
  return frame;
}

Probe probe_frame(std::span<const std::uint8_t> bytes, std::size_t max_data) {
  if (bytes[0] != kStart) return Probe::reject(Errc::garbage, "bytes outside any frame");
  if (bytes.size() < 4) return Probe::more();
  const std::size_t length = bytes[2] | (static_cast<std::size_t>(bytes[3]) << 8);
  if (length > max_data) return Probe::reject(Errc::bad_length, "frame LEN larger than any frame of the protocol");
  const std::size_t total = length + kOverhead;
  if (bytes.size() < total) return Probe::more();
  if (crc8_31(bytes.subspan(1, length + 3)) != bytes[total - 2]) return Probe::reject(Errc::bad_checksum, "bad CRC");
  if (bytes[total - 1] != kEnd) return Probe::reject(Errc::bad_layout, "frame does not end with AA");
  return Probe::frame_of(total);
}

FrameView view(std::span<const std::uint8_t> frame) {
  return FrameView{frame[1], frame.subspan(4, frame.size() - kOverhead)};
}

}  // namespace kj::protocols::tilde
