// HL7 v2 encoding characters and escape sequences. Every message names its own delimiters in
// MSH-1 (field) and MSH-2 (component, repetition, escape, subcomponent); nothing here assumes
// `|^~\&`. Escape sequences let text carry those characters and arbitrary bytes.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace kj::protocols::hl7 {

struct Delimiters {
  char field = '|';
  char component = '^';
  char repetition = '~';
  char escape = '\\';
  char subcomponent = '&';

  bool operator==(const Delimiters&) const = default;
};

// Reads MSH-1 and MSH-2 from a message that starts `MSH`. MSH-2 must hold 4 characters (a 5th,
// the v2.7 truncation character, is accepted and ignored); all five delimiters must be distinct
// printable ASCII punctuation. Nothing when the header is missing or its delimiters unusable.
std::optional<Delimiters> read_delimiters(std::string_view message);

// Decodes escape sequences in one value (a field, component or subcomponent) and appends the
// bytes to `out`: \F\ \S\ \T\ \R\ \E\ give the delimiters, \Xhh…\ gives the bytes, \.br\ and
// \.sp\ a newline. Formatting (\H\ \N\ \.in…\ and the like) and character-set switches
// (\C…\ \M…\) are dropped; an unknown, malformed or unterminated sequence is kept as sent, so
// nothing a peer wrote silently disappears. The result is bytes in the message's character set.
void append_unescaped(std::string_view text, const Delimiters& delimiters, std::string& out);
std::string unescape(std::string_view text, const Delimiters& delimiters);

// Where the bytes of a \Xhh…\ sequence go. By default they are appended as they are; a message
// already converted to UTF-8 as a whole converts them from its original character set instead.
class HexBytes {
 public:
  virtual ~HexBytes() = default;
  // Appends `bytes` to `out`; false (and `out` unchanged) when they cannot be.
  virtual bool append(std::string_view bytes, std::string& out) const = 0;
};

// append_unescaped with \Xhh…\ bytes handed to `hex`. False when `hex` refused some.
bool append_unescaped(std::string_view text, const Delimiters& delimiters, const HexBytes& hex, std::string& out);

// Escapes `text` so it can be written as one value: each of the five delimiters becomes its
// sequence (\F\ \S\ \T\ \R\ \E\), and every control byte (CR, LF, the MLLP bytes 0x0B and
// 0x1C…) becomes \Xhh\.
void append_escaped(std::string_view text, const Delimiters& delimiters, std::string& out);
std::string escape(std::string_view text, const Delimiters& delimiters);

}  // namespace kj::protocols::hl7
