#include "protocols/hl7/ack.hpp"

namespace kj::protocols::hl7 {

std::string_view to_string(AckCode code) {
  switch (code) {
    case AckCode::AA: return "AA";
    case AckCode::AE: return "AE";
    case AckCode::AR: return "AR";
    case AckCode::CA: return "CA";
    case AckCode::CE: return "CE";
    case AckCode::CR: return "CR";
  }
  return "AR";
}

AckCode commit_code(AckCode code) {
  switch (code) {
    case AckCode::AA: return AckCode::CA;
    case AckCode::AE: return AckCode::CE;
    case AckCode::AR: return AckCode::CR;
    default: return code;
  }
}

std::string_view to_string(ErrorCondition condition) {
  switch (condition) {
    case ErrorCondition::segment_sequence: return "Segment sequence error";
    case ErrorCondition::required_field_missing: return "Required field missing";
    case ErrorCondition::data_type: return "Data type error";
    case ErrorCondition::table_value_not_found: return "Table value not found";
    case ErrorCondition::unsupported_message_type: return "Unsupported message type";
    case ErrorCondition::unsupported_event_code: return "Unsupported event code";
    case ErrorCondition::unsupported_processing_id: return "Unsupported processing id";
    case ErrorCondition::unsupported_version: return "Unsupported version id";
    case ErrorCondition::application_internal: return "Application internal error";
  }
  return "Application internal error";
}

std::string build_ack(const MessageHeader& original, const Acknowledgement& ack, const AckHeader& header) {
  const Delimiters d;
  std::string out;
  out.reserve(256);
  const auto field = [&](std::string_view value) {
    out += d.field;
    append_escaped(value, d, out);
  };
  out += "MSH|^~\\&";
  field(header.application);
  field(header.facility);
  field(original.sending_application);
  field(original.sending_facility);
  field(header.timestamp);
  field("");
  out += "|ACK";
  if (!original.trigger_event.empty()) {
    out += '^';
    append_escaped(original.trigger_event, d, out);
    out += "^ACK";
  }
  field(header.control_id);
  field(original.processing_id.empty() ? "P" : original.processing_id);
  field(original.version.empty() ? "2.5" : original.version);
  if (!original.charset.empty()) {
    out += "|||||";  // MSH-13 … MSH-17
    field(original.charset);
  }
  out += '\r';

  out += "MSA|";
  out += to_string(ack.code);
  field(original.control_id);
  if (!ack.text.empty()) field(ack.text);
  out += '\r';

  if (ack.condition) {
    out += "ERR|||";
    out += std::to_string(static_cast<int>(*ack.condition));
    out += '^';
    out += to_string(*ack.condition);
    out += "^HL70357|E";
    if (!ack.text.empty()) {
      out += "|||";  // ERR-5 … ERR-7
      field(ack.text);
    }
    out += '\r';
  }
  return out;
}

}  // namespace kj::protocols::hl7
