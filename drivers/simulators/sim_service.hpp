// `kuaijian sim` without the command line: opens the transport (a pseudo-terminal pair made
// here, a serial path, a TCP listener, or a TCP connection to the host), puts a fresh device
// simulator on every link, and serves on one io_context until SIGINT/SIGTERM or, with `once`,
// until one full read/push sequence is done.
#pragma once

#include <functional>
#include <string>

#include "drivers/simulators/scenario.hpp"
#include "drivers/tcp/tcp_endpoint.hpp"
#include "protocols/result.hpp"

namespace kj::drivers {

enum class SimTransport { pty, serial, tcp_connect, tcp_listen };

struct SimServiceOptions {
  std::string profile;
  SimTransport transport = SimTransport::pty;
  std::string serial_path;  // serial
  TcpEndpoint endpoint;     // tcp_connect: the host's listener; tcp_listen: where to listen
  unsigned baud = 0;        // serial: 0 = the instrument's own speed
  Scenario scenario;
  protocols::DeviceTime today;  // stands in for an absent scenario date
  bool once = false;
};

struct SimServiceEvents {
  // The simulator is reachable: the pty slave path, the serial path, "host:port" listened on,
  // or the host dialled. Called once, before any device traffic.
  std::function<void(const std::string& where)> ready;
  // Something an operator wants to see (a host connected, a sequence finished, a link ended).
  std::function<void(const Text& note)> note;
};

// Returns when stopped; an Error when the transport cannot be opened or the profile is unknown.
Status run_sim_service(const SimServiceOptions& options, const SimServiceEvents& events);

}  // namespace kj::drivers
