#include "drivers/serial/termios_settings.hpp"

#include <sys/stat.h>
#include <sys/sysmacros.h>

#include <cerrno>
#include <utility>

#include "drivers/serial/port_access.hpp"

namespace kj::drivers {
namespace {

bool is_pty(int fd) {
  struct stat status {};
  if (::fstat(fd, &status) != 0) return false;
  const unsigned major_number = major(status.st_rdev);
  return major_number >= 136 && major_number <= 143;  // UNIX98_PTY_SLAVE_MAJOR and its range
}

}  // namespace

std::optional<speed_t> termios_speed(unsigned baud) {
  static constexpr std::pair<unsigned, speed_t> kSpeeds[] = {
      {50, B50},           {75, B75},           {110, B110},         {134, B134},         {150, B150},
      {200, B200},         {300, B300},         {600, B600},         {1200, B1200},       {1800, B1800},
      {2400, B2400},       {4800, B4800},       {9600, B9600},       {19200, B19200},     {38400, B38400},
      {57600, B57600},     {115200, B115200},   {230400, B230400},   {460800, B460800},   {500000, B500000},
      {576000, B576000},   {921600, B921600},   {1000000, B1000000}, {1152000, B1152000}, {1500000, B1500000},
      {2000000, B2000000}, {2500000, B2500000}, {3000000, B3000000}, {3500000, B3500000}, {4000000, B4000000},
  };
  for (const auto& [rate, constant] : kSpeeds) {
    if (rate == baud) return constant;
  }
  return std::nullopt;
}

Status apply_termios_settings(int fd, const std::string& path, const SerialSettings& settings) {
  if (Status checked = check_serial_settings(path, settings); !checked) return checked;
  const std::optional<speed_t> speed = termios_speed(settings.baud);
  if (!speed) {
    const std::string baud = std::to_string(settings.baud);
    return make_error(
        make_error_code(Errc::bad_settings),
        "serial port " + path + ": baud rate " + baud +
            " is not a standard rate (e.g. 1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200)",
        "串口 " + path + "：波特率 " + baud + " 不是标准值（如 1200、2400、4800、9600、19200、38400、57600、115200）");
  }
  const Text configure{"configure", "设置参数"};
  termios tio{};
  if (::tcgetattr(fd, &tio) != 0) return serial_port_error(path, configure, errno);

  // Raw: no line editing, echo, signals, CR/LF translation or XON/XOFF eating bytes.
  ::cfmakeraw(&tio);
  tio.c_cflag |= CLOCAL | CREAD;  // ignore modem lines, enable the receiver
  tio.c_cflag &= ~static_cast<tcflag_t>(CSIZE | PARENB | PARODD | CMSPAR | CSTOPB | CRTSCTS);
  static constexpr tcflag_t kSize[] = {CS5, CS6, CS7, CS8};
  tio.c_cflag |= kSize[settings.data_bits - 5];
  switch (settings.parity) {
    case Parity::none: break;
    case Parity::odd: tio.c_cflag |= PARENB | PARODD; break;
    case Parity::even: tio.c_cflag |= PARENB; break;
    case Parity::mark: tio.c_cflag |= PARENB | CMSPAR | PARODD; break;
    case Parity::space: tio.c_cflag |= PARENB | CMSPAR; break;
  }
  if (settings.stop_bits == 2) tio.c_cflag |= CSTOPB;
  tio.c_iflag &= ~static_cast<tcflag_t>(IXON | IXOFF | IXANY);
  if (settings.flow_control == FlowControl::rts_cts) tio.c_cflag |= CRTSCTS;
  if (settings.flow_control == FlowControl::xon_xoff) tio.c_iflag |= IXON | IXOFF;
  tio.c_cc[VMIN] = 1;
  tio.c_cc[VTIME] = 0;
  if (::cfsetispeed(&tio, *speed) != 0 || ::cfsetospeed(&tio, *speed) != 0) {
    return serial_port_error(path, configure, errno);
  }
  if (::tcsetattr(fd, TCSANOW, &tio) != 0) return serial_port_error(path, configure, errno);

  // tcsetattr succeeds when any one change took; read back to catch a driver that ignored some.
  // A pty has no line: Linux forces CS8 and no parity there, so only its speed is checked.
  termios applied{};
  if (::tcgetattr(fd, &applied) != 0) return serial_port_error(path, configure, errno);
  const tcflag_t checked_flags = is_pty(fd) ? 0 : CSIZE | PARENB | PARODD | CMSPAR | CSTOPB | CRTSCTS;
  if (::cfgetospeed(&applied) != *speed || (applied.c_cflag & checked_flags) != (tio.c_cflag & checked_flags)) {
    const std::string wanted = to_string(settings);
    return make_error(make_error_code(Errc::bad_settings),
                      "serial port " + path + ": the driver did not accept " + wanted,
                      "串口 " + path + "：驱动不接受参数 " + wanted);
  }
  return {};
}

}  // namespace kj::drivers
