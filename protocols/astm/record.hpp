// E1394 records: a message's text split into records at CR, a record into fields, repeats and
// components at the delimiters its H record declared. Two ways in: views into the text for the
// hot path (nothing copied, still escaped), and `Record` as plain data (fields → repeats →
// components, unescaped) for building and inspecting whole records.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "protocols/astm/delimiters.hpp"

namespace kj::protocols::astm {

// The n-th piece (1-based) of `text` cut at `delimiter`; empty when there are fewer pieces.
std::string_view piece(std::string_view text, char delimiter, std::size_t n);

// Cuts `text` at `delimiter` into `out` (cleared first; its capacity is reused).
void split_into(std::vector<std::string_view>& out, std::string_view text, char delimiter);

// The records of a message: the pieces between CRs, empty ones skipped.
std::vector<std::string_view> split_records(std::string_view message_text);

using Components = std::vector<std::string>;
using Field = std::vector<Components>;  // the repeats of one field

// One record as data. fields[0] is field 1, the record type ("H", "R", …), so E1394's
// numbering (R-3 = fields[2]) carries over. In an H record, field 2 is the delimiter
// definition itself (`\^&`), one component, never split or unescaped.
struct Record {
  std::vector<Field> fields;

  [[nodiscard]] char type() const;
  bool operator==(const Record&) const = default;
};

Record parse_record(std::string_view text, const Delimiters& delimiters);

// Writes a record without its CR. An H record's field 2 is written from `delimiters`, whatever
// the record holds there; every other value is escaped.
std::string encode_record(const Record& record, const Delimiters& delimiters);

// The records, each followed by CR: the text of one E1394 message.
std::string encode_message(std::span<const Record> records, const Delimiters& delimiters);

}  // namespace kj::protocols::astm
