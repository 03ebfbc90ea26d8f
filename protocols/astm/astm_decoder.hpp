// `astm` for `kuaijian decode` and the drivers' capture replay: a passive decoder of what an
// instrument sent over ASTM E1381/E1394 (ENQ, frames, EOT; the host's ACK/NAK may be in the
// capture too and are skipped). It answers nothing; it is the LinkReceiver in passive mode
// feeding the ObservationMapper.
//
// A rejected frame (bad checksum, bad layout, oversize) is one DecodeError; the sender
// retransmits it with the same frame number, and a good retransmission continues the message
// as if nothing happened. A message whose frames were not all accepted (EOT, ENQ or end of input
// before its end frame; a gap in the frame numbers) is one DecodeError and yields nothing, and
// the records after it in the same transfer are ignored until the next H record, so no
// observation is ever built from a partial message or filed under the wrong sample.
//
// Text is taken as UTF-8 and passed through as bytes (hex escapes included); the JSON output
// replaces invalid bytes. GBK is not supported here: its trail bytes can equal `|`, `\` or `^`,
// so it would have to be decoded before records are split.
//
// Options: max_frame_bytes (default 65536, 16…16777216), sample_id_component (default 0 =
// first non-empty component of O-3/O-4; 1…32 picks one).
#pragma once

#include <memory>

#include "protocols/decoder.hpp"
#include "protocols/result.hpp"

namespace kj::protocols {

kj::Result<std::unique_ptr<Decoder>> make_astm_decoder(const CodecOptions& options);

}  // namespace kj::protocols
