// kuaijian sim — a simulated analyzer on a real link, to try drivers without an instrument:
//   kuaijian sim PROFILE (--pty | --serial PATH | --tcp HOST:PORT | --listen PORT)
//                [--scenario FILE] [--seed N] [--baud N] [--once]
// With --pty the first line of stdout is exactly `pty: /dev/pts/N` (tests and the demo read
// it); --listen prints `listen: HOST:PORT`, --serial `serial: PATH`, --tcp `tcp: HOST:PORT`.
#include <fmt/format.h>

#include <chrono>
#include <ctime>
#include <memory>
#include <ostream>

#include "drivers/errors.hpp"
#include "drivers/simulators/sim_service.hpp"
#include "drivers/simulators/simulator_profiles.hpp"
#include "ui-cli/commands/commands.hpp"

namespace kj::cli {
namespace {

struct SimOptions {
  std::string profile;
  bool pty = false;
  std::string serial;
  std::string tcp;
  int listen = -1;
  std::string scenario;
  long long seed = -1;
  unsigned baud = 0;
  bool once = false;
};

Error usage(const Context& context, const std::string& en, const std::string& zh) {
  (void)context;
  return make_error(make_error_code(drivers::Errc::bad_settings), en, zh);
}

// The simulated analyzer's date: its clock shows Beijing time, as the booth's analyzers do
// (kuaijian reads device times as +08:00), whatever the zone of the machine running it;
// KJ_NOW moves it like every other clock of the program.
protocols::DeviceTime local_today() {
  const auto local = Context::now() + std::chrono::hours(8);
  const std::chrono::year_month_day day{std::chrono::floor<std::chrono::days>(local)};
  return protocols::DeviceTime{static_cast<int>(day.year()),
                               static_cast<int>(static_cast<unsigned>(day.month())),
                               static_cast<int>(static_cast<unsigned>(day.day())),
                               0,
                               0,
                               0};
}

Result<drivers::TcpEndpoint> parse_host_port(const std::string& text) {
  const auto colon = text.rfind(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == text.size()) {
    return make_error(make_error_code(drivers::Errc::bad_settings), "--tcp wants HOST:PORT, got \"" + text + "\"",
                      "--tcp 应为 HOST:PORT，实际为“" + text + "”");
  }
  drivers::TcpEndpoint endpoint;
  endpoint.host = text.substr(0, colon);
  if (endpoint.host.size() > 2 && endpoint.host.front() == '[' && endpoint.host.back() == ']') {
    endpoint.host = endpoint.host.substr(1, endpoint.host.size() - 2);
  }
  try {
    const int port = std::stoi(text.substr(colon + 1));
    if (port < 1 || port > 65535) throw std::out_of_range("port");
    endpoint.port = static_cast<std::uint16_t>(port);
  } catch (const std::exception&) {
    return make_error(make_error_code(drivers::Errc::bad_settings), "--tcp: bad port in \"" + text + "\"",
                      "--tcp：“" + text + "”中的端口无效");
  }
  return endpoint;
}

int run_sim(Context& context, const SimOptions& options) {
  drivers::SimServiceOptions service;
  service.profile = options.profile;
  const int transports = (options.pty ? 1 : 0) + (options.serial.empty() ? 0 : 1) + (options.tcp.empty() ? 0 : 1) +
                         (options.listen >= 0 ? 1 : 0);
  if (transports != 1) {
    return report(context, usage(context, "give exactly one of --pty, --serial PATH, --tcp HOST:PORT, --listen PORT",
                                 "请且仅请指定 --pty、--serial PATH、--tcp HOST:PORT、--listen PORT 之一"));
  }
  const auto* profile = drivers::find_sim_profile(options.profile);
  if (profile == nullptr) {
    std::string names;
    for (const auto& p : drivers::sim_profiles()) names += (names.empty() ? "" : ", ") + std::string(p.name);
    return report(context, usage(context, "unknown profile \"" + options.profile + "\"; expected one of " + names,
                                 "未知的模拟器类型“" + options.profile + "”；应为 " + names + " 之一"));
  }
  if (options.pty) {
    service.transport = drivers::SimTransport::pty;
  } else if (!options.serial.empty()) {
    service.transport = drivers::SimTransport::serial;
    service.serial_path = options.serial;
  } else if (!options.tcp.empty()) {
    service.transport = drivers::SimTransport::tcp_connect;
    auto endpoint = parse_host_port(options.tcp);
    if (!endpoint) return report(context, endpoint.error());
    service.endpoint = *endpoint;
  } else {
    service.transport = drivers::SimTransport::tcp_listen;
    if (options.listen > 65535) {
      return report(context, usage(context, "--listen wants a port from 0 to 65535", "--listen 端口应为 0 到 65535"));
    }
    service.endpoint = drivers::TcpEndpoint{"0.0.0.0", static_cast<std::uint16_t>(options.listen)};
  }
  if (profile->tcp_only &&
      (service.transport == drivers::SimTransport::pty || service.transport == drivers::SimTransport::serial)) {
    return report(context, usage(context, "profile " + options.profile + " has no serial port: use --listen or --tcp",
                                 "类型 " + options.profile + " 没有串口：请用 --listen 或 --tcp"));
  }
  if (options.scenario.empty()) {
    service.scenario = drivers::default_scenario(options.profile);
  } else {
    auto scenario = drivers::load_scenario(options.scenario);
    if (!scenario) return report(context, scenario.error());
    service.scenario = std::move(*scenario);
  }
  if (options.seed >= 0) service.scenario.seed = static_cast<std::uint64_t>(options.seed);
  service.today = local_today();
  service.baud = options.baud;
  service.once = options.once;

  const char* label = options.pty               ? "pty"
                      : !options.serial.empty() ? "serial"
                      : !options.tcp.empty()    ? "tcp"
                                                : "listen";
  drivers::SimServiceEvents events;
  events.ready = [&context, label, &options](const std::string& where) {
    // The first line is machine-read: `pty: /dev/pts/N`, in every language.
    context.out << label << ": " << where << std::endl;
    const std::string scenario = options.scenario.empty() ? context.t("built-in", "内置") : options.scenario;
    context.err << context.tf("simulating {} (scenario: {}); stop with Ctrl-C\n",
                              "正在模拟 {}（场景：{}）；按 Ctrl-C 停止\n", options.profile, scenario);
  };
  events.note = [&context](const Text& note) { context.err << "sim: " << context.t(note) << std::endl; };
  const auto status = drivers::run_sim_service(service, events);
  if (!status) return report(context, status.error());
  return 0;
}

}  // namespace

void register_sim(CLI::App& app, Context& context) {
  auto options = std::make_shared<SimOptions>();
  auto* sim = app.add_subcommand("sim", context.t("Simulate an analyzer on a pty, serial port or TCP link",
                                                  "在伪终端、串口或 TCP 上模拟一台检测设备"));
  std::string profiles;
  for (const auto& p : drivers::sim_profiles()) profiles += (profiles.empty() ? "" : ", ") + std::string(p.name);
  sim->add_option("PROFILE", options->profile, context.tf("Instrument profile: {}", "设备类型：{}", profiles))
      ->required();
  sim->add_flag("--pty", options->pty,
                context.t("Create a pseudo-terminal pair; prints `pty: PATH` for the driver",
                          "创建伪终端对；输出 `pty: 路径` 供驱动打开"));
  sim->add_option("--serial", options->serial, context.t("Serve on this serial port / tty", "在此串口/终端上服务"));
  sim->add_option(
      "--tcp", options->tcp,
      context.t("Connect to the host's listener HOST:PORT (HL7 sender)", "连接主机监听的 HOST:PORT（HL7 发送方）"));
  sim->add_option(
      "--listen", options->listen,
      context.t("Listen on this TCP port (DY-6260, ASTM over TCP)", "在此 TCP 端口监听（DY-6260、ASTM over TCP）"));
  sim->add_option("--scenario", options->scenario,
                  context.t("Scenario file (default: the profile's own, see samples/scenarios)",
                            "场景文件（默认：该类型自带的，见 samples/scenarios）"));
  sim->add_option("--seed", options->seed,
                  context.t("Noise seed (overrides the scenario's)", "噪声种子（覆盖场景中的设置）"));
  sim->add_option("--baud", options->baud,
                  context.t("Serial speed (default: the instrument's own)", "串口波特率（默认：该设备自身的）"));
  sim->add_flag("--once", options->once,
                context.t("Stop after one full read or push sequence", "完成一次完整的读取或上传后退出"));
  sim->callback([&context, options] { context.exit_code = run_sim(context, *options); });
}

}  // namespace kj::cli
