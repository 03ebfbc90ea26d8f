// Puts one DeviceSimulator on one byte stream: bytes from the host go into the device, the
// device's output is written back, and its deadline drives one steady_timer. `on_done` is
// called when the device has finished its first sequence (after a short linger, so the last
// answer leaves the queue before the caller stops the io_context) and when the stream ends.
#pragma once

#include <functional>
#include <memory>
#include <optional>

#include "drivers/asio.hpp"
#include "drivers/byte_stream.hpp"
#include "drivers/simulators/device_simulator.hpp"

namespace kj::drivers {

struct SimRunResult {
  bool finished = false;        // the device completed a read/push sequence
  std::optional<Error> closed;  // the stream ended on its own
};

class SimRunner final : public StreamListener {
 public:
  using DoneHandler = std::function<void(const SimRunResult&)>;

  SimRunner(IoContext& io, std::unique_ptr<ByteStream> stream, std::unique_ptr<DeviceSimulator> device,
            DoneHandler on_done);
  ~SimRunner() override;
  SimRunner(const SimRunner&) = delete;
  SimRunner& operator=(const SimRunner&) = delete;

  void start();
  void close();
  [[nodiscard]] const ByteStream& stream() const { return *stream_; }

  void on_bytes(std::span<const std::uint8_t> bytes) override;
  void on_closed(const Error& reason) override;

 private:
  void pump();
  void arm();
  void done(SimRunResult result);

  std::unique_ptr<ByteStream> stream_;
  std::unique_ptr<DeviceSimulator> device_;
  DoneHandler on_done_;
  asio::steady_timer timer_;
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
  bool reported_ = false;
  bool closed_reported_ = false;
  bool lingering_ = false;
};

}  // namespace kj::drivers
