#include "protocols/tianyang/tyz24_group.hpp"

#include <algorithm>

#include "protocols/decoder.hpp"
#include "protocols/text/gbk.hpp"
#include "protocols/tianyang/wire_float.hpp"

namespace kj::protocols::tianyang {
namespace {

// Group field offsets.
constexpr std::size_t kRecordNumber = 0;  // u32, then one byte of padding
constexpr std::size_t kDateText = 5;
constexpr std::size_t kTester = 16;
constexpr std::size_t kPresentHigh = 27;
constexpr std::size_t kPresentLow = 28;
constexpr std::size_t kFirstRecord = 29;
// Record field offsets.
constexpr std::size_t kChannel = 0;
constexpr std::size_t kTestNumber = 1;
constexpr std::size_t kSampleName = 3;
constexpr std::size_t kSource = 18;
constexpr std::size_t kSourceRemark = 25;
constexpr std::size_t kAbsorbance = 46;
constexpr std::size_t kDeltaA = 50;
constexpr std::size_t kResult = 54;
constexpr std::size_t kVerdict = 58;

std::span<const std::uint8_t> record_bytes(std::span<const std::uint8_t> group, std::size_t k) {
  return group.subspan(kFirstRecord + k * kTyz24RecordSize, kTyz24RecordSize);
}

float float_at(std::span<const std::uint8_t> bytes, std::size_t at) {
  return read_float32_be(bytes.subspan(at).first<4>());
}

bool is_present(std::span<const std::uint8_t> group, std::size_t k) {
  return ((group[kPresentLow] >> k) & 1U) != 0;
}

// A date text: 6 or more bytes starting with a digit ("18-3-5" is the shortest date that
// fits), then printable ASCII or GBK double-byte characters up to the NUL. The byte-structure
// check stands in for a full GBK conversion, which is too slow to run at every position a
// decoder hunts through; the decoder converts the texts of accepted groups properly.
bool is_date_text(std::span<const std::uint8_t> field) {
  const auto text = until_nul(field);
  if (text.size() < 6 || text[0] < '0' || text[0] > '9') return false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const std::uint8_t b = text[i];
    if (b >= 0x20 && b < 0x7F) continue;
    if (b < 0x81 || b == 0xFF || i + 1 >= text.size()) return false;
    const std::uint8_t trail = text[++i];
    if (trail < 0x40 || trail == 0x7F || trail == 0xFF) return false;
  }
  return true;
}

// Writes `text` as GBK into the `size`-byte field at out[at] (already zero-filled).
kj::Status put_text(std::vector<std::uint8_t>& out, std::size_t at, std::size_t size,
                    const std::optional<std::string>& text, const char* field) {
  if (!text) return {};
  const std::optional<std::string> gbk = utf8_to_gbk(*text);
  if (!gbk) {
    return kj::make_error(make_error_code(Errc::bad_encoding),
                          std::string("TYZ24 ") + field + " has a character GB2312/GBK cannot hold",
                          std::string("TYZ24 字段 ") + field + " 含有 GB2312/GBK 无法表示的字符");
  }
  if (gbk->size() > size) {
    return kj::make_error(make_error_code(Errc::bad_length),
                          std::string("TYZ24 ") + field + " is longer than its " + std::to_string(size) + "-byte field",
                          std::string("TYZ24 字段 ") + field + " 超过 " + std::to_string(size) + " 字节");
  }
  std::copy(gbk->begin(), gbk->end(), out.begin() + static_cast<std::ptrdiff_t>(at));
  return {};
}

void put_u16(std::vector<std::uint8_t>& out, std::size_t at, std::uint16_t value) {
  out[at] = static_cast<std::uint8_t>(value >> 8);
  out[at + 1] = static_cast<std::uint8_t>(value);
}

void put_float(std::vector<std::uint8_t>& out, std::size_t at, float value) {
  const auto bytes = float32_be(value);
  std::copy(bytes.begin(), bytes.end(), out.begin() + static_cast<std::ptrdiff_t>(at));
}

}  // namespace

std::optional<int> tyz24_channel(std::uint8_t code) {
  const int row = code >> 4;
  const int column = code & 0x0F;
  if (row < 2 || row > 4 || column < 1 || column > 8) return std::nullopt;
  return (row - 2) * 8 + column;
}

std::optional<std::uint8_t> tyz24_channel_code(int channel) {
  if (channel < 1 || channel > 24) return std::nullopt;
  return static_cast<std::uint8_t>((((channel - 1) / 8 + 2) << 4) | ((channel - 1) % 8 + 1));
}

std::string tyz24_channel_label(std::uint8_t code) {
  if (!tyz24_channel(code)) return "code " + std::to_string(code);
  return std::string(1, static_cast<char>('A' + (code >> 4) - 2)) + std::to_string(code & 0x0F);
}

