// The DY-3000 family's messages (DY1000/2000/3000/3100, TL300; instruments.md §5): link test,
// item table pages, record window, records. Host requests for the driver, device answers for
// the simulator, one parser for received frames, and the channel value encodings.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <variant>
#include <vector>

#include "protocols/decoder.hpp"
#include "protocols/device_time.hpp"
#include "protocols/frame_hunter.hpp"

namespace kj::protocols::dy3000 {

inline constexpr std::uint8_t kCmdLink = 0x20;
inline constexpr std::uint8_t kCmdItemPage = 0x42;
inline constexpr std::uint8_t kCmdFindWindow = 0x43;
inline constexpr std::uint8_t kCmdReadRecord = 0x45;
inline constexpr std::size_t kItemSlotLength = 128;
inline constexpr std::size_t kSlotsPerPage = 2;
inline constexpr std::uint8_t kMethodInhibition = 0;  // 抑制率法; any other number: a concentration method
inline constexpr std::uint8_t kStatusValid = 0x80;
inline constexpr std::uint8_t kStatusSuspect = 0xC0;  // 数据可疑: bits 7 and 6

// One 128-byte slot of the item table, texts as sent (GB2312, NUL-terminated).
struct ItemSlot {
  std::array<std::uint8_t, 16> name{};
  std::array<std::uint8_t, 8> unit{};
  std::uint8_t method = kMethodInhibition;

  bool operator==(const ItemSlot&) const = default;
};

// A slot from UTF-8 texts; nothing when one has no GB2312/GBK form or does not fit its field.
std::optional<ItemSlot> make_item_slot(std::string_view name, std::string_view unit, std::uint8_t method);

struct LinkAnswer {
  std::vector<std::uint8_t> data;  // checked by no driver
};

struct ItemPageAnswer {
  std::uint8_t page = 0;        // PARAM byte 1, as the request had it
  std::vector<ItemSlot> slots;  // 0–2; fewer than 2 ends the table
};

struct WindowAnswer {
  std::uint32_t start = 0;  // packed; an echo of the request (inferred)
  std::uint32_t end = 0;
  std::uint16_t first_index = 0;
  std::uint16_t end_index = 0;  // exclusive: no record when first_index + 1 > end_index
};

struct ChannelEntry {
  std::uint8_t channel = 0;  // 0 = control (对照) channel
  std::uint8_t status = kStatusValid;
  std::uint16_t unknown = 0;
  std::uint32_t value = 0;  // see inhibition_value / concentration_value

  bool operator==(const ChannelEntry&) const = default;
};

struct RecordAnswer {
  std::uint32_t index = 0;  // PARAM: the record index asked for
  std::uint8_t valid = 1;   // 0 = empty or deleted record
  std::uint8_t item = 0;    // index into the item table
  std::uint16_t unknown = 0;
  std::uint32_t time = 0;  // packed date-time
  std::vector<ChannelEntry> channels;

  bool operator==(const RecordAnswer&) const = default;
};

struct HostRequest {
  std::uint8_t cmd;
  std::uint32_t param;
};

// Channel values. Inhibition method: u16 LE in the low half, % × 10. Concentration methods:
// sign-magnitude (bit 31 = sign), |value| × 1000. Each has its invalid and N/A sentinels.
enum class ValueState { number, invalid, not_available };
struct ChannelValue {
  ValueState state = ValueState::number;
  double number = 0.0;
};
ChannelValue decode_inhibition(std::uint32_t value);
ChannelValue decode_concentration(std::uint32_t value);
std::uint32_t inhibition_value(double percent);
std::uint32_t concentration_value(double value);
inline constexpr std::uint32_t kInhibitionInvalid = 0x7FFF;
inline constexpr std::uint32_t kInhibitionNotAvailable = 0x7FFE;
inline constexpr std::uint32_t kConcentrationInvalid = 0x7FFFFFFF;
inline constexpr std::uint32_t kConcentrationNotAvailable = 0x7FFFFFFD;

// Host → device.
std::vector<std::uint8_t> encode_link_test();
std::vector<std::uint8_t> encode_read_item_page(std::uint8_t page);
// Records from the start of `first_day` to the end of `last_day` (time fields ignored).
std::vector<std::uint8_t> encode_find_window(const DeviceTime& first_day, const DeviceTime& last_day);
std::vector<std::uint8_t> encode_read_record(std::uint32_t index);

// Device → host (simulator).
std::vector<std::uint8_t> encode_link_answer(std::span<const std::uint8_t> data);
std::vector<std::uint8_t> encode_item_page_answer(std::uint8_t page, std::span<const ItemSlot> slots);
std::vector<std::uint8_t> encode_window_answer(const WindowAnswer& answer);
std::vector<std::uint8_t> encode_record_answer(const RecordAnswer& answer);

using Parsed = std::variant<HostRequest, LinkAnswer, ItemPageAnswer, WindowAnswer, RecordAnswer, DecodeError>;
Parsed parse_frame(const RawFrame& frame);

}  // namespace kj::protocols::dy3000
