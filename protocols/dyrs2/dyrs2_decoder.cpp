#include "protocols/dyrs2/dyrs2_decoder.hpp"

#include <optional>
#include <string>
#include <string_view>

#include "protocols/device_time.hpp"
#include "protocols/dyrs2/dyrs2_frame.hpp"

namespace kj::protocols {
namespace dyrs2 {
namespace {

// The offset of record i inside a 2nd-generation frame: SOH and the 3-digit count come first.
constexpr std::size_t kFirstRecordOffset = 4;

int two(std::string_view text, std::size_t at) {
  return (text[at] - '0') * 10 + (text[at + 1] - '0');
}

Observation base_observation(const RawFrame& frame, std::string id, std::uint16_t moisture_x10, char species) {
  Observation o;
  o.protocol = "dyrs2";
  o.sample_id = std::move(id);
  if (const auto name = species_name(species)) o.sample_name = std::string(*name);
  o.item_code = "moisture";
  o.item_name.emplace("水分");
  o.value = moisture_x10 / 10.0;
  o.unit.emplace("%");  // emplace, not `= "%"`: GCC 12 -O3 warns falsely (-Wrestrict, bug 105329)
  o.raw = frame.bytes;
  o.offset = frame.offset;
  return o;
}

void report(const DataRecord& r, const RawFrame& frame, std::deque<DecodeEvent>& out) {
  DeviceTime time{2000 + two(r.date, 0), two(r.date, 2), two(r.date, 4), 0, 0, 0};
  if (!is_valid(time)) {
    out.push_back(DecodeError{Errc::bad_layout, "DYRS2 record with an impossible date", frame.offset});
    return;
  }
  Observation o = base_observation(frame, r.id, r.moisture_x10, r.species);
  const bool tail_digits = r.tail.size() == 6 && r.tail.find_first_not_of("0123456789") == std::string::npos;
  DeviceTime with_clock = time;
  if (tail_digits) {
    with_clock.hour = two(r.tail, 0);
    with_clock.minute = two(r.tail, 2);
    with_clock.second = two(r.tail, 4);
  }
  o.measured_at = tail_digits && is_valid(with_clock) ? to_iso8601(with_clock) : to_iso8601_date(time);
  out.push_back(std::move(o));
}

void report(const SecondGenAnswer& answer, const RawFrame& frame, std::deque<DecodeEvent>& out) {
  for (std::size_t i = 0; i < answer.records.size(); ++i) {
    const std::uint64_t record_offset = frame.offset + kFirstRecordOffset + i * kSecondGenRecordLength;
    const auto& r = answer.records[i];
    if (!r) {
      out.push_back(DecodeError{Errc::bad_layout, "DYRS2 record with wrong separators or digits", record_offset});
      continue;
    }
    const DeviceTime day{2000 + two(r->date, 0), two(r->date, 3), two(r->date, 6), 0, 0, 0};
    if (!is_valid(day)) {
      out.push_back(DecodeError{Errc::bad_layout, "DYRS2 record with an impossible date", record_offset});
      continue;
    }
    Observation o = base_observation(frame, r->id, r->moisture_x10, r->species);
    o.measured_at = to_iso8601_date(day);
    out.push_back(std::move(o));
  }
}

}  // namespace

Dyrs2Decoder::Dyrs2Decoder() : FramedDecoder(probe_frame) {}

void Dyrs2Decoder::interpret(const RawFrame& frame, std::deque<DecodeEvent>& out) {
  Parsed parsed = parse_frame(frame);
  if (auto* error = std::get_if<DecodeError>(&parsed)) {
    out.push_back(std::move(*error));
  } else if (const auto* record = std::get_if<DataRecord>(&parsed)) {
    report(*record, frame, out);
  } else if (const auto* answer = std::get_if<SecondGenAnswer>(&parsed)) {
    report(*answer, frame, out);
  }
  // Version answers, the 'E' frame and host requests: link traffic, no observation.
}

}  // namespace dyrs2

kj::Result<std::unique_ptr<Decoder>> make_dyrs2_decoder(const CodecOptions& options) {
  if (!options.empty()) {
    const std::string& key = options.begin()->first;
    return kj::make_error(make_error_code(Errc::bad_option), "dyrs2 takes no option, got '" + key + "'",
                          "dyrs2 协议没有可设置的选项，收到 '" + key + "'");
  }
  return std::unique_ptr<Decoder>(std::make_unique<dyrs2::Dyrs2Decoder>());
}

}  // namespace kj::protocols
