// Opening a serial port by path, whatever it is: libserialport for the ports it recognises,
// termios for any other tty (ptys, socat links). And the opener a ReconnectingStream uses to
// reopen a port that vanished (USB adapter unplugged and plugged back).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "drivers/asio.hpp"
#include "drivers/byte_stream.hpp"
#include "drivers/serial/serial_settings.hpp"

namespace kj::drivers {

enum class SerialBackend { libserialport, termios };

std::string_view to_string(SerialBackend backend);

// libserialport when it recognises `path`, termios otherwise.
SerialBackend serial_backend_for(const std::string& path);

Result<std::unique_ptr<ByteStream>> open_serial(IoContext& io, const std::string& path, const SerialSettings& settings);

class SerialOpener final : public StreamOpener {
 public:
  SerialOpener(IoContext& io, std::string path, SerialSettings settings);
  // The backend is chosen again at each open: a USB adapter may come back under the same path.
  void async_open(OpenHandler done) override;
  void cancel() override;
  [[nodiscard]] std::string description() const override;

 private:
  IoContext& io_;
  std::string path_;
  SerialSettings settings_;
  // A posted open checks it still carries the current generation; cancel() and the destructor
  // move it on, so an abandoned open never calls back.
  std::shared_ptr<std::uint64_t> generation_ = std::make_shared<std::uint64_t>(0);
};

}  // namespace kj::drivers
