// Exclusive access to a serial port, and why access failed. Two programs reading one analyzer
// would each get half the frames, so every open takes the port exclusively: TIOCEXCL keeps
// other programs out (a later open fails with EBUSY), and flock() keeps a second kuaijian out
// even when it runs as root, which TIOCEXCL lets through.
#pragma once

#include <string>

#include "drivers/errors.hpp"
#include "protocols/result.hpp"

namespace kj::drivers {

// Takes the port behind `fd` exclusively; port_busy when another open file holds it.
Status lock_port_exclusively(int fd, const std::string& path);

// Gives up TIOCEXCL before the descriptor closes (the flock goes with the descriptor).
void unlock_port(int fd);

// The Error for a failed `action` ("open", "configure") on the port: ENOENT/ENODEV/ENXIO →
// port_not_found, EBUSY → port_busy, anything else → port_failed (EACCES with a hint about
// the dialout group).
Error serial_port_error(const std::string& path, const Text& action, int errno_value);

}  // namespace kj::drivers
