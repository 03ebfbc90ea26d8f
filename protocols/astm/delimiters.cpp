#include "protocols/astm/delimiters.hpp"

namespace kj::protocols::astm {
namespace {

bool can_delimit(char c) {
  const auto byte = static_cast<unsigned char>(c);
  const bool alphanumeric = (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
  return byte > 0x20 && byte < 0x7F && !alphanumeric;
}

}  // namespace

std::optional<Delimiters> delimiters_from_header(std::string_view h_record) {
  if (h_record.size() < 5 || h_record[0] != 'H') return std::nullopt;
  const Delimiters d{h_record[1], h_record[2], h_record[3], h_record[4]};
  for (const char c : {d.field, d.repeat, d.component, d.escape}) {
    if (!can_delimit(c)) return std::nullopt;
  }
  const bool distinct = d.field != d.repeat && d.field != d.component && d.field != d.escape &&
                        d.repeat != d.component && d.repeat != d.escape && d.component != d.escape;
  if (!distinct) return std::nullopt;
  return d;
}

}  // namespace kj::protocols::astm
