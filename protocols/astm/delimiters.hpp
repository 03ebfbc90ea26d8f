// The four E1394 delimiters. Every message defines its own in the H record (`H|\^&`: field,
// repeat, component, escape at positions 1–4); `|\^&` is only the usual choice, so they are read
// from the header, never assumed.
#pragma once

#include <optional>
#include <string_view>

namespace kj::protocols::astm {

struct Delimiters {
  char field = '|';
  char repeat = '\\';
  char component = '^';
  char escape = '&';

  bool operator==(const Delimiters&) const = default;
};

// The delimiters an H record declares; nothing when it is not an H record or does not declare
// four distinct delimiters (letters, digits, space and CR cannot be delimiters).
std::optional<Delimiters> delimiters_from_header(std::string_view h_record);

}  // namespace kj::protocols::astm
