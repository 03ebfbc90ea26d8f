#include "protocols/hl7/oru_builder.hpp"

#include <array>
#include <charconv>
#include <cmath>
#include <vector>

#include "protocols/hl7/encoding_characters.hpp"
#include "protocols/hl7/oru_reader.hpp"
#include "protocols/hl7/timestamp.hpp"

namespace kj::protocols::hl7 {
namespace {

const Delimiters kDelimiters;

// A value of exactly `""` is HL7's null ("delete it"), so a text that says that is sent with its
// first quote escaped.
std::string esc(std::string_view text) {
  if (text == "\"\"") return "\\X22\\\"";
  return escape(text, kDelimiters);
}

std::string esc_optional(const std::optional<std::string>& text) {
  return text ? esc(*text) : std::string();
}

// Writes one segment from already-escaped fields (field 1 first); trailing empty fields are
// left out, as HL7 allows.
void append_segment(std::string& out, std::string_view name, std::span<const std::string> fields) {
  std::size_t count = fields.size();
  while (count > 0 && fields[count - 1].empty()) --count;
  out += name;
  for (std::size_t i = 0; i < count; ++i) {
    out += kDelimiters.field;
    out += fields[i];
  }
  out += '\r';
}

std::string coded(std::string_view code, const std::optional<std::string>& name) {
  std::string out = esc(code);
  if (name && !name->empty()) {
    out += kDelimiters.component;
    out += esc(*name);
  }
  return out;
}

// NM has no exponent, so numbers are written in fixed notation (shortest that reads back).
std::string format_number(double value) {
  std::array<char, 400> buffer{};
  const auto [end, ec] = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value, std::chars_format::fixed);
  return ec == std::errc{} ? std::string(buffer.data(), end) : std::string();
}

std::string_view verdict_word(Verdict verdict) {
  switch (verdict) {
    case Verdict::positive: return "POS";
    case Verdict::negative: return "NEG";
    case Verdict::suspect: return "可疑";
    case Verdict::invalid: return "无效";
  }
  return "";
}

std::string flags_field(const Observation& o) {
  std::string out;
  bool verdict_said = false;
  for (const auto& flag : o.flags) {
    if (!out.empty()) out += kDelimiters.repetition;
    out += esc(flag);
    if (o.verdict && verdict_from_flag(flag) == o.verdict) verdict_said = true;
  }
  if (o.verdict && !verdict_said) {
    if (!out.empty()) out += kDelimiters.repetition;
    out += esc(verdict_word(*o.verdict));
  }
  return out;
}

void append_obx(std::string& out, std::size_t sequence, const Observation& o) {
  std::array<std::string, 18> fields;
  fields[0] = std::to_string(sequence);
  if (const auto* number = std::get_if<double>(&o.value); number != nullptr && std::isfinite(*number)) {
    fields[1] = "NM";
    fields[4] = format_number(*number);
  } else if (const auto* text = std::get_if<std::string>(&o.value)) {
    fields[1] = "ST";
    fields[4] = esc(*text);
  }
  fields[2] = coded(o.item_code, o.item_name);
  fields[5] = esc_optional(o.unit);
  fields[7] = flags_field(o);
  fields[10] = o.status ? esc(*o.status) : std::string("F");
  if (o.measured_at) fields[13] = iso8601_to_dtm(*o.measured_at).value_or("");
  fields[16] = esc_optional(o.standard);
  if (o.device) fields[17] = esc(o.device->serial);
  append_segment(out, "OBX", fields);
}

bool same_sample(const Observation& a, const Observation& b) {
  return a.sample_id == b.sample_id && a.sample_name == b.sample_name;
}

}  // namespace

std::string build_oru_r01(const OruHeader& header, std::span<const Observation> observations) {
  std::string out;
  out.reserve(256 + observations.size() * 160);
  const std::array<std::string, 16> msh{esc(header.sending_application),
                                        esc(header.sending_facility),
                                        esc(header.receiving_application),
                                        esc(header.receiving_facility),
                                        esc(header.timestamp),
                                        "",
                                        "ORU^R01^ORU_R01",
                                        esc(header.control_id),
                                        esc(header.processing_id),
                                        "2.5",
                                        "",
                                        "",
                                        "",
                                        "",
                                        "",
                                        "UNICODE UTF-8"};
  out += "MSH|^~\\&";
  for (const auto& field : msh) {
    out += kDelimiters.field;
    out += field;
  }
  out += '\r';

  std::size_t order = 0;
  for (std::size_t first = 0; first < observations.size();) {
    std::size_t end = first + 1;
    while (end < observations.size() && same_sample(observations[end], observations[first])) ++end;
    const Observation& head = observations[first];
    const std::array<std::string, 4> obr{std::to_string(++order), "", esc_optional(head.sample_id),
                                         coded(head.item_code, head.item_name)};
    append_segment(out, "OBR", obr);
    for (std::size_t k = first; k < end; ++k) append_obx(out, k - first + 1, observations[k]);
    if (head.sample_name) {
      const std::array<std::string, 4> spm{"1", esc_optional(head.sample_id), "",
                                           kDelimiters.component + esc(*head.sample_name)};
      append_segment(out, "SPM", spm);
    }
    first = end;
  }
  return out;
}

}  // namespace kj::protocols::hl7
