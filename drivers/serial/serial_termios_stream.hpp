// A serial stream opened with open() + termios: works on any tty path, including the
// pseudo-terminals and socat links that libserialport cannot open (tests, simulators).
#pragma once

#include <memory>
#include <string>

#include "drivers/asio_byte_stream.hpp"
#include "drivers/serial/serial_settings.hpp"

namespace kj::drivers {

class SerialTermiosStream final : public AsioByteStream<asio::posix::stream_descriptor> {
 public:
  // Opens `path` non-blocking without making it the controlling terminal, takes it exclusively,
  // and applies `settings` in raw mode. port_not_found, port_busy, bad_settings or port_failed.
  static Result<std::unique_ptr<ByteStream>> open(IoContext& io, const std::string& path,
                                                  const SerialSettings& settings);

 private:
  SerialTermiosStream(asio::posix::stream_descriptor descriptor, std::string description);
};

}  // namespace kj::drivers
