#include "protocols/lz4000t/lz4000t_messages.hpp"

#include <algorithm>
#include <cstdio>
#include <string>

#include "protocols/text/gbk.hpp"
#include "protocols/tilde_frame/tilde_frame.hpp"

namespace kj::protocols::lz4000t {
namespace {

std::array<std::uint8_t, 3> day_bytes(const DeviceTime& day) {
  return {static_cast<std::uint8_t>(day.year - 2000), static_cast<std::uint8_t>(day.month),
          static_cast<std::uint8_t>(day.day)};
}

DeviceTime day_from(std::span<const std::uint8_t> b) {
  return DeviceTime{2000 + b[0], b[1], b[2], 0, 0, 0};
}

std::uint16_t u16_le(std::span<const std::uint8_t> data, std::size_t at) {
  return static_cast<std::uint16_t>(data[at] | (data[at + 1] << 8));
}

void put_u16_le(std::uint8_t* out, std::uint16_t value) {
  out[0] = static_cast<std::uint8_t>(value & 0xFF);
  out[1] = static_cast<std::uint8_t>(value >> 8);
}

}  // namespace

std::optional<std::array<std::uint8_t, kNameLength>> encode_name(std::string_view utf8) {
  const auto gbk = utf8_to_gbk(utf8);
  if (!gbk || gbk->size() > kNameLength) return std::nullopt;
  std::array<std::uint8_t, kNameLength> field{};
  std::copy(gbk->begin(), gbk->end(), field.begin());
  return field;
}

std::vector<std::uint8_t> encode_comm_test() {
  const std::array<std::uint8_t, 2> data{0x00, 0x00};
  return tilde::encode_frame(kCmdCommTest, data);
}

std::vector<std::uint8_t> encode_count_day(const DeviceTime& day) {
  return tilde::encode_frame(kCmdCountDay, day_bytes(day));
}

std::vector<std::uint8_t> encode_send_day(const DeviceTime& day) {
  return tilde::encode_frame(kCmdSendDay, day_bytes(day));
}

std::vector<std::uint8_t> encode_comm_answer(const CommAnswer& answer) {
  return tilde::encode_frame(kCmdCommAnswer, answer.data);
}

std::vector<std::uint8_t> encode_count_answer(const CountAnswer& answer) {
  std::array<std::uint8_t, kCountDataLength> data{};
  const auto day = day_bytes(answer.day);
  std::copy(day.begin(), day.end(), data.begin());
  put_u16_le(&data[3], answer.count);
  return tilde::encode_frame(kCmdCountAnswer, data);
}

std::vector<std::uint8_t> encode_record(const Record& r) {
  std::array<std::uint8_t, kRecordDataLength> data{};
  put_u16_le(&data[0], r.day_count);
  put_u16_le(&data[2], r.index);
  put_u16_le(&data[4], r.sample_number);
  std::copy(r.name.begin(), r.name.end(), data.begin() + 6);
  const auto time = to_binary6(r.measured_at);
  std::copy(time.begin(), time.end(), data.begin() + 12);
  put_u16_le(&data[18], r.inhibition_x100);
  return tilde::encode_frame(kCmdRecord, data);
}

Parsed parse_frame(const RawFrame& frame) {
  const tilde::FrameView v = tilde::view(frame.bytes);
  switch (v.cmd) {
    case kCmdCommTest:
    case kCmdSendDay:
    case kCmdCountDay: return HostRequest{v.cmd};
    case kCmdCommAnswer: return CommAnswer{std::vector<std::uint8_t>(v.data.begin(), v.data.end())};
    case kCmdCountAnswer:
      if (v.data.size() != kCountDataLength) {
        return DecodeError{Errc::bad_length, "LZ4000T count answer DATA is not 5 bytes", frame.offset};
      }
      return CountAnswer{day_from(v.data), u16_le(v.data, 3)};
    case kCmdRecord: {
      if (v.data.size() != kRecordDataLength) {
        return DecodeError{Errc::bad_length, "LZ4000T record DATA is not 20 bytes", frame.offset};
      }
      Record r;
      r.day_count = u16_le(v.data, 0);
      r.index = u16_le(v.data, 2);
      r.sample_number = u16_le(v.data, 4);
      std::copy_n(v.data.begin() + 6, kNameLength, r.name.begin());
      r.measured_at = device_time_from_binary6(v.data.subspan<12, 6>());
      r.inhibition_x100 = u16_le(v.data, 18);
      return r;
    }
    default: break;
  }
  char text[64];
  std::snprintf(text, sizeof text, "unknown LZ4000T command 0x%02X", v.cmd);
  return DecodeError{Errc::bad_layout, text, frame.offset};
}

}  // namespace kj::protocols::lz4000t
