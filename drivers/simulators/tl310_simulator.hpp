// A TL310 photometer on the wire (instruments.md §1): answers the comm test with firmware
// 0x10, "read last" with the newest record, "read all" with every record and "read by date"
// with that day's records (nothing for another day: no reply with total 0 was ever seen).
// Records: one per sample, channel and time from the scenario, inhibition % × 10, verdict byte.
#pragma once

#include <vector>

#include "drivers/simulators/device_simulator.hpp"
#include "drivers/simulators/scenario.hpp"
#include "protocols/frame_hunter.hpp"

namespace kj::drivers {

class Tl310Simulator final : public DeviceSimulator {
 public:
  Tl310Simulator(const Scenario& scenario, std::vector<SimReading> readings);
  void feed(std::span<const std::uint8_t> bytes, SimTime now) override;

 private:
  void send(const std::vector<const SimReading*>& records);
  std::uint8_t standard_;
  std::vector<SimReading> readings_;
  protocols::FrameHunter hunter_;
};

}  // namespace kj::drivers
