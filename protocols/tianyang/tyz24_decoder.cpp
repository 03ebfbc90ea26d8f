#include "protocols/tianyang/tyz24_decoder.hpp"

#include <utility>

#include "protocols/device_time.hpp"
#include "protocols/tianyang/tianyang_link.hpp"
#include "protocols/tianyang/wire_float.hpp"

namespace kj::protocols {
namespace tianyang {
namespace {

Verdict verdict_of(std::uint8_t code) {
  if (code == kTyz24Pass) return Verdict::negative;
  if (code == kTyz24Fail) return Verdict::positive;
  return Verdict::invalid;
}

std::string trim_trailing_spaces(std::string text) {
  while (!text.empty() && text.back() == ' ') text.pop_back();
  return text;
}

// Reads 1–max digits at text[at]; advances `at`.
std::optional<int> read_number(std::string_view text, std::size_t& at, std::size_t min, std::size_t max) {
  int value = 0;
  std::size_t count = 0;
  while (at < text.size() && count < max && text[at] >= '0' && text[at] <= '9') {
    value = value * 10 + (text[at] - '0');
    ++at;
    ++count;
  }
  if (count < min) return std::nullopt;
  return value;
}

}  // namespace

std::optional<std::string> tyz24_date_iso(std::string_view text) {
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  DeviceTime date;
  std::size_t at = 0;
  if (text.size() == 8 && text.find_first_not_of("0123456789") == std::string_view::npos) {
    date.year = *read_number(text, at, 4, 4);
    date.month = *read_number(text, at, 2, 2);
    date.day = *read_number(text, at, 2, 2);
  } else {
    const auto year = read_number(text, at, 4, 4);
    if (!year || at >= text.size()) return std::nullopt;
    const char separator = text[at++];
    if (separator != '-' && separator != '/' && separator != '.') return std::nullopt;
    const auto month = read_number(text, at, 1, 2);
    if (!month || at >= text.size() || text[at++] != separator) return std::nullopt;
    const auto day = read_number(text, at, 1, 2);
    if (!day || at != text.size()) return std::nullopt;
    date.year = *year;
    date.month = *month;
    date.day = *day;
  }
  if (!is_valid(date)) return std::nullopt;
  return to_iso8601_date(date);
}

Tyz24Decoder::Tyz24Decoder() : FramedDecoder([](std::span<const std::uint8_t> bytes) { return probe(bytes, false); }) {}

Probe Tyz24Decoder::probe(std::span<const std::uint8_t> bytes, bool nested) {
  if (bytes[0] == kEsc) {
    if (bytes.size() < 2) return Probe::more();
    const std::uint8_t second = bytes[1];
    if (second == kTyz24ModelCode || second == kDownloadStarted || second == kNoMoreData || is_host_command(second)) {
      return Probe::frame_of(2);
    }
    return Probe::reject(Errc::garbage, "no TYZ24 frame here: 1B followed by an unknown code");
  }
  if (bytes[0] == kNextGroup) {
    // The host's request when a unit follows it, so a stray 24 in garbage neither splits the
    // run nor passes for host traffic; past a request another 24 is simply the next request.
    if (nested) return Probe::frame_of(1);
    if (bytes.size() < 2) return Probe::more();
    const Probe after = probe(bytes.subspan(1), true);
    if (after.kind == Probe::Kind::need_more) return after;
    if (after.kind == Probe::Kind::frame) return Probe::frame_of(1);
    return Probe::reject(Errc::garbage, "no TYZ24 frame here: 24 (next group) followed by garbage");
  }
  const GroupCheck check = check_tyz24_group(bytes);
  switch (check.verdict) {
    case GroupCheck::Verdict::need_more: return Probe::more();
    case GroupCheck::Verdict::implausible: return Probe::reject(Errc::garbage, check.why);
    case GroupCheck::Verdict::plausible: break;
  }
  return Probe::frame_of(kTyz24GroupSize);
}

void Tyz24Decoder::interpret(const RawFrame& frame, std::deque<DecodeEvent>& out) {
  if (frame.bytes.size() != kTyz24GroupSize) return;  // link traffic
  const Tyz24Group group =
      parse_tyz24_group(std::span<const std::uint8_t, kTyz24GroupSize>(frame.bytes.data(), kTyz24GroupSize));
  const std::optional<std::string> measured_at = group.date_text ? tyz24_date_iso(*group.date_text) : std::nullopt;
  for (std::size_t k = 0; k < kTyz24RecordCount; ++k) {
    if (!group.records[k]) continue;
    const Tyz24Record& record = *group.records[k];
    Observation o;
    o.protocol = "tyz24";
    o.channel = tyz24_channel(record.channel_code);
    if (record.sample_name) {
      std::string name = trim_trailing_spaces(*record.sample_name);
      if (!name.empty()) o.sample_name = std::move(name);
    } else {
      out.push_back(DecodeError{Errc::bad_encoding,
                                "warning: TYZ24 record " + std::to_string(k + 1) + " (channel " +
                                    tyz24_channel_label(record.channel_code) +
                                    ") has a sample name that is not valid GB2312/GBK; it was left out",
                                frame.offset});
    }
    o.item_code = "pesticide";
    o.item_name = "农药残留";
    o.value = round_2dp(static_cast<double>(record.result) * 100.0);
    o.unit.emplace("%");  // not `= "%"`: GCC 12 -O3 gives a false -Wrestrict on that (bug 105329)
    o.readings.a3 = widen_shortest(record.absorbance);
    o.readings.delta_a = widen_shortest(record.delta_a);
    o.verdict = verdict_of(record.verdict);
    o.measured_at = measured_at;
    o.raw = frame.bytes;
    o.offset = frame.offset;
    out.push_back(std::move(o));
  }
}

}  // namespace tianyang

kj::Result<std::unique_ptr<Decoder>> make_tyz24_decoder(const CodecOptions& options) {
  if (!options.empty()) {
    const std::string& key = options.begin()->first;
    return kj::make_error(make_error_code(Errc::bad_option), "unknown tyz24 option '" + key + "'",
                          "tyz24 协议没有选项 '" + key + "'");
  }
  return std::unique_ptr<Decoder>(std::make_unique<tianyang::Tyz24Decoder>());
}

}  // namespace kj::protocols
