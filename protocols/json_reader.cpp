#include "protocols/json_reader.hpp"

#include <charconv>
#include <system_error>
#include <utility>

namespace kj::protocols {

bool JsonValue::as_bool() const {
  const auto* flag = std::get_if<bool>(&data_);
  return flag != nullptr && *flag;
}

double JsonValue::as_number() const {
  const auto* number = std::get_if<Number>(&data_);
  return number != nullptr ? number->value : 0.0;
}

const std::string& JsonValue::as_string() const {
  static const std::string kEmpty;
  if (const auto* text = std::get_if<std::string>(&data_)) return *text;
  if (const auto* number = std::get_if<Number>(&data_)) return number->text;
  return kEmpty;
}

const std::vector<JsonValue>& JsonValue::items() const {
  static const std::vector<JsonValue> kEmpty;
  const auto* items = std::get_if<std::vector<JsonValue>>(&data_);
  return items != nullptr ? *items : kEmpty;
}

const std::vector<JsonMember>& JsonValue::members() const {
  static const std::vector<JsonMember> kEmpty;
  const auto* members = std::get_if<std::vector<JsonMember>>(&data_);
  return members != nullptr ? *members : kEmpty;
}

const JsonValue* JsonValue::find(std::string_view name) const {
  for (const auto& member : members()) {
    if (member.name == name) return &member.value;
  }
  return nullptr;
}

std::string_view describe(JsonErrc code) {
  switch (code) {
    case JsonErrc::unexpected_end: return "unexpected end of input";
    case JsonErrc::unexpected_character: return "unexpected character";
    case JsonErrc::byte_order_mark: return "byte order mark before the value";
    case JsonErrc::invalid_literal: return "invalid literal";
    case JsonErrc::invalid_number: return "invalid number";
    case JsonErrc::number_out_of_range: return "number out of the range of a double";
    case JsonErrc::invalid_escape: return "invalid escape in a string";
    case JsonErrc::unpaired_surrogate: return "unpaired UTF-16 surrogate in a \\u escape";
    case JsonErrc::control_character: return "unescaped control character in a string";
    case JsonErrc::invalid_utf8: return "invalid UTF-8";
    case JsonErrc::too_deep: return "nesting deeper than the limit";
    case JsonErrc::too_large: return "input larger than the limit";
    case JsonErrc::trailing_characters: return "characters after the value";
  }
  return "invalid JSON";
}

std::string to_string(const JsonError& error) {
  return std::string(describe(error.code)) + " at byte " + std::to_string(error.offset);
}

// Recursive descent over the input; recursion depth is bounded by JsonLimits::max_depth.
// Every function returns false after recording the first error, which then ends the parse.
class JsonParser {
 public:
  JsonParser(std::string_view text, const JsonLimits& limits) : in_(text), limits_(limits) {}

  std::variant<JsonValue, JsonError> run() {
    if (in_.size() > limits_.max_bytes) return JsonError{JsonErrc::too_large, limits_.max_bytes};
    if (in_.starts_with("\xEF\xBB\xBF")) return JsonError{JsonErrc::byte_order_mark, 0};
    JsonValue root;
    skip_whitespace();
    if (!parse_value(root, 0)) return error_;
    skip_whitespace();
    if (pos_ != in_.size()) return JsonError{JsonErrc::trailing_characters, pos_};
    return root;
  }

 private:
  bool fail(JsonErrc code, std::size_t at) {
    error_ = JsonError{code, at};
    return false;
  }
  bool fail_here() { return fail(at_end() ? JsonErrc::unexpected_end : JsonErrc::unexpected_character, pos_); }
  [[nodiscard]] bool at_end() const { return pos_ >= in_.size(); }
  [[nodiscard]] unsigned char peek() const { return static_cast<unsigned char>(in_[pos_]); }
  bool consume(char expected) {
    if (at_end() || in_[pos_] != expected) return false;
    ++pos_;
    return true;
  }

  void skip_whitespace() {
    while (!at_end() && (in_[pos_] == ' ' || in_[pos_] == '\t' || in_[pos_] == '\n' || in_[pos_] == '\r')) ++pos_;
  }

  // `depth` = containers around this value.
  bool parse_value(JsonValue& out, std::size_t depth) {
    out.offset_ = pos_;
    if (at_end()) return fail_here();
    bool ok = false;
    switch (in_[pos_]) {
      case '{': ok = parse_object(out, depth + 1); break;
      case '[': ok = parse_array(out, depth + 1); break;
      case '"': {
        std::string text;
        ok = parse_string(text);
        out.data_ = std::move(text);
        break;
      }
      case 't': ok = parse_literal(out, "true"); break;
      case 'f': ok = parse_literal(out, "false"); break;
      case 'n': ok = parse_literal(out, "null"); break;
      default:
        if (in_[pos_] == '-' || (in_[pos_] >= '0' && in_[pos_] <= '9')) {
          ok = parse_number(out);
        } else {
          return fail_here();
        }
    }
    out.length_ = pos_ - out.offset_;
    return ok;
  }

