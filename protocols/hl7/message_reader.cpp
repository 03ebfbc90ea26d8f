#include "protocols/hl7/message_reader.hpp"

#include "protocols/hl7/oru_reader.hpp"

namespace kj::protocols::hl7 {

Receipt MessageReader::read(const MllpBlock& block) {
  Receipt receipt;
  if (const auto parsed = message_.parse(block.text()); !parsed) {
    receipt.error = DecodeError{Errc::bad_layout, parsed.error().detail.en, block.offset};
    // parse() skips leading line ends; a text that still starts MSH failed on its delimiters.
    const auto condition =
        message_.text().starts_with("MSH") ? ErrorCondition::data_type : ErrorCondition::segment_sequence;
    receipt.ack = Acknowledgement{AckCode::AR, condition, parsed.error().detail.en};
    return receipt;
  }
  receipt.header = read_header(message_);
  const MessageHeader& header = *receipt.header;
  if (header.message_code == "ACK") return receipt;
  if (!is_oru_r01(message_)) {
    const bool oru = header.message_code == "ORU";
    receipt.ack = Acknowledgement{
        AckCode::AR, oru ? ErrorCondition::unsupported_event_code : ErrorCondition::unsupported_message_type,
        "message type " + header.message_code + "^" + header.trigger_event + " is not accepted"};
    return receipt;
  }
  if (const auto read = read_observations(message_, block.bytes, block.offset, receipt.observations); !read) {
    receipt.error =
        DecodeError{read.error().code == make_error_code(Errc::bad_encoding) ? Errc::bad_encoding : Errc::bad_layout,
                    read.error().detail.en, block.offset};
    receipt.ack = Acknowledgement{AckCode::AE, ErrorCondition::data_type, read.error().detail.en};
    return receipt;
  }
  receipt.ack = Acknowledgement{AckCode::AA, std::nullopt, ""};
  return receipt;
}

}  // namespace kj::protocols::hl7
