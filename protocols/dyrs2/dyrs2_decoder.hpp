// `kuaijian decode --protocol dyrs2`: DYRS2 meat-moisture answers to observations (item
// "moisture", value = moisture %, sample_name = species). Version answers, 'E' frames and host
// requests yield nothing.
//
// Decisions (instruments.md §7 leaves them open):
// - a 3rd-generation record is reported at its 'D' frame, not held until the 'E' frame: the
//   'E' adds nothing, and a list cut short still delivers what arrived;
// - measured_at: 3rd generation `YYYY-MM-DDTHH:MM:SS` when the 6 trailing characters read as a
//   valid hhmmss (inferred meaning), else the date alone; 2nd generation sends the date alone;
//   an impossible date is a bad_layout error for that record;
// - a species code outside 1–5 leaves sample_name out;
// - a corrupt 2nd-generation record is one bad_layout error at its own offset; the other
//   records of the frame are still reported.
#pragma once

#include <deque>
#include <memory>

#include "protocols/decoder.hpp"
#include "protocols/dyrs2/dyrs2_messages.hpp"
#include "protocols/framed_decoder.hpp"
#include "protocols/result.hpp"

namespace kj::protocols {

// No options: any key is a bad_option error.
kj::Result<std::unique_ptr<Decoder>> make_dyrs2_decoder(const CodecOptions& options);

namespace dyrs2 {

class Dyrs2Decoder final : public FramedDecoder {
 public:
  Dyrs2Decoder();

 private:
  void interpret(const RawFrame& frame, std::deque<DecodeEvent>& out) override;
};

}  // namespace dyrs2
}  // namespace kj::protocols
