#include "drivers/simulators/pty_pair.hpp"

#include <fcntl.h>
#include <stdlib.h>
#include <termios.h>
#include <unistd.h>

#include <cerrno>

#include "drivers/asio_byte_stream.hpp"
#include "drivers/os_error.hpp"

namespace kj::drivers {

namespace {

Error pty_error(const char* en, const char* zh) {
  return make_os_error(Errc::port_failed, Text{en, zh}, errno_text(errno));
}

bool make_raw(int fd) {
  termios tio{};
  if (tcgetattr(fd, &tio) != 0) return false;
  cfmakeraw(&tio);
  tio.c_cc[VMIN] = 1;
  tio.c_cc[VTIME] = 0;
  return tcsetattr(fd, TCSANOW, &tio) == 0;
}

}  // namespace

Result<std::unique_ptr<PtyPair>> PtyPair::open(IoContext& io) {
  const int master = posix_openpt(O_RDWR | O_NOCTTY);
  if (master < 0) return pty_error("cannot create a pseudo-terminal", "无法创建伪终端");
  if (grantpt(master) != 0 || unlockpt(master) != 0) {
    auto error = pty_error("cannot unlock the pseudo-terminal", "无法解锁伪终端");
    ::close(master);
    return error;
  }
  char name[128];
  if (ptsname_r(master, name, sizeof name) != 0) {
    auto error = pty_error("cannot name the pseudo-terminal", "无法获取伪终端名称");
    ::close(master);
    return error;
  }
  const int slave = ::open(name, O_RDWR | O_NOCTTY);
  if (slave < 0 || !make_raw(slave) || !make_raw(master)) {
    auto error = pty_error("cannot put the pseudo-terminal in raw mode", "无法将伪终端设为原始模式");
    if (slave >= 0) ::close(slave);
    ::close(master);
    return error;
  }
  return std::unique_ptr<PtyPair>(new PtyPair(io, master, slave, name));
}

PtyPair::PtyPair(IoContext& io, int master, int slave, std::string slave_path)
    : io_(io), master_(master), slave_(slave), slave_path_(std::move(slave_path)) {}

PtyPair::~PtyPair() {
  if (master_ >= 0) ::close(master_);
  if (slave_ >= 0) ::close(slave_);
}

std::unique_ptr<ByteStream> PtyPair::take_master() {
  using Stream = AsioByteStream<asio::posix::stream_descriptor>;
  asio::posix::stream_descriptor descriptor(io_, master_);
  master_ = -1;  // the stream owns it now
  return std::make_unique<Stream>(std::move(descriptor), "pty " + slave_path_ + " (simulator side)");
}

}  // namespace kj::drivers
