#include "ui-cli/device_spec.hpp"

#include "protocols/decoder.hpp"

namespace kj::cli {

Result<drivers::DeviceSpec> to_device_spec(const lims::config::Device& device, const std::filesystem::path& data_dir) {
  drivers::DeviceSpec spec;
  spec.name = device.name;
  spec.protocol = device.protocol;
  spec.options = device.options;
  if (const auto* serial = std::get_if<lims::config::SerialTransport>(&device.transport)) {
    drivers::SerialLink link;
    link.path = serial->path;
    link.settings.baud = static_cast<unsigned>(serial->baud);
    link.settings.data_bits = static_cast<unsigned>(serial->data_bits);
    link.settings.stop_bits = static_cast<unsigned>(serial->stop_bits);
    const auto parity = drivers::parity_from_string(serial->parity);
    // config spells flow control rtscts / xonxoff; the drivers rts_cts / xon_xoff.
    std::string flow = serial->flow_control;
    if (flow == "rtscts") flow = "rts_cts";
    if (flow == "xonxoff") flow = "xon_xoff";
    const auto flow_control = drivers::flow_control_from_string(flow);
    if (!parity || !flow_control)
      return make_error(protocols::make_error_code(protocols::Errc::bad_option),
                        "device " + device.name + ": unknown parity or flow control",
                        "设备 " + device.name + "：未知的校验位或流控设置");
    link.settings.parity = *parity;
    link.settings.flow_control = *flow_control;
    spec.transport = link;
  } else {
    const auto& tcp = std::get<lims::config::TcpTransport>(device.transport);
    const drivers::TcpEndpoint endpoint{tcp.host, static_cast<std::uint16_t>(tcp.port)};
    if (tcp.listen) {
      spec.transport = drivers::TcpListen{{tcp.host.empty() ? "0.0.0.0" : tcp.host, endpoint.port}};
    } else {
      spec.transport = drivers::TcpConnect{endpoint};
    }
  }
  if (!data_dir.empty()) spec.capture = data_dir / "captures" / (device.name + ".kjcap");
  return spec;
}

}  // namespace kj::cli
