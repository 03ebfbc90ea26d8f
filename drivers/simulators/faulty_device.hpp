// Cheap line faults for the polled vendor simulators, applied to what the device writes:
//   garbage   line noise (bytes no vendor frame starts with) before the first answer;
//   truncate  the first multi-frame answer loses its last 10 bytes, as when the cable is
//             pulled mid-frame: the host must report the partial frame, never decode it.
// Each fault happens once. (The ASTM analyzer has its own, link-level faults.)
#pragma once

#include <memory>

#include "drivers/simulators/device_simulator.hpp"
#include "drivers/simulators/scenario.hpp"

namespace kj::drivers {

class FaultyDevice final : public DeviceSimulator {
 public:
  FaultyDevice(std::unique_ptr<DeviceSimulator> device, bool garbage, bool truncate);

  void start(SimTime now) override;
  void feed(std::span<const std::uint8_t> bytes, SimTime now) override;
  [[nodiscard]] std::optional<SimTime> deadline() const override { return device_->deadline(); }
  void on_timeout(SimTime now) override;

 private:
  void forward();
  std::unique_ptr<DeviceSimulator> device_;
  bool garbage_;
  bool truncate_;
};

}  // namespace kj::drivers
