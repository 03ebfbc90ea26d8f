// Building an ORU^R01 (v2.5, UTF-8) from observations, to send results on to a hub or a
// laboratory middleware. It is the inverse of oru_reader.hpp, so what it writes reads back as
// the same observations, except for what HL7 has no place for:
//   - consecutive observations with the same sample_id and sample_name share one OBR
//     (OBR-3 = sample_id, OBR-4 = the first item's code^name) followed by their OBX and, when
//     there is a sample name, `SPM|1|<sample_id>||^<sample_name>`;
//   - OBX-2 is NM for a number, ST for text, empty for no value; OBX-11 defaults to F (final);
//   - a verdict that no flag already says is written into OBX-8 as POS / NEG / 可疑 / 无效;
//   - device: only the serial travels (OBX-18); MSH-3/MSH-4 name us, not the analyzer;
//   - readings and channel are not sent.
#pragma once

#include <span>
#include <string>

#include "protocols/observation.hpp"

namespace kj::protocols::hl7 {

// MSH of the message we send.
struct OruHeader {
  std::string sending_application = "kuaijian";  // MSH-3
  std::string sending_facility;                  // MSH-4
  std::string receiving_application;             // MSH-5
  std::string receiving_facility;                // MSH-6
  std::string control_id;                        // MSH-10, unique per message
  std::string timestamp;                         // MSH-7, HL7 DTM (see format_dtm)
  std::string processing_id = "P";               // MSH-11
};

// The message, segments ended by CR, without MLLP envelope (see mllp_encode).
std::string build_oru_r01(const OruHeader& header, std::span<const Observation> observations);

}  // namespace kj::protocols::hl7
