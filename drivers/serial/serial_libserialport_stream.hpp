// A serial stream for the ports libserialport recognises (ttyS*, ttyUSB*, ttyACM*): it opens
// and configures the port; the I/O then runs on its descriptor in the io_context.
#pragma once

#include <memory>
#include <string>

#include "drivers/asio_byte_stream.hpp"
#include "drivers/serial/serial_settings.hpp"

namespace kj::drivers {

class SerialLibserialportStream final : public AsioByteStream<asio::posix::stream_descriptor> {
 public:
  // port_not_found when libserialport does not know `path`; port_busy, bad_settings or
  // port_failed with libserialport's own reason otherwise.
  static Result<std::unique_ptr<ByteStream>> open(IoContext& io, const std::string& path,
                                                  const SerialSettings& settings);

 private:
  SerialLibserialportStream(asio::posix::stream_descriptor descriptor, std::string description, Closer closer);
};

// True when libserialport recognises `path` (it has a /sys/class/tty entry); ptys do not.
bool libserialport_knows(const std::string& path);

}  // namespace kj::drivers
