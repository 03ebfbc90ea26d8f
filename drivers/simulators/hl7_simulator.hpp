// An HL7 v2 sender (a laboratory instrument or middleware) on the wire: once connected to the
// host's MLLP listener it sends one ORU^R01 (v2.5, UTF-8) per sample — OBR-3 = the scenario's
// sample_id, SPM sample name, OBX value = inhibition % (1 decimal), verdict in OBX-8 — and waits
// for the ACK naming that message's control id (MSA-2) before sending the next. No ACK within
// ack_timeout_ms: the same message again, 3 times at most, then the next one. AA/CA and
// AE/AR/CE/CR all end the wait (an error answer is counted, not retried: the receiver has
// looked at the message and refused it).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "drivers/simulators/device_simulator.hpp"
#include "drivers/simulators/scenario.hpp"
#include "protocols/hl7/mllp.hpp"

namespace kj::drivers {

class Hl7Simulator final : public DeviceSimulator {
 public:
  Hl7Simulator(const Scenario& scenario, const std::vector<SimReading>& readings);

  void start(SimTime now) override;
  void feed(std::span<const std::uint8_t> bytes, SimTime now) override;
  [[nodiscard]] std::optional<SimTime> deadline() const override { return deadline_; }
  void on_timeout(SimTime now) override;

  [[nodiscard]] const std::vector<std::string>& control_ids() const { return control_ids_; }
  [[nodiscard]] int accepted() const { return accepted_; }
  [[nodiscard]] int refused() const { return refused_; }

 private:
  void send_current(SimTime now);
  void advance(SimTime now);

  std::vector<std::string> messages_;
  std::vector<std::string> control_ids_;
  std::size_t current_ = 0;
  int attempts_ = 0;
  int accepted_ = 0;
  int refused_ = 0;
  std::chrono::milliseconds ack_timeout_;
  std::optional<SimTime> deadline_;
  protocols::hl7::MllpFramer framer_;
};

}  // namespace kj::drivers
