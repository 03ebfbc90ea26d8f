#include "drivers/simulators/dyrs2_simulator.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "protocols/dyrs2/dyrs2_frame.hpp"
#include "protocols/dyrs2/dyrs2_messages.hpp"

namespace kj::drivers {

namespace rs = protocols::dyrs2;

namespace {

std::string two(int v) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%02d", v % 100);
  return buf;
}

std::string yymmdd(const protocols::DeviceTime& t) {
  return two(t.year - 2000) + two(t.month) + two(t.day);
}

std::string record_id(const SimReading& r, std::size_t width) {
  std::string digits;
  for (char c : r.sample_id) {
    if (c >= '0' && c <= '9') digits += c;
  }
  if (digits.empty() || digits.size() > width) digits = std::to_string(r.test_number % 1000);
  return std::string(width - std::min(width, digits.size()), '0') + digits;
}

}  // namespace

Dyrs2Simulator::Dyrs2Simulator(std::vector<SimReading> readings)
    : readings_(std::move(readings)), hunter_(rs::probe_frame) {}

std::uint16_t Dyrs2Simulator::moisture_x10(const SimReading& r) {
  // Spread the inhibition-derived number into the moisture band of the verdict.
  const double t = std::clamp(r.positive ? (r.inhibition - 55.0) / 30.0 : (r.inhibition - 5.0) / 30.0, 0.0, 1.0);
  const double moisture = r.positive ? 77.5 + 4.5 * t : 70.0 + 6.5 * t;
  return static_cast<std::uint16_t>(std::lround(moisture * 10));
}

char Dyrs2Simulator::species(const SimReading& r) {
  if (r.sample_name.find("猪") != std::string::npos) return '1';
  if (r.sample_name.find("牛") != std::string::npos) return '2';
  if (r.sample_name.find("羊") != std::string::npos) return '3';
  if (r.sample_name.find("鸡") != std::string::npos) return '4';
  return '5';
}

void Dyrs2Simulator::feed(std::span<const std::uint8_t> bytes, SimTime /*now*/) {
  hunter_.feed(bytes);
  while (auto event = hunter_.next()) {
    const auto* frame = std::get_if<protocols::RawFrame>(&*event);
    if (frame == nullptr) continue;
    const auto payload = rs::payload_of(frame->bytes);
    if (payload.empty()) continue;
    if (payload[0] == 'V') {
      emit(rs::encode_version_answer("DYRS2-3.0"));
    } else if (payload[0] == 'R' && payload.size() == 13) {
      const auto first = std::string(payload.substr(1, 6));
      const auto last = std::string(payload.substr(7, 6));
      for (const auto& r : readings_) {
        const auto day = yymmdd(r.measured_at);
        if (day < first || day > last) continue;
        rs::DataRecord record;
        record.id = record_id(r, 4);
        record.moisture_x10 = moisture_x10(r);
        record.species = species(r);
        record.date = day;
        record.tail = two(r.measured_at.hour) + two(r.measured_at.minute) + two(r.measured_at.second);
        emit(rs::encode_data_record(record));
      }
      emit(rs::encode_end_of_list());
      set_finished();
    } else if (payload[0] == 'U') {
      std::vector<rs::SecondGenRecord> records;
      for (const auto& r : readings_) {
        rs::SecondGenRecord record;
        record.id = record_id(r, 3);
        record.moisture_x10 = moisture_x10(r);
        record.species = species(r);
        record.date = two(r.measured_at.year - 2000) + "-" + two(r.measured_at.month) + "-" + two(r.measured_at.day);
        records.push_back(record);
      }
      emit(rs::encode_second_gen_answer(records));
      set_finished();
    }
  }
}

}  // namespace kj::drivers
