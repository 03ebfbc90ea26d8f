// A DY-3000 family photometer on the wire (instruments.md §5): link test, a one-item table
// (the scenario's item, method 0 = inhibition), the record window of a date range (all records
// when it holds the scenario date, none otherwise) and one record per index. Records are runs
// of up to 8 samples, each with its control on channel 0 (its ΔA × 1000 as the value) and the
// samples' inhibition % × 10; the last record read completes a sequence.
#pragma once

#include <vector>

#include "drivers/simulators/device_simulator.hpp"
#include "drivers/simulators/scenario.hpp"
#include "protocols/dy3000/dy3000_frame.hpp"
#include "protocols/dy3000/dy3000_messages.hpp"
#include "protocols/frame_hunter.hpp"

namespace kj::drivers {

class Dy3000Simulator final : public DeviceSimulator {
 public:
  Dy3000Simulator(const Scenario& scenario, const std::vector<SimReading>& readings);
  void feed(std::span<const std::uint8_t> bytes, SimTime now) override;

  // Record indexes start here (the device's storage is not empty before our records).
  static constexpr std::uint16_t kFirstIndex = 5;

 private:
  void answer(const protocols::dy3000::FrameView& request);
  std::vector<protocols::dy3000::ItemSlot> items_;
  std::vector<protocols::dy3000::RecordAnswer> records_;
  protocols::DeviceTime day_;
  protocols::FrameHunter hunter_;
};

}  // namespace kj::drivers
