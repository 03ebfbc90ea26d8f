// A DY-6260 colloidal-gold reader's socket service (instruments.md §6): `READ` → one UTF-8
// JSON document {"detail":[…]} with one entry per sample (样品编号 = the scenario's sample_id,
// 样品名称, 检测项目, 检测结果 阴性/阳性, 检测时间), then the reader closes the connection;
// `SAKJ` (the reference client's probe) → `OK`.
#pragma once

#include <string>
#include <vector>

#include "drivers/simulators/device_simulator.hpp"
#include "drivers/simulators/scenario.hpp"

namespace kj::drivers {

class Dy6260Simulator final : public DeviceSimulator {
 public:
  explicit Dy6260Simulator(std::vector<SimReading> readings);
  void feed(std::span<const std::uint8_t> bytes, SimTime now) override;

 private:
  std::vector<SimReading> readings_;
  std::string pending_;  // request bytes not yet forming a 4-byte command
};

}  // namespace kj::drivers
