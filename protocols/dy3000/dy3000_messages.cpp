#include "protocols/dy3000/dy3000_messages.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <stdexcept>
#include <string>

#include "protocols/dy3000/dy3000_frame.hpp"
#include "protocols/text/gbk.hpp"

namespace kj::protocols::dy3000 {
namespace {

constexpr std::uint32_t kSignBit = 0x80000000U;
constexpr std::uint32_t kEndOfDay = 0x0000FFFFU;

// Byte patterns the newer driver also treats as invalid (FF 7F 00 00, 2C 42 0F 00) and as
// N/A (FE 7F 00 00) whatever the method; kept, since a device that sends them means "no value".
constexpr std::uint32_t kAlsoInvalid[] = {0x00007FFFU, 0x000F422CU};
constexpr std::uint32_t kAlsoNotAvailable = 0x00007FFEU;

template <std::size_t N>
bool put_text(std::array<std::uint8_t, N>& field, std::string_view utf8) {
  const auto gbk = utf8_to_gbk(utf8);
  if (!gbk || gbk->size() > N) return false;
  std::copy(gbk->begin(), gbk->end(), field.begin());
  return true;
}

}  // namespace

std::optional<ItemSlot> make_item_slot(std::string_view name, std::string_view unit, std::uint8_t method) {
  ItemSlot slot;
  slot.method = method;
  if (!put_text(slot.name, name) || !put_text(slot.unit, unit)) return std::nullopt;
  return slot;
}

ChannelValue decode_inhibition(std::uint32_t value) {
  // Only the low half carries the number; the driver reads two bytes.
  const std::uint32_t low = value & 0xFFFFU;
  if (low == kInhibitionInvalid) return {ValueState::invalid, 0.0};
  if (low == kInhibitionNotAvailable) return {ValueState::not_available, 0.0};
  return {ValueState::number, low / 10.0};
}

ChannelValue decode_concentration(std::uint32_t value) {
  if (value == kConcentrationInvalid || value == 0x7FFFFFFEU ||
      std::find(std::begin(kAlsoInvalid), std::end(kAlsoInvalid), value) != std::end(kAlsoInvalid)) {
    return {ValueState::invalid, 0.0};
  }
  if (value == kConcentrationNotAvailable || value == kAlsoNotAvailable) return {ValueState::not_available, 0.0};
  const double magnitude = (value & ~kSignBit) / 1000.0;
  // A negative zero would print as "-0".
  return {ValueState::number, (value & kSignBit) != 0 && magnitude != 0.0 ? -magnitude : magnitude};
}

std::uint32_t inhibition_value(double percent) {
  return static_cast<std::uint32_t>(std::lround(percent * 10.0)) & 0xFFFFU;
}

std::uint32_t concentration_value(double value) {
  const auto magnitude = static_cast<std::uint32_t>(std::llround(std::fabs(value) * 1000.0)) & ~kSignBit;
  return value < 0 ? magnitude | kSignBit : magnitude;
}

std::vector<std::uint8_t> encode_link_test() {
  static constexpr std::string_view kProbe = "DEVICE??";
  const std::vector<std::uint8_t> data(kProbe.begin(), kProbe.end());
  return encode_frame(Direction::to_device, kCmdLink, 0, data);
}

std::vector<std::uint8_t> encode_read_item_page(std::uint8_t page) {
  return encode_frame(Direction::to_device, kCmdItemPage, static_cast<std::uint32_t>(page) << 8, {});
}

std::vector<std::uint8_t> encode_find_window(const DeviceTime& first_day, const DeviceTime& last_day) {
  std::vector<std::uint8_t> data;
  append_u32_le(data, pack_time(DeviceTime{first_day.year, first_day.month, first_day.day, 0, 0, 0}));
  // OR-ing the time bits all ones is how the device is asked for "to the end of that day".
  append_u32_le(data, pack_time(DeviceTime{last_day.year, last_day.month, last_day.day, 0, 0, 0}) | kEndOfDay);
  return encode_frame(Direction::to_device, kCmdFindWindow, 0, data);
}

std::vector<std::uint8_t> encode_read_record(std::uint32_t index) {
  return encode_frame(Direction::to_device, kCmdReadRecord, index, {});
}

std::vector<std::uint8_t> encode_link_answer(std::span<const std::uint8_t> data) {
  return encode_frame(Direction::to_host, kCmdLink, 0, data);
}

std::vector<std::uint8_t> encode_item_page_answer(std::uint8_t page, std::span<const ItemSlot> slots) {
  if (slots.size() > kSlotsPerPage) throw std::invalid_argument("a DY-3000 item page holds at most 2 slots");
  std::vector<std::uint8_t> data(slots.size() * kItemSlotLength, 0);
  for (std::size_t s = 0; s < slots.size(); ++s) {
    auto* slot = data.data() + s * kItemSlotLength;
    std::copy(slots[s].name.begin(), slots[s].name.end(), slot);
    std::copy(slots[s].unit.begin(), slots[s].unit.end(), slot + 16);
    slot[24] = slots[s].method;
  }
  return encode_frame(Direction::to_host, kCmdItemPage, static_cast<std::uint32_t>(page) << 8, data);
}

std::vector<std::uint8_t> encode_window_answer(const WindowAnswer& answer) {
  std::vector<std::uint8_t> data;
  append_u32_le(data, answer.start);
  append_u32_le(data, answer.end);
  append_u16_le(data, answer.first_index);
  append_u16_le(data, answer.end_index);
  return encode_frame(Direction::to_host, kCmdFindWindow, 0, data);
}

std::vector<std::uint8_t> encode_record_answer(const RecordAnswer& r) {
  std::vector<std::uint8_t> data{r.valid, r.item};
  append_u16_le(data, r.unknown);
  append_u32_le(data, r.time);
  for (const ChannelEntry& c : r.channels) {
    data.push_back(c.channel);
    data.push_back(c.status);
    append_u16_le(data, c.unknown);
    append_u32_le(data, c.value);
  }
  return encode_frame(Direction::to_host, kCmdReadRecord, r.index, data);
}

Parsed parse_frame(const RawFrame& frame) {
  const FrameView v = view(frame.bytes);
  if (v.direction == Direction::to_device) return HostRequest{v.cmd, v.param};
  switch (v.cmd) {
    case kCmdLink: return LinkAnswer{std::vector<std::uint8_t>(v.data.begin(), v.data.end())};
    case kCmdItemPage: {
      if (v.data.size() % kItemSlotLength != 0 || v.data.size() > kSlotsPerPage * kItemSlotLength) {
        return DecodeError{Errc::bad_length, "DY-3000 item page is not 0, 128 or 256 bytes", frame.offset};
      }
      ItemPageAnswer page{static_cast<std::uint8_t>((v.param >> 8) & 0xFF), {}};
      for (std::size_t at = 0; at < v.data.size(); at += kItemSlotLength) {
        ItemSlot slot;
        std::copy_n(v.data.begin() + static_cast<std::ptrdiff_t>(at), slot.name.size(), slot.name.begin());
        std::copy_n(v.data.begin() + static_cast<std::ptrdiff_t>(at + 16), slot.unit.size(), slot.unit.begin());
        slot.method = v.data[at + 24];
        page.slots.push_back(slot);
      }
      return page;
    }
    case kCmdFindWindow:
      if (v.data.size() < 12)
        return DecodeError{Errc::bad_length, "DY-3000 window answer shorter than 12 bytes", frame.offset};
      return WindowAnswer{read_u32_le(v.data, 0), read_u32_le(v.data, 4), read_u16_le(v.data, 8),
                          read_u16_le(v.data, 10)};
    case kCmdReadRecord: {
      if (v.data.size() < 8 || v.data.size() % 8 != 0) {
        return DecodeError{Errc::bad_length, "DY-3000 record is not 8 + 8·n bytes", frame.offset};
      }
      RecordAnswer r;
      r.index = v.param;
      r.valid = v.data[0];
      r.item = v.data[1];
      r.unknown = read_u16_le(v.data, 2);
      r.time = read_u32_le(v.data, 4);
      // n = LEN / 8 − 1 entries, the last one included (the newer driver's (LEN − 12) / 8 loses it).
      for (std::size_t at = 8; at < v.data.size(); at += 8) {
        r.channels.push_back(
            ChannelEntry{v.data[at], v.data[at + 1], read_u16_le(v.data, at + 2), read_u32_le(v.data, at + 4)});
      }
      return r;
    }
    default: break;
  }
  char text[96];
  std::snprintf(text, sizeof text, "unsupported DY-3000 command 0x%02X", v.cmd);
  return DecodeError{Errc::bad_layout, text, frame.offset};
}

}  // namespace kj::protocols::dy3000
