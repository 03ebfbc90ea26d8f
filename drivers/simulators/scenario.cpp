#include "drivers/simulators/scenario.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <fstream>
#include <iterator>
#include <sstream>

#include "drivers/errors.hpp"
#include "protocols/json_reader.hpp"

namespace kj::drivers {
namespace {

using protocols::DeviceTime;
using protocols::JsonKind;
using protocols::JsonValue;

Error bad(const std::string& what_en, const std::string& what_zh) {
  return make_error(make_error_code(Errc::bad_settings), "scenario: " + what_en, "场景文件：" + what_zh);
}

// SplitMix64: tiny, and the same numbers on every platform (std distributions are not).
class Noise {
 public:
  explicit Noise(std::uint64_t seed) : state_(seed) {}
  std::uint64_t next() {
    std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  double uniform(double lo, double hi) { return lo + (hi - lo) * static_cast<double>(next() >> 11) * 0x1.0p-53; }

 private:
  std::uint64_t state_;
};

constexpr std::array<const char*, 8> kVegetables = {"白菜", "黄瓜", "韭菜", "菠菜", "芹菜", "豇豆", "生菜", "油麦菜"};

std::optional<DeviceTime> parse_date(const std::string& text) {
  DeviceTime t;
  char d1 = 0, d2 = 0;
  std::istringstream in(text);
  if (!(in >> t.year >> d1 >> t.month >> d2 >> t.day) || d1 != '-' || d2 != '-' || !in.eof()) return std::nullopt;
  if (!protocols::is_valid(t)) return std::nullopt;
  return t;
}

std::optional<int> parse_clock(const std::string& text) {
  int h = 0, m = 0, s = 0;
  char c1 = 0, c2 = 0;
  std::istringstream in(text);
  if (!(in >> h >> c1 >> m >> c2 >> s) || c1 != ':' || c2 != ':') return std::nullopt;
  if (h < 0 || h > 23 || m < 0 || m > 59 || s < 0 || s > 59) return std::nullopt;
  return h * 3600 + m * 60 + s;
}

std::optional<SimFault> fault_from_string(std::string_view text) {
  for (auto f : {SimFault::bad_checksum, SimFault::garbage, SimFault::silent, SimFault::contention, SimFault::busy,
                 SimFault::truncate}) {
    if (to_string(f) == text) return f;
  }
  return std::nullopt;
}

Result<int> int_member(const JsonValue& doc, std::string_view key, int fallback, int lo, int hi) {
  const auto* v = doc.find(key);
  if (v == nullptr) return fallback;
  if (!v->is_number() || v->as_number() != std::floor(v->as_number()) || v->as_number() < lo || v->as_number() > hi) {
    return bad(
        "\"" + std::string(key) + "\" must be a whole number from " + std::to_string(lo) + " to " + std::to_string(hi),
        "“" + std::string(key) + "”应为 " + std::to_string(lo) + " 到 " + std::to_string(hi) + " 的整数");
  }
  return static_cast<int>(v->as_number());
}

Result<std::string> text_member(const JsonValue& doc, std::string_view key, std::string fallback) {
  const auto* v = doc.find(key);
  if (v == nullptr) return fallback;
  if (!v->is_string()) {
    return bad("\"" + std::string(key) + "\" must be a text", "“" + std::string(key) + "”应为文本");
  }
  return v->as_string();
}

// Absorbance of a cuvette through the photometer's integer ADC (enzyme-inhibition.md §1):
// the wanted A gives a reading, the reading gives back the A the instrument would compute.
double measure(double wanted, Noise& noise) {
  constexpr double kDark = 1000, kFull = 41000;  // full' = 40000 counts
  const double ad_prime = (kFull - kDark) * std::pow(10.0, -wanted);
  const double ad = std::round(ad_prime + kDark + noise.uniform(-15, 15));
  const double ad_dark = std::max(0.0, ad - kDark);
  const double t = ad_dark / (kFull - kDark);
  if (t >= 0.998 && t <= 1.002) return 0;
  if (ad_dark < 1) return 5;
  return std::log10((kFull - kDark) / ad_dark);
}

}  // namespace

std::string_view to_string(SimFault fault) {
  switch (fault) {
    case SimFault::bad_checksum: return "bad_checksum";
    case SimFault::garbage: return "garbage";
    case SimFault::silent: return "silent";
    case SimFault::contention: return "contention";
    case SimFault::busy: return "busy";
    case SimFault::truncate: return "truncate";
  }
  return "?";
}

bool Scenario::has_fault(SimFault fault) const {
  return std::find(faults.begin(), faults.end(), fault) != faults.end();
}

double Scenario::limit() const {
  return standard_code() == 1 ? 70.0 : 50.0;
}

std::uint8_t Scenario::standard_code() const {
  return standard.starts_with("NY") ? 1 : 0;
}

Result<Scenario> parse_scenario(std::string_view json_text) {
  auto parsed = protocols::parse_json(json_text);
  if (const auto* error = std::get_if<protocols::JsonError>(&parsed)) {
    return bad("not valid JSON: " + protocols::to_string(*error), "不是有效的 JSON：" + protocols::to_string(*error));
  }
  const auto& doc = std::get<JsonValue>(parsed);
  if (!doc.is_object()) return bad("the document must be a JSON object", "文档应为 JSON 对象");
  Scenario s;
  if (const auto* v = doc.find("date"); v != nullptr && !(v->is_string() && v->as_string() == "today")) {
    const auto date = v->is_string() ? parse_date(v->as_string()) : std::nullopt;
    if (!date) return bad("\"date\" must be YYYY-MM-DD or \"today\"", "“date”应为 YYYY-MM-DD 或 \"today\"");
    s.date = date;
  }
  if (const auto* v = doc.find("start_time"); v != nullptr) {
    const auto clock = v->is_string() ? parse_clock(v->as_string()) : std::nullopt;
    if (!clock) return bad("\"start_time\" must be HH:MM:SS", "“start_time”应为 HH:MM:SS");
    s.start_seconds = *clock;
  }
  const auto interval = int_member(doc, "interval_seconds", s.interval_seconds, 0, 3600);
  if (!interval) return interval.error();
  s.interval_seconds = *interval;
  if (const auto* v = doc.find("seed"); v != nullptr) {
    if (!v->is_number() || v->as_number() < 0) return bad("\"seed\" must be a number ≥ 0", "“seed”应为非负数");
    s.seed = static_cast<std::uint64_t>(v->as_number());
  }
  auto standard = text_member(doc, "standard", s.standard);
  if (!standard) return standard.error();
  if (*standard != "GB/T 5009.199-2003" && *standard != "NY/T 448-2001") {
    return bad("\"standard\" must be \"GB/T 5009.199-2003\" or \"NY/T 448-2001\"",
               "“standard”应为 \"GB/T 5009.199-2003\" 或 \"NY/T 448-2001\"");
  }
  s.standard = *standard;
  auto item_code = text_member(doc, "item_code", s.item_code);
  if (!item_code) return item_code.error();
  s.item_code = *item_code;
  auto item_name = text_member(doc, "item_name", s.item_name);
  if (!item_name) return item_name.error();
  s.item_name = *item_name;
  for (auto [key, field, lo, hi] :
       {std::tuple{"group_interval_ms", &s.group_interval_ms, 0, 600000},
        std::tuple{"frame_text", &s.frame_text, 16, 240}, std::tuple{"silent_ms", &s.silent_ms, 0, 600000},
        std::tuple{"ack_timeout_ms", &s.ack_timeout_ms, 100, 600000},
        std::tuple{"reply_timeout_ms", &s.reply_timeout_ms, 100, 600000}}) {
    const auto value = int_member(doc, key, *field, lo, hi);
    if (!value) return value.error();
    *field = *value;
  }
  if (const auto* faults = doc.find("faults"); faults != nullptr) {
    if (!faults->is_array()) return bad("\"faults\" must be a list", "“faults”应为列表");
    for (const auto& f : faults->items()) {
      const auto fault = f.is_string() ? fault_from_string(f.as_string()) : std::nullopt;
      if (!fault) {
        return bad("unknown fault; expected bad_checksum, garbage, silent, contention, busy or truncate",
                   "未知故障；应为 bad_checksum、garbage、silent、contention、busy 或 truncate");
      }
      s.faults.push_back(*fault);
    }
  }
  const auto* samples = doc.find("samples");
  if (samples == nullptr || !samples->is_array() || samples->items().empty()) {
    return bad("\"samples\" must be a non-empty list", "“samples”应为非空列表");
  }
  for (std::size_t i = 0; i < samples->items().size(); ++i) {
    const auto& entry = samples->items()[i];
    const std::string where = "samples[" + std::to_string(i) + "]";
    if (!entry.is_object()) return bad(where + " must be an object", where + " 应为对象");
    ScenarioSample sample;
    const auto channel = int_member(entry, "channel", static_cast<int>(i) + 1, 1, 24);
    if (!channel) return channel.error();
    sample.channel = *channel;
    char id[16];
    std::snprintf(id, sizeof id, "%04d", sample.channel);
    auto sample_id = text_member(entry, "sample_id", id);
    if (!sample_id) return sample_id.error();
    sample.sample_id = *sample_id;
    auto name = text_member(entry, "name", kVegetables[i % kVegetables.size()]);
    if (!name) return name.error();
    sample.name = *name;
    auto item = text_member(entry, "item_name", "");
    if (!item) return item.error();
    sample.item_name = *item;
    if (const auto* p = entry.find("positive"); p != nullptr) {
      if (!p->is_bool()) return bad(where + ".positive must be true or false", where + ".positive 应为 true 或 false");
      sample.positive = p->as_bool();
    }
    if (const auto* v = entry.find("value"); v != nullptr) {
      if (!v->is_number() || v->as_number() < 0 || v->as_number() > 100) {
        return bad(where + ".value must be a percent from 0 to 100", where + ".value 应为 0 到 100 的百分数");
      }
      sample.value = v->as_number();
    }
    s.samples.push_back(std::move(sample));
  }
  return s;
}

Result<Scenario> load_scenario(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    return make_error(make_error_code(Errc::bad_settings), "cannot read the scenario file " + file.string(),
                      "无法读取场景文件 " + file.string());
  }
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  auto scenario = parse_scenario(text);
  if (!scenario) {
    const auto& e = scenario.error();
    return make_error(e.code, file.string() + ": " + e.detail.en, file.string() + "：" + e.detail.zh);
  }
  return scenario;
}

Scenario default_scenario(std::string_view profile) {
  Scenario s;
  std::vector<std::pair<std::string, bool>> names = {{"白菜", false}, {"黄瓜", true}, {"韭菜", false},
                                                     {"菠菜", false}, {"芹菜", true}, {"豇豆", false}};
  if (profile == "dy6260") {
    s.item_code = "clenbuterol";
    s.item_name = "克伦特罗";
    names = {{"猪肉", false}, {"牛肉", false}, {"羊肉", true}, {"猪肝", false}};
  } else if (profile == "dyrs2") {
    s.item_code = "moisture";
    s.item_name = "水分";
    names = {{"猪肉", false}, {"牛肉", true}, {"羊肉", false}, {"鸡肉", false}};
  } else if (profile == "ty16" || profile == "tyz24") {
    names.push_back({"生菜", false});
    names.push_back({"油麦菜", true});
    names.push_back({"小白菜", false});
    names.push_back({"茄子", false});
  }
  for (std::size_t i = 0; i < names.size(); ++i) {
    ScenarioSample sample;
    sample.channel = static_cast<int>(i) + 1;
    char id[16];
    std::snprintf(id, sizeof id, "%04d", 12 + static_cast<int>(i));
    sample.sample_id = id;
    sample.name = names[i].first;
    sample.positive = names[i].second;
    s.samples.push_back(sample);
  }
  return s;
}

std::vector<SimReading> generate_readings(const Scenario& scenario, const DeviceTime& today) {
  Noise noise(scenario.seed);
  const DeviceTime day = scenario.date.value_or(today);
  const double limit = scenario.limit();
  std::vector<SimReading> out;
  // One control per run, shared by all its samples (enzyme-inhibition.md §3).
  const double control_a0 = noise.uniform(0.10, 0.20);
  const double control_wanted = noise.uniform(0.40, 0.45);
  const double c0 = measure(control_a0, noise);
  const double c3 = measure(control_a0 + control_wanted, noise);
  const double control_delta = c3 - c0;
  for (std::size_t i = 0; i < scenario.samples.size(); ++i) {
    const auto& sample = scenario.samples[i];
    SimReading r;
    r.channel = sample.channel;
    r.sample_id = sample.sample_id;
    r.sample_name = sample.name;
    r.item_name = sample.item_name.empty() ? scenario.item_name : sample.item_name;
    r.test_number = static_cast<int>(i) + 1;
    r.control_delta_a = control_delta;
    const double positive_low = std::max(55.0, limit + 5.0);
    const double wanted =
        sample.value.value_or(sample.positive ? noise.uniform(positive_low, 85.0) : noise.uniform(5.0, 35.0));
    const double a0_wanted = noise.uniform(0.10, 0.20);
    r.a0 = measure(a0_wanted, noise);
    r.a3 = measure(a0_wanted + control_delta * (1.0 - wanted / 100.0), noise);
    r.delta_a = r.a3 - r.a0;
    const double fraction = (control_delta - r.delta_a) / control_delta;
    r.inhibition = std::clamp(fraction, 0.0, 1.0) * 100.0;
    r.positive = std::round(r.inhibition * 10.0) / 10.0 >= limit;
    const int seconds = scenario.start_seconds + static_cast<int>(i) * scenario.interval_seconds;
    r.measured_at = day;
    r.measured_at.hour = (seconds / 3600) % 24;
    r.measured_at.minute = (seconds / 60) % 60;
    r.measured_at.second = seconds % 60;
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace kj::drivers
