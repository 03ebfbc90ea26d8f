#include "protocols/tianyang/ty16_decoder.hpp"

#include <string>
#include <utility>

#include "protocols/tianyang/tianyang_link.hpp"
#include "protocols/tianyang/wire_float.hpp"

namespace kj::protocols {
namespace tianyang {
namespace {

constexpr std::uint8_t kCancelLead = 0xB1;  // `B1 FF`: the operator cancelled the transfer
constexpr std::uint8_t kCancelTail = 0xFF;

// "1,2" for the 1-based channels of the slots in `slots`.
std::string channel_list(const std::array<bool, kTy16SlotCount>& slots) {
  std::string out;
  for (std::size_t slot = 0; slot < kTy16SlotCount; ++slot) {
    if (!slots[slot]) continue;
    if (!out.empty()) out += ',';
    out += std::to_string(slot + 1);
  }
  return out.empty() ? "none" : out;
}

std::string hex_byte(std::uint8_t b) {
  static constexpr char kHex[] = "0123456789abcdef";
  return std::string("0x") + kHex[b >> 4] + kHex[b & 0xF];
}

// Probe for a group at `bytes[prefix]`, `prefix` bytes of marker included in the frame.
Probe probe_group(std::span<const std::uint8_t> bytes, std::size_t prefix, const char* why_if_prefixed) {
  const GroupCheck check = check_ty16_group(bytes.subspan(prefix));
  switch (check.verdict) {
    case GroupCheck::Verdict::need_more: return Probe::more();
    case GroupCheck::Verdict::implausible:
      return Probe::reject(Errc::garbage, prefix > 0 ? why_if_prefixed : check.why);
    case GroupCheck::Verdict::plausible: break;
  }
  return Probe::frame_of(prefix + kTy16GroupSize);
}

}  // namespace

std::optional<std::string_view> ty16_model_name(std::uint8_t code) {
  switch (code) {
    case 0x01: return "TTNJ-8";
    case 0x02: return "TTNJ-16";
    case 0x03: return "TTNJ-32";
    case 0x04: return "TTNJ-24";
    case 0x11:
    case 0x12:
    case 0x13:
    case 0x14:
    case 0x15: return "8-channel multi-function";
    case 0x21:
    case 0x22:
    case 0x23: return "16-channel multi-function";  // one document: 0x21 is a 24-channel model
    case 0x24: return "TTJ-8H24";
    case 0x31:
    case 0x32:
    case 0x33: return "32-channel multi-function";
    default: return std::nullopt;
  }
}

Ty16Decoder::Ty16Decoder(Ty16Options options)
    : FramedDecoder([this](std::span<const std::uint8_t> bytes) { return probe(bytes, false); }), options_(options) {}

Probe Ty16Decoder::probe(std::span<const std::uint8_t> bytes, bool nested) const {
  const std::uint8_t first = bytes[0];
  if (first == kEsc) {
    if (bytes.size() < 2) return Probe::more();
    const std::uint8_t second = bytes[1];
    if (second == kDownloadStarted) {
      return probe_group(bytes, 2, "1B C1 (download started) not followed by a plausible TY16 group");
    }
    if (second == kNoMoreData || second == kModelPrefix || is_host_command(second)) return Probe::frame_of(2);
    const bool model = ty16_model_name(second).has_value();
    if (model && !downloading_) return Probe::frame_of(2);
    const Probe group = probe_group(bytes, 0, "");  // a group whose second is 27
    if (group.kind == Probe::Kind::reject && model) return Probe::frame_of(2);
    return group;
  }
  if (first == kCancelLead) {
    if (bytes.size() < 2) return Probe::more();
    if (bytes[1] == kCancelTail) return Probe::frame_of(2);
    return Probe::reject(Errc::garbage, "no TY16 group here: second above 59");
  }
  if (first == kNextGroup) {
    if (awaiting_request_) return Probe::frame_of(1);
    const Probe group = probe_group(bytes, 0, "");  // a group whose second is 36
    if (group.kind != Probe::Kind::reject || nested) return group;
    // Not a group: the host's request if a unit follows it. Asking for that keeps a stray 24
    // inside garbage from splitting the run or passing for host traffic.
    if (bytes.size() < 2) return Probe::more();
    const Probe after = probe(bytes.subspan(1), true);
    if (after.kind == Probe::Kind::need_more) return after;
    return after.kind == Probe::Kind::frame ? Probe::frame_of(1) : group;
  }
  return probe_group(bytes, 0, "");
}

void Ty16Decoder::interpret(const RawFrame& frame, std::deque<DecodeEvent>& out) {
  const std::span<const std::uint8_t> bytes(frame.bytes);
  if (bytes.size() == kTy16GroupSize || bytes.size() == kTy16GroupSize + 2) {
    report(frame, bytes.last<kTy16GroupSize>(), out);
    downloading_ = true;
    awaiting_request_ = host_seen_;
    return;
  }
  awaiting_request_ = false;
  if (bytes.size() == 1) {  // `24`: the host asks for the next group
    host_seen_ = true;
    return;
  }
  const std::uint8_t second = bytes[1];
  if (bytes[0] == kCancelLead || second == kNoMoreData || second == kModelPrefix) {
    downloading_ = false;
  } else if (is_host_command(second)) {
    host_seen_ = true;
    if (second == kLinkTest || second == kStartDownload || second == kEndSession || second == kEraseAll) {
      downloading_ = false;
    }
  } else if (const auto model = ty16_model_name(second)) {
    device_ = DeviceIdentity{"Tianyang", std::string(*model), ""};
    downloading_ = false;
  }
}

void Ty16Decoder::report(const RawFrame& frame, std::span<const std::uint8_t, kTy16GroupSize> bytes,
                         std::deque<DecodeEvent>& out) const {
  const Ty16Group group = parse_ty16_group(bytes);
  if (options_.mask_bit_order) {
    std::array<bool, kTy16SlotCount> named{};
    std::array<bool, kTy16SlotCount> present{};
    for (std::size_t slot = 0; slot < kTy16SlotCount; ++slot) {
      named[slot] = mask_names_slot(group.channel_mask, slot, *options_.mask_bit_order);
      present[slot] = group.slots[slot].has_value();
    }
    if (named != present) {
      const char* order = *options_.mask_bit_order == MaskBitOrder::lsb ? "lsb" : "msb";
      out.push_back(DecodeError{Errc::bad_layout,
                                "warning: TY16 channel mask " + hex_byte(group.channel_mask) + " read " + order +
                                    "-first names channels " + channel_list(named) + " but channels " +
                                    channel_list(present) + " carry data; the channels were decoded by their content",
                                frame.offset});
    }
  }
  const std::string measured_at = to_iso8601(group.time);
  for (std::size_t slot = 0; slot < kTy16SlotCount; ++slot) {
    if (!group.slots[slot]) continue;
    const Ty16Slot& data = *group.slots[slot];
    Observation o;
    o.protocol = "ty16";
    o.device = device_;
    o.channel = static_cast<int>(slot + 1);
    if (options_.item == Ty16Item::pesticide) {
      o.item_code = "pesticide";
      o.item_name = "农药残留";
      o.unit = "%";
    } else {
      o.item_code = "type-" + std::to_string(group.sample_type);
    }
    o.value = round_2dp(static_cast<double>(data.result));
    o.readings.a3 = widen_shortest(data.absorbance);
    o.measured_at = measured_at;
    o.raw = frame.bytes;
    o.offset = frame.offset;
    out.push_back(std::move(o));
  }
}

}  // namespace tianyang

kj::Result<std::unique_ptr<Decoder>> make_ty16_decoder(const CodecOptions& options) {
  tianyang::Ty16Options parsed;
  for (const auto& [key, value] : options) {
    if (key == "mask_bit_order") {
      if (value == "lsb") {
        parsed.mask_bit_order = tianyang::MaskBitOrder::lsb;
      } else if (value == "msb") {
        parsed.mask_bit_order = tianyang::MaskBitOrder::msb;
      } else if (value == "none") {
        parsed.mask_bit_order.reset();
      } else {
        return kj::make_error(make_error_code(Errc::bad_option),
                              "ty16 option mask_bit_order must be 'lsb', 'msb' or 'none', got '" + value + "'",
                              "ty16 选项 mask_bit_order 只能是 lsb、msb 或 none，收到 '" + value + "'");
      }
    } else if (key == "item") {
      if (value == "pesticide") {
        parsed.item = tianyang::Ty16Item::pesticide;
      } else if (value == "sample-type") {
        parsed.item = tianyang::Ty16Item::sample_type;
      } else {
        return kj::make_error(make_error_code(Errc::bad_option),
                              "ty16 option item must be 'pesticide' or 'sample-type', got '" + value + "'",
                              "ty16 选项 item 只能是 pesticide 或 sample-type，收到 '" + value + "'");
      }
    } else {
      return kj::make_error(make_error_code(Errc::bad_option), "unknown ty16 option '" + key + "'",
                            "ty16 协议没有选项 '" + key + "'");
    }
  }
  return std::unique_ptr<Decoder>(std::make_unique<tianyang::Ty16Decoder>(parsed));
}

}  // namespace kj::protocols
