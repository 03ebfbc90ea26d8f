#include "protocols/hl7/message.hpp"

#include <array>

#include "protocols/decoder.hpp"

namespace kj::protocols::hl7 {
namespace {

bool is_segment_end(char c) {
  return c == '\r' || c == '\n';
}

}  // namespace

Status Message::parse(std::string_view text) {
  segments_.clear();
  fields_.clear();
  std::size_t at = 0;
  while (at < text.size() && is_segment_end(text[at])) ++at;
  text = text.substr(at);
  text_ = text;
  if (!text.starts_with("MSH")) {
    return make_error(make_error_code(Errc::bad_layout), "HL7 message does not start with an MSH segment",
                      "HL7 消息不以 MSH 段开头");
  }
  const auto delimiters = read_delimiters(text);
  if (!delimiters) {
    return make_error(make_error_code(Errc::bad_layout), "HL7 MSH-1/MSH-2 encoding characters are unusable",
                      "HL7 MSH-1/MSH-2 编码字符无效");
  }
  delimiters_ = *delimiters;
  // One table lookup per byte tells data from separators and segment ends. (Eight bytes at a
  // time with SWAR was tried: fields are too short for it to pay.)
  enum : std::uint8_t { kData = 0, kField = 1, kEnd = 2 };
  std::array<std::uint8_t, 256> kind{};
  kind['\r'] = kEnd;
  kind['\n'] = kEnd;
  kind[static_cast<unsigned char>(delimiters_.field)] = kField;
  const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t size = text.size();
  std::size_t i = 0;
  while (i < size) {
    const std::size_t start = i;
    while (i < size && kind[bytes[i]] == kData) ++i;
    Segment segment{text.substr(start, i - start), static_cast<std::uint32_t>(fields_.size()), 0};
    if (i < size && kind[bytes[i]] == kField) {
      // In MSH the separator after the name is itself field 1.
      if (segment.name == "MSH") fields_.push_back(text.substr(i, 1));
      std::size_t field_start = ++i;
      for (;;) {
        while (i < size && kind[bytes[i]] == kData) ++i;
        fields_.push_back(text.substr(field_start, i - field_start));
        if (i == size || kind[bytes[i]] == kEnd) break;
        field_start = ++i;
      }
    }
    segment.count = static_cast<std::uint32_t>(fields_.size()) - segment.first;
    segments_.push_back(segment);
    while (i < size && is_segment_end(text[i])) ++i;
  }
  return {};
}

const Message::Segment* Message::find(std::string_view name) const {
  for (const auto& segment : segments_) {
    if (segment.name == name) return &segment;
  }
  return nullptr;
}

}  // namespace kj::protocols::hl7