  bool parse_object(JsonValue& out, std::size_t depth) {
    if (depth > limits_.max_depth) return fail(JsonErrc::too_deep, pos_);
    ++pos_;  // '{'
    std::vector<JsonMember> members;
    skip_whitespace();
    if (consume('}')) {
      out.data_ = std::move(members);
      return true;
    }
    while (true) {
      JsonMember member;
      if (at_end() || in_[pos_] != '"') return fail_here();
      if (!parse_string(member.name)) return false;
      skip_whitespace();
      if (!consume(':')) return fail_here();
      skip_whitespace();
      if (!parse_value(member.value, depth)) return false;
      members.push_back(std::move(member));
      skip_whitespace();
      if (consume('}')) break;
      if (!consume(',')) return fail_here();
      skip_whitespace();
    }
    out.data_ = std::move(members);
    return true;
  }

  bool parse_array(JsonValue& out, std::size_t depth) {
    if (depth > limits_.max_depth) return fail(JsonErrc::too_deep, pos_);
    ++pos_;  // '['
    std::vector<JsonValue> items;
    skip_whitespace();
    if (consume(']')) {
      out.data_ = std::move(items);
      return true;
    }
    while (true) {
      JsonValue item;
      if (!parse_value(item, depth)) return false;
      items.push_back(std::move(item));
      skip_whitespace();
      if (consume(']')) break;
      if (!consume(',')) return fail_here();
      skip_whitespace();
    }
    out.data_ = std::move(items);
    return true;
  }

  bool parse_literal(JsonValue& out, std::string_view word) {
    if (in_.substr(pos_, word.size()) != word) {
      // Report the first byte that differs, which is where a reader looks.
      std::size_t at = pos_;
      while (at < in_.size() && at - pos_ < word.size() && in_[at] == word[at - pos_]) ++at;
      return fail(at >= in_.size() ? JsonErrc::unexpected_end : JsonErrc::invalid_literal, at);
    }
    pos_ += word.size();
    if (word == "null") {
      out.data_ = std::monostate{};
    } else {
      out.data_ = (word == "true");
    }
    return true;
  }

  // RFC 8259 §6: -? (0 | [1-9][0-9]*) (.[0-9]+)? ([eE][+-]?[0-9]+)?
  bool parse_number(JsonValue& out) {
    const std::size_t start = pos_;
    const auto digit = [&] { return !at_end() && in_[pos_] >= '0' && in_[pos_] <= '9'; };
    const auto digits = [&] {
      if (!digit()) return false;
      while (digit()) ++pos_;
      return true;
    };
    consume('-');
    if (consume('0')) {
      if (digit()) return fail(JsonErrc::invalid_number, pos_);  // leading zero
    } else if (!digits()) {
      return fail(at_end() ? JsonErrc::unexpected_end : JsonErrc::invalid_number, pos_);
    }
    if (consume('.') && !digits()) return fail(at_end() ? JsonErrc::unexpected_end : JsonErrc::invalid_number, pos_);
    if (consume('e') || consume('E')) {
      if (!consume('+')) consume('-');
      if (!digits()) return fail(at_end() ? JsonErrc::unexpected_end : JsonErrc::invalid_number, pos_);
    }
    JsonValue::Number number;
    number.text = std::string(in_.substr(start, pos_ - start));
    const auto [end, ec] = std::from_chars(number.text.data(), number.text.data() + number.text.size(), number.value);
    if (ec == std::errc::result_out_of_range) return fail(JsonErrc::number_out_of_range, start);
    if (ec != std::errc{} || end != number.text.data() + number.text.size()) {
      return fail(JsonErrc::invalid_number, start);
    }
    out.data_ = std::move(number);
    return true;
  }

  bool parse_hex4(std::uint32_t& out) {
    out = 0;
    for (int i = 0; i < 4; ++i) {
      if (at_end()) return fail(JsonErrc::unexpected_end, pos_);
      const char c = in_[pos_];
      std::uint32_t digit = 0;
      if (c >= '0' && c <= '9') {
        digit = static_cast<std::uint32_t>(c - '0');
      } else if (c >= 'a' && c <= 'f') {
        digit = static_cast<std::uint32_t>(c - 'a' + 10);
      } else if (c >= 'A' && c <= 'F') {
        digit = static_cast<std::uint32_t>(c - 'A' + 10);
      } else {
        return fail(JsonErrc::invalid_escape, pos_);
      }
      out = out * 16 + digit;
      ++pos_;
    }
    return true;
  }

