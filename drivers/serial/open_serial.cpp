#include "drivers/serial/open_serial.hpp"

#include "drivers/serial/serial_libserialport_stream.hpp"
#include "drivers/serial/serial_termios_stream.hpp"

namespace kj::drivers {

std::string_view to_string(SerialBackend backend) {
  return backend == SerialBackend::libserialport ? "libserialport" : "termios";
}

SerialBackend serial_backend_for(const std::string& path) {
  return libserialport_knows(path) ? SerialBackend::libserialport : SerialBackend::termios;
}

Result<std::unique_ptr<ByteStream>> open_serial(IoContext& io, const std::string& path,
                                                const SerialSettings& settings) {
  if (serial_backend_for(path) == SerialBackend::libserialport) {
    return SerialLibserialportStream::open(io, path, settings);
  }
  return SerialTermiosStream::open(io, path, settings);
}

SerialOpener::SerialOpener(IoContext& io, std::string path, SerialSettings settings)
    : io_(io), path_(std::move(path)), settings_(settings) {}

void SerialOpener::async_open(OpenHandler done) {
  std::weak_ptr<std::uint64_t> generation = generation_;
  asio::post(io_, [&io = io_, path = path_, settings = settings_, generation, expected = *generation_,
                   done = std::move(done)] {
    const std::shared_ptr<std::uint64_t> current = generation.lock();
    if (!current || *current != expected) return;
    done(open_serial(io, path, settings));
  });
}

void SerialOpener::cancel() {
  ++*generation_;
}

std::string SerialOpener::description() const {
  return "serial " + path_ + " " + to_string(settings_);
}

}  // namespace kj::drivers
