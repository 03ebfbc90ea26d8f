// The line settings of a serial port as a device's config states them ("9600 8N1, no flow
// control"), shared by both serial back ends.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "protocols/result.hpp"

namespace kj::drivers {

enum class Parity { none, odd, even, mark, space };
enum class FlowControl { none, rts_cts, xon_xoff };

struct SerialSettings {
  unsigned baud = 9600;
  unsigned data_bits = 8;  // 5 to 8
  Parity parity = Parity::none;
  unsigned stop_bits = 1;  // 1 or 2
  FlowControl flow_control = FlowControl::none;

  bool operator==(const SerialSettings&) const = default;
};

// "9600 8N1", "19200 7E2 rts/cts" — for descriptions and logs.
std::string to_string(const SerialSettings& settings);

std::string_view to_string(Parity parity);             // "none", "odd", "even", "mark", "space"
std::string_view to_string(FlowControl flow_control);  // "none", "rts_cts", "xon_xoff"
std::optional<Parity> parity_from_string(std::string_view text);
std::optional<FlowControl> flow_control_from_string(std::string_view text);

// Checks what both back ends require (data bits 5–8, stop bits 1 or 2, a baud rate above 0);
// a bad_settings Error naming the port and the value otherwise. Baud rates are checked by the
// back end, which knows what it can do.
Status check_serial_settings(const std::string& path, const SerialSettings& settings);

}  // namespace kj::drivers
