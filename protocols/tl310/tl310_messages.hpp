// The TL310 pesticide-residue photometer's messages (instruments.md §1): the host's requests,
// the device's comm-test answer and its 27-byte record frame, each as a type with an encoder
// (host side for the driver, device side for the simulator) and one parser for received frames.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <variant>
#include <vector>

#include "protocols/decoder.hpp"
#include "protocols/device_time.hpp"
#include "protocols/frame_hunter.hpp"

namespace kj::protocols::tl310 {

inline constexpr std::uint8_t kCmdCommTest = 0x01;
inline constexpr std::uint8_t kCmdCommAnswer = 0x02;
inline constexpr std::uint8_t kCmdRead = 0x15;
inline constexpr std::uint8_t kCmdRecord = 0x16;
inline constexpr std::size_t kRecordDataLength = 21;
// The largest DATA any TL310 frame carries is 21; a little slack for unknown firmware.
inline constexpr std::size_t kMaxDataLength = 64;
// Firmware 0x10 offers "read all" and "read last"; any other offers "read by date" instead.
inline constexpr std::uint8_t kVersionReadAll = 0x10;
// Inhibition values meaning "not available": 0x7FFE, and anything above 32000 (newer driver).
inline constexpr std::uint16_t kNotAvailable = 0x7FFE;
inline constexpr std::uint16_t kLargestValue = 32000;

struct CommAnswer {
  std::uint8_t version = kVersionReadAll;
};

struct Record {
  std::uint16_t total = 1;  // records in this reply
  std::uint16_t index = 1;  // running number, 1 … total
  std::uint8_t channel = 1;
  std::uint8_t standard = 0;  // 00 GB/T 5009.199-2003, 01 NY/T 448-2001
  DeviceTime measured_at;
  std::uint16_t test_number = 0;  // 检测编号, big-endian on the wire; 0 = empty slot
  std::uint16_t absorbance = 0;   // scaling unknown, decoded by no driver: kept as sent
  std::uint16_t inhibition_x10 = 0;
  std::uint8_t verdict = 0;  // 02 合格, 01 超标, else none
  std::uint8_t spare = 0;    // offset 24, meaning unknown

  bool operator==(const Record&) const = default;
};

// A host request met in a capture of the line: recognised so it can be skipped.
struct HostRequest {
  std::uint8_t cmd;
};

// The standard byte's name, nothing for an unknown code.
std::optional<std::string_view> standard_name(std::uint8_t code);
// Empty slot (test number 0) or value not available: counted, never reported.
bool is_reportable(const Record& record);

// Host → device.
std::vector<std::uint8_t> encode_comm_test();
std::vector<std::uint8_t> encode_read_last();
std::vector<std::uint8_t> encode_read_all();
std::vector<std::uint8_t> encode_read_date(const DeviceTime& day);

// Device → host (simulator).
std::vector<std::uint8_t> encode_comm_answer(const CommAnswer& answer);
std::vector<std::uint8_t> encode_record(const Record& record);

// Any frame FrameHunter found with tilde::probe_frame; a DecodeError (at the frame's offset)
// for an unknown CMD or a DATA length that does not fit the CMD.
using Parsed = std::variant<HostRequest, CommAnswer, Record, DecodeError>;
Parsed parse_frame(const RawFrame& frame);

}  // namespace kj::protocols::tl310
