// The 73-byte data group of the Tianyang keypad series TTNJ-8/16 ("TY16", instruments.md §3):
// 9 info bytes (device clock, sample-type code, channel mask, one byte of unclear meaning) and
// 8 channel slots of two big-endian float32 (absorbance, result). No checksum exists, so the
// group is recognised by its structure: a real calendar time, and slots that are either empty
// or hold numbers a measurement can produce.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "protocols/device_time.hpp"
#include "protocols/tianyang/group_check.hpp"

namespace kj::protocols::tianyang {

inline constexpr std::size_t kTy16GroupSize = 73;
inline constexpr std::size_t kTy16InfoSize = 9;
inline constexpr std::size_t kTy16SlotCount = 8;
inline constexpr std::size_t kTy16SlotSize = 8;

struct Ty16Slot {
  float absorbance = 0;
  float result = 0;  // inhibition rate in % for pesticide tests, else a concentration
  bool operator==(const Ty16Slot&) const = default;
};

struct Ty16Group {
  DeviceTime time;                // year = 2000 + YY, so 2000–2255
  std::uint8_t sample_type = 0;   // info byte 5, 样品种类编号
  std::uint8_t channel_mask = 0;  // info byte 7 as sent (bit order: see MaskBitOrder)
  std::uint8_t info8 = 0;         // info byte 8: "current channel" or record counter high
  // An absent slot is sent as 8 zero bytes; a slot whose two values are both 0 reads back as
  // absent, since the wire cannot tell them apart.
  std::array<std::optional<Ty16Slot>, kTy16SlotCount> slots{};
  bool operator==(const Ty16Group&) const = default;
};

// Which slot a mask bit names. The vendor's hex examples and the smart-series driver count
// from the least significant bit (bit k ↔ slot k); the keypad driver and the vendor's prose
// count from the most significant bit (bit 7 − k ↔ slot k).
enum class MaskBitOrder { lsb, msb };

bool mask_names_slot(std::uint8_t mask, std::size_t slot, MaskBitOrder order);
// The mask that names exactly the present slots of `group`.
std::uint8_t mask_of_present_slots(const Ty16Group& group, MaskBitOrder order);

// Checks as much of a group as `bytes` holds; `plausible` only once all 73 bytes are there.
// It rejects as early as it can, so hunting through garbage rarely waits for 73 bytes.
GroupCheck check_ty16_group(std::span<const std::uint8_t> bytes);

// Reads a group's fields as sent (no plausibility check: call check_ty16_group first).
Ty16Group parse_ty16_group(std::span<const std::uint8_t, kTy16GroupSize> bytes);

// The group as the device sends it (for simulators and tests), and the first reply of a
// download: `1B C1` followed by the group.
std::vector<std::uint8_t> encode_ty16_group(const Ty16Group& group);
std::vector<std::uint8_t> encode_ty16_first_reply(const Ty16Group& group);

}  // namespace kj::protocols::tianyang
