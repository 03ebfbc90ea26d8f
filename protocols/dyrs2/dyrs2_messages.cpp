#include "protocols/dyrs2/dyrs2_messages.hpp"

#include <algorithm>
#include <cstdio>
#include <initializer_list>
#include <stdexcept>

#include "protocols/dyrs2/dyrs2_frame.hpp"

namespace kj::protocols::dyrs2 {
namespace {

constexpr char kRecordStart = 0x1E;
constexpr char kSpace = 0x20;
constexpr std::size_t kRangeLength = 13;  // R or S + 12 digits

bool all_digits(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::optional<std::uint16_t> three_digits(std::string_view text) {
  if (text.size() != 3 || !all_digits(text)) return std::nullopt;
  return static_cast<std::uint16_t>((text[0] - '0') * 100 + (text[1] - '0') * 10 + (text[2] - '0'));
}

std::string two_digits(int value) {
  char text[16];
  std::snprintf(text, sizeof text, "%02d", value % 100);
  return text;
}

std::string yymmdd(const DeviceTime& t) {
  return two_digits(t.year) + two_digits(t.month) + two_digits(t.day);
}
std::string hhmmss(const DeviceTime& t) {
  return two_digits(t.hour) + two_digits(t.minute) + two_digits(t.second);
}

// Payloads are built by appending: GCC 12 at -O3 warns falsely (-Wrestrict) on `"R" + text`.
std::string join(std::initializer_list<std::string_view> parts) {
  std::string out;
  for (const std::string_view part : parts) out += part;
  return out;
}

std::string moisture_text(std::uint16_t x10) {
  if (x10 > 999) throw std::invalid_argument("DYRS2 moisture × 10 has three digits");
  char text[8];
  std::snprintf(text, sizeof text, "%03u", static_cast<unsigned>(x10));
  return text;
}

std::optional<SecondGenRecord> parse_second_gen_record(std::string_view r) {
  const std::string_view date = r.substr(10, 8);
  const bool date_ok = all_digits(date.substr(0, 2)) && all_digits(date.substr(3, 2)) && all_digits(date.substr(6, 2));
  const auto value = three_digits(r.substr(4, 3));
  if (r[0] != kRecordStart || r[7] != kSpace || r[9] != kSpace || r[18] != kSpace || !value || !date_ok ||
      !all_digits(r.substr(1, 3)) || !all_digits(r.substr(8, 1))) {
    return std::nullopt;
  }
  return SecondGenRecord{std::string(r.substr(1, 3)), *value, r[8], std::string(date)};
}

DecodeError layout_error(const RawFrame& frame, std::string message) {
  return DecodeError{Errc::bad_layout, std::move(message), frame.offset};
}

}  // namespace

std::optional<std::string_view> species_name(char code) {
  switch (code) {
    case '1': return "猪肉";
    case '2': return "牛肉";
    case '3': return "羊肉";
    case '4': return "鸡肉";
    case '5': return "其它";
    default: return std::nullopt;
  }
}

std::vector<std::uint8_t> encode_version_query() {
  return encode_frame("V");
}
std::vector<std::uint8_t> encode_send_all() {
  return encode_frame("U");
}

std::vector<std::uint8_t> encode_read_range(const DeviceTime& first_day, const DeviceTime& last_day) {
  return encode_frame(join({"R", yymmdd(first_day), yymmdd(last_day)}));
}

std::vector<std::uint8_t> encode_set_clock(const DeviceTime& now) {
  return encode_frame(join({"S", yymmdd(now), hhmmss(now)}));
}

std::vector<std::uint8_t> encode_version_answer(std::string_view text) {
  return encode_frame(join({"V", text}));
}

std::vector<std::uint8_t> encode_data_record(const DataRecord& r) {
  if (r.id.size() != 4 || r.date.size() != 6 || r.tail.size() != 6) {
    throw std::invalid_argument("DYRS2 record fields have widths 4, 6 and 6");
  }
  return encode_frame(
      join({"D", r.id, moisture_text(r.moisture_x10), std::string_view(&r.species, 1), r.date, r.tail}));
}

std::vector<std::uint8_t> encode_end_of_list() {
  return encode_frame("E");
}

std::vector<std::uint8_t> encode_second_gen_answer(std::span<const SecondGenRecord> records) {
  if (records.size() > 999) throw std::invalid_argument("a DYRS2 answer holds at most 999 records");
  char count[8];
  std::snprintf(count, sizeof count, "%03u", static_cast<unsigned>(records.size()));
  std::string payload = count;
  for (const SecondGenRecord& r : records) {
    if (r.id.size() != 3 || r.date.size() != 8) throw std::invalid_argument("DYRS2 2nd-gen fields have widths 3 and 8");
    payload +=
        join({std::string_view(&kRecordStart, 1), r.id, moisture_text(r.moisture_x10), std::string_view(&kSpace, 1),
              std::string_view(&r.species, 1), std::string_view(&kSpace, 1), r.date, std::string_view(&kSpace, 1)});
  }
  return encode_frame(payload);
}

Parsed parse_frame(const RawFrame& frame) {
  const std::string_view p = payload_of(frame.bytes);
  switch (p[0]) {
    case 'V':
      // The host asks with a bare "V"; the device answers "V" and its version text.
      if (p.size() == 1) return HostRequest{'V'};
      return VersionAnswer{std::string(p.substr(1))};
    case 'U':
      if (p.size() == 1) return HostRequest{'U'};
      break;
    case 'R':
    case 'S':
      if (p.size() == kRangeLength && all_digits(p.substr(1))) return HostRequest{p[0]};
      break;
    case 'E': return EndOfList{};
    case 'D': {
      if (p.size() != 1 + kDataRecordLength) {
        return DecodeError{Errc::bad_length, "DYRS2 'D' frame does not hold 20 characters", frame.offset};
      }
      const auto value = three_digits(p.substr(5, 3));
      if (!value || !all_digits(p.substr(9, 6)))
        return layout_error(frame, "DYRS2 'D' frame with a non-digit value or date");
      return DataRecord{std::string(p.substr(1, 4)), *value, p[8], std::string(p.substr(9, 6)),
                        std::string(p.substr(15, 6))};
    }
    default:
      if (p.size() >= 3 && all_digits(p.substr(0, 3))) {
        const std::size_t n = static_cast<std::size_t>(*three_digits(p.substr(0, 3)));
        if (p.size() != 3 + n * kSecondGenRecordLength) {
          return DecodeError{Errc::bad_length, "DYRS2 answer length does not match its record count", frame.offset};
        }
        SecondGenAnswer answer;
        for (std::size_t i = 0; i < n; ++i) {
          answer.records.push_back(
              parse_second_gen_record(p.substr(3 + i * kSecondGenRecordLength, kSecondGenRecordLength)));
        }
        return answer;
      }
      break;
  }
  return layout_error(frame, "unknown DYRS2 frame");
}

}  // namespace kj::protocols::dyrs2
