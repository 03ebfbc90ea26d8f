// The two Tianyang series on the wire (instruments.md §3, §4).
//
// Ty16Simulator (keypad TTNJ-16): `1B BF` → `1B 02`; `1B B1` → `1B C1` + first 73-byte group;
// each `24` → the next group or `1B FE`; `1B FF` ends the session. A group holds up to 8
// samples, slot = (channel − 1) mod 8 (the wire has no room for channel numbers above 8), mask
// LSB-first, absorbance = end reading, result = inhibition %.
//
// Tyz24Simulator (smart TTNJ-Z24): `1B BF` → `1B 05`; `1B B1` → `1B C1`; `24` → the 501-byte
// groups, one every group_interval_ms without further requests, then `1B FE`. Channel codes
// A1…C8 from the scenario channels 1…24; GB2312 sample names; result as a fraction; verdict 01
// 合格 / 02 超标.
#pragma once

#include <optional>
#include <vector>

#include "drivers/simulators/device_simulator.hpp"
#include "drivers/simulators/scenario.hpp"

namespace kj::drivers {

// Splits the host's Tianyang commands: `1B xx` pairs and the lone `24`.
class TianyangCommandReader {
 public:
  // Calls `on_command(second)` for `1B second`, `on_command(0x24)` for `24`.
  template <class F>
  void feed(std::span<const std::uint8_t> bytes, F&& on_command) {
    for (auto b : bytes) {
      if (escape_) {
        escape_ = false;
        on_command(b);
      } else if (b == 0x1B) {
        escape_ = true;
      } else if (b == 0x24) {
        on_command(b);
      }
    }
  }

 private:
  bool escape_ = false;
};

class Ty16Simulator final : public DeviceSimulator {
 public:
  explicit Ty16Simulator(const std::vector<SimReading>& readings);
  void feed(std::span<const std::uint8_t> bytes, SimTime now) override;

 private:
  std::vector<std::vector<std::uint8_t>> groups_;  // encoded, without the 1B C1 prefix
  std::size_t next_ = 0;
  bool downloading_ = false;
  TianyangCommandReader reader_;
};

class Tyz24Simulator final : public DeviceSimulator {
 public:
  Tyz24Simulator(const Scenario& scenario, const std::vector<SimReading>& readings);
  void feed(std::span<const std::uint8_t> bytes, SimTime now) override;
  [[nodiscard]] std::optional<SimTime> deadline() const override { return deadline_; }
  void on_timeout(SimTime now) override;

 private:
  void send_next(SimTime now);
  std::vector<std::vector<std::uint8_t>> groups_;
  std::size_t next_ = 0;
  bool started_ = false;
  bool pushing_ = false;
  std::chrono::milliseconds interval_;
  std::optional<SimTime> deadline_;
  TianyangCommandReader reader_;
};

}  // namespace kj::drivers
