#include "protocols/hl7/oru_reader.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <utility>

#include "protocols/decoder.hpp"
#include "protocols/hl7/charset.hpp"
#include "protocols/hl7/timestamp.hpp"

namespace kj::protocols::hl7 {
namespace {

using Segment = Message::Segment;

// Where \Xhh…\ bytes go: in a message converted to UTF-8 as a whole they are still in its original
// set and are converted too.
class HexFromCharset final : public HexBytes {
 public:
  explicit HexFromCharset(Charset charset) : charset_(charset) {}
  bool append(std::string_view bytes, std::string& out) const override {
    if (charset_ != Charset::utf8) return append_utf8(bytes, charset_, out);
    out.append(bytes);  // checked with the whole value, as a character may span two sequences
    return true;
  }

 private:
  Charset charset_;
};

// Decodes the values of one message to UTF-8 and remembers the first that was not valid text,
// so the reader can go on and fail once at the end instead of checking every call. The message
// text is valid UTF-8 here (checked or converted as a whole); only escapes can add bad bytes.
class TextDecoder {
 public:
  TextDecoder(const Delimiters& delimiters, const HexBytes& hex, bool check_utf8)
      : delimiters_(delimiters), hex_(hex), check_utf8_(check_utf8) {}

  // Empty for an absent value and for HL7's explicit null `""`.
  std::string text(std::string_view raw, const char* where) {
    std::string out;
    if (raw.empty() || raw == "\"\"") return out;
    // A loop, not find(): values are a few bytes, too short for memchr to pay its call.
    if (std::find(raw.begin(), raw.end(), delimiters_.escape) == raw.end()) {
      out.assign(raw);  // the message as a whole is valid text
      return out;
    }
    if (!append_unescaped(raw, delimiters_, hex_, out)) fail(where);
    if (check_utf8_ && !is_valid_utf8(out)) fail(where);  // \Xhh…\ can make any byte
    return out;
  }

  std::optional<std::string> optional_text(std::string_view raw, const char* where) {
    std::string out = text(raw, where);
    if (out.empty()) return std::nullopt;
    return out;
  }

  [[nodiscard]] const char* failed_at() const { return failed_at_; }

 private:
  void fail(const char* where) {
    if (failed_at_ == nullptr) failed_at_ = where;
  }

  const Delimiters& delimiters_;
  const HexBytes& hex_;
  bool check_utf8_;
  const char* failed_at_ = nullptr;
};

// An HL7 NM: optional sign, digits with at most one decimal point, spaces around tolerated.
// No exponent, no `inf`: those are not numbers on this wire.
std::optional<double> parse_number(std::string_view text) {
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  if (!text.empty() && text.front() == '+') text.remove_prefix(1);
  std::size_t digits = 0;
  std::size_t points = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c >= '0' && c <= '9') {
      ++digits;
    } else if (c == '.') {
      ++points;
    } else if (!(c == '-' && i == 0)) {
      return std::nullopt;
    }
  }
  if (digits == 0 || points > 1) return std::nullopt;
  double value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || end != text.data() + text.size()) return std::nullopt;
  return value;
}

ObservedValue text_or_none(std::string text) {
  if (text.empty()) return std::monostate{};
  return text;
}

class OruReader {
 public:
  OruReader(const Message& message, const HexBytes& hex, bool check_utf8)
      : message_(message), d_(message.delimiters()), decoder_(d_, hex, check_utf8) {}

  // The first repetition's `n`-th component of field `field` of `segment`.
  std::string_view component(const Segment& segment, std::size_t field, std::size_t n) const {
    return first_component(message_.field(segment, field), d_, n);
  }

