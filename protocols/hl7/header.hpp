// The MSH fields a receiver needs to route a message and to acknowledge it.
#pragma once

#include <string>

#include "protocols/hl7/encoding_characters.hpp"
#include "protocols/hl7/message.hpp"

namespace kj::protocols::hl7 {

// Escapes are decoded; the bytes stay in the message's character set (MSH-18), so an ACK can
// echo them to the sender unchanged. Multi-part fields keep their first component.
struct MessageHeader {
  Delimiters delimiters;
  std::string sending_application;    // MSH-3
  std::string sending_facility;       // MSH-4
  std::string receiving_application;  // MSH-5
  std::string receiving_facility;     // MSH-6
  std::string message_code;           // MSH-9.1, e.g. ORU
  std::string trigger_event;          // MSH-9.2, e.g. R01
  std::string control_id;             // MSH-10
  std::string processing_id;          // MSH-11: P production, T training, D debugging
  std::string version;                // MSH-12, e.g. 2.5
  std::string accept_ack_type;        // MSH-15: set only in enhanced acknowledgement mode
  std::string application_ack_type;   // MSH-16
  std::string charset;                // MSH-18, first repetition, as sent

  // True in enhanced acknowledgement mode (MSH-15 or MSH-16 sent), where a commit ACK
  // (CA/CE/CR) is expected before any application ACK.
  [[nodiscard]] bool enhanced_mode() const { return !accept_ack_type.empty() || !application_ack_type.empty(); }
};

MessageHeader read_header(const Message& message);

}  // namespace kj::protocols::hl7
