#include "drivers/serial/serial_termios_stream.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>

#include "drivers/serial/port_access.hpp"
#include "drivers/serial/termios_settings.hpp"

namespace kj::drivers {
namespace {

// Closes the descriptor unless ownership moved on (to the Asio descriptor).
class FdGuard {
 public:
  explicit FdGuard(int fd) : fd_(fd) {}
  ~FdGuard() {
    if (fd_ >= 0) ::close(fd_);
  }
  FdGuard(const FdGuard&) = delete;
  FdGuard& operator=(const FdGuard&) = delete;
  [[nodiscard]] int get() const { return fd_; }
  int release() { return std::exchange(fd_, -1); }

 private:
  int fd_;
};

}  // namespace

SerialTermiosStream::SerialTermiosStream(asio::posix::stream_descriptor descriptor, std::string description)
    : AsioByteStream(std::move(descriptor), std::move(description), [](asio::posix::stream_descriptor& d) {
        unlock_port(d.native_handle());
        IoError ignored;
        d.close(ignored);
      }) {}

Result<std::unique_ptr<ByteStream>> SerialTermiosStream::open(IoContext& io, const std::string& path,
                                                              const SerialSettings& settings) {
  if (Status checked = check_serial_settings(path, settings); !checked) return checked.error();
  const Text open_action{"open", "打开"};
  FdGuard fd(::open(path.c_str(), O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC));
  if (fd.get() < 0) return serial_port_error(path, open_action, errno);
  if (::isatty(fd.get()) == 0) return serial_port_error(path, open_action, ENOTTY);
  if (Status locked = lock_port_exclusively(fd.get(), path); !locked) return locked.error();
  if (Status applied = apply_termios_settings(fd.get(), path, settings); !applied) {
    unlock_port(fd.get());
    return applied.error();
  }
  asio::posix::stream_descriptor descriptor(io);
  IoError error;
  descriptor.assign(fd.get(), error);
  if (error) {
    unlock_port(fd.get());
    return serial_port_error(path, open_action, error.value());
  }
  fd.release();
  return std::unique_ptr<ByteStream>(
      new SerialTermiosStream(std::move(descriptor), "serial " + path + " " + to_string(settings) + " (termios)"));
}

}  // namespace kj::drivers
