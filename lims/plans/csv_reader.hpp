// A small RFC 4180 reader for the CSV files people export from spreadsheets (sampling plans).
// Fields are separated by commas; a field may be enclosed in double quotes, and then holds
// commas, line breaks and quotes (a quote written twice). Lines end in CRLF, LF or a lone CR.
// Each record remembers the line it starts on, so a caller can name it in an error.
//
// Lenient where spreadsheets differ harmlessly: a UTF-8 byte order mark at the start is
// skipped, empty lines are skipped, the last record need not end with a line break, and records
// may have different numbers of fields (the caller decides what a short record means).
// Strict where guessing could change data: a quote inside an unquoted field, text after a
// closing quote, and a quote left open at the end of the file are errors naming line and field.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "protocols/result.hpp"

namespace kj::lims {

struct CsvRecord {
  std::size_t line = 0;  // 1-based line of the file where the record starts
  std::vector<std::string> fields;
};

// The records of `text`, or an Errc::invalid_input error naming the line and field number.
// Bytes are passed through as they are: checking the encoding is the caller's business.
Result<std::vector<CsvRecord>> read_csv(std::string_view text);

}  // namespace kj::lims
