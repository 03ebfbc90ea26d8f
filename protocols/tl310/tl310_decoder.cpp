#include "protocols/tl310/tl310_decoder.hpp"

#include <string>

#include "protocols/tilde_frame/tilde_frame.hpp"

namespace kj::protocols {
namespace tl310 {

std::optional<DecodeEvent> to_event(const Record& record, const RawFrame& frame) {
  if (!is_reportable(record)) return std::nullopt;
  if (!is_valid(record.measured_at)) {
    return DecodeError{Errc::bad_layout, "TL310 record with an impossible date or time", frame.offset};
  }
  Observation o;
  o.protocol = "tl310";
  if (record.channel != 0) o.channel = record.channel;
  o.sample_id = std::to_string(record.test_number);
  o.item_code = "pesticide";
  o.item_name.emplace("农药残留");
  // Division by 10.0 gives the double nearest to the one-decimal figure the device shows.
  o.value = record.inhibition_x10 / 10.0;
  o.unit.emplace("%");  // emplace, not `= "%"`: GCC 12 -O3 warns falsely (-Wrestrict, bug 105329)
  if (record.verdict == 0x02) o.verdict = Verdict::negative;
  if (record.verdict == 0x01) o.verdict = Verdict::positive;
  o.measured_at = to_iso8601(record.measured_at);
  if (const auto name = standard_name(record.standard)) o.standard = std::string(*name);
  o.raw = frame.bytes;
  o.offset = frame.offset;
  return o;
}

Tl310Decoder::Tl310Decoder()
    : FramedDecoder([](std::span<const std::uint8_t> bytes) { return tilde::probe_frame(bytes, kMaxDataLength); }) {}

void Tl310Decoder::interpret(const RawFrame& frame, std::deque<DecodeEvent>& out) {
  Parsed parsed = parse_frame(frame);
  if (auto* error = std::get_if<DecodeError>(&parsed)) {
    out.push_back(std::move(*error));
    return;
  }
  const auto* record = std::get_if<Record>(&parsed);
  if (record == nullptr) return;  // comm-test answer or a host request: link traffic
  if (auto event = to_event(*record, frame)) {
    out.push_back(std::move(*event));
  } else {
    ++skipped_;
  }
}

}  // namespace tl310

kj::Result<std::unique_ptr<Decoder>> make_tl310_decoder(const CodecOptions& options) {
  if (!options.empty()) {
    const std::string& key = options.begin()->first;
    return kj::make_error(make_error_code(Errc::bad_option), "tl310 takes no option, got '" + key + "'",
                          "tl310 协议没有可设置的选项，收到 '" + key + "'");
  }
  return std::unique_ptr<Decoder>(std::make_unique<tl310::Tl310Decoder>());
}

}  // namespace kj::protocols
