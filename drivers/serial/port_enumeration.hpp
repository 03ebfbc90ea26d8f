// Lists the serial ports libserialport recognises (ttyS*, ttyUSB*, ttyACM*), with the USB
// identity of USB adapters, so an operator can tell which analyzer hangs on which port.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "protocols/result.hpp"

namespace kj::drivers {

struct UsbIdentity {
  int vendor_id = 0;
  int product_id = 0;
  std::string manufacturer;
  std::string product;
  std::string serial_number;
};

struct SerialPortInfo {
  std::string path;         // e.g. /dev/ttyUSB0
  std::string description;  // as the OS describes it
  std::string transport;    // "native", "usb" or "bluetooth"
  std::optional<UsbIdentity> usb;
};

Result<std::vector<SerialPortInfo>> list_serial_ports();

}  // namespace kj::drivers
