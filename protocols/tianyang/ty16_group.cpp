#include "protocols/tianyang/ty16_group.hpp"

#include <algorithm>

#include "protocols/tianyang/tianyang_link.hpp"
#include "protocols/tianyang/wire_float.hpp"

namespace kj::protocols::tianyang {
namespace {

// Info byte positions.
constexpr std::size_t kSecond = 0;
constexpr std::size_t kMinute = 1;
constexpr std::size_t kHour = 2;
constexpr std::size_t kDay = 3;
constexpr std::size_t kMonth = 4;
constexpr std::size_t kSampleType = 5;
constexpr std::size_t kYear = 6;
constexpr std::size_t kMask = 7;
constexpr std::size_t kInfo8 = 8;

std::span<const std::uint8_t, kTy16SlotSize> slot_bytes(std::span<const std::uint8_t> group, std::size_t slot) {
  return group.subspan(kTy16InfoSize + slot * kTy16SlotSize).first<kTy16SlotSize>();
}

bool all_zero(std::span<const std::uint8_t> bytes) {
  return std::all_of(bytes.begin(), bytes.end(), [](std::uint8_t b) { return b == 0; });
}

DeviceTime time_of(std::span<const std::uint8_t> info) {
  return DeviceTime{2000 + info[kYear], info[kMonth], info[kDay], info[kHour], info[kMinute], info[kSecond]};
}

}  // namespace

bool mask_names_slot(std::uint8_t mask, std::size_t slot, MaskBitOrder order) {
  const std::size_t bit = order == MaskBitOrder::lsb ? slot : kTy16SlotCount - 1 - slot;
  return ((mask >> bit) & 1U) != 0;
}

std::uint8_t mask_of_present_slots(const Ty16Group& group, MaskBitOrder order) {
  unsigned mask = 0;
  for (std::size_t slot = 0; slot < kTy16SlotCount; ++slot) {
    if (!group.slots[slot]) continue;
    mask |= 1U << (order == MaskBitOrder::lsb ? slot : kTy16SlotCount - 1 - slot);
  }
  return static_cast<std::uint8_t>(mask);
}

GroupCheck check_ty16_group(std::span<const std::uint8_t> bytes) {
  // The clock fields one by one, so a wrong byte is caught as soon as it arrives.
  static constexpr struct {
    std::size_t at;
    unsigned min;
    unsigned max;
    const char* why;
  } kClock[] = {
      {kSecond, 0, 59, "no TY16 group here: second above 59"}, {kMinute, 0, 59, "no TY16 group here: minute above 59"},
      {kHour, 0, 23, "no TY16 group here: hour above 23"},     {kDay, 1, 31, "no TY16 group here: day not 1-31"},
      {kMonth, 1, 12, "no TY16 group here: month not 1-12"},
  };
  for (const auto& field : kClock) {
    if (bytes.size() <= field.at) return GroupCheck::need_more();
    if (bytes[field.at] < field.min || bytes[field.at] > field.max) return GroupCheck::implausible(field.why);
  }
  if (bytes.size() <= kYear) return GroupCheck::need_more();
  if (!is_valid(time_of(bytes))) return GroupCheck::implausible("no TY16 group here: day past the end of its month");
  for (std::size_t slot = 0; slot < kTy16SlotCount; ++slot) {
    if (bytes.size() < kTy16InfoSize + (slot + 1) * kTy16SlotSize) return GroupCheck::need_more();
    const auto slot_data = slot_bytes(bytes, slot);
    if (all_zero(slot_data)) continue;
    if (!is_plausible_reading(read_float32_be(slot_data.first<4>())) ||
        !is_plausible_reading(read_float32_be(slot_data.last<4>()))) {
      return GroupCheck::implausible("no TY16 group here: a channel slot holds no plausible number");
    }
  }
  return GroupCheck::plausible();
}

Ty16Group parse_ty16_group(std::span<const std::uint8_t, kTy16GroupSize> bytes) {
  Ty16Group group;
  group.time = time_of(bytes);
  group.sample_type = bytes[kSampleType];
  group.channel_mask = bytes[kMask];
  group.info8 = bytes[kInfo8];
  for (std::size_t slot = 0; slot < kTy16SlotCount; ++slot) {
    const auto slot_data = slot_bytes(bytes, slot);
    if (all_zero(slot_data)) continue;
    group.slots[slot] = Ty16Slot{read_float32_be(slot_data.first<4>()), read_float32_be(slot_data.last<4>())};
  }
  return group;
}

std::vector<std::uint8_t> encode_ty16_group(const Ty16Group& group) {
  const DeviceTime& t = group.time;
  std::vector<std::uint8_t> out{static_cast<std::uint8_t>(t.second),
                                static_cast<std::uint8_t>(t.minute),
                                static_cast<std::uint8_t>(t.hour),
                                static_cast<std::uint8_t>(t.day),
                                static_cast<std::uint8_t>(t.month),
                                group.sample_type,
                                static_cast<std::uint8_t>(t.year - 2000),
                                group.channel_mask,
                                group.info8};
  out.reserve(kTy16GroupSize);
  for (const auto& slot : group.slots) {
    append_float32_be(out, slot ? slot->absorbance : 0.0F);
    append_float32_be(out, slot ? slot->result : 0.0F);
  }
  return out;
}

std::vector<std::uint8_t> encode_ty16_first_reply(const Ty16Group& group) {
  std::vector<std::uint8_t> out = encode_download_started();
  const std::vector<std::uint8_t> body = encode_ty16_group(group);
  out.insert(out.end(), body.begin(), body.end());
  return out;
}

}  // namespace kj::protocols::tianyang