  Status read(std::span<const std::uint8_t> raw, std::uint64_t offset, std::vector<Observation>& out) {
    const auto& msh = message_.msh();
    std::string maker = decoder_.text(component(msh, 3, 1), "MSH-3");
    std::string model = decoder_.text(component(msh, 4, 1), "MSH-4");
    const auto segments = message_.segments();
    const std::size_t first_new = out.size();
    std::size_t obx_count = 0;
    for (const auto& segment : segments) obx_count += segment.name == "OBX" ? 1 : 0;
    out.reserve(out.size() + obx_count);
    for (std::size_t i = 0; i < segments.size(); ++i) {
      if (i == 0 || segments[i].name == "OBR") load_group(i);
      if (segments[i].name != "OBX") continue;
      const Segment& obx = segments[i];
      Observation& o = out.emplace_back();
      o.protocol = "hl7";
      std::string serial = decoder_.text(component(obx, 18, 1), "OBX-18");
      if (!maker.empty() || !model.empty() || !serial.empty()) {
        o.device = DeviceIdentity{maker, model, std::move(serial)};
      }
      o.sample_id = sample_id_;
      o.sample_name = sample_name_;
      o.item_code = decoder_.text(component(obx, 3, 1), "OBX-3");
      o.item_name = decoder_.optional_text(component(obx, 3, 2), "OBX-3");
      if (o.item_code.empty() && o.item_name) o.item_code = *o.item_name;
      o.value = read_value(message_.field(obx, 2), message_.field(obx, 5));
      o.unit = decoder_.optional_text(component(obx, 6, 1), "OBX-6");
      read_flags(message_.field(obx, 8), o);
      o.status = decoder_.optional_text(component(obx, 11, 1), "OBX-11");
      o.measured_at = measured_at(component(obx, 14, 1));
      const std::string_view method_text = component(obx, 17, 2);
      o.standard = decoder_.optional_text(method_text.empty() ? component(obx, 17, 1) : method_text, "OBX-17");
      o.raw.assign(raw.begin(), raw.end());
      o.offset = offset;
    }
    if (const char* where = decoder_.failed_at()) {
      out.resize(first_new);
      return make_error(make_error_code(Errc::bad_encoding),
                        std::string("HL7 ") + where + " is not valid text in the message's character set",
                        std::string("HL7 ") + where + " 不是消息字符集中的有效文本");
    }
    return {};
  }

 private:
  // Reads what every OBX of the order group starting at segment `start` shares: the sample and
  // the OBR's time. Before the first OBR the "group" is the message head.
  void load_group(std::size_t start) {
    const auto segments = message_.segments();
    const Segment* obr = segments[start].name == "OBR" ? &segments[start] : nullptr;
    const Segment* spm = nullptr;
    for (std::size_t k = start + 1; k < segments.size() && segments[k].name != "OBR"; ++k) {
      if (segments[k].name == "SPM") {
        spm = &segments[k];
        break;
      }
    }
    std::string id;
    if (obr != nullptr) {
      id = decoder_.text(component(*obr, 3, 1), "OBR-3");
      if (id.empty()) id = decoder_.text(component(*obr, 2, 1), "OBR-2");
    }
    if (id.empty() && spm != nullptr) {
      id = decoder_.text(piece(component(*spm, 2, 1), d_.subcomponent, 1), "SPM-2");
      if (id.empty()) id = decoder_.text(piece(component(*spm, 2, 2), d_.subcomponent, 1), "SPM-2");
    }
    sample_id_ = id.empty() ? std::nullopt : std::optional<std::string>(std::move(id));
    sample_name_.reset();
    if (spm != nullptr) {
      const std::string_view name = component(*spm, 4, 2);
      sample_name_ = decoder_.optional_text(name.empty() ? component(*spm, 4, 1) : name, "SPM-4");
    }
    group_time_.reset();
    if (obr != nullptr) {
      const std::string_view observed = component(*obr, 7, 1);
      if (!observed.empty()) group_time_ = dtm_to_iso8601(observed);
    }
  }

  // OBX-14 as ISO 8601, else the group's OBR-7. The results of one run usually share a time, so
  // the last conversion is kept.
  std::optional<std::string> measured_at(std::string_view observed) {
    if (observed.empty()) return group_time_;
    if (observed != last_observed_) {
      last_observed_ = observed;
      last_measured_at_ = dtm_to_iso8601(observed);
    }
    return last_measured_at_;
  }

  ObservedValue read_value(std::string_view type, std::string_view field) {
    const std::string_view first = piece(field, d_.repetition, 1);
    if (field.empty() || first == "\"\"") return std::monostate{};
    if (type == "NM" || type.empty()) {
      std::string text = decoder_.text(first, "OBX-5");
      if (const auto number = parse_number(text)) return *number;
      return text_or_none(std::move(text));
    }
    if (type == "CWE" || type == "CE" || type == "CNE" || type == "CF") {
      std::string text = decoder_.text(piece(first, d_.component, 2), "OBX-5");
      if (text.empty()) text = decoder_.text(piece(first, d_.component, 1), "OBX-5");
      return text_or_none(std::move(text));
    }
    if (type == "SN") return read_structured_numeric(first);
    if (type == "ST" || type == "TX" || type == "FT") {
      std::string text;
      bool first_line = true;
      for_each_piece(field, d_.repetition, [&](std::string_view line) {
        if (!first_line) text += '\n';
        first_line = false;
        text += decoder_.text(line, "OBX-5");
      });
      return text_or_none(std::move(text));
    }
    return text_or_none(decoder_.text(first, "OBX-5"));
  }

