// What every device session shares: the stream (with raw capture when asked), one steady_timer,
// the counters behind DeviceHealth, and the bookkeeping that turns a decoder's stream offsets
// into capture offsets. The protocol lives in the subclasses.
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <span>

#include "drivers/capture/capture_writer.hpp"
#include "drivers/capture/capturing_stream.hpp"
#include "drivers/sessions/device_session.hpp"

namespace kj::drivers {

// The capture file for `spec`, when it asks for one.
Result<std::optional<CaptureWriter>> open_capture(const DeviceSpec& spec);
// A one-shot opener for the spec's dialled transport (serial path or TCP peer).
std::unique_ptr<StreamOpener> make_opener(IoContext& io, const DeviceSpec& spec);

class StreamSession : public DeviceSession, protected StreamListener {
 public:
  ~StreamSession() override;
  void stop() override;
  [[nodiscard]] DeviceHealth health() const override;

 protected:
  using SteadyTime = std::chrono::steady_clock::time_point;

  StreamSession(IoContext& io, DeviceSpec spec, SessionHandlers handlers, std::optional<CaptureWriter> capture);

  // Takes the stream (wrapped for capture when capturing) and starts it with this listener.
  void attach(std::unique_ptr<ByteStream> stream);
  // Written to the device; a refused write is reported as a link error.
  void send(std::span<const std::uint8_t> bytes);
  // An observation to the handler (with its RawRef), or a decode error as an error.
  void emit(const protocols::DecodeEvent& event);
  void link_error(const Error& error);
  void frame_ok();
  // A new decoder starts here: its offset 0 is the next byte received.
  void restart_offsets() { decoder_base_ = received_; }
  // Arms the one timer for `when` (nothing: disarmed); on_timer runs at or after it.
  void arm(std::optional<SteadyTime> when);
  virtual void on_timer(SteadyTime now) = 0;
  // Ends the session for good: closes the stream and tells on_done.
  void finish(SessionState state);

  // Subclasses call this first in on_bytes.
  void count_rx(std::size_t n) { received_ += n; }

  IoContext& io_;
  DeviceSpec spec_;
  SessionHandlers handlers_;
  std::unique_ptr<ByteStream> stream_;
  SessionState state_ = SessionState::idle;
  // Handlers hold a weak reference: a timer that fires after destruction is ignored.
  std::shared_ptr<char> alive_ = std::make_shared<char>();

 private:
  std::optional<CaptureWriter> pending_capture_;
  const CapturingStream* capturing_ = nullptr;
  std::optional<std::filesystem::path> capture_path_;
  asio::steady_timer timer_;
  std::optional<SteadyTime> armed_;
  std::uint64_t capture_base_ = 0;
  std::uint64_t received_ = 0;
  std::uint64_t decoder_base_ = 0;
  std::uint64_t frames_ok_ = 0;
  std::uint64_t frames_rejected_ = 0;
  std::uint64_t observations_ = 0;
  std::optional<std::chrono::system_clock::time_point> last_frame_;
  std::optional<Error> last_error_;
};

}  // namespace kj::drivers