GroupCheck check_tyz24_group(std::span<const std::uint8_t> bytes) {
  if (bytes.size() < kDateText + kTyz24DateTextSize) return GroupCheck::need_more();
  if (!is_date_text(bytes.subspan(kDateText, kTyz24DateTextSize))) {
    return GroupCheck::implausible("no TYZ24 group here: no date text at bytes 5-15");
  }
  if (bytes.size() <= kPresentLow) return GroupCheck::need_more();
  if (bytes[kPresentHigh] != 0) return GroupCheck::implausible("no TYZ24 group here: presence mask above 8 records");
  if (bytes[kPresentLow] == 0) return GroupCheck::implausible("no TYZ24 group here: no record present");
  for (std::size_t k = 0; k < kTyz24RecordCount; ++k) {
    if (bytes.size() < kFirstRecord + (k + 1) * kTyz24RecordSize) return GroupCheck::need_more();
    if (!is_present(bytes, k)) continue;
    const auto record = record_bytes(bytes, k);
    if (!tyz24_channel(record[kChannel])) {
      return GroupCheck::implausible("no TYZ24 group here: a present record has an unknown channel code");
    }
    for (const std::size_t at : {kAbsorbance, kDeltaA, kResult}) {
      if (!is_plausible_reading(float_at(record, at))) {
        return GroupCheck::implausible("no TYZ24 group here: a present record holds no plausible number");
      }
    }
  }
  return GroupCheck::plausible();
}

Tyz24Group parse_tyz24_group(std::span<const std::uint8_t, kTyz24GroupSize> bytes) {
  Tyz24Group group;
  group.record_number = (std::uint32_t{bytes[kRecordNumber]} << 24) | (std::uint32_t{bytes[kRecordNumber + 1]} << 16) |
                        (std::uint32_t{bytes[kRecordNumber + 2]} << 8) | std::uint32_t{bytes[kRecordNumber + 3]};
  group.date_text = gbk_to_utf8(bytes.subspan(kDateText, kTyz24DateTextSize));
  group.tester = gbk_to_utf8(bytes.subspan(kTester, kTyz24TesterSize));
  for (std::size_t k = 0; k < kTyz24RecordCount; ++k) {
    if (!is_present(bytes, k)) continue;
    const auto r = record_bytes(bytes, k);
    Tyz24Record record;
    record.channel_code = r[kChannel];
    record.test_number = static_cast<std::uint16_t>((r[kTestNumber] << 8) | r[kTestNumber + 1]);
    record.sample_name = gbk_to_utf8(r.subspan(kSampleName, kTyz24SampleNameSize));
    record.source = gbk_to_utf8(r.subspan(kSource, kTyz24SourceSize));
    record.source_remark = gbk_to_utf8(r.subspan(kSourceRemark, kTyz24SourceRemarkSize));
    record.absorbance = float_at(r, kAbsorbance);
    record.delta_a = float_at(r, kDeltaA);
    record.result = float_at(r, kResult);
    record.verdict = r[kVerdict];
    group.records[k] = std::move(record);
  }
  return group;
}

kj::Result<std::vector<std::uint8_t>> encode_tyz24_group(const Tyz24Group& group) {
  std::vector<std::uint8_t> out(kTyz24GroupSize, 0);
  for (int i = 0; i < 4; ++i)
    out[kRecordNumber + static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(group.record_number >> (24 - 8 * i));
  if (auto s = put_text(out, kDateText, kTyz24DateTextSize, group.date_text, "date"); !s) return s.error();
  if (auto s = put_text(out, kTester, kTyz24TesterSize, group.tester, "tester"); !s) return s.error();
  out[kPresentHigh] = 0;
  for (std::size_t k = 0; k < kTyz24RecordCount; ++k) {
    if (!group.records[k]) continue;
    const Tyz24Record& record = *group.records[k];
    out[kPresentLow] = static_cast<std::uint8_t>(out[kPresentLow] | (1U << k));
    const std::size_t base = kFirstRecord + k * kTyz24RecordSize;
    out[base + kChannel] = record.channel_code;
    put_u16(out, base + kTestNumber, record.test_number);
    if (auto s = put_text(out, base + kSampleName, kTyz24SampleNameSize, record.sample_name, "sample name"); !s) {
      return s.error();
    }
    if (auto s = put_text(out, base + kSource, kTyz24SourceSize, record.source, "source"); !s) return s.error();
    if (auto s = put_text(out, base + kSourceRemark, kTyz24SourceRemarkSize, record.source_remark, "source remark");
        !s) {
      return s.error();
    }
    put_float(out, base + kAbsorbance, record.absorbance);
    put_float(out, base + kDeltaA, record.delta_a);
    put_float(out, base + kResult, record.result);
    out[base + kVerdict] = record.verdict;
  }
  return out;
}

}  // namespace kj::protocols::tianyang
