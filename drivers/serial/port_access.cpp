#include "drivers/serial/port_access.hpp"

#include <sys/file.h>
#include <sys/ioctl.h>
#include <termios.h>

#include <cerrno>

#include "drivers/os_error.hpp"

namespace kj::drivers {

Status lock_port_exclusively(int fd, const std::string& path) {
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    const int error = errno;
    if (error == EWOULDBLOCK) return serial_port_error(path, Text{"lock", "加锁"}, EBUSY);
    return serial_port_error(path, Text{"lock", "加锁"}, error);
  }
  if (::ioctl(fd, TIOCEXCL) != 0) return serial_port_error(path, Text{"lock (TIOCEXCL)", "独占（TIOCEXCL）"}, errno);
  return {};
}

void unlock_port(int fd) {
  ::ioctl(fd, TIOCNXCL);
}

Error serial_port_error(const std::string& path, const Text& action, int errno_value) {
  const Text what{"serial port " + path + ": cannot " + action.en, "串口 " + path + "：无法" + action.zh};
  switch (errno_value) {
    case ENOENT:
    case ENODEV:
    case ENXIO:
      return make_os_error(Errc::port_not_found, what,
                           Text{"no such port (unplugged or wrong path)", "串口不存在（未连接或路径错误）"});
    case EBUSY:
      return make_os_error(Errc::port_busy, what,
                           Text{"the port is in use by another program", "串口正被其他程序占用"});
    case EACCES:
    case EPERM: {
      const Text reason = errno_text(errno_value);
      return make_os_error(
          Errc::port_failed, what,
          Text{reason.en + " (is the user in the dialout group?)", reason.zh + "（用户是否在 dialout 组中？）"});
    }
    default: return make_os_error(Errc::port_failed, what, errno_text(errno_value));
  }
}

}  // namespace kj::drivers
