// The LZ4000 / LZ4000T pesticide-residue photometer's messages (instruments.md §2): host
// requests (comm test, record count of a day, send a day's records), the device's answers and
// its 26-byte record frame; encoders for both sides and one parser for received frames.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <variant>
#include <vector>

#include "protocols/decoder.hpp"
#include "protocols/device_time.hpp"
#include "protocols/frame_hunter.hpp"

namespace kj::protocols::lz4000t {

inline constexpr std::uint8_t kCmdCommTest = 0x00;
inline constexpr std::uint8_t kCmdCommAnswer = 0x01;
inline constexpr std::uint8_t kCmdSendDay = 0x10;
inline constexpr std::uint8_t kCmdRecord = 0x11;
inline constexpr std::uint8_t kCmdCountDay = 0x12;
inline constexpr std::uint8_t kCmdCountAnswer = 0x13;
inline constexpr std::size_t kRecordDataLength = 20;
inline constexpr std::size_t kCountDataLength = 5;
inline constexpr std::size_t kNameLength = 6;  // GBK, NUL-padded: up to 3 Chinese characters
inline constexpr std::size_t kMaxDataLength = 64;

// The comm-test answer's content is checked by no driver; it is kept as sent.
struct CommAnswer {
  std::vector<std::uint8_t> data{0x00, 0x00, 0x00};
};

// How many records the device holds for a day (count 0 = none). Layout inferred (LEN 5).
struct CountAnswer {
  DeviceTime day;
  std::uint16_t count = 0;
};

struct Record {
  std::uint16_t day_count = 1;  // records of that day, the same in every frame
  std::uint16_t index = 0;      // offsets 6–7, meaning unknown (a running index in our vectors)
  std::uint16_t sample_number = 0;
  std::array<std::uint8_t, kNameLength> name{};  // as sent: GBK, NUL-padded
  DeviceTime measured_at;
  std::uint16_t inhibition_x100 = 0;

  bool operator==(const Record&) const = default;
};

struct HostRequest {
  std::uint8_t cmd;
};

// A UTF-8 name as the 6-byte GBK field; nothing when it has no GBK form or is too long.
std::optional<std::array<std::uint8_t, kNameLength>> encode_name(std::string_view utf8);

// Host → device.
std::vector<std::uint8_t> encode_comm_test();
std::vector<std::uint8_t> encode_count_day(const DeviceTime& day);
std::vector<std::uint8_t> encode_send_day(const DeviceTime& day);

// Device → host (simulator).
std::vector<std::uint8_t> encode_comm_answer(const CommAnswer& answer);
std::vector<std::uint8_t> encode_count_answer(const CountAnswer& answer);
std::vector<std::uint8_t> encode_record(const Record& record);

using Parsed = std::variant<HostRequest, CommAnswer, CountAnswer, Record, DecodeError>;
Parsed parse_frame(const RawFrame& frame);

}  // namespace kj::protocols::lz4000t
