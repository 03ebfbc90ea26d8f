#include "drivers/serial/port_enumeration.hpp"

#include <libserialport.h>

#include <memory>

#include "drivers/errors.hpp"

namespace kj::drivers {
namespace {

std::string text_or_empty(const char* text) { return text ? text : ""; }

struct PortListDeleter {
  void operator()(sp_port** list) const { sp_free_port_list(list); }
};

}  // namespace

Result<std::vector<SerialPortInfo>> list_serial_ports() {
  sp_port** raw_list = nullptr;
  if (sp_list_ports(&raw_list) != SP_OK) {
    // sp_last_error_message must be read at once, on this thread (libserialport keeps errno).
    char* message = sp_last_error_message();
    const std::string reason = text_or_empty(message);
    sp_free_error_message(message);
    return make_error(make_error_code(Errc::enumeration_failed), "cannot list serial ports: " + reason,
                      "无法列出串口：" + reason);
  }
  const std::unique_ptr<sp_port*, PortListDeleter> list(raw_list);
  std::vector<SerialPortInfo> ports;
  for (sp_port** port = list.get(); *port != nullptr; ++port) {
    SerialPortInfo info;
    info.path = text_or_empty(sp_get_port_name(*port));
    info.description = text_or_empty(sp_get_port_description(*port));
    switch (sp_get_port_transport(*port)) {
      case SP_TRANSPORT_USB: {
        info.transport = "usb";
        UsbIdentity usb;
        sp_get_port_usb_vid_pid(*port, &usb.vendor_id, &usb.product_id);
        usb.manufacturer = text_or_empty(sp_get_port_usb_manufacturer(*port));
        usb.product = text_or_empty(sp_get_port_usb_product(*port));
        usb.serial_number = text_or_empty(sp_get_port_usb_serial(*port));
        info.usb = usb;
        break;
      }
      case SP_TRANSPORT_BLUETOOTH: info.transport = "bluetooth"; break;
      default: info.transport = "native";
    }
    ports.push_back(std::move(info));
  }
  return ports;
}

}  // namespace kj::drivers
