// The DYRS2 meat-moisture meter's messages (instruments.md §7): host requests V, U, R, S; the
// device's version answer, its 3rd-generation 'D' record frames closed by an 'E' frame, and
// its 2nd-generation answer holding all records in one frame. Fields stay the ASCII text the
// wire carries; the decoder turns them into numbers and dates.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "protocols/decoder.hpp"
#include "protocols/device_time.hpp"
#include "protocols/frame_hunter.hpp"

namespace kj::protocols::dyrs2 {

inline constexpr std::size_t kDataRecordLength = 20;  // characters after 'D'
inline constexpr std::size_t kSecondGenRecordLength = 19;

// 3rd generation: one record per 'D' frame.
struct DataRecord {
  std::string id;                  // 4 characters, e.g. "0012"
  std::uint16_t moisture_x10 = 0;  // 3 digits, % × 10
  char species = '5';              // '1' 猪肉 … '5' 其它
  std::string date;                // YYMMDD
  std::string tail;                // 6 characters, probably hhmmss (inferred)

  bool operator==(const DataRecord&) const = default;
};

// 2nd generation: `1E id(3) value(3) 20 species 20 YY?MM?DD 20`.
struct SecondGenRecord {
  std::string id;  // 3 characters
  std::uint16_t moisture_x10 = 0;
  char species = '5';
  std::string date;  // 8 characters, `YY-MM-DD` as the device writes it

  bool operator==(const SecondGenRecord&) const = default;
};

struct SecondGenAnswer {
  // In wire order; nothing for a record whose separators or digits are wrong (counted corrupt).
  std::vector<std::optional<SecondGenRecord>> records;
};

struct VersionAnswer {
  std::string text;  // after the 'V'
};

struct EndOfList {};

// A host request met in a capture ('V', 'U', 'R…', 'S…').
struct HostRequest {
  char kind;
};

// 猪肉/牛肉/羊肉/鸡肉/其它 for '1'…'5'; nothing for another character.
std::optional<std::string_view> species_name(char code);

// Host → device.
std::vector<std::uint8_t> encode_version_query();
std::vector<std::uint8_t> encode_send_all();  // 2nd generation
std::vector<std::uint8_t> encode_read_range(const DeviceTime& first_day, const DeviceTime& last_day);
std::vector<std::uint8_t> encode_set_clock(const DeviceTime& now);

// Device → host (simulator). Fields of the wrong width are a caller bug (std::invalid_argument).
std::vector<std::uint8_t> encode_version_answer(std::string_view text);
std::vector<std::uint8_t> encode_data_record(const DataRecord& record);
std::vector<std::uint8_t> encode_end_of_list();
std::vector<std::uint8_t> encode_second_gen_answer(std::span<const SecondGenRecord> records);

using Parsed = std::variant<HostRequest, VersionAnswer, DataRecord, EndOfList, SecondGenAnswer, DecodeError>;
Parsed parse_frame(const RawFrame& frame);

}  // namespace kj::protocols::dyrs2
