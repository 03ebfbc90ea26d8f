// A small strict JSON reader (RFC 8259) for documents peers send us, e.g. the DY-6260 answer.
// It builds a DOM of null/bool/number/string/array/object, validates UTF-8, decodes \uXXXX
// escapes including surrogate pairs, and bounds both nesting depth and input size, so hostile
// input costs bounded stack and memory. Errors are values carrying the byte offset; it never
// throws for bad input. Writing JSON is json_writer.hpp's job.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace kj::protocols {

enum class JsonKind { null, boolean, number, string, array, object };

struct JsonMember;

// One value of a parsed document. `offset` and `length` locate the value's own text in the
// input (for a string, quotes included), so a caller can quote exactly the bytes an item came
// from. Accessors of another kind than the value's return an empty value (false, 0, "", {}):
// check `kind()` first when the difference matters.
class JsonValue {
 public:
  JsonValue() = default;

  [[nodiscard]] JsonKind kind() const { return static_cast<JsonKind>(data_.index()); }
  [[nodiscard]] bool is_null() const { return kind() == JsonKind::null; }
  [[nodiscard]] bool is_bool() const { return kind() == JsonKind::boolean; }
  [[nodiscard]] bool is_number() const { return kind() == JsonKind::number; }
  [[nodiscard]] bool is_string() const { return kind() == JsonKind::string; }
  [[nodiscard]] bool is_array() const { return kind() == JsonKind::array; }
  [[nodiscard]] bool is_object() const { return kind() == JsonKind::object; }

  [[nodiscard]] bool as_bool() const;
  [[nodiscard]] double as_number() const;
  // The decoded text of a string (UTF-8); for a number, the number exactly as written.
  [[nodiscard]] const std::string& as_string() const;
  [[nodiscard]] const std::vector<JsonValue>& items() const;
  // Object members in document order; duplicate names are kept as sent.
  [[nodiscard]] const std::vector<JsonMember>& members() const;
  // The first member called `name`, or nullptr (also when this is not an object).
  [[nodiscard]] const JsonValue* find(std::string_view name) const;

  [[nodiscard]] std::size_t offset() const { return offset_; }
  [[nodiscard]] std::size_t length() const { return length_; }

 private:
  friend class JsonParser;

  struct Number {
    double value = 0;
    std::string text;
  };
  // Alternatives in JsonKind order, so index() is the kind. One variant keeps a node at 64
  // bytes: a 4 MiB document of small values stays within a few hundred MB at worst.
  std::variant<std::monostate, bool, Number, std::string, std::vector<JsonValue>, std::vector<JsonMember>> data_;
  std::size_t offset_ = 0;
  std::size_t length_ = 0;
};

struct JsonMember {
  std::string name;
  JsonValue value;
};

enum class JsonErrc {
  unexpected_end = 1,    // the text stops inside a value
  unexpected_character,  // a byte the grammar does not allow here
  byte_order_mark,       // RFC 8259 §8.1: senders must not add one; we do not guess
  invalid_literal,       // not exactly true/false/null
  invalid_number,        // leading zero, missing digits, …
  number_out_of_range,   // finite in the text, not representable as a double
  invalid_escape,        // a backslash followed by anything but "\/bfnrtu
  unpaired_surrogate,    // \uD800–\uDFFF without its partner
  control_character,     // U+0000–U+001F unescaped inside a string
  invalid_utf8,          // malformed, overlong, surrogate or > U+10FFFF sequence
  too_deep,              // arrays/objects nested deeper than the limit
  too_large,             // the input is longer than the limit
  trailing_characters,   // something after the one top-level value
};

// English text for an error code, for logs and DecodeError messages.
std::string_view describe(JsonErrc code);

struct JsonError {
  JsonErrc code;
  std::size_t offset;  // byte offset in the input where the problem was found
  bool operator==(const JsonError&) const = default;
};

// "invalid UTF-8 at byte 12"
std::string to_string(const JsonError& error);

struct JsonLimits {
  std::size_t max_depth = 64;                            // nested arrays/objects; the top level counts as 1
  std::size_t max_bytes = std::size_t{4} * 1024 * 1024;  // the whole input
};

// Parses exactly one JSON value, with optional whitespace around it.
std::variant<JsonValue, JsonError> parse_json(std::string_view text, const JsonLimits& limits = {});

}  // namespace kj::protocols
