#include "drivers/serial/serial_settings.hpp"

#include "drivers/errors.hpp"

namespace kj::drivers {

std::string to_string(const SerialSettings& settings) {
  static constexpr char kParityLetter[] = {'N', 'O', 'E', 'M', 'S'};
  std::string text = std::to_string(settings.baud) + " " + std::to_string(settings.data_bits) +
                     kParityLetter[static_cast<int>(settings.parity)] + std::to_string(settings.stop_bits);
  if (settings.flow_control == FlowControl::rts_cts) text += " rts/cts";
  if (settings.flow_control == FlowControl::xon_xoff) text += " xon/xoff";
  return text;
}

std::string_view to_string(Parity parity) {
  switch (parity) {
    case Parity::none: return "none";
    case Parity::odd: return "odd";
    case Parity::even: return "even";
    case Parity::mark: return "mark";
    case Parity::space: return "space";
  }
  return "none";
}

std::string_view to_string(FlowControl flow_control) {
  switch (flow_control) {
    case FlowControl::none: return "none";
    case FlowControl::rts_cts: return "rts_cts";
    case FlowControl::xon_xoff: return "xon_xoff";
  }
  return "none";
}

std::optional<Parity> parity_from_string(std::string_view text) {
  for (Parity parity : {Parity::none, Parity::odd, Parity::even, Parity::mark, Parity::space}) {
    if (text == to_string(parity)) return parity;
  }
  return std::nullopt;
}

std::optional<FlowControl> flow_control_from_string(std::string_view text) {
  for (FlowControl flow : {FlowControl::none, FlowControl::rts_cts, FlowControl::xon_xoff}) {
    if (text == to_string(flow)) return flow;
  }
  return std::nullopt;
}

Status check_serial_settings(const std::string& path, const SerialSettings& settings) {
  const auto bad = [&](const std::string& en, const std::string& zh) {
    return make_error(make_error_code(Errc::bad_settings), "serial port " + path + ": " + en,
                      "串口 " + path + "：" + zh);
  };
  if (settings.baud == 0) return bad("baud rate must be above 0", "波特率必须大于 0");
  if (settings.data_bits < 5 || settings.data_bits > 8) {
    const std::string value = std::to_string(settings.data_bits);
    return bad("data bits must be 5 to 8, got " + value, "数据位必须为 5 到 8，实际为 " + value);
  }
  if (settings.stop_bits != 1 && settings.stop_bits != 2) {
    const std::string value = std::to_string(settings.stop_bits);
    return bad("stop bits must be 1 or 2, got " + value, "停止位必须为 1 或 2，实际为 " + value);
  }
  return {};
}

}  // namespace kj::drivers
