#include "drivers/simulators/hl7_simulator.hpp"

#include <cmath>
#include <cstdio>

#include "protocols/hl7/oru_builder.hpp"

namespace kj::drivers {

namespace hl7 = protocols::hl7;

namespace {

constexpr int kMaxAttempts = 3;

// Field `n` (1-based, MSH-style counting not needed: MSA is a plain segment) of a segment.
std::string_view segment_field(std::string_view segment, char separator, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) {
    const auto at = segment.find(separator);
    if (at == std::string_view::npos) return {};
    segment.remove_prefix(at + 1);
  }
  return segment.substr(0, segment.find(separator));
}

}  // namespace

Hl7Simulator::Hl7Simulator(const Scenario& scenario, const std::vector<SimReading>& readings)
    : ack_timeout_(scenario.ack_timeout_ms) {
  for (const auto& r : readings) {
    protocols::Observation o;
    o.protocol = "hl7";
    o.sample_id = r.sample_id;
    o.sample_name = r.sample_name;
    o.item_code = scenario.item_code;
    o.item_name = r.item_name;
    o.value = std::round(r.inhibition * 10.0) / 10.0;
    o.unit = "%";
    o.verdict = r.positive ? protocols::Verdict::positive : protocols::Verdict::negative;
    o.measured_at = protocols::to_iso8601(r.measured_at);
    o.standard = scenario.standard;
    char stamp[24];
    const auto& t = r.measured_at;
    std::snprintf(stamp, sizeof stamp, "%04d%02d%02d%02d%02d%02d", t.year, t.month, t.day, t.hour, t.minute, t.second);
    hl7::OruHeader header;
    header.sending_application = "KJ-SIM";
    header.sending_facility = "SIM";
    header.receiving_application = "kuaijian";
    header.control_id = std::string("SIM") + stamp + "-" + std::to_string(r.test_number);
    header.timestamp = stamp;
    control_ids_.push_back(header.control_id);
    messages_.push_back(hl7::build_oru_r01(header, std::span(&o, 1)));
  }
}

void Hl7Simulator::start(SimTime now) {
  current_ = 0;
  attempts_ = 0;
  if (messages_.empty()) {
    set_finished();
    return;
  }
  send_current(now);
}

void Hl7Simulator::send_current(SimTime now) {
  ++attempts_;
  emit(hl7::mllp_encode(messages_[current_]));
  deadline_ = now + ack_timeout_;
}

void Hl7Simulator::advance(SimTime now) {
  ++current_;
  attempts_ = 0;
  deadline_.reset();
  if (current_ < messages_.size()) {
    send_current(now);
  } else {
    set_finished();
  }
}

void Hl7Simulator::feed(std::span<const std::uint8_t> bytes, SimTime now) {
  framer_.feed(bytes);
  while (auto event = framer_.next()) {
    const auto* block = std::get_if<hl7::MllpBlock>(&*event);
    if (block == nullptr || current_ >= messages_.size()) continue;
    const auto text = block->text();
    if (text.size() < 4 || !text.starts_with("MSH")) continue;
    const char separator = text[3];
    const auto msa = text.find("\rMSA");
    if (msa == std::string_view::npos) continue;
    auto segment = text.substr(msa + 1);
    segment = segment.substr(0, segment.find('\r'));
    const auto code = segment_field(segment, separator, 1);
    const auto id = segment_field(segment, separator, 2);
    if (id != control_ids_[current_]) continue;  // a late ACK of an earlier try
    if (code == "AA" || code == "CA") {
      ++accepted_;
    } else {
      ++refused_;
    }
    advance(now);
  }
}

void Hl7Simulator::on_timeout(SimTime now) {
  if (!deadline_ || now < *deadline_) return;
  if (attempts_ < kMaxAttempts) {
    send_current(now);
  } else {
    ++refused_;
    advance(now);
  }
}

}  // namespace kj::drivers
