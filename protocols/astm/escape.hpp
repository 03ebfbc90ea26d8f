// E1394 escape sequences inside a field: `&F&` field, `&S&` component, `&R&` repeat, `&E&`
// escape delimiter, `&Xhh…&` bytes in hex (shown with `&` as the escape delimiter; the real one
// comes from the H record). Many public libraries skip them; we decode them.
//
// Text is bytes: a hex escape yields the bytes it names, so `&XE6B189&` becomes the UTF-8 of
// 汉 (we read ASTM text as UTF-8, which is what the analyzers we meet send). A sequence we do
// not know, or one without its closing delimiter, is kept as sent.
#pragma once

#include <string>
#include <string_view>

#include "protocols/astm/delimiters.hpp"

namespace kj::protocols::astm {

// Decodes the escapes in one field, repeat or component (split first, then unescape).
std::string unescape(std::string_view text, const Delimiters& delimiters);
void append_unescaped(std::string& out, std::string_view text, const Delimiters& delimiters);

// Escapes a value for writing: delimiters become &F& &S& &R& &E&, and control bytes (CR would
// end the record; the link layer forbids others) become &Xhh&.
std::string escape(std::string_view value, const Delimiters& delimiters);

}  // namespace kj::protocols::astm
