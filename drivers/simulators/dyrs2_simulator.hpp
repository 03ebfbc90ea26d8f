// A DYRS2 meat-moisture meter on the wire (instruments.md §7), 3rd generation: `V` → version
// answer; `R` + a date range → one 'D' frame per sample of the range, then the 'E' frame;
// `U` (2nd-generation "send all") → one frame with every record; `S` (set clock) → no answer.
// Moisture: negatives 70.0–76.5 %, positives 77.5–82.0 % (GB 18394 limit 77 % for pork, beef,
// chicken), derived from the scenario's verdicts; species from the sample name (猪肉 … 鸡肉).
#pragma once

#include <vector>

#include "drivers/simulators/device_simulator.hpp"
#include "drivers/simulators/scenario.hpp"
#include "protocols/frame_hunter.hpp"

namespace kj::drivers {

class Dyrs2Simulator final : public DeviceSimulator {
 public:
  explicit Dyrs2Simulator(std::vector<SimReading> readings);
  void feed(std::span<const std::uint8_t> bytes, SimTime now) override;

  // The moisture % × 10 a reading goes out with, and its species code '1'…'5'.
  static std::uint16_t moisture_x10(const SimReading& reading);
  static char species(const SimReading& reading);

 private:
  std::vector<SimReading> readings_;
  protocols::FrameHunter hunter_;
};

}  // namespace kj::drivers
