// kuaijian device — the analyzers on this station: `ports` lists the serial ports found (with
// USB ids), `listen` runs one device's session and prints observations as they arrive (a table
// row each, or JSON Lines with --json; errors on stderr as {"error":…} lines) until SIGINT /
// SIGTERM, --count, --timeout, or the end of a polled read; `status` shows the configured
// devices and, for those a `listen` is running for (in any process), its live health.
#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <functional>
#include <iostream>

#include "drivers/asio.hpp"
#include "drivers/serial/port_enumeration.hpp"
#include "drivers/sessions/device_session.hpp"
#include "lims/config/config.hpp"
#include "lims/time.hpp"
#include "protocols/json_writer.hpp"
#include "protocols/registry.hpp"
#include "ui-cli/commands/commands.hpp"
#include "ui-cli/device_health_file.hpp"
#include "ui-cli/device_spec.hpp"
#include "ui-cli/exit_codes.hpp"

namespace kj::cli {
namespace {

struct ListenOptions {
  std::string name;
  std::string protocol;
  std::string serial;
  unsigned baud = 0;  // 0: the protocol's usual rate
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

// The rate the protocol's instruments ship with (instruments.md): TL310 and LZ4000T run at
// 115200, the others at 9600.
unsigned usual_baud(const std::string& protocol) {
  return protocol == "tl310" || protocol == "lz4000t" ? 115200 : 9600;
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
    link.settings.baud = options.baud != 0 ? options.baud : usual_baud(options.protocol);
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
  // A configured device's health goes to its run file every second, for `device status`.
  std::optional<std::filesystem::path> run_file;
  if (!options.name.empty()) run_file = health_file(context.db_path().parent_path(), options.name);
  drivers::asio::steady_timer health_timer(io);
  std::function<void()> publish_health = [&] {
    write_health_file(*run_file, (*session)->health(), false);
    health_timer.expires_after(std::chrono::seconds(1));
    health_timer.async_wait([&](const drivers::IoError& error) {
      if (!error) publish_health();
    });
  };
  (*session)->start();
  if (run_file) publish_health();
  if (const auto port = (*session)->listening_port(); port && !context.json)
    context.err << context.tf("listening on port {}\n", "正在监听端口 {}\n", *port);
  io.run();
  const auto health = (*session)->health();
  (*session)->stop();
  if (run_file) write_health_file(*run_file, health, true);
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

// "3 s ago" / "3秒前" for a past ISO time; '' when none.
std::string age_text(const Context& context, const std::string& iso) {
  const auto t = lims::parse_iso8601(iso, std::chrono::minutes(0));
  if (!t) return {};
  const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now() - *t).count();
  if (seconds < 120) return context.tf("{} s ago", "{}秒前", std::max<long long>(seconds, 0));
  if (seconds < 7200) return context.tf("{} min ago", "{}分钟前", seconds / 60);
  return context.tf("{} h ago", "{}小时前", seconds / 3600);
}

int run_status(const Context& context) {
  auto config = config_of(context);
  if (!config) return report(context, config.error());
  for (const auto& device : config->devices) {
    auto spec = to_device_spec(device, {});
    const std::string transport = spec ? drivers::describe(spec->transport) : "?";
    const auto record = read_health_file(health_file(context.db_path().parent_path(), device.name));
    const bool live = record && listener_alive(*record);
    if (context.json) {
      protocols::JsonWriter json;
      json.begin_object().key("name").value(device.name).key("protocol").value(device.protocol);
      json.key("transport").value(transport).key("listening").value(live);
      json.key("state").value(live ? record->state : std::string(record ? "stopped" : "idle"));
      if (record) {
        json.key("link").value(live ? record->link : std::string("closed")).key("last_frame").value(record->last_frame);
        json.key("frames_ok").value(static_cast<std::int64_t>(record->frames_ok));
        json.key("frames_rejected").value(static_cast<std::int64_t>(record->frames_rejected));
        json.key("observations").value(static_cast<std::int64_t>(record->observations));
        json.key("reconnects").value(static_cast<std::int64_t>(record->reconnects));
        json.key("last_error").value(record->last_error).key("updated_at").value(record->updated_at);
      }
      json.end_object();
      context.out << json.str() << '\n';
      continue;
    }
    std::string state = context.t("not listening", "未监听");
    if (record) {
      const std::string counters =
          context.tf("frames ok {}, rejected {}, results {}, reconnects {}; last frame {}",
                     "帧 正常 {} / 拒收 {}，结果 {}，重连 {}；最近一帧 {}", record->frames_ok, record->frames_rejected,
                     record->observations, record->reconnects,
                     record->last_frame.empty() ? std::string("-") : age_text(context, record->last_frame));
      state = live ? context.tf("listening (pid {}), link {}: {}", "监听中（进程 {}），链路 {}：{}", record->pid,
                                record->link, counters)
                   : context.tf("not listening (last run ended {}): {}", "未监听（上次运行结束于 {}）：{}",
                                age_text(context, record->updated_at), counters);
      if (!record->last_error.empty()) state += context.tf("; last error: {}", "；最近错误：{}", record->last_error);
    }
    context.out << fmt::format("{:<12} {:<8} {:<36} {}\n", device.name, device.protocol, transport, state);
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
  listen->add_option("--baud", options->baud,
                     context.t("Baud rate (default: the protocol's, 115200 for tl310/lz4000t, else 9600)",
                               "波特率（默认按协议：tl310/lz4000t 为 115200，其余 9600）"));
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
