#include "protocols/hl7/header.hpp"

namespace kj::protocols::hl7 {

MessageHeader read_header(const Message& message) {
  const auto& d = message.delimiters();
  const auto& msh = message.msh();
  // First repetition, first component, escapes decoded.
  const auto first = [&](std::size_t n, std::size_t component = 1) {
    return unescape(first_component(message.field(msh, n), d, component), d);
  };
  MessageHeader header;
  header.delimiters = d;
  header.sending_application = first(3);
  header.sending_facility = first(4);
  header.receiving_application = first(5);
  header.receiving_facility = first(6);
  header.message_code = first(9, 1);
  header.trigger_event = first(9, 2);
  header.control_id = first(10);
  header.processing_id = first(11);
  header.version = first(12);
  header.accept_ack_type = first(15);
  header.application_ack_type = first(16);
  header.charset = std::string(piece(message.field(msh, 18), d.repetition, 1));
  return header;
}

}  // namespace kj::protocols::hl7
