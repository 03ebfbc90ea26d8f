#include "protocols/dy6260/dy6260_decoder.hpp"

#include <charconv>
#include <string>
#include <utility>

#include "protocols/dy6260/dy6260_answer.hpp"
#include "protocols/dy6260/dy6260_link.hpp"

namespace kj::protocols {
namespace dy6260 {
namespace {

Errc errc_of(JsonErrc code) {
  switch (code) {
    case JsonErrc::invalid_utf8:
    case JsonErrc::unpaired_surrogate: return Errc::bad_encoding;
    case JsonErrc::too_large: return Errc::buffer_overflow;
    default: return Errc::bad_layout;
  }
}

// A field read as text: nothing when absent, null or empty; an error name when it is neither
// text nor a number.
struct TextField {
  std::optional<std::string> text;
  bool bad = false;
};

TextField text_field(const JsonValue& entry, std::string_view key) {
  const JsonValue* value = entry.find(key);
  if (value == nullptr || value->is_null()) return {};
  if (!value->is_string() && !value->is_number()) return {std::nullopt, true};
  if (value->as_string().empty()) return {};
  return {value->as_string(), false};
}

}  // namespace

Dy6260Decoder::Dy6260Decoder(std::size_t max_document_bytes)
    : max_document_bytes_(max_document_bytes),
      splitter_(max_document_bytes, {std::string(kReadRequest), std::string(kProbeRequest)}) {}

void Dy6260Decoder::feed(std::span<const std::uint8_t> bytes) {
  splitter_.feed(bytes);
}

void Dy6260Decoder::finish() {
  splitter_.finish();
}

std::optional<DecodeEvent> Dy6260Decoder::next() {
  while (ready_.empty()) {
    auto event = splitter_.next();
    if (!event) return std::nullopt;
    if (auto* error = std::get_if<DecodeError>(&*event)) return std::move(*error);
    interpret(std::get<JsonObjectBytes>(*event));
  }
  DecodeEvent event = std::move(ready_.front());
  ready_.pop_front();
  return event;
}

void Dy6260Decoder::interpret(const JsonObjectBytes& document) {
  const std::string_view text(reinterpret_cast<const char*>(document.bytes.data()), document.bytes.size());
  auto parsed = parse_json(text, JsonLimits{.max_depth = 64, .max_bytes = max_document_bytes_});
  if (const auto* error = std::get_if<JsonError>(&parsed)) {
    ready_.push_back(DecodeError{errc_of(error->code),
                                 "DY-6260 answer is not valid JSON: " + std::string(describe(error->code)) +
                                     " at stream byte " + std::to_string(document.offset + error->offset),
                                 document.offset});
    return;
  }
  const JsonValue& root = std::get<JsonValue>(parsed);
  const JsonValue* detail = root.find(kDetailKey);
  if (detail == nullptr || !detail->is_array()) {
    ready_.push_back(DecodeError{Errc::bad_layout, "DY-6260 answer has no \"detail\" array", document.offset});
    return;
  }
  for (std::size_t i = 0; i < detail->items().size(); ++i) report_entry(document, detail->items()[i], i);
}

void Dy6260Decoder::report_entry(const JsonObjectBytes& document, const JsonValue& entry, std::size_t index) {
  const std::uint64_t offset = document.offset + entry.offset();
  const std::string which = "DY-6260 detail entry " + std::to_string(index + 1);
  if (!entry.is_object()) {
    ready_.push_back(DecodeError{Errc::bad_layout, which + " is not an object", offset});
    return;
  }
  const TextField item = text_field(entry, kItemKey);
  const TextField sample_id = text_field(entry, kSampleIdKey);
  const TextField sample_name = text_field(entry, kSampleNameKey);
  const TextField result = text_field(entry, kResultKey);
  const TextField tested_at = text_field(entry, kTestedAtKey);
  for (const auto& [field, key] :
       {std::pair{&item, kItemKey}, std::pair{&sample_id, kSampleIdKey}, std::pair{&sample_name, kSampleNameKey},
        std::pair{&result, kResultKey}, std::pair{&tested_at, kTestedAtKey}}) {
    if (field->bad) {
      ready_.push_back(DecodeError{Errc::bad_layout, which + ": " + std::string(key) + " is not text", offset});
      return;
    }
  }
  if (!item.text) {
    ready_.push_back(
        DecodeError{Errc::bad_layout, which + " has no " + std::string(kItemKey) + " (test item)", offset});
    return;
  }

  Observation o;
  o.protocol = "dy6260";
  o.sample_id = sample_id.text;
  o.sample_name = sample_name.text;
  o.item_code = *item.text;
  o.item_name = *item.text;
  if (result.text) {
    const JsonValue* sent = entry.find(kResultKey);
    if (sent->is_number()) {
      o.value = sent->as_number();
    } else {
      o.value = *result.text;
      o.verdict = dy6260_verdict(*result.text);
    }
  }
  if (tested_at.text) {
    o.measured_at = dy6260_time_iso(*tested_at.text);
    if (!o.measured_at) {
      ready_.push_back(DecodeError{Errc::bad_layout,
                                   "warning: " + which + ": " + std::string(kTestedAtKey) + " '" + *tested_at.text +
                                       "' is not yyyy-MM-dd HH:mm:ss; measured_at left out",
                                   offset});
    }
  }
  const auto first = document.bytes.begin() + static_cast<std::ptrdiff_t>(entry.offset());
  o.raw.assign(first, first + static_cast<std::ptrdiff_t>(entry.length()));
  o.offset = offset;
  ready_.push_back(std::move(o));
}

}  // namespace dy6260

kj::Result<std::unique_ptr<Decoder>> make_dy6260_decoder(const CodecOptions& options) {
  constexpr std::size_t kMin = 64;
  constexpr std::size_t kMax = std::size_t{64} * 1024 * 1024;
  std::size_t max_document_bytes = dy6260::kDefaultMaxDocumentBytes;
  for (const auto& [key, value] : options) {
    if (key != "max_document_bytes") {
      return kj::make_error(make_error_code(Errc::bad_option), "unknown dy6260 option '" + key + "'",
                            "dy6260 协议没有选项 '" + key + "'");
    }
    std::size_t parsed = 0;
    const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), parsed);
    if (ec != std::errc{} || end != value.data() + value.size() || parsed < kMin || parsed > kMax) {
      return kj::make_error(make_error_code(Errc::bad_option),
                            "dy6260 option max_document_bytes must be a whole number from " + std::to_string(kMin) +
                                " to " + std::to_string(kMax) + ", got '" + value + "'",
                            "dy6260 选项 max_document_bytes 必须是 " + std::to_string(kMin) + " 到 " +
                                std::to_string(kMax) + " 之间的整数，收到 '" + value + "'");
    }
    max_document_bytes = parsed;
  }
  return std::unique_ptr<Decoder>(std::make_unique<dy6260::Dy6260Decoder>(max_document_bytes));
}

}  // namespace kj::protocols
