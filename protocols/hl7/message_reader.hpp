// What a receiver makes of one MLLP block: the sender's header, the observations (or why the
// message was rejected), and the acknowledgement the message calls for. This is the API the
// drivers use; the `hl7` capture decoder is the same steps without the ACK:
//
//   MllpFramer framer;  MessageReader reader;
//   framer.feed(bytes);
//   while (auto event = framer.next()) {
//     if (auto* block = std::get_if<MllpBlock>(&*event)) {
//       Receipt receipt = reader.read(*block);
//       hand_on(receipt.observations, receipt.error);   // stored or queued first…
//       if (receipt.ack)                                 // …then acknowledged, so an AA never
//         send(mllp_encode(build_ack(receipt.header.value_or(MessageHeader{}), *receipt.ack,
//                                    {app, facility, new_control_id(), format_dtm(now, offset)})));
//     }                                                  // covers results that were lost
//   }
//
// Which answer: ORU^R01 read → AA (even with no OBX); ORU^R01 whose text is not valid in its
// character set, or an unsupported MSH-18 → AE 102; no MSH, or unusable encoding characters →
// AR 100 / 102 (MSA-2 empty when the control id could not be read); another trigger of ORU →
// AR 201; any other message type (QRY, ADT…) → AR 200; an ACK → no answer (acknowledging an
// acknowledgement would loop). Enhanced mode: send commit_code(ack.code) first if the driver
// implements it (MessageHeader::enhanced_mode()).
#pragma once

#include <optional>
#include <vector>

#include "protocols/decoder.hpp"
#include "protocols/hl7/ack.hpp"
#include "protocols/hl7/header.hpp"
#include "protocols/hl7/message.hpp"
#include "protocols/hl7/mllp.hpp"
#include "protocols/observation.hpp"

namespace kj::protocols::hl7 {

struct Receipt {
  std::optional<MessageHeader> header;    // nothing when no MSH could be read
  std::vector<Observation> observations;  // one per OBX of an ORU^R01; raw = the whole block
  std::optional<DecodeError> error;       // why the message was rejected (no observations then)
  std::optional<Acknowledgement> ack;     // what to answer; nothing for an ACK
};

class MessageReader {
 public:
  Receipt read(const MllpBlock& block);

 private:
  Message message_;  // reused, so reading allocates only what it hands out
};

}  // namespace kj::protocols::hl7
