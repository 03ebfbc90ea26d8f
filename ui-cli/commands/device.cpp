// kuaijian device — the analyzers on this station: `ports` lists the serial ports found (with
// USB ids), `listen` runs one device's session and prints observations as they arrive (a table
// row each, or JSON Lines with --json; errors on stderr as {"error":…} lines) until SIGINT /
// SIGTERM, --count, --timeout, or the end of a polled read; `status` shows the configured
// devices.
#include <fmt/format.h>

#include <charconv>
#include <iostream>

#include "drivers/asio.hpp"
#include "drivers/serial/port_enumeration.hpp"
#include "drivers/sessions/device_session.hpp"
#include "lims/config/config.hpp"
#include "protocols/json_writer.hpp"
#include "protocols/registry.hpp"
#include "ui-cli/commands/commands.hpp"
#include "ui-cli/device_spec.hpp"
#include "ui-cli/exit_codes.hpp"

namespace kj::cli {
namespace {

struct ListenOptions {
  std::string name;
  std::string protocol;
  std::string serial;
  unsigned baud = 9600;
  std::string tcp;
  int listen = -1;
  std::string read = "all";
  std::string capture;
  std::vector<std::string> options;  // KEY=VALUE codec options
  std::size_t count = 0;             // 0: no limit
  double timeout = 0;                // seconds; 0: no limit
};

int usage_error(const Context& context, const std::string& en, const std::string& zh) {
  context.err << "kuaijian: " << (context.lang == Lang::zh ? zh : en) << '\n';
  return exit_code::usage;
}

std::string error_line(const Error& error) {
  protocols::JsonWriter json;
  json.begin_object().key("error").value(error.detail.en).key("code").value(error.code.message()).end_object();
  return json.str();
}

std::string error_line(const drivers::SessionError& error) {
  if (error.decode) return protocols::to_json(*error.decode);
  return error_line(*error.link);
}

std::string value_text(const protocols::Observation& o) {
  if (const auto* number = std::get_if<double>(&o.value)) return fmt::format("{}", *number);
  if (const auto* text = std::get_if<std::string>(&o.value)) return *text;
  return "-";
}

void print_row(const Context& context, const protocols::Observation& o, const drivers::RawRef& ref) {
  context.out << fmt::format("{:<10} {:<12} {:<4} {:<16} {:>10} {:<6} {:<9} {}\n", ref.device,
                             o.sample_id.value_or("-"), o.channel ? std::to_string(*o.channel) : "-",
                             o.item_name.value_or(o.item_code), value_text(o), o.unit.value_or(""),
                             o.verdict ? std::string(to_string(*o.verdict)) : "-", o.measured_at.value_or("-"));
  context.out.flush();
}

Result<lims::config::Config> config_of(const Context& context) {
  return lims::config::load_config(context.config_dir());
}

// The spec from the flags of an ad-hoc listen.
std::optional<drivers::DeviceSpec> spec_from_flags(const Context& context, const ListenOptions& options, int& exit) {
  drivers::DeviceSpec spec;
  spec.name = "cli";
  spec.protocol = options.protocol;
  const int transports =
      (options.serial.empty() ? 0 : 1) + (options.tcp.empty() ? 0 : 1) + (options.listen >= 0 ? 1 : 0);
  if (spec.protocol.empty() || transports != 1) {
    exit = usage_error(context, "give a device NAME, or --protocol and one of --serial, --tcp, --listen",
                       "请给出设备名称，或 --protocol 加 --serial、--tcp、--listen 之一");
    return std::nullopt;
  }
  if (!options.serial.empty()) {
    drivers::SerialLink link;
    link.path = options.serial;
    link.settings.baud = options.baud;
    spec.transport = link;
  } else if (!options.tcp.empty()) {
    const auto colon = options.tcp.rfind(':');
    unsigned port = 0;
    const char* begin = options.tcp.data() + (colon == std::string::npos ? 0 : colon + 1);
    const char* end = options.tcp.data() + options.tcp.size();
    const auto [ptr, ec] = std::from_chars(begin, end, port);
    if (colon == std::string::npos || ec != std::errc{} || ptr != end || port == 0 || port > 65535) {
      exit = usage_error(context, "--tcp expects HOST:PORT, got \"" + options.tcp + "\"",
                         "--tcp 应为 主机:端口，实际为“" + options.tcp + "”");
      return std::nullopt;
    }
    spec.transport = drivers::TcpConnect{{options.tcp.substr(0, colon), static_cast<std::uint16_t>(port)}};
  } else {
    if (options.listen > 65535) {
      exit = usage_error(context, "--listen expects a port number", "--listen 应为端口号");
      return std::nullopt;
    }
    spec.transport = drivers::TcpListen{{"0.0.0.0", static_cast<std::uint16_t>(options.listen)}};
  }
  for (const auto& option : options.options) {
    const auto eq = option.find('=');
    if (eq == std::string::npos || eq == 0) {
      exit = usage_error(context, "--option expects KEY=VALUE, got \"" + option + "\"",
                         "--option 应为 KEY=VALUE，实际为“" + option + "”");
      return std::nullopt;
    }
    spec.options[option.substr(0, eq)] = option.substr(eq + 1);
  }
  return spec;
}

int run_listen(Context& context, const ListenOptions& options) {
  int exit = exit_code::ok;
  std::optional<drivers::DeviceSpec> spec;
  if (!options.name.empty()) {
    auto config = config_of(context);
    if (!config) return report(context, config.error());
    const auto* device = config->find_device(options.name);
    if (device == nullptr)
      return usage_error(context, "no device named \"" + options.name + "\" in config/devices.json",
                         "config/devices.json 中没有名为“" + options.name + "”的设备");
    auto converted = to_device_spec(*device, context.db_path().parent_path());
    if (!converted) return report(context, converted.error());
    spec = std::move(*converted);
  } else {
    spec = spec_from_flags(context, options, exit);
    if (!spec) return exit;
  }
  const auto read = drivers::parse_read_request(options.read);
  if (!read)
    return usage_error(context, "--read expects last, all or date:YYYY-MM-DD",
                       "--read 应为 last、all 或 date:YYYY-MM-DD");
  spec->read = *read;
  if (!options.capture.empty()) spec->capture = options.capture;

  drivers::IoContext io;
  std::size_t seen = 0;
  bool any_error = false;
  drivers::SessionHandlers handlers;
  handlers.on_observation = [&](const protocols::Observation& o, const drivers::RawRef& ref) {
    ++seen;
    if (context.json) {
      context.out << protocols::to_json(o) << '\n';
      context.out.flush();
    } else {
      print_row(context, o, ref);
    }
    if (options.count > 0 && seen >= options.count) io.stop();
  };
  handlers.on_error = [&](const drivers::SessionError& error) {
    any_error = true;
    context.err << error_line(error) << '\n';
    context.err.flush();
  };
  handlers.on_done = [&] { io.stop(); };
  auto session = drivers::make_session(io, *spec, handlers);
  if (!session) {
    if (session.error().code == protocols::make_error_code(protocols::Errc::bad_option))
      return usage_error(context, session.error().detail.en, session.error().detail.zh);
    return report(context, session.error());
  }
  drivers::asio::signal_set signals(io, SIGINT, SIGTERM);
  signals.async_wait([&](const drivers::IoError& error, int) {
    if (!error) io.stop();
  });
  drivers::asio::steady_timer limit(io);
  if (options.timeout > 0) {
    limit.expires_after(std::chrono::milliseconds(static_cast<long long>(options.timeout * 1000)));
    limit.async_wait([&](const drivers::IoError& error) {
      if (!error) io.stop();
    });
  }
  (*session)->start();
  if (const auto port = (*session)->listening_port(); port && !context.json)
    context.err << context.tf("listening on port {}\n", "正在监听端口 {}\n", *port);
  io.run();
  const auto health = (*session)->health();
  (*session)->stop();
  if (health.state == drivers::SessionState::failed) return exit_code::device;
  return any_error && seen == 0 ? exit_code::rejected_frames : exit_code::ok;
}

int run_ports(const Context& context) {
  auto ports = drivers::list_serial_ports();
  if (!ports) return report(context, ports.error());
  for (const auto& port : *ports) {
    std::string usb;
    if (port.usb)
      usb = fmt::format("{:04x}:{:04x}{}", port.usb->vendor_id, port.usb->product_id,
                        port.usb->serial_number.empty() ? "" : " " + port.usb->serial_number);
    if (context.json) {
      protocols::JsonWriter json;
      json.begin_object().key("path").value(port.path).key("description").value(port.description);
      json.key("transport").value(port.transport);
      if (port.usb) {
        json.key("usb").begin_object().key("vid").value(fmt::format("{:04x}", port.usb->vendor_id));
        json.key("pid").value(fmt::format("{:04x}", port.usb->product_id));
        json.key("serial").value(port.usb->serial_number).key("manufacturer").value(port.usb->manufacturer);
        json.key("product").value(port.usb->product).end_object();
      }
      json.end_object();
      context.out << json.str() << '\n';
    } else {
      context.out << fmt::format("{:<16} {:<10} {:<24} {}\n", port.path, port.transport, usb, port.description);
    }
  }
  if (ports->empty() && !context.json) context.out << context.t("no serial ports found\n", "未找到串口\n");
  return exit_code::ok;
}

int run_status(const Context& context) {
  auto config = config_of(context);
  if (!config) return report(context, config.error());
  for (const auto& device : config->devices) {
    auto spec = to_device_spec(device, {});
    const std::string transport = spec ? drivers::describe(spec->transport) : "?";
    if (context.json) {
      protocols::JsonWriter json;
      json.begin_object().key("name").value(device.name).key("protocol").value(device.protocol);
      json.key("transport").value(transport).key("state").value("idle").end_object();
      context.out << json.str() << '\n';
    } else {
      context.out << fmt::format("{:<12} {:<8} {:<36} {}\n", device.name, device.protocol, transport,
                                 context.t("not listening", "未监听"));
    }
  }
  return exit_code::ok;
}

}  // namespace

void register_device(CLI::App& app, Context& context) {
  auto* device = app.add_subcommand(
      "device", context.t("Analyzers: serial ports, listening, status", "检测仪器：串口、接收数据、状态"));
  device->require_subcommand(1);

  auto* ports = device->add_subcommand("ports", context.t("List serial ports (USB ids)", "列出串口（含 USB 标识）"));
  ports->callback([&context] { context.exit_code = run_ports(context); });

  auto options = std::make_shared<ListenOptions>();
  auto* listen = device->add_subcommand(
      "listen", context.t("Receive a device's results and print them", "接收并显示仪器的检测结果"));
  listen->add_option("name", options->name,
                     context.t("Device name in config/devices.json", "config/devices.json 中的设备名"));
  listen->add_option("--protocol", options->protocol, context.t("Protocol (see kuaijian decode --list)", "协议"));
  listen->add_option("--serial", options->serial, context.t("Serial port path", "串口路径"));
  listen->add_option("--baud", options->baud, context.t("Baud rate", "波特率"));
  listen->add_option("--tcp", options->tcp, context.t("Dial the device at HOST:PORT", "连接仪器 主机:端口"));
  listen->add_option("--listen", options->listen, context.t("Wait for the device on PORT", "在端口上等待仪器连接"));
  listen->add_option("--read", options->read,
                     context.t("Polled devices: last|all|date:YYYY-MM-DD", "轮询式仪器：last|all|date:YYYY-MM-DD"));
  listen->add_option("--capture", options->capture, context.t("Record every byte to FILE", "将收发字节记录到文件"));
  listen->add_option("--option", options->options, context.t("Codec option KEY=VALUE", "协议选项 KEY=VALUE"));
  listen->add_option("--count", options->count, context.t("Stop after N observations", "收到 N 条结果后停止"));
  listen->add_option("--timeout", options->timeout, context.t("Stop after S seconds", "S 秒后停止"));
  listen->callback([&context, options] { context.exit_code = run_listen(context, *options); });

  auto* status = device->add_subcommand("status", context.t("Configured devices", "已配置的仪器"));
  status->callback([&context] { context.exit_code = run_status(context); });
}

}  // namespace kj::cli
