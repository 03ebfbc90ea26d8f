// A simulated analyzer as a pure state machine: the host's bytes and the time in, the device's
// bytes out. No I/O and no clock, so each profile is unit-tested by feeding it the host's
// requests; SimRunner (sim_runner.hpp) puts one on a real stream with one steady_timer.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <span>
#include <utility>
#include <vector>

namespace kj::drivers {

using SimClock = std::chrono::steady_clock;
using SimTime = SimClock::time_point;

class DeviceSimulator {
 public:
  virtual ~DeviceSimulator() = default;
  DeviceSimulator() = default;
  DeviceSimulator(const DeviceSimulator&) = delete;
  DeviceSimulator& operator=(const DeviceSimulator&) = delete;

  // The link is up (port open, TCP connected): push devices start sending.
  virtual void start(SimTime /*now*/) {}
  // Bytes the host wrote, in wire order, any split.
  virtual void feed(std::span<const std::uint8_t> bytes, SimTime now) = 0;
  // When on_timeout is due; nothing while no timer runs.
  [[nodiscard]] virtual std::optional<SimTime> deadline() const { return std::nullopt; }
  virtual void on_timeout(SimTime /*now*/) {}

  // What the device writes, in order, since the last call.
  std::vector<std::uint8_t> take_output() { return std::exchange(output_, {}); }
  // One full read (polled devices: the host read the data) or push (all sent and accepted)
  // sequence is over: `--once` stops here.
  [[nodiscard]] bool finished() const { return finished_; }
  // The device closes the connection after its answer (DY-6260 over TCP).
  [[nodiscard]] bool wants_close() const { return wants_close_; }

 protected:
  void emit(std::span<const std::uint8_t> bytes) { output_.insert(output_.end(), bytes.begin(), bytes.end()); }
  void set_finished() { finished_ = true; }
  void set_wants_close() { wants_close_ = true; }

 private:
  std::vector<std::uint8_t> output_;
  bool finished_ = false;
  bool wants_close_ = false;
};

}  // namespace kj::drivers
