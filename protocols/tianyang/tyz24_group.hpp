// The 501-byte data group of the Tianyang smart series TTNJ-Z16/Z24 ("TYZ24", instruments.md
// §4): a record number, the test date and tester as GB2312 text, a presence mask, and 8 records
// of 59 bytes (channel code, sample name, source, absorbance, ΔA, result, verdict). The layout
// is a packed C struct from the vendor document; big-endian numbers are inferred from the
// sister keypad series. No checksum: groups are recognised by structure.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "protocols/result.hpp"
#include "protocols/tianyang/group_check.hpp"

namespace kj::protocols::tianyang {

inline constexpr std::size_t kTyz24GroupSize = 501;
inline constexpr std::size_t kTyz24RecordCount = 8;
inline constexpr std::size_t kTyz24RecordSize = 59;

// Field widths, for callers that fill them (the simulator) and for the checks.
inline constexpr std::size_t kTyz24DateTextSize = 11;
inline constexpr std::size_t kTyz24TesterSize = 11;
inline constexpr std::size_t kTyz24SampleNameSize = 15;
inline constexpr std::size_t kTyz24SourceSize = 7;
inline constexpr std::size_t kTyz24SourceRemarkSize = 21;

// Verdict byte values; anything else means 无效 (invalid).
inline constexpr std::uint8_t kTyz24Pass = 0x01;  // 合格
inline constexpr std::uint8_t kTyz24Fail = 0x02;  // 超标

// Texts are UTF-8 here and GB2312/GBK on the wire, cut at the first NUL. When reading, a text
// that is not valid GBK is nothing; when writing, nothing is an empty (all-NUL) field.
struct Tyz24Record {
  std::uint8_t channel_code = 0x21;  // 0x21–0x28 = A1–A8, 0x31–0x38 = B1–B8, 0x41–0x48 = C1–C8
  std::uint16_t test_number = 0;
  std::optional<std::string> sample_name = std::string();
  std::optional<std::string> source = std::string();
  std::optional<std::string> source_remark = std::string();
  float absorbance = 0;
  float delta_a = 0;
  float result = 0;  // a fraction: 0.4523 = 45.23 %
  std::uint8_t verdict = 0;
  bool operator==(const Tyz24Record&) const = default;
};

struct Tyz24Group {
  std::uint32_t record_number = 0;
  std::optional<std::string> date_text = std::string();  // e.g. "2018-03-15"
  std::optional<std::string> tester = std::string();
  // Present records; the presence mask on the wire is derived from these (bit k ↔ record k,
  // in the low byte of the big-endian u16 at offset 27 — the byte the driver reads).
  std::array<std::optional<Tyz24Record>, kTyz24RecordCount> records{};
  bool operator==(const Tyz24Group&) const = default;
};

// The channel number a code names: A1…A8 → 1…8, B1…B8 → 9…16, C1…C8 → 17…24; nothing for any
// other code. And back, and the code as the device labels it ("B3").
std::optional<int> tyz24_channel(std::uint8_t code);
std::optional<std::uint8_t> tyz24_channel_code(int channel);
std::string tyz24_channel_label(std::uint8_t code);

// Checks as much of a group as `bytes` holds; `plausible` only once all 501 bytes are there.
// A group must carry a date text (6+ bytes starting with a digit, then printable ASCII or GBK
// double-byte characters up to the NUL), a presence mask naming at least one record and nothing above the 8th, and
// every present record a known channel code and plausible float32 values. A device has no reason to send a group
// without records; the other texts are not judged here.
GroupCheck check_tyz24_group(std::span<const std::uint8_t> bytes);

// Reads a group's fields as sent (call check_tyz24_group first). Absent records are nothing.
Tyz24Group parse_tyz24_group(std::span<const std::uint8_t, kTyz24GroupSize> bytes);

// The group as the device sends it, for simulators and tests. Fails with bad_encoding for a
// text GBK cannot hold and bad_length for a text longer than its field.
kj::Result<std::vector<std::uint8_t>> encode_tyz24_group(const Tyz24Group& group);

}  // namespace kj::protocols::tianyang
