#include "protocols/observation.hpp"

#include <array>

#include "protocols/json_writer.hpp"

namespace kj::protocols {

std::string_view to_string(Verdict verdict) {
  switch (verdict) {
    case Verdict::negative: return "negative";
    case Verdict::positive: return "positive";
    case Verdict::suspect: return "suspect";
    case Verdict::invalid: return "invalid";
  }
  return "invalid";
}

std::optional<Verdict> verdict_from_string(std::string_view text) {
  for (const Verdict v : {Verdict::negative, Verdict::positive, Verdict::suspect, Verdict::invalid}) {
    if (text == to_string(v)) return v;
  }
  return std::nullopt;
}

std::string to_hex(const std::vector<std::uint8_t>& bytes) {
  static constexpr std::array<char, 16> kHex{'0', '1', '2', '3', '4', '5', '6', '7',
                                             '8', '9', 'a', 'b', 'c', 'd', 'e', 'f'};
  std::string out;
  out.reserve(bytes.size() * 2);
  for (const std::uint8_t b : bytes) {
    out.push_back(kHex[b >> 4]);
    out.push_back(kHex[b & 0xF]);
  }
  return out;
}

namespace {

void write_optional(JsonWriter& json, std::string_view name, const std::optional<std::string>& text) {
  if (text) json.key(name).value(*text);
}

void write_readings(JsonWriter& json, const Readings& readings) {
  if (readings.empty()) return;
  json.key("readings").begin_object();
  const std::array<std::pair<std::string_view, const std::optional<double>*>, 6> fields{{
      {"a0", &readings.a0},
      {"a3", &readings.a3},
      {"delta_a", &readings.delta_a},
      {"c", &readings.c},
      {"t", &readings.t},
      {"tc", &readings.tc},
  }};
  for (const auto& [name, number] : fields) {
    if (*number) json.key(name).value(**number);
  }
  json.end_object();
}

}  // namespace

std::string to_json(const Observation& o) {
  JsonWriter json;
  json.begin_object();
  json.key("protocol").value(o.protocol);
  if (o.device) {
    json.key("device").begin_object();
    json.key("maker").value(o.device->maker);
    json.key("model").value(o.device->model);
    json.key("serial").value(o.device->serial);
    json.end_object();
  }
  if (o.channel) json.key("channel").value(*o.channel);
  write_optional(json, "sample_id", o.sample_id);
  write_optional(json, "sample_name", o.sample_name);
  json.key("item_code").value(o.item_code);
  write_optional(json, "item_name", o.item_name);
  if (const auto* number = std::get_if<double>(&o.value)) json.key("value").value(*number);
  if (const auto* text = std::get_if<std::string>(&o.value)) json.key("value").value(*text);
  write_optional(json, "unit", o.unit);
  write_readings(json, o.readings);
  if (o.verdict) json.key("verdict").value(to_string(*o.verdict));
  if (!o.flags.empty()) {
    json.key("flags").begin_array();
    for (const auto& flag : o.flags) json.value(flag);
    json.end_array();
  }
  write_optional(json, "status", o.status);
  write_optional(json, "measured_at", o.measured_at);
  write_optional(json, "standard", o.standard);
  json.key("raw").value(to_hex(o.raw));
  json.end_object();
  return json.take();
}

}  // namespace kj::protocols
