// An LZ4000T photometer on the wire (instruments.md §2): answers the comm test, the record
// count of a day (the scenario's records on the scenario date, 0 on any other day) and "send
// the day's records" with one 26-byte frame per sample: sample number (the scenario's
// sample_id when it is 1–4 digits, else the test number), GBK name (≤ 3 characters), time,
// inhibition % × 100.
#pragma once

#include <vector>

#include "drivers/simulators/device_simulator.hpp"
#include "drivers/simulators/scenario.hpp"
#include "protocols/frame_hunter.hpp"

namespace kj::drivers {

class Lz4000tSimulator final : public DeviceSimulator {
 public:
  explicit Lz4000tSimulator(std::vector<SimReading> readings);
  void feed(std::span<const std::uint8_t> bytes, SimTime now) override;

  // The sample number a reading goes out with.
  static std::uint16_t sample_number(const SimReading& reading);

 private:
  [[nodiscard]] std::vector<const SimReading*> of_day(std::span<const std::uint8_t> ymd) const;
  std::vector<SimReading> readings_;
  protocols::FrameHunter hunter_;
};

}  // namespace kj::drivers
