// `kuaijian decode --protocol tyz24`: what a Tianyang smart analyzer (TTNJ-Z16/Z24,
// instruments.md §4) sent, to observations. A capture holds the link answer `1B 05`, the
// "download started" marker `1B C1`, 501-byte groups (framed by count) and `1B FE`; host
// requests in it (`1B BF`, `1B B1`, `24`, `1B FF`, `1B B9`, `1B BA/BB/BC`) are skipped.
//
// Decisions (the spec leaves them open):
// - A group is recognised by structure (no checksum, see check_tyz24_group): a date text of 6+
//   bytes starting with a digit, a presence mask (byte 28, bit k ↔ record k) naming at least
//   one record and a zero high byte (8 records need 8 bits), and for every present record a
//   known channel code and plausible floats. A group's
//   record number would have to reach 0x1B000000 to start with 1B or 24, so at a unit
//   boundary those bytes are link traffic (a 24 only when a unit follows it).
// - One observation per present record. channel: A1…A8 → 1…8, B1…B8 → 9…16, C1…C8 → 17…24
//   (numbers, as every other codec gives; the label is recoverable from the number).
// - value = result fraction × 100, rounded half away from zero to 2 decimals, unit "%" (the
//   driver truncates to a whole %; we keep what the device measured). readings.a3 = the
//   absorbance, readings.delta_a = ΔA, each the shortest decimal of its float32. verdict:
//   01 negative (合格), 02 positive (超标), anything else invalid (无效). item_code "pesticide",
//   item_name 农药残留: the series measures enzyme inhibition only.
// - sample_name = the GB2312 name as sent (the driver strips digits; we do not), cut at NUL,
//   trailing spaces removed; left out when empty. A name that is not valid GBK is left out and
//   reported as a `bad_encoding` warning before that record's observation.
// - measured_at = the date text as an ISO date (`YYYY-MM-DD`; the group carries no time of
//   day) when it reads as yyyy-m-d with '-', '/' or '.' separators, or yyyymmdd; else absent.
// - The instrument test number, source, source remark and tester have no observation field;
//   they stay in `raw`.
#pragma once

#include <deque>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "protocols/decoder.hpp"
#include "protocols/framed_decoder.hpp"
#include "protocols/result.hpp"
#include "protocols/tianyang/tyz24_group.hpp"

namespace kj::protocols {

// No options: any key is a bad_option error.
kj::Result<std::unique_ptr<Decoder>> make_tyz24_decoder(const CodecOptions& options);

namespace tianyang {

inline constexpr std::uint8_t kTyz24ModelCode = 0x05;  // the device's answer to 1B BF is 1B 05

// "2018-03-15", "2018/3/5", "2018.03.15" or "20180315" → "2018-03-15"; nothing otherwise.
std::optional<std::string> tyz24_date_iso(std::string_view text);

class Tyz24Decoder final : public FramedDecoder {
 public:
  Tyz24Decoder();

 private:
  // The unit at bytes[0]; `nested`: looking past a `24`, to see that a unit follows it.
  static Probe probe(std::span<const std::uint8_t> bytes, bool nested);
  void interpret(const RawFrame& frame, std::deque<DecodeEvent>& out) override;
};

}  // namespace tianyang
}  // namespace kj::protocols
