#include "drivers/simulators/tl310_simulator.hpp"

#include <cmath>

#include "protocols/tilde_frame/tilde_frame.hpp"
#include "protocols/tl310/tl310_messages.hpp"

namespace kj::drivers {

namespace tl310 = protocols::tl310;
namespace tilde = protocols::tilde;

Tl310Simulator::Tl310Simulator(const Scenario& scenario, std::vector<SimReading> readings)
    : standard_(scenario.standard_code()),
      readings_(std::move(readings)),
      hunter_([](std::span<const std::uint8_t> b) { return tilde::probe_frame(b, tl310::kMaxDataLength); }) {}

void Tl310Simulator::feed(std::span<const std::uint8_t> bytes, SimTime /*now*/) {
  hunter_.feed(bytes);
  while (auto event = hunter_.next()) {
    const auto* frame = std::get_if<protocols::RawFrame>(&*event);
    if (frame == nullptr) continue;  // line noise: a real device ignores it too
    const auto view = tilde::view(frame->bytes);
    if (view.cmd == tl310::kCmdCommTest) {
      emit(tl310::encode_comm_answer({}));
    } else if (view.cmd == tl310::kCmdRead && view.data.size() == 4) {
      std::vector<const SimReading*> chosen;
      const auto d = view.data;
      // "Last" is the last test run — every channel tested in it — and a scenario is one run,
      // so it answers the same records as "all" (a simulator stores no earlier runs).
      if ((d[1] == 0x00 && d[2] == 0x00 && d[3] == 0x00) || (d[1] == 0xFF && d[2] == 0xFF && d[3] == 0xFF)) {
        for (const auto& r : readings_) chosen.push_back(&r);
      } else {
        for (const auto& r : readings_) {
          if (r.measured_at.year - 2000 == d[1] && r.measured_at.month == d[2] && r.measured_at.day == d[3]) {
            chosen.push_back(&r);
          }
        }
      }
      send(chosen);
      set_finished();
    }
  }
}

void Tl310Simulator::send(const std::vector<const SimReading*>& records) {
  std::uint16_t index = 0;
  for (const auto* r : records) {
    tl310::Record record;
    record.total = static_cast<std::uint16_t>(records.size());
    record.index = ++index;
    record.channel = static_cast<std::uint8_t>(r->channel);
    record.standard = standard_;
    record.measured_at = r->measured_at;
    record.test_number = static_cast<std::uint16_t>(r->test_number);
    // The absorbance scaling is unknown (no driver decodes it): milli-absorbance of the end reading.
    record.absorbance = static_cast<std::uint16_t>(std::lround(r->a3 * 1000));
    record.inhibition_x10 = static_cast<std::uint16_t>(std::lround(r->inhibition * 10));
    record.verdict = r->positive ? 0x01 : 0x02;
    emit(tl310::encode_record(record));
  }
}

}  // namespace kj::drivers
