#include "drivers/simulators/dy6260_simulator.hpp"

#include <cstdio>

#include "protocols/dy6260/dy6260_answer.hpp"

namespace kj::drivers {

namespace d6 = protocols::dy6260;

Dy6260Simulator::Dy6260Simulator(std::vector<SimReading> readings) : readings_(std::move(readings)) {}

void Dy6260Simulator::feed(std::span<const std::uint8_t> bytes, SimTime /*now*/) {
  pending_.append(bytes.begin(), bytes.end());
  while (pending_.size() >= 4) {
    const auto command = pending_.substr(0, 4);
    if (command == "READ") {
      pending_.erase(0, 4);
      std::vector<d6::Dy6260Entry> entries;
      for (const auto& r : readings_) {
        d6::Dy6260Entry e;
        e.result = r.positive ? "阳性" : "阴性";
        e.item = r.item_name;
        e.sample_id = r.sample_id;
        e.sample_name = r.sample_name;
        char when[32];
        std::snprintf(when, sizeof when, "%04d-%02d-%02d %02d:%02d:%02d", r.measured_at.year, r.measured_at.month,
                      r.measured_at.day, r.measured_at.hour, r.measured_at.minute, r.measured_at.second);
        e.tested_at = when;
        entries.push_back(std::move(e));
      }
      emit(d6::encode_dy6260_answer(entries));
      set_wants_close();
      set_finished();
    } else if (command == "SAKJ") {
      pending_.erase(0, 4);
      static constexpr std::uint8_t kOk[] = {'O', 'K'};
      emit(kOk);
    } else {
      pending_.erase(0, 1);  // not a command: drop a byte and look again
    }
  }
}

}  // namespace kj::drivers
