// `kuaijian decode --protocol ty16`: what a Tianyang keypad analyzer (TTNJ-8/16, instruments.md
// §3) sent, to observations. A capture holds the model answer (`1B nn`, maybe after `1B CF`),
// `1B C1` + the first 73-byte group, further groups and `1B FE`; host requests in it (`1B BF`,
// `1B B1`, `24`, `1B FF`, `1B B9`, `1B BA/BB/BC`) and the cancel notice `B1 FF` are skipped.
//
// Decisions (the spec leaves them open):
// - No checksum exists, so units are found by structure (FrameHunter): a group must carry a
//   real calendar time and slots that are empty or hold plausible float32 values; anything
//   else is garbage, reported once per run.
// - `24` is ambiguous: the host's "next group", or a group whose second is 36. Once host bytes
//   have been seen, a `24` right after a group is the request; otherwise a `24` is a group when
//   a plausible group starts at it, else the request when a unit follows it, else garbage.
// - `1B nn` with a known model code is the model answer outside a download; inside one it is a
//   group whose second is 27 unless no plausible group starts there.
// - A slot is present when its 8 bytes are not all zero; all 8 slots are decoded. The channel
//   mask (info byte 7) is only a cross-check: a mismatch is a `bad_layout` DecodeError marked
//   as a warning, and the group's observations still follow it. Option mask_bit_order =
//   lsb (default: bit k ↔ channel k+1) | msb (bit 7−k ↔ channel k+1) | none (no check, for
//   models whose bytes 7–8 are a record counter).
// - channel = slot + 1. value = the float result rounded half away from zero to 2 decimals
//   (the vendor driver rounds to 2 decimals). readings.a3 = the absorbance, as the shortest
//   decimal that reads back as the sent float32. The device sends one absorbance per channel
//   and the wire does not say when it was read; a3 (end of reaction) is our reading of it.
//   The device gives no verdict (the driver judged < 50 % itself), so there is none.
// - The wire does not name the test item. Guessing from the value (a 0–100 number "looks like"
//   an inhibition rate) would file the same item under two codes, so the item is configured:
//   option item = pesticide (default: item_code "pesticide", item_name 农药残留, unit "%") |
//   sample-type (multi-function models: item_code "type-<n>" from info byte 5, no unit, since
//   the result may be a % or a mg/kg).
// - measured_at = the group's clock, 20YY-MM-DDTHH:MM:SS. device = {Tianyang, model} once a
//   model answer was seen in the stream.
#pragma once

#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <span>

#include "protocols/decoder.hpp"
#include "protocols/framed_decoder.hpp"
#include "protocols/result.hpp"
#include "protocols/tianyang/ty16_group.hpp"

namespace kj::protocols {

// Options: mask_bit_order = lsb | msb | none; item = pesticide | sample-type.
kj::Result<std::unique_ptr<Decoder>> make_ty16_decoder(const CodecOptions& options);

namespace tianyang {

enum class Ty16Item { pesticide, sample_type };

struct Ty16Options {
  std::optional<MaskBitOrder> mask_bit_order = MaskBitOrder::lsb;  // nothing: no cross-check
  Ty16Item item = Ty16Item::pesticide;
};

// The model a `1B nn` answer names, or nothing for a code no vendor document lists.
std::optional<std::string_view> ty16_model_name(std::uint8_t code);

class Ty16Decoder final : public FramedDecoder {
 public:
  explicit Ty16Decoder(Ty16Options options);
  // The framing rule calls back into this object, so a copy would probe with the original.
  Ty16Decoder(const Ty16Decoder&) = delete;
  Ty16Decoder& operator=(const Ty16Decoder&) = delete;

 private:
  // The unit at bytes[0]; `nested`: looking past a `24`, where another `24` is only a group.
  [[nodiscard]] Probe probe(std::span<const std::uint8_t> bytes, bool nested) const;
  void interpret(const RawFrame& frame, std::deque<DecodeEvent>& out) override;
  void report(const RawFrame& frame, std::span<const std::uint8_t, kTy16GroupSize> group,
              std::deque<DecodeEvent>& out) const;

  Ty16Options options_;
  std::optional<DeviceIdentity> device_;
  bool downloading_ = false;       // between a group and the end of data
  bool host_seen_ = false;         // the capture holds host requests too
  bool awaiting_request_ = false;  // host bytes seen and a group just ended: `24` is the request
};

}  // namespace tianyang
}  // namespace kj::protocols
