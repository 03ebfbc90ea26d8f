// `kuaijian decode --protocol tl310`: TL310 device replies to observations. Comm-test answers
// and host requests in the capture yield nothing; empty slots (test number 0) and N/A values
// are counted, not reported (instruments.md §1).
#pragma once

#include <cstddef>
#include <memory>
#include <optional>

#include "protocols/decoder.hpp"
#include "protocols/framed_decoder.hpp"
#include "protocols/result.hpp"
#include "protocols/tl310/tl310_messages.hpp"

namespace kj::protocols {

// No options: any key is a bad_option error.
kj::Result<std::unique_ptr<Decoder>> make_tl310_decoder(const CodecOptions& options);

namespace tl310 {

// The observation a record stands for (item "pesticide", value = inhibition %), a DecodeError
// for an impossible clock reading, or nothing for an empty slot or an N/A value.
std::optional<DecodeEvent> to_event(const Record& record, const RawFrame& frame);

class Tl310Decoder final : public FramedDecoder {
 public:
  Tl310Decoder();
  // Records received but not reported (empty slots, N/A): a driver's "reported + skipped = total".
  [[nodiscard]] std::size_t skipped_records() const { return skipped_; }

 private:
  void interpret(const RawFrame& frame, std::deque<DecodeEvent>& out) override;
  std::size_t skipped_ = 0;
};

}  // namespace tl310
}  // namespace kj::protocols
