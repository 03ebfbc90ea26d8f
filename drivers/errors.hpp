// Error codes of the drivers layer (ports, sockets, device sessions).
#pragma once

#include <system_error>

namespace kj::drivers {

enum class Errc {
  port_not_found = 1,  // no such serial port or device path
  port_busy,           // the port is open elsewhere (exclusive lock held)
  port_failed,         // the OS refused an operation on the port
  connect_failed,      // a TCP peer could not be reached
  timed_out,           // a device did not answer in time
  enumeration_failed,  // the list of serial ports could not be read
  bad_settings,        // line settings the port cannot do (baud rate, data bits, parity, stop bits)
  disconnected,        // an open link ended: device unplugged (EIO/ENXIO), peer closed or reset
  capture_unreadable,  // a capture file is missing, unreadable or has a malformed line
  capture_unwritable,  // a capture file could not be created or appended to
};

const std::error_category& drivers_category();
std::error_code make_error_code(Errc code);

}  // namespace kj::drivers

template <>
struct std::is_error_code_enum<kj::drivers::Errc> : std::true_type {};
