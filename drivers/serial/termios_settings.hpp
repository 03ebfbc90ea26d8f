// Line settings through termios, for the serial back end that works on any tty (ptys, socat
// links, real ports): raw mode, so no byte is translated, echoed or swallowed.
#pragma once

#include <termios.h>

#include <optional>
#include <string>

#include "drivers/serial/serial_settings.hpp"
#include "protocols/result.hpp"

namespace kj::drivers {

// The Bxxxx constant for `baud`, when termios has one.
std::optional<speed_t> termios_speed(unsigned baud);

// Puts the tty behind `fd` in raw mode with `settings`; bad_settings for a baud rate termios has
// no constant for, port_failed when the driver refuses.
Status apply_termios_settings(int fd, const std::string& path, const SerialSettings& settings);

}  // namespace kj::drivers
