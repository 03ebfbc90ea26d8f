// Appends a device's raw traffic to its capture file, one line per chunk, each line handed to
// the OS at once (a crash loses nothing already written). It counts the received bytes, so a
// session can record where an observation's bytes lie: capture file + rx offset + length.
#pragma once

#include <cstdint>
#include <filesystem>
#include <span>

#include "drivers/capture/capture_format.hpp"
#include "protocols/result.hpp"

namespace kj::drivers {

class CaptureWriter {
 public:
  // Creates the file (and its folder) or appends to it. An existing file is read first, so the
  // counters go on from what it already holds (the rx stream of a device is the whole file's);
  // then the header is written again to mark the new session. capture_unreadable when the
  // existing file is malformed, capture_unwritable when it cannot be created or opened.
  static Result<CaptureWriter> open(const std::filesystem::path& path, const CaptureHeader& header);

  CaptureWriter(CaptureWriter&& other) noexcept;
  CaptureWriter& operator=(CaptureWriter&& other) noexcept;
  CaptureWriter(const CaptureWriter&) = delete;
  CaptureWriter& operator=(const CaptureWriter&) = delete;
  ~CaptureWriter();

  // One line; nothing for an empty chunk. capture_unwritable (disk full …) otherwise.
  Status append(Direction direction, std::span<const std::uint8_t> bytes, CaptureTime time);

  // Received bytes in the file so far = the rx offset the next received byte will have.
  [[nodiscard]] std::uint64_t rx_bytes() const { return rx_bytes_; }
  [[nodiscard]] std::uint64_t tx_bytes() const { return tx_bytes_; }
  [[nodiscard]] const std::filesystem::path& path() const { return path_; }

 private:
  CaptureWriter(int fd, std::filesystem::path path, std::uint64_t rx_bytes, std::uint64_t tx_bytes);
  Status write_text(const std::string& text);

  int fd_ = -1;
  std::filesystem::path path_;
  std::uint64_t rx_bytes_ = 0;
  std::uint64_t tx_bytes_ = 0;
};

}  // namespace kj::drivers
