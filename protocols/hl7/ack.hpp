// Building the acknowledgement (ACK) a receiver owes the sender of each HL7 message:
//   MSH|^~\&|<us>|<our facility>|<their MSH-3>|<their MSH-4>|<time>||ACK^R01^ACK|<new id>|<their MSH-11>|<their MSH-12>
//   MSA|AA|<their MSH-10>[|text]
//   [ERR|||<HL7 table 0357 code>^<name>^HL70357|E[||||text]]
// Original mode answers AA (accepted), AE (error in the content) or AR (rejected: unsupported
// type, unreadable message); enhanced mode's commit ACKs are CA/CE/CR. The ACK is written with
// the default delimiters whatever the original used, and echoes the original's MSH-18 so that
// echoed names keep their character set.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "protocols/hl7/header.hpp"

namespace kj::protocols::hl7 {

enum class AckCode { AA, AE, AR, CA, CE, CR };

std::string_view to_string(AckCode code);
// The commit-level code for the same outcome (AA → CA, AE → CE, AR → CR), for enhanced mode.
AckCode commit_code(AckCode code);

// HL7 table 0357 (message error condition codes), the ones a receiver of results needs.
enum class ErrorCondition {
  segment_sequence = 100,  // a required segment (MSH) is missing or out of order
  required_field_missing = 101,
  data_type = 102,  // a value is not what its type allows (e.g. text not in MSH-18's set)
  table_value_not_found = 103,
  unsupported_message_type = 200,
  unsupported_event_code = 201,
  unsupported_processing_id = 202,
  unsupported_version = 203,
  application_internal = 207,
};

std::string_view to_string(ErrorCondition condition);

// What to answer: the code, and for AE/AR an error condition and a short English text.
struct Acknowledgement {
  AckCode code = AckCode::AA;
  std::optional<ErrorCondition> condition;  // writes an ERR segment
  std::string text;                         // MSA-3 and ERR-8
};

// The ACK's own MSH: who we are, and the new control id and time the caller supplies
// (time is an input: see format_dtm).
struct AckHeader {
  std::string application = "kuaijian";  // MSH-3
  std::string facility;                  // MSH-4
  std::string control_id;                // MSH-10, unique per message we send
  std::string timestamp;                 // MSH-7, HL7 DTM
};

// The ACK message (segments ended by CR; wrap it with mllp_encode to send it). `original` may
// be a default MessageHeader when the message had no readable MSH: MSA-2 is then empty.
std::string build_ack(const MessageHeader& original, const Acknowledgement& ack, const AckHeader& header);

}  // namespace kj::protocols::hl7
