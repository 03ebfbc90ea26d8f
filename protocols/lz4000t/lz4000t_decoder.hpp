// `kuaijian decode --protocol lz4000t`: LZ4000/LZ4000T device replies to observations.
// Comm-test and count answers and host requests yield nothing (instruments.md §2).
#pragma once

#include <deque>
#include <memory>

#include "protocols/decoder.hpp"
#include "protocols/framed_decoder.hpp"
#include "protocols/lz4000t/lz4000t_messages.hpp"
#include "protocols/result.hpp"

namespace kj::protocols {

// No options: any key is a bad_option error.
kj::Result<std::unique_ptr<Decoder>> make_lz4000t_decoder(const CodecOptions& options);

namespace lz4000t {

// What a record frame yields, appended to `out`: its observation (item "pesticide", value =
// inhibition %, sample_id = 4-digit sample number). A name that is not valid GBK costs the
// name, not the result: a bad_encoding error, then the observation without sample_name.
// An impossible clock reading: a bad_layout error and no observation.
void append_events(const Record& record, const RawFrame& frame, std::deque<DecodeEvent>& out);

class Lz4000tDecoder final : public FramedDecoder {
 public:
  Lz4000tDecoder();

 private:
  void interpret(const RawFrame& frame, std::deque<DecodeEvent>& out) override;
};

}  // namespace lz4000t
}  // namespace kj::protocols
