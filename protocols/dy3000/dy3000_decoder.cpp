#include "protocols/dy3000/dy3000_decoder.hpp"

#include <utility>

#include "protocols/dy3000/dy3000_frame.hpp"
#include "protocols/text/gbk.hpp"

namespace kj::protocols {
namespace dy3000 {
namespace {

// Empty texts count as "not sent".
std::optional<std::string> non_empty(std::optional<std::string> text) {
  if (text && text->empty()) return std::nullopt;
  return text;
}

}  // namespace

Dy3000Decoder::Dy3000Decoder(std::optional<std::uint8_t> default_method)
    : FramedDecoder(probe_frame), default_method_(default_method) {}

void Dy3000Decoder::interpret(const RawFrame& frame, std::deque<DecodeEvent>& out) {
  Parsed parsed = parse_frame(frame);
  if (auto* error = std::get_if<DecodeError>(&parsed)) {
    out.push_back(std::move(*error));
  } else if (const auto* request = std::get_if<HostRequest>(&parsed)) {
    if (request->cmd == kCmdItemPage && request->param == 0) {
      items_.clear();
      table_complete_ = false;
    }
  } else if (const auto* page = std::get_if<ItemPageAnswer>(&parsed)) {
    learn(*page, frame, out);
  } else if (const auto* record = std::get_if<RecordAnswer>(&parsed)) {
    report(*record, frame, out);
  }
  // Link and window answers: link traffic, no observation.
}

void Dy3000Decoder::learn(const ItemPageAnswer& page, const RawFrame& frame, std::deque<DecodeEvent>& out) {
  if (table_complete_) {
    items_.clear();
    table_complete_ = false;
  }
  bool bad_text = false;
  for (const ItemSlot& slot : page.slots) {
    KnownItem item;
    item.name = gbk_to_utf8(slot.name);
    item.unit = gbk_to_utf8(slot.unit);
    item.method = slot.method;
    bad_text = bad_text || !item.name || !item.unit;
    // The item keeps its place even with a bad name: records refer to items by position.
    items_.push_back(std::move(item));
  }
  if (bad_text) {
    out.push_back(DecodeError{Errc::bad_encoding, "DY-3000 item name or unit is not valid GB2312", frame.offset});
  }
  if (page.slots.size() < kSlotsPerPage) table_complete_ = true;
}

void Dy3000Decoder::report(const RecordAnswer& record, const RawFrame& frame, std::deque<DecodeEvent>& out) const {
  if (record.valid == 0) return;  // empty or deleted record
  const DeviceTime time = unpack_time(record.time);
  if (!is_valid(time)) {
    out.push_back(DecodeError{Errc::bad_layout, "DY-3000 record with an impossible date or time", frame.offset});
    return;
  }
  const KnownItem* known = record.item < items_.size() ? &items_[record.item] : nullptr;
  if (known == nullptr && !default_method_) {
    out.push_back(DecodeError{Errc::bad_layout,
                              "DY-3000 record of item " + std::to_string(record.item) +
                                  ", which no item table (CMD 42 answer) in the stream names; "
                                  "read the table first or set default_method=inhibition|concentration",
                              frame.offset});
    return;
  }
  const bool inhibition = (known != nullptr ? known->method : *default_method_) == kMethodInhibition;
  const std::optional<std::string> name = known != nullptr ? non_empty(known->name) : std::nullopt;
  std::optional<std::string> unit = known != nullptr ? non_empty(known->unit) : std::nullopt;
  if (!unit && inhibition) unit.emplace("%");  // not `= "%"`: a false GCC 12 -O3 -Wrestrict
  const std::string measured_at = to_iso8601(time);

  for (const ChannelEntry& entry : record.channels) {
    if (entry.channel == 0) continue;           // control channel
    if (entry.status < kStatusValid) continue;  // not a valid result
    const ChannelValue value = inhibition ? decode_inhibition(entry.value) : decode_concentration(entry.value);
    if (value.state != ValueState::number) continue;  // invalid or N/A: dropped, as the device shows "---"
    Observation o;
    o.protocol = "dy3000";
    o.channel = entry.channel;
    o.item_code = name ? *name : "item-" + std::to_string(record.item);
    o.item_name = name;
    o.value = value.number;
    o.unit = unit;
    if (entry.status >= kStatusSuspect) o.flags.emplace_back("suspect");
    o.measured_at = measured_at;
    o.raw = frame.bytes;
    o.offset = frame.offset;
    out.push_back(std::move(o));
  }
}

}  // namespace dy3000

kj::Result<std::unique_ptr<Decoder>> make_dy3000_decoder(const CodecOptions& options) {
  std::optional<std::uint8_t> default_method;
  for (const auto& [key, value] : options) {
    if (key != "default_method") {
      return kj::make_error(make_error_code(Errc::bad_option), "unknown dy3000 option '" + key + "'",
                            "dy3000 协议没有选项 '" + key + "'");
    }
    if (value == "inhibition") {
      default_method = dy3000::kMethodInhibition;
    } else if (value == "concentration") {
      default_method = 1;  // any non-zero method number reads the value as a concentration
    } else {
      return kj::make_error(make_error_code(Errc::bad_option),
                            "dy3000 option default_method must be 'inhibition' or 'concentration', got '" + value + "'",
                            "dy3000 选项 default_method 只能是 inhibition 或 concentration，收到 '" + value + "'");
    }
  }
  return std::unique_ptr<Decoder>(std::make_unique<dy3000::Dy3000Decoder>(default_method));
}

}  // namespace kj::protocols
