// `kuaijian decode --protocol dy3000`: DY-3000 family answers to observations. Records name
// their item by its index in the item table, so the decoder learns the table from the CMD 42
// answers earlier in the same stream; one observation per sample channel of a record.
//
// Decisions (instruments.md §5 leaves them open):
// - channel 0 is the control (对照): no observation, and its value is put nowhere — it is the
//   reference the device computed the others from, not a result about a sample;
// - a channel whose status lacks the valid bit (< 0x80), or whose value is an invalid or N/A
//   sentinel, yields nothing (the older driver drops them the same way);
// - status ≥ 0xC0 (数据可疑) adds the flag "suspect"; the device gives no verdict;
// - a record whose item is not in the table is a bad_layout error unless the option
//   default_method=inhibition|concentration says how to read it (item_code "item-<n>");
// - the table starts afresh at a host request for page 0, or at the first page answer after
//   an answer with fewer than two slots ended the previous table.
#pragma once

#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "protocols/decoder.hpp"
#include "protocols/dy3000/dy3000_messages.hpp"
#include "protocols/framed_decoder.hpp"
#include "protocols/result.hpp"

namespace kj::protocols {

// Option: default_method = inhibition | concentration (how to read records of unknown items).
kj::Result<std::unique_ptr<Decoder>> make_dy3000_decoder(const CodecOptions& options);

namespace dy3000 {

// An item as the decoder knows it; a text that was not valid GB2312 is missing.
struct KnownItem {
  std::optional<std::string> name;
  std::optional<std::string> unit;
  std::uint8_t method = kMethodInhibition;
};

class Dy3000Decoder final : public FramedDecoder {
 public:
  explicit Dy3000Decoder(std::optional<std::uint8_t> default_method);

 private:
  void interpret(const RawFrame& frame, std::deque<DecodeEvent>& out) override;
  void learn(const ItemPageAnswer& page, const RawFrame& frame, std::deque<DecodeEvent>& out);
  void report(const RecordAnswer& record, const RawFrame& frame, std::deque<DecodeEvent>& out) const;

  std::optional<std::uint8_t> default_method_;
  std::vector<KnownItem> items_;
  bool table_complete_ = false;
};

}  // namespace dy3000
}  // namespace kj::protocols