  // SN: comparator ^ number ^ separator/suffix ^ number.
  ObservedValue read_structured_numeric(std::string_view value) {
    std::array<std::string, 4> parts;
    for (std::size_t n = 0; n < parts.size(); ++n) parts[n] = decoder_.text(piece(value, d_.component, n + 1), "OBX-5");
    if (parts[0].empty() && parts[2].empty() && parts[3].empty()) {
      if (const auto number = parse_number(parts[1])) return *number;
    }
    return text_or_none(parts[0] + parts[1] + parts[2] + parts[3]);
  }

  void read_flags(std::string_view field, Observation& o) {
    if (field.empty()) return;
    o.flags.reserve(static_cast<std::size_t>(std::count(field.begin(), field.end(), d_.repetition)) + 1);
    for_each_piece(field, d_.repetition, [&](std::string_view repetition) {
      std::string flag = decoder_.text(piece(repetition, d_.component, 1), "OBX-8");
      if (flag.empty()) return;
      if (!o.verdict) o.verdict = verdict_from_flag(flag);
      o.flags.push_back(std::move(flag));
    });
  }

  const Message& message_;
  const Delimiters& d_;
  TextDecoder decoder_;
  std::optional<std::string> sample_id_;
  std::optional<std::string> sample_name_;
  std::optional<std::string> group_time_;
  std::string_view last_observed_;
  std::optional<std::string> last_measured_at_;
};

std::string ascii_upper(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return out;
}

}  // namespace

bool is_oru_r01(const Message& message) {
  const auto& d = message.delimiters();
  const std::string_view type = piece(message.field(message.msh(), 9), d.repetition, 1);
  const std::string_view trigger = piece(type, d.component, 2);
  return piece(type, d.component, 1) == "ORU" && (trigger == "R01" || trigger.empty());
}

Status read_observations(const Message& message, std::span<const std::uint8_t> raw, std::uint64_t offset,
                         std::vector<Observation>& out) {
  const std::string_view charset_name = piece(message.field(message.msh(), 18), message.delimiters().repetition, 1);
  const auto charset = charset_from_name(charset_name);
  if (!charset) {
    return make_error(make_error_code(Errc::bad_encoding),
                      "HL7 character set \"" + std::string(charset_name) + "\" (MSH-18) is not supported",
                      "不支持 HL7 字符集 \"" + std::string(charset_name) + "\"（MSH-18）");
  }
  const HexFromCharset hex(*charset);
  if (*charset == Charset::utf8) {
    // Checked as a whole, as a converted message is: a message is text in its set or it is not.
    if (!is_valid_utf8(message.text())) {
      return make_error(make_error_code(Errc::bad_encoding), "HL7 message is not valid UTF-8 (MSH-18)",
                        "HL7 消息不是有效的 UTF-8（MSH-18）");
    }
    return OruReader(message, hex, true).read(raw, offset, out);
  }
  // Any other set is converted as a whole before splitting: a GBK trail byte may equal `|`, `^`,
  // `~` or `\`, and would cut a value in two if the bytes were split first.
  std::string converted;
  if (!append_utf8(message.text(), *charset, converted)) {
    return make_error(make_error_code(Errc::bad_encoding),
                      "HL7 message is not valid text in its character set \"" + std::string(charset_name) + "\"",
                      "HL7 消息不是其字符集 \"" + std::string(charset_name) + "\" 中的有效文本");
  }
  Message utf8;
  if (const auto parsed = utf8.parse(converted); !parsed) return parsed;
  return OruReader(utf8, hex, false).read(raw, offset, out);
}

std::optional<Verdict> verdict_from_flag(std::string_view flag) {
  static constexpr std::array<std::pair<std::string_view, Verdict>, 17> kWords{{
      {"POS", Verdict::positive},
      {"POSITIVE", Verdict::positive},
      {"DET", Verdict::positive},
      {"阳性", Verdict::positive},
      {"不合格", Verdict::positive},
      {"超标", Verdict::positive},
      {"NEG", Verdict::negative},
      {"NEGATIVE", Verdict::negative},
      {"ND", Verdict::negative},
      {"阴性", Verdict::negative},
      {"合格", Verdict::negative},
      {"IND", Verdict::suspect},
      {"SUSPECT", Verdict::suspect},
      {"可疑", Verdict::suspect},
      {"INVALID", Verdict::invalid},
      {"无效", Verdict::invalid},
      {"INV", Verdict::invalid},
  }};
  // The usual flags (H, L, N, A…) are one letter, and no verdict word is: answer them at once.
  if (flag.size() < 2 || flag.size() > 9) return std::nullopt;
  const std::string word = ascii_upper(flag);
  for (const auto& [known, verdict] : kWords) {
    if (word == known) return verdict;
  }
  return std::nullopt;
}

}  // namespace kj::protocols::hl7
