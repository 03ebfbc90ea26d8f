// A parsed HL7 v2 message: its delimiters, segments and fields as views into the message text.
// Parsing only splits; escape sequences and the character set are decoded later, and only for
// the values someone reads, which keeps a parse to one pass with no copies of the text.
//
// Segments end with CR (the standard). LF and CR LF are accepted as well: a bare LF cannot be
// data (HL7 text escapes it), and some senders and every text editor write it. Empty segments
// are skipped, as are CR/LF before MSH.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "protocols/hl7/encoding_characters.hpp"
#include "protocols/result.hpp"

namespace kj::protocols::hl7 {

class Message {
 public:
  struct Segment {
    std::string_view name;    // "MSH", "OBX", …
    std::uint32_t first = 0;  // index of its field 1 in the message's field list
    std::uint32_t count = 0;  // how many fields it has
  };

  // Splits `text` (one message, without the MLLP envelope); the views point into `text`, which
  // must outlive their use. Fails (Errc::bad_layout) when the text does not start with an MSH
  // segment whose encoding characters are usable. Reusing one Message reuses its storage.
  Status parse(std::string_view text);

  [[nodiscard]] const Delimiters& delimiters() const { return delimiters_; }
  [[nodiscard]] std::span<const Segment> segments() const { return segments_; }
  [[nodiscard]] std::string_view text() const { return text_; }

  // Field `n` (1-based, as the standard numbers them) of `segment`, escapes not decoded; empty
  // when absent. For MSH, field 1 is the field separator itself and field 2 the encoding
  // characters, so MSH-9 is field(msh, 9) as in the standard.
  [[nodiscard]] std::string_view field(const Segment& segment, std::size_t n) const {
    return n >= 1 && n <= segment.count ? fields_[segment.first + n - 1] : std::string_view{};
  }
  // The first segment called `name`, or nullptr.
  [[nodiscard]] const Segment* find(std::string_view name) const;
  // The MSH segment (always the first after a successful parse).
  [[nodiscard]] const Segment& msh() const { return segments_.front(); }

 private:
  std::string_view text_;
  Delimiters delimiters_;
  std::vector<Segment> segments_;
  std::vector<std::string_view> fields_;
};

// The `index`-th (1-based) piece of `text` split on `separator`; empty when there are fewer.
// Use it for repetitions, components and subcomponents with the message's delimiters.
inline std::string_view piece(std::string_view text, char separator, std::size_t index) {
  // A plain loop: the pieces are a few bytes long, too short for memchr to pay its call.
  if (index == 0) return {};
  const char* p = text.data();
  const char* const end = p + text.size();
  for (std::size_t n = 1; n < index; ++n) {
    while (p != end && *p != separator) ++p;
    if (p == end) return {};
    ++p;
  }
  const char* const start = p;
  while (p != end && *p != separator) ++p;
  return {start, static_cast<std::size_t>(p - start)};
}

// Component `n` (1-based) of the first repetition of `field`: what most readers of a field want.
// One pass that stops at the end of that component.
inline std::string_view first_component(std::string_view field, const Delimiters& delimiters, std::size_t n) {
  if (n == 0) return {};
  const char* p = field.data();
  const char* const end = p + field.size();
  const char* start = p;
  std::size_t at = 1;
  for (; p != end && *p != delimiters.repetition; ++p) {
    if (*p != delimiters.component) continue;
    if (at == n) break;
    ++at;
    start = p + 1;
  }
  if (at != n) return {};
  return {start, static_cast<std::size_t>(p - start)};
}

// Calls `visit(piece)` for every piece of `text` split on `separator`; never for empty `text`.
template <class Visit>
void for_each_piece(std::string_view text, char separator, Visit&& visit) {
  if (text.empty()) return;
  std::size_t start = 0;
  for (;;) {
    const std::size_t end = text.find(separator, start);
    if (end == std::string_view::npos) {
      visit(text.substr(start));
      return;
    }
    visit(text.substr(start, end - start));
    start = end + 1;
  }
}

}  // namespace kj::protocols::hl7
