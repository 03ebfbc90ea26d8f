#include "protocols/lz4000t/lz4000t_decoder.hpp"

#include <cstdio>
#include <string>

#include "protocols/text/gbk.hpp"
#include "protocols/tilde_frame/tilde_frame.hpp"

namespace kj::protocols {
namespace lz4000t {

void append_events(const Record& record, const RawFrame& frame, std::deque<DecodeEvent>& out) {
  if (!is_valid(record.measured_at)) {
    out.push_back(DecodeError{Errc::bad_layout, "LZ4000T record with an impossible date or time", frame.offset});
    return;
  }
  Observation o;
  o.protocol = "lz4000t";
  char number[8];
  std::snprintf(number, sizeof number, "%04u", static_cast<unsigned>(record.sample_number));
  o.sample_id = number;
  if (const auto name = gbk_to_utf8(record.name)) {
    if (!name->empty()) o.sample_name = *name;
  } else {
    out.push_back(
        DecodeError{Errc::bad_encoding, "LZ4000T sample name is not valid GBK; result kept without it", frame.offset});
  }
  o.item_code = "pesticide";
  o.item_name.emplace("农药残留");
  o.value = record.inhibition_x100 / 100.0;
  o.unit.emplace("%");  // emplace, not `= "%"`: GCC 12 -O3 warns falsely (-Wrestrict, bug 105329)
  o.measured_at = to_iso8601(record.measured_at);
  o.raw = frame.bytes;
  o.offset = frame.offset;
  out.push_back(std::move(o));
}

Lz4000tDecoder::Lz4000tDecoder()
    : FramedDecoder([](std::span<const std::uint8_t> bytes) { return tilde::probe_frame(bytes, kMaxDataLength); }) {}

void Lz4000tDecoder::interpret(const RawFrame& frame, std::deque<DecodeEvent>& out) {
  Parsed parsed = parse_frame(frame);
  if (auto* error = std::get_if<DecodeError>(&parsed)) {
    out.push_back(std::move(*error));
  } else if (const auto* record = std::get_if<Record>(&parsed)) {
    append_events(*record, frame, out);
  }
  // Comm-test and count answers, host requests: link traffic, no observation.
}

}  // namespace lz4000t

kj::Result<std::unique_ptr<Decoder>> make_lz4000t_decoder(const CodecOptions& options) {
  if (!options.empty()) {
    const std::string& key = options.begin()->first;
    return kj::make_error(make_error_code(Errc::bad_option), "lz4000t takes no option, got '" + key + "'",
                          "lz4000t 协议没有可设置的选项，收到 '" + key + "'");
  }
  return std::unique_ptr<Decoder>(std::make_unique<lz4000t::Lz4000tDecoder>());
}

}  // namespace kj::protocols
