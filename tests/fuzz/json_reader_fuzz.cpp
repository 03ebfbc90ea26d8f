// libFuzzer target for the JSON reader: any bytes either fail with an offset inside the input,
// or give a document whose every value lies inside the input and which, written back with
// JsonWriter and read again, is the same document (values, texts, structure).
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <variant>

#include "protocols/json_reader.hpp"
#include "protocols/json_writer.hpp"

namespace {

using kj::protocols::JsonKind;
using kj::protocols::JsonValue;
using kj::protocols::JsonWriter;

void check_spans(const JsonValue& value, std::size_t size) {
  if (value.offset() > size || value.length() == 0 || value.length() > size - value.offset()) __builtin_trap();
  for (const auto& item : value.items()) check_spans(item, size);
  for (const auto& member : value.members()) check_spans(member.value, size);
}

void write(const JsonValue& value, JsonWriter& out) {
  switch (value.kind()) {
    case JsonKind::null: out.null(); break;
    case JsonKind::boolean: out.value(value.as_bool()); break;
    case JsonKind::number: out.value(value.as_number()); break;
    case JsonKind::string: out.value(value.as_string()); break;
    case JsonKind::array:
      out.begin_array();
      for (const auto& item : value.items()) write(item, out);
      out.end_array();
      break;
    case JsonKind::object:
      out.begin_object();
      for (const auto& member : value.members()) {
        out.key(member.name);
        write(member.value, out);
      }
      out.end_object();
      break;
  }
}

bool same(const JsonValue& a, const JsonValue& b) {
  if (a.kind() != b.kind()) return false;
  switch (a.kind()) {
    case JsonKind::null: return true;
    case JsonKind::boolean: return a.as_bool() == b.as_bool();
    case JsonKind::number:
      return a.as_number() == b.as_number() && std::signbit(a.as_number()) == std::signbit(b.as_number());
    case JsonKind::string: return a.as_string() == b.as_string();
    case JsonKind::array:
      if (a.items().size() != b.items().size()) return false;
      for (std::size_t i = 0; i < a.items().size(); ++i) {
        if (!same(a.items()[i], b.items()[i])) return false;
      }
      return true;
    case JsonKind::object:
      if (a.members().size() != b.members().size()) return false;
      for (std::size_t i = 0; i < a.members().size(); ++i) {
        if (a.members()[i].name != b.members()[i].name || !same(a.members()[i].value, b.members()[i].value)) {
          return false;
        }
      }
      return true;
  }
  return false;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto parsed = kj::protocols::parse_json(text, {.max_depth = 64, .max_bytes = 4096});
  if (const auto* error = std::get_if<kj::protocols::JsonError>(&parsed)) {
    if (error->offset > size) __builtin_trap();
    return 0;
  }
  const JsonValue& value = std::get<JsonValue>(parsed);
  check_spans(value, size);
  JsonWriter out;
  write(value, out);
  const auto again = kj::protocols::parse_json(out.str(), {.max_depth = 64, .max_bytes = 1 << 20});
  if (!std::holds_alternative<JsonValue>(again) || !same(value, std::get<JsonValue>(again))) __builtin_trap();
  return 0;
}
