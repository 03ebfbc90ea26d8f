// `hl7` for `kuaijian decode` and capture replay: a passive decoder of HL7 v2 messages in MLLP
// blocks (what an analyzer or middleware sent). It answers nothing: the drivers use
// MllpFramer + MessageReader (message_reader.hpp) and send the ACK themselves.
//
// Each OBX of an ORU^R01 is one observation (oru_reader.hpp says which field goes where), with
// raw = the whole MLLP block, envelope included (0x0B … 0x1C 0x0D), and offset = its 0x0B, so
// `raw` replayed through this decoder gives the same observations. Framing errors are as
// mllp.hpp describes. A message that is not ORU^R01 (ACK, QRY, ADT…) yields nothing and no
// error; a message without a usable MSH is a `bad_layout` error; text not valid in MSH-18's
// character set (or a set we cannot read) is a `bad_encoding` error, and none of that message's
// observations are given.
//
// Options: max_message_bytes (default 1048576, 64…268435456): the longest HL7 message accepted.
#pragma once

#include <memory>

#include "protocols/decoder.hpp"
#include "protocols/result.hpp"

namespace kj::protocols {

kj::Result<std::unique_ptr<Decoder>> make_hl7_decoder(const CodecOptions& options);

}  // namespace kj::protocols
