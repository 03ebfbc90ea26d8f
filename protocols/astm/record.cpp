#include "protocols/astm/record.hpp"

#include "protocols/astm/escape.hpp"

namespace kj::protocols::astm {

std::string_view piece(std::string_view text, char delimiter, std::size_t n) {
  if (n == 0) return {};
  std::size_t start = 0;
  std::size_t i = 0;
  for (; i < text.size(); ++i) {
    if (text[i] != delimiter) continue;
    if (--n == 0) return text.substr(start, i - start);
    start = i + 1;
  }
  return n == 1 ? text.substr(start) : std::string_view{};
}

void split_into(std::vector<std::string_view>& out, std::string_view text, char delimiter) {
  // A plain loop: records are short, and a library search call per piece costs more than it saves.
  out.clear();
  std::size_t start = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == delimiter) {
      out.push_back(text.substr(start, i - start));
      start = i + 1;
    }
  }
  out.push_back(text.substr(start));
}

std::vector<std::string_view> split_records(std::string_view message_text) {
  std::vector<std::string_view> records;
  std::vector<std::string_view> pieces;
  split_into(pieces, message_text, '\r');
  for (const auto record : pieces) {
    if (!record.empty()) records.push_back(record);
  }
  return records;
}

char Record::type() const {
  if (fields.empty() || fields[0].empty() || fields[0][0].empty() || fields[0][0][0].empty()) return '\0';
  return fields[0][0][0][0];
}

Record parse_record(std::string_view text, const Delimiters& d) {
  Record record;
  std::vector<std::string_view> fields;
  std::vector<std::string_view> repeats;
  std::vector<std::string_view> components;
  split_into(fields, text, d.field);
  const bool header = !text.empty() && text[0] == 'H';
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (header && i == 1) {
      record.fields.push_back(Field{Components{std::string(fields[i])}});
      continue;
    }
    Field field;
    split_into(repeats, fields[i], d.repeat);
    for (const auto repeat : repeats) {
      Components parts;
      split_into(components, repeat, d.component);
      for (const auto component : components) parts.push_back(unescape(component, d));
      field.push_back(std::move(parts));
    }
    record.fields.push_back(std::move(field));
  }
  return record;
}

namespace {

void append_field(std::string& out, const Field& field, const Delimiters& d) {
  for (std::size_t r = 0; r < field.size(); ++r) {
    if (r > 0) out += d.repeat;
    for (std::size_t c = 0; c < field[r].size(); ++c) {
      if (c > 0) out += d.component;
      out += escape(field[r][c], d);
    }
  }
}

}  // namespace

std::string encode_record(const Record& record, const Delimiters& d) {
  std::string out;
  const bool header = record.type() == 'H';
  for (std::size_t i = 0; i < record.fields.size(); ++i) {
    if (i > 0) out += d.field;
    if (header && i == 1) {
      out += d.repeat;
      out += d.component;
      out += d.escape;
      continue;
    }
    append_field(out, record.fields[i], d);
  }
  if (header && record.fields.size() < 2) {
    out += d.field;
    out += d.repeat;
    out += d.component;
    out += d.escape;
  }
  return out;
}

std::string encode_message(std::span<const Record> records, const Delimiters& d) {
  std::string out;
  for (const auto& record : records) {
    out += encode_record(record, d);
    out += '\r';
  }
  return out;
}

}  // namespace kj::protocols::astm
