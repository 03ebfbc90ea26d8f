// An ASTM E1381/E1394 analyzer that pushes its results (protocols.md): ENQ, frames of at most
// `frame_text` (≤ 240) text bytes with checksums, EOT — one transfer holding one message
// `H, {P, O, R}…, L`, one P/O/R group per sample (O-3 = the scenario's sample_id, R-3
// `^^^item_code^item_name`, R-4 the inhibition % with 1 decimal, R-5 %, R-6 `<limit`, R-7 N or
// A, R-9 F, R-13 the test time). The link rules are the protocols layer's LinkSender in the
// instrument role: NAKed frames are sent again (6 times at most), a NAKed ENQ waits 10 s, the
// host's ENQ during establishment is contention (the instrument wins, ENQ again after 1 s).
// A transfer that fails (no reply, too many NAKs) is tried again from ENQ after 10 s, 3 times;
// an ENQ nobody answers (no host on the line yet) is repeated every reply_timeout_ms + 1 s for
// as long as it takes. reply_timeout_ms defaults to 3000 (the standard says 15 s; a simulator
// that a driver opens a little later should not keep it waiting that long).
// While idle, host transfers (queries) are received and ACKed; their content is ignored.
//
// Faults (scenario "faults"), each once, in the first attempt of the transfer:
//   bad_checksum  the first frame goes out with a wrong checksum; the host must NAK it and
//                 gets the good retransmission;
//   garbage       junk bytes (no control characters) before the second frame (the first
//                 when there is only one);
//   silent        after the first frame the analyzer falls silent (no frame, no EOT) for
//                 silent_ms, then starts the whole transfer again from ENQ — the host must time
//                 out (30 s), discard the partial message and then take the records once;
//                 needs a message of 2 frames or more (use a small frame_text);
//   contention    the analyzer behaves as if the host's ENQ crossed its own: it writes ENQ,
//                 ignores the answer, and ENQs again 1 s later, as the winner of a contention;
//   busy          the analyzer NAKs the host's first ENQ (busy).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "drivers/simulators/device_simulator.hpp"
#include "drivers/simulators/scenario.hpp"
#include "protocols/astm/link_receiver.hpp"
#include "protocols/astm/link_sender.hpp"

namespace kj::drivers {

class AstmSimulator final : public DeviceSimulator {
 public:
  AstmSimulator(const Scenario& scenario, const std::vector<SimReading>& readings);

  void start(SimTime now) override;
  void feed(std::span<const std::uint8_t> bytes, SimTime now) override;
  [[nodiscard]] std::optional<SimTime> deadline() const override;
  void on_timeout(SimTime now) override;

  // The E1394 message text the analyzer sends (records ended by CR).
  [[nodiscard]] const std::string& message() const { return message_; }
  // How the last transfer ended, for tests.
  [[nodiscard]] std::optional<protocols::astm::SendOutcome> outcome() const { return outcome_; }

  static std::string build_message(const Scenario& scenario, const std::vector<SimReading>& readings);

 private:
  void begin_transfer(SimTime now);
  void drain(SimTime now);
  void write_frame(std::vector<std::uint8_t> bytes);

  Scenario scenario_;
  std::string message_;
  protocols::astm::LinkConfig config_;
  std::unique_ptr<protocols::astm::LinkSender> sender_;
  protocols::astm::LinkReceiver receiver_;
  std::optional<SimTime> restart_at_;
  std::optional<protocols::astm::SendOutcome> outcome_;
  int attempts_ = 0;
  int frames_written_ = 0;  // in this attempt
  bool silenced_ = false;   // writes of the current (abandoned) attempt are dropped
  bool checksum_fault_done_ = false;
  bool garbage_done_ = false;
  bool silent_done_ = false;
  bool busy_done_ = false;
};

}  // namespace kj::drivers
