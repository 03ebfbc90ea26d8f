// `kuaijian decode --protocol dy6260`: what a DY-6260 colloidal-gold reader sent over its TCP
// link (instruments.md §6), to observations. A capture holds one or more JSON answers
// {"detail":[…]}, possibly with the host's READ/SAKJ in between (skipped).
//
// Decisions (the spec leaves them open):
// - Documents are cut by balance (JsonObjectSplitter, at most max_document_bytes, default
//   4 MiB) and parsed by the strict JSON reader. A document that does not parse is one error at
//   its first byte (bad_encoding for invalid UTF-8, else bad_layout), the parser's own offset
//   in the message; one without a "detail" array is a bad_layout error.
// - One observation per detail entry: item_code = item_name = 检测项目, sample_id = 样品编号,
//   sample_name = 样品名称, value = 检测结果 as sent (a JSON number stays a number), verdict
//   from 检测结果 (dy6260_verdict), measured_at from 检测时间. Empty texts count as not sent;
//   a number where text is expected is taken as written ("样品编号": 3 → "3").
// - An entry without 检测项目, or that is not an object, or with a field that is neither text,
//   number nor null, is a bad_layout error at the entry's offset; the other entries still
//   come out. A 检测时间 that does not read as a time is a bad_layout warning and the
//   observation comes out without measured_at.
// - raw/offset of an observation are its entry object's bytes, not the whole document: a
//   document may hold thousands of entries, and copying all of it into each would make memory
//   grow with the square of its size. The entry is self-describing JSON.
// - No channel, unit or C/T readings: the reader sends none.
#pragma once

#include <cstddef>
#include <deque>
#include <memory>

#include "protocols/decoder.hpp"
#include "protocols/dy6260/json_object_splitter.hpp"
#include "protocols/json_reader.hpp"
#include "protocols/result.hpp"

namespace kj::protocols {

// Option: max_document_bytes = 64 … 67108864 (default 4194304).
kj::Result<std::unique_ptr<Decoder>> make_dy6260_decoder(const CodecOptions& options);

namespace dy6260 {

inline constexpr std::size_t kDefaultMaxDocumentBytes = std::size_t{4} * 1024 * 1024;

class Dy6260Decoder final : public Decoder {
 public:
  explicit Dy6260Decoder(std::size_t max_document_bytes = kDefaultMaxDocumentBytes);

  void feed(std::span<const std::uint8_t> bytes) override;
  std::optional<DecodeEvent> next() override;
  void finish() override;

 private:
  void interpret(const JsonObjectBytes& document);
  void report_entry(const JsonObjectBytes& document, const JsonValue& entry, std::size_t index);

  std::size_t max_document_bytes_;
  JsonObjectSplitter splitter_;
  std::deque<DecodeEvent> ready_;
};

}  // namespace dy6260
}  // namespace kj::protocols
