#include "drivers/simulators/tianyang_simulators.hpp"

#include <cstdio>
#include <stdexcept>

#include "protocols/tianyang/tianyang_link.hpp"
#include "protocols/tianyang/ty16_group.hpp"
#include "protocols/tianyang/tyz24_group.hpp"

namespace kj::drivers {

namespace ty = protocols::tianyang;

Ty16Simulator::Ty16Simulator(const std::vector<SimReading>& readings) {
  std::optional<ty::Ty16Group> group;
  auto flush = [&] {
    if (!group) return;
    group->channel_mask = ty::mask_of_present_slots(*group, ty::MaskBitOrder::lsb);
    groups_.push_back(ty::encode_ty16_group(*group));
    group.reset();
  };
  for (const auto& r : readings) {
    const auto slot = static_cast<std::size_t>((r.channel - 1) % 8);
    if (group && group->slots[slot]) flush();
    if (!group) {
      group.emplace();
      group->time = r.measured_at;
      group->sample_type = 1;
    }
    group->slots[slot] = ty::Ty16Slot{static_cast<float>(r.a3), static_cast<float>(r.inhibition)};
  }
  flush();
}

void Ty16Simulator::feed(std::span<const std::uint8_t> bytes, SimTime /*now*/) {
  reader_.feed(bytes, [this](std::uint8_t command) {
    if (command == ty::kLinkTest) {
      emit(ty::encode_model_answer(0x02));  // TTNJ-16
    } else if (command == ty::kStartDownload) {
      downloading_ = true;
      next_ = 0;
      if (groups_.empty()) {
        emit(ty::encode_no_more_data());
        return;
      }
      emit(ty::encode_download_started());
      emit(groups_[next_++]);
    } else if (command == ty::kNextGroup && downloading_) {
      if (next_ < groups_.size()) {
        emit(groups_[next_++]);
      } else {
        emit(ty::encode_no_more_data());
        downloading_ = false;
        set_finished();
      }
    } else if (command == ty::kEndSession) {
      downloading_ = false;
      if (next_ > 0) set_finished();
    }
  });
}

Tyz24Simulator::Tyz24Simulator(const Scenario& scenario, const std::vector<SimReading>& readings)
    : interval_(scenario.group_interval_ms) {
  std::optional<ty::Tyz24Group> group;
  std::size_t used = 0;
  std::uint32_t number = 0;
  auto flush = [&] {
    if (!group) return;
    auto bytes = ty::encode_tyz24_group(*group);
    if (!bytes) {
      // A name GB2312 cannot hold, or longer than 7 characters: sent empty, as an unnamed test.
      for (auto& record : group->records) {
        if (record) record->sample_name = std::string();
      }
      bytes = ty::encode_tyz24_group(*group);
    }
    if (!bytes) throw std::logic_error("tyz24 group does not encode: " + bytes.error().detail.en);
    groups_.push_back(std::move(*bytes));
    group.reset();
    used = 0;
  };
  for (const auto& r : readings) {
    if (group && used == ty::kTyz24RecordCount) flush();
    if (!group) {
      group.emplace();
      group->record_number = ++number;
      char date[16];
      std::snprintf(date, sizeof date, "%04d-%02d-%02d", r.measured_at.year, r.measured_at.month, r.measured_at.day);
      group->date_text = date;
      group->tester = std::string("检测员");
    }
    ty::Tyz24Record record;
    record.channel_code = ty::tyz24_channel_code(r.channel).value_or(0x21);
    record.test_number = static_cast<std::uint16_t>(r.test_number);
    // The name field holds 15 GB2312 bytes: 7 Chinese characters.
    record.sample_name = r.sample_name;
    record.source = std::string();
    record.absorbance = static_cast<float>(r.a3);
    record.delta_a = static_cast<float>(r.delta_a);
    record.result = static_cast<float>(r.inhibition / 100.0);
    record.verdict = r.positive ? ty::kTyz24Fail : ty::kTyz24Pass;
    group->records[used++] = record;
  }
  flush();
}

void Tyz24Simulator::feed(std::span<const std::uint8_t> bytes, SimTime now) {
  reader_.feed(bytes, [this, now](std::uint8_t command) {
    if (command == ty::kLinkTest) {
      emit(ty::encode_model_answer(0x05));
    } else if (command == ty::kStartDownload) {
      started_ = true;
      emit(ty::encode_download_started());
    } else if (command == ty::kNextGroup && started_ && !pushing_) {
      pushing_ = true;
      next_ = 0;
      send_next(now);
    } else if (command == ty::kEndSession) {
      started_ = false;
    }
  });
}

void Tyz24Simulator::send_next(SimTime now) {
  if (next_ < groups_.size()) {
    emit(groups_[next_++]);
    deadline_ = now + interval_;
    return;
  }
  emit(ty::encode_no_more_data());
  deadline_.reset();
  pushing_ = false;
  started_ = false;
  set_finished();
}

void Tyz24Simulator::on_timeout(SimTime now) {
  if (deadline_ && now >= *deadline_) send_next(now);
}

}  // namespace kj::drivers