  static void append_utf8(std::string& out, std::uint32_t code) {
    const auto put = [&](std::uint32_t byte) { out.push_back(static_cast<char>(byte)); };
    if (code < 0x80) {
      put(code);
    } else if (code < 0x800) {
      put(0xC0 | (code >> 6));
      put(0x80 | (code & 0x3F));
    } else if (code < 0x10000) {
      put(0xE0 | (code >> 12));
      put(0x80 | ((code >> 6) & 0x3F));
      put(0x80 | (code & 0x3F));
    } else {
      put(0xF0 | (code >> 18));
      put(0x80 | ((code >> 12) & 0x3F));
      put(0x80 | ((code >> 6) & 0x3F));
      put(0x80 | (code & 0x3F));
    }
  }

  // After the backslash of a \u escape; joins a surrogate pair into one code point.
  bool parse_unicode_escape(std::string& out) {
    const std::size_t escape_start = pos_ - 2;  // at the backslash
    std::uint32_t code = 0;
    if (!parse_hex4(code)) return false;
    if (code >= 0xDC00 && code <= 0xDFFF) return fail(JsonErrc::unpaired_surrogate, escape_start);
    if (code >= 0xD800 && code <= 0xDBFF) {
      if (!in_.substr(pos_).starts_with("\\u")) return fail(JsonErrc::unpaired_surrogate, escape_start);
      pos_ += 2;
      std::uint32_t low = 0;
      if (!parse_hex4(low)) return false;
      if (low < 0xDC00 || low > 0xDFFF) return fail(JsonErrc::unpaired_surrogate, escape_start);
      code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00);
    }
    append_utf8(out, code);
    return true;
  }

  // One multi-byte UTF-8 sequence at pos_, checked against Unicode's table of well-formed
  // sequences (no overlongs, no surrogates, nothing above U+10FFFF).
  bool copy_utf8_sequence(std::string& out) {
    const std::size_t start = pos_;
    const unsigned char lead = peek();
    std::size_t length = 0;
    unsigned char low = 0x80;
    unsigned char high = 0xBF;  // allowed range of the second byte
    if (lead >= 0xC2 && lead <= 0xDF) {
      length = 2;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
      length = 3;
      if (lead == 0xE0) low = 0xA0;
      if (lead == 0xED) high = 0x9F;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
      length = 4;
      if (lead == 0xF0) low = 0x90;
      if (lead == 0xF4) high = 0x8F;
    } else {
      return fail(JsonErrc::invalid_utf8, start);
    }
    for (std::size_t k = 1; k < length; ++k) {
      if (start + k >= in_.size()) return fail(JsonErrc::unexpected_end, in_.size());
      const auto byte = static_cast<unsigned char>(in_[start + k]);
      const unsigned char min = k == 1 ? low : 0x80;
      const unsigned char max = k == 1 ? high : 0xBF;
      if (byte < min || byte > max) return fail(JsonErrc::invalid_utf8, start);
    }
    out.append(in_.substr(start, length));
    pos_ += length;
    return true;
  }

  bool parse_string(std::string& out) {
    ++pos_;  // opening quote
    while (true) {
      if (at_end()) return fail(JsonErrc::unexpected_end, pos_);
      const unsigned char c = peek();
      if (c == '"') {
        ++pos_;
        return true;
      }
      if (c < 0x20) return fail(JsonErrc::control_character, pos_);
      if (c >= 0x80) {
        if (!copy_utf8_sequence(out)) return false;
        continue;
      }
      if (c != '\\') {
        // Copy the run of plain ASCII at once; strings are mostly that.
        std::size_t end = pos_ + 1;
        while (end < in_.size()) {
          const auto next = static_cast<unsigned char>(in_[end]);
          if (next == '"' || next == '\\' || next < 0x20 || next >= 0x80) break;
          ++end;
        }
        out.append(in_.substr(pos_, end - pos_));
        pos_ = end;
        continue;
      }
      ++pos_;  // backslash
      if (at_end()) return fail(JsonErrc::unexpected_end, pos_);
      const char escape = in_[pos_++];
      switch (escape) {
        case '"': out.push_back('"'); break;
        case '\\': out.push_back('\\'); break;
        case '/': out.push_back('/'); break;
        case 'b': out.push_back('\b'); break;
        case 'f': out.push_back('\f'); break;
        case 'n': out.push_back('\n'); break;
        case 'r': out.push_back('\r'); break;
        case 't': out.push_back('\t'); break;
        case 'u':
          if (!parse_unicode_escape(out)) return false;
          break;
        default: return fail(JsonErrc::invalid_escape, pos_ - 2);
      }
    }
  }

  std::string_view in_;
  JsonLimits limits_;
  std::size_t pos_ = 0;
  JsonError error_{JsonErrc::unexpected_end, 0};
};

std::variant<JsonValue, JsonError> parse_json(std::string_view text, const JsonLimits& limits) {
  return JsonParser(text, limits).run();
}

}  // namespace kj::protocols
