#include "protocols/tl310/tl310_messages.hpp"

#include <algorithm>
#include <array>
#include <cstdio>
#include <string>

#include "protocols/tilde_frame/tilde_frame.hpp"

namespace kj::protocols::tl310 {
namespace {

// Every request's DATA starts with FF; its meaning is unknown (broadcast address?), sent as is.
constexpr std::uint8_t kRequestLead = 0xFF;

std::vector<std::uint8_t> encode_read(std::uint8_t b1, std::uint8_t b2, std::uint8_t b3) {
  const std::array<std::uint8_t, 4> data{kRequestLead, b1, b2, b3};
  return tilde::encode_frame(kCmdRead, data);
}

std::uint16_t u16_le(std::span<const std::uint8_t> data, std::size_t at) {
  return static_cast<std::uint16_t>(data[at] | (data[at + 1] << 8));
}

DecodeError layout_error(const RawFrame& frame, Errc code, std::string message) {
  return DecodeError{code, std::move(message), frame.offset};
}

}  // namespace

std::optional<std::string_view> standard_name(std::uint8_t code) {
  if (code == 0x00) return "GB/T 5009.199-2003";
  if (code == 0x01) return "NY/T 448-2001";
  return std::nullopt;
}

bool is_reportable(const Record& record) {
  return record.test_number != 0 && record.inhibition_x10 != kNotAvailable && record.inhibition_x10 <= kLargestValue;
}

std::vector<std::uint8_t> encode_comm_test() {
  const std::array<std::uint8_t, 1> data{kRequestLead};
  return tilde::encode_frame(kCmdCommTest, data);
}

std::vector<std::uint8_t> encode_read_last() {
  return encode_read(0x00, 0x00, 0x00);
}
std::vector<std::uint8_t> encode_read_all() {
  return encode_read(0xFF, 0xFF, 0xFF);
}

std::vector<std::uint8_t> encode_read_date(const DeviceTime& day) {
  return encode_read(static_cast<std::uint8_t>(day.year - 2000), static_cast<std::uint8_t>(day.month),
                     static_cast<std::uint8_t>(day.day));
}

std::vector<std::uint8_t> encode_comm_answer(const CommAnswer& answer) {
  // `02 10` before the version is what the device sends; its meaning is unknown.
  const std::array<std::uint8_t, 4> data{kRequestLead, 0x02, 0x10, answer.version};
  return tilde::encode_frame(kCmdCommAnswer, data);
}

std::vector<std::uint8_t> encode_record(const Record& r) {
  std::array<std::uint8_t, kRecordDataLength> data{};
  data[0] = kRequestLead;
  data[1] = static_cast<std::uint8_t>(r.total & 0xFF);
  data[2] = static_cast<std::uint8_t>(r.total >> 8);
  data[3] = static_cast<std::uint8_t>(r.index & 0xFF);
  data[4] = static_cast<std::uint8_t>(r.index >> 8);
  data[5] = r.channel;
  data[6] = r.standard;
  const auto time = to_binary6(r.measured_at);
  std::copy(time.begin(), time.end(), data.begin() + 7);
  data[13] = static_cast<std::uint8_t>(r.test_number >> 8);
  data[14] = static_cast<std::uint8_t>(r.test_number & 0xFF);
  data[15] = static_cast<std::uint8_t>(r.absorbance & 0xFF);
  data[16] = static_cast<std::uint8_t>(r.absorbance >> 8);
  data[17] = static_cast<std::uint8_t>(r.inhibition_x10 & 0xFF);
  data[18] = static_cast<std::uint8_t>(r.inhibition_x10 >> 8);
  data[19] = r.verdict;
  data[20] = r.spare;
  return tilde::encode_frame(kCmdRecord, data);
}

Parsed parse_frame(const RawFrame& frame) {
  const tilde::FrameView v = tilde::view(frame.bytes);
  switch (v.cmd) {
    case kCmdCommTest:
    case kCmdRead: return HostRequest{v.cmd};
    case kCmdCommAnswer:
      if (v.data.size() < 4)
        return layout_error(frame, Errc::bad_length, "TL310 comm-test answer shorter than 4 bytes");
      return CommAnswer{v.data[3]};
    case kCmdRecord: {
      if (v.data.size() != kRecordDataLength) {
        return layout_error(frame, Errc::bad_length, "TL310 record DATA is not 21 bytes");
      }
      Record r;
      r.total = u16_le(v.data, 1);
      r.index = u16_le(v.data, 3);
      r.channel = v.data[5];
      r.standard = v.data[6];
      r.measured_at = device_time_from_binary6(v.data.subspan<7, 6>());
      // The only driver that reads the test number reads it big-endian; the spec keeps that.
      r.test_number = static_cast<std::uint16_t>((v.data[13] << 8) | v.data[14]);
      r.absorbance = u16_le(v.data, 15);
      r.inhibition_x10 = u16_le(v.data, 17);
      r.verdict = v.data[19];
      r.spare = v.data[20];
      return r;
    }
    default: break;
  }
  char text[64];
  std::snprintf(text, sizeof text, "unknown TL310 command 0x%02X", v.cmd);
  return layout_error(frame, Errc::bad_layout, text);
}

}  // namespace kj::protocols::tl310
