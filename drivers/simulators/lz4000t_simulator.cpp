#include "drivers/simulators/lz4000t_simulator.hpp"

#include <algorithm>
#include <cmath>

#include "protocols/lz4000t/lz4000t_messages.hpp"
#include "protocols/tilde_frame/tilde_frame.hpp"

namespace kj::drivers {

namespace lz = protocols::lz4000t;
namespace tilde = protocols::tilde;

Lz4000tSimulator::Lz4000tSimulator(std::vector<SimReading> readings)
    : readings_(std::move(readings)),
      hunter_([](std::span<const std::uint8_t> b) { return tilde::probe_frame(b, lz::kMaxDataLength); }) {}

std::uint16_t Lz4000tSimulator::sample_number(const SimReading& reading) {
  const auto& id = reading.sample_id;
  if (!id.empty() && id.size() <= 4 && std::all_of(id.begin(), id.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return static_cast<std::uint16_t>(std::stoi(id));
  }
  return static_cast<std::uint16_t>(reading.test_number);
}

std::vector<const SimReading*> Lz4000tSimulator::of_day(std::span<const std::uint8_t> ymd) const {
  std::vector<const SimReading*> out;
  for (const auto& r : readings_) {
    if (r.measured_at.year - 2000 == ymd[0] && r.measured_at.month == ymd[1] && r.measured_at.day == ymd[2]) {
      out.push_back(&r);
    }
  }
  return out;
}

void Lz4000tSimulator::feed(std::span<const std::uint8_t> bytes, SimTime /*now*/) {
  hunter_.feed(bytes);
  while (auto event = hunter_.next()) {
    const auto* frame = std::get_if<protocols::RawFrame>(&*event);
    if (frame == nullptr) continue;
    const auto view = tilde::view(frame->bytes);
    if (view.cmd == lz::kCmdCommTest) {
      emit(lz::encode_comm_answer({}));
    } else if (view.cmd == lz::kCmdCountDay && view.data.size() == 3) {
      lz::CountAnswer answer;
      answer.day = protocols::DeviceTime{2000 + view.data[0], view.data[1], view.data[2], 0, 0, 0};
      answer.count = static_cast<std::uint16_t>(of_day(view.data).size());
      emit(lz::encode_count_answer(answer));
    } else if (view.cmd == lz::kCmdSendDay && view.data.size() == 3) {
      const auto day = of_day(view.data);
      std::uint16_t index = 0;
      for (const auto* r : day) {
        lz::Record record;
        record.day_count = static_cast<std::uint16_t>(day.size());
        record.index = ++index;
        record.sample_number = sample_number(*r);
        // A name GBK cannot hold in 6 bytes goes out empty, as a device with no name entered.
        record.name = lz::encode_name(r->sample_name).value_or(std::array<std::uint8_t, lz::kNameLength>{});
        record.measured_at = r->measured_at;
        record.inhibition_x100 = static_cast<std::uint16_t>(std::lround(r->inhibition * 100));
        emit(lz::encode_record(record));
      }
      set_finished();
    }
  }
}

}  // namespace kj::drivers
