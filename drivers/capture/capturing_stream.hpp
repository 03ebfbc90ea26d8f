// Raw capture as a decorator: wraps any ByteStream (usually the device's ReconnectingStream,
// so one file spans reconnects) and appends every byte received and every chunk written to
// the device's capture file before passing it on.
#pragma once

#include <functional>
#include <memory>
#include <optional>

#include "drivers/byte_stream.hpp"
#include "drivers/capture/capture_writer.hpp"

namespace kj::drivers {

class CapturingStream final : public ByteStream, private StreamListener {
 public:
  using Clock = std::function<CaptureTime()>;  // empty: the system clock

  CapturingStream(std::unique_ptr<ByteStream> inner, CaptureWriter writer, Clock clock = {});
  ~CapturingStream() override;

  // Received bytes are appended before the listener sees them: inside on_bytes, capture()
  // .rx_bytes() already counts them. A decoder created when rx_bytes() was B reports
  // observations whose capture offset is B + Observation::offset.
  void start(StreamListener& listener) override;
  // Recorded as sent when the inner stream accepted the bytes (queued in order).
  Status write(std::span<const std::uint8_t> bytes) override;
  void close() override;
  [[nodiscard]] std::string description() const override;
  [[nodiscard]] StreamHealth health() const override;

  [[nodiscard]] const CaptureWriter& capture() const { return writer_; }
  // The last capture write that failed. Device I/O goes on regardless: losing the capture must
  // not lose the results. Empty while every write succeeded.
  [[nodiscard]] const std::optional<Error>& capture_error() const { return capture_error_; }

 private:
  void on_bytes(std::span<const std::uint8_t> bytes) override;
  void on_closed(const Error& reason) override;
  void on_state(const StreamHealth& health) override;
  void record(Direction direction, std::span<const std::uint8_t> bytes);

  std::unique_ptr<ByteStream> inner_;
  CaptureWriter writer_;
  Clock clock_;
  StreamListener* listener_ = nullptr;
  std::optional<Error> capture_error_;
};

}  // namespace kj::drivers
