#include "lims/plans/csv_reader.hpp"

#include "lims/errors.hpp"

namespace kj::lims {
namespace {

enum class State {
  record_start,  // before the first character of a record (empty lines are skipped here)
  field_start,   // after a separator: the field may open with a quote
  unquoted,
  quoted,
  quote_in_quoted,  // a quote inside a quoted field: the closing one, or the first of a pair
};

Error csv_error(std::size_t line, std::size_t field, const std::string& en, const std::string& zh) {
  return make_error(make_error_code(Errc::invalid_input),
                    "CSV line " + std::to_string(line) + ", field " + std::to_string(field) + ": " + en,
                    "CSV 第 " + std::to_string(line) + " 行第 " + std::to_string(field) + " 个字段：" + zh);
}

}  // namespace

Result<std::vector<CsvRecord>> read_csv(std::string_view text) {
  constexpr std::string_view kBom = "\xEF\xBB\xBF";
  if (text.substr(0, kBom.size()) == kBom) text.remove_prefix(kBom.size());

  std::vector<CsvRecord> records;
  CsvRecord record;
  std::string field;
  std::size_t line = 1;
  std::size_t quote_line = 0;  // where the open quoted field began, for the unterminated-quote error
  State state = State::record_start;

  const auto end_field = [&] {
    record.fields.push_back(std::move(field));
    field.clear();
  };
  const auto end_record = [&] {
    end_field();
    records.push_back(std::move(record));
    record = CsvRecord{};
  };

  std::size_t i = 0;
  while (i < text.size()) {
    const char c = text[i];
    const bool line_break = c == '\n' || c == '\r';
    const std::size_t break_length = (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ? 2 : 1;
    switch (state) {
      case State::record_start:
        if (line_break) {
          ++line;
          i += break_length;
        } else {
          record.line = line;
          state = State::field_start;
        }
        break;
      case State::field_start:
        if (c == '"') {
          state = State::quoted;
          quote_line = line;
          ++i;
        } else {
          state = State::unquoted;
        }
        break;
      case State::unquoted:
        if (c == ',') {
          end_field();
          state = State::field_start;
          ++i;
        } else if (line_break) {
          end_record();
          ++line;
          i += break_length;
          state = State::record_start;
        } else if (c == '"') {
          return csv_error(line, record.fields.size() + 1,
                           "a quote inside an unquoted field (enclose the whole field in quotes and write a "
                           "quote in it twice: \"a \"\"b\"\" c\")",
                           "未加引号的字段中出现引号（应将整个字段放在引号内，字段中的引号写两次：\"a \"\"b\"\" c\"）");
        } else {
          field += c;
          ++i;
        }
        break;
      case State::quoted:
        if (c == '"') {
          state = State::quote_in_quoted;
          ++i;
        } else {
          if (line_break) ++line;
          field.append(text.substr(i, line_break ? break_length : 1));
          i += line_break ? break_length : 1;
        }
        break;
      case State::quote_in_quoted:
        if (c == '"') {
          field += '"';
          state = State::quoted;
          ++i;
        } else if (c == ',') {
          end_field();
          state = State::field_start;
          ++i;
        } else if (line_break) {
          end_record();
          ++line;
          i += break_length;
          state = State::record_start;
        } else {
          return csv_error(line, record.fields.size() + 1,
                           "text after the closing quote (expected a comma or the end of the line)",
                           "右引号后还有文字（应为逗号或行尾）");
        }
        break;
    }
  }

  switch (state) {
    case State::record_start: break;
    case State::quoted:
      return csv_error(quote_line, record.fields.size() + 1,
                       "the quote opened here is never closed (expected a closing \")",
                       "此处开始的引号没有闭合（缺少右引号 \"）");
    default: end_record();
  }
  return records;
}

}  // namespace kj::lims
