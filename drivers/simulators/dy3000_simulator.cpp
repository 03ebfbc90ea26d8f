#include "drivers/simulators/dy3000_simulator.hpp"

#include <cmath>
#include <stdexcept>

#include "protocols/dy3000/dy3000_frame.hpp"

namespace kj::drivers {

namespace dy = protocols::dy3000;

Dy3000Simulator::Dy3000Simulator(const Scenario& scenario, const std::vector<SimReading>& readings)
    : hunter_(dy::probe_frame) {
  auto slot = dy::make_item_slot(scenario.item_name, "%", dy::kMethodInhibition);
  if (!slot) slot = dy::make_item_slot("农药残留", "%", dy::kMethodInhibition);
  items_.push_back(*slot);
  if (!readings.empty()) day_ = readings.front().measured_at;
  for (std::size_t i = 0; i < readings.size(); i += 8) {
    dy::RecordAnswer record;
    record.index = static_cast<std::uint32_t>(kFirstIndex + records_.size());
    record.item = 0;
    record.time = dy::pack_time(readings[i].measured_at);
    dy::ChannelEntry control;
    control.channel = 0;
    control.value = static_cast<std::uint32_t>(std::lround(readings[i].control_delta_a * 1000));
    record.channels.push_back(control);
    for (std::size_t k = i; k < readings.size() && k < i + 8; ++k) {
      dy::ChannelEntry entry;
      entry.channel = static_cast<std::uint8_t>(readings[k].channel);
      entry.status = dy::kStatusValid;
      entry.value = dy::inhibition_value(readings[k].inhibition);
      record.channels.push_back(entry);
    }
    records_.push_back(std::move(record));
  }
}

void Dy3000Simulator::feed(std::span<const std::uint8_t> bytes, SimTime /*now*/) {
  hunter_.feed(bytes);
  while (auto event = hunter_.next()) {
    const auto* frame = std::get_if<protocols::RawFrame>(&*event);
    if (frame == nullptr) continue;
    const auto view = dy::view(frame->bytes);
    if (view.direction == dy::Direction::to_device) answer(view);
  }
}

void Dy3000Simulator::answer(const dy::FrameView& request) {
  switch (request.cmd) {
    case dy::kCmdLink: {
      static constexpr std::uint8_t kAnswer[] = {'P', 'R', 'N', ' ', '2', '3', 'X', 'X'};
      emit(dy::encode_link_answer(kAnswer));
      break;
    }
    case dy::kCmdItemPage: {
      const auto page = static_cast<std::uint8_t>(request.param >> 8);
      std::vector<dy::ItemSlot> slots;
      for (std::size_t i = page * dy::kSlotsPerPage; i < items_.size() && slots.size() < dy::kSlotsPerPage; ++i) {
        slots.push_back(items_[i]);
      }
      emit(dy::encode_item_page_answer(page, slots));
      break;
    }
    case dy::kCmdFindWindow: {
      if (request.data.size() < 8) break;
      dy::WindowAnswer answer;
      answer.start = dy::read_u32_le(request.data, 0);
      answer.end = dy::read_u32_le(request.data, 4);
      const auto target = dy::pack_time(protocols::DeviceTime{day_.year, day_.month, day_.day, 0, 0, 0});
      const bool inside = !records_.empty() && answer.start <= target && target <= answer.end;
      answer.first_index = kFirstIndex;
      answer.end_index = static_cast<std::uint16_t>(kFirstIndex + (inside ? records_.size() : 0));
      emit(dy::encode_window_answer(answer));
      if (!inside) set_finished();
      break;
    }
    case dy::kCmdReadRecord: {
      const auto index = request.param;
      if (index >= kFirstIndex && index < kFirstIndex + records_.size()) {
        emit(dy::encode_record_answer(records_[index - kFirstIndex]));
        if (index + 1 == kFirstIndex + records_.size()) set_finished();
      } else {
        dy::RecordAnswer empty;
        empty.index = index;
        empty.valid = 0;
        emit(dy::encode_record_answer(empty));
      }
      break;
    }
    default: break;
  }
}

}  // namespace kj::drivers
