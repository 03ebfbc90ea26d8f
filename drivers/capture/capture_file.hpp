// Reading a capture file back (format in capture_format.hpp): for `kuaijian decode --capture`,
// for replaying a device's bytes into a decoder, and for finding the bytes behind a stored
// observation (capture file + rx offset + length).
#pragma once

#include <cstdint>
#include <filesystem>
#include <vector>

#include "drivers/capture/capture_format.hpp"
#include "protocols/result.hpp"

namespace kj::drivers {

struct CaptureFile {
  CaptureHeader header;  // from the first line
  std::vector<CaptureChunk> chunks;
};

// The whole file; capture_unreadable when it cannot be read or a line is malformed (the
// detail names the file and the line number).
Result<CaptureFile> read_capture_file(const std::filesystem::path& path);
Result<std::vector<CaptureChunk>> read_capture(const std::filesystem::path& path);

// Everything the device sent (rx), concatenated: the stream a decoder was fed, so an
// Observation::offset of a decoder fed from the start indexes into it.
std::vector<std::uint8_t> received_bytes(const std::vector<CaptureChunk>& chunks);
// Everything sent to the device (tx), concatenated.
std::vector<std::uint8_t> sent_bytes(const std::vector<CaptureChunk>& chunks);

}  // namespace kj::drivers
