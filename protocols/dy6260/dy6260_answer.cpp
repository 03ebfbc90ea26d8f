#include "protocols/dy6260/dy6260_answer.hpp"

#include <array>
#include <utility>

#include "protocols/device_time.hpp"
#include "protocols/json_writer.hpp"

namespace kj::protocols::dy6260 {
namespace {

std::string_view trim(std::string_view text) {
  const auto space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  while (!text.empty() && space(text.front())) text.remove_prefix(1);
  while (!text.empty() && space(text.back())) text.remove_suffix(1);
  return text;
}

// Reads min–max digits at text[at]; advances `at`.
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

bool read_char(std::string_view text, std::size_t& at, std::string_view allowed) {
  if (at >= text.size() || allowed.find(text[at]) == std::string_view::npos) return false;
  ++at;
  return true;
}

}  // namespace

std::vector<std::uint8_t> encode_dy6260_answer(const std::vector<Dy6260Entry>& entries) {
  JsonWriter json;
  json.begin_object();
  json.key(kDetailKey).begin_array();
  for (const Dy6260Entry& entry : entries) {
    json.begin_object();
    const std::array<std::pair<std::string_view, const std::optional<std::string>*>, 5> fields{{
        {kResultKey, &entry.result},
        {kItemKey, &entry.item},
        {kSampleIdKey, &entry.sample_id},
        {kSampleNameKey, &entry.sample_name},
        {kTestedAtKey, &entry.tested_at},
    }};
    for (const auto& [key, value] : fields) {
      if (*value) json.key(key).value(**value);
    }
    json.end_object();
  }
  json.end_array();
  json.end_object();
  const std::string& text = json.str();
  return {text.begin(), text.end()};
}

std::optional<Verdict> dy6260_verdict(std::string_view result) {
  const std::string_view text = trim(result);
  if (text == "阴性" || text == "合格") return Verdict::negative;
  if (text == "阳性" || text == "不合格" || text == "超标") return Verdict::positive;
  if (text == "可疑") return Verdict::suspect;
  if (text == "无效") return Verdict::invalid;
  return std::nullopt;
}

std::optional<std::string> dy6260_time_iso(std::string_view text) {
  text = trim(text);
  std::size_t at = 0;
  const auto year = read_number(text, at, 4, 4);
  if (!year || !read_char(text, at, "-/")) return std::nullopt;
  const char separator = text[at - 1];
  const auto month = read_number(text, at, 1, 2);
  if (!month || !read_char(text, at, std::string_view(&separator, 1))) return std::nullopt;
  const auto day = read_number(text, at, 1, 2);
  if (!day || !read_char(text, at, " T")) return std::nullopt;
  const auto hour = read_number(text, at, 1, 2);
  if (!hour || !read_char(text, at, ":")) return std::nullopt;
  const auto minute = read_number(text, at, 1, 2);
  if (!minute || !read_char(text, at, ":")) return std::nullopt;
  const auto second = read_number(text, at, 1, 2);
  if (!second || at != text.size()) return std::nullopt;
  const DeviceTime t{*year, *month, *day, *hour, *minute, *second};
  if (!is_valid(t)) return std::nullopt;
  return to_iso8601(t);
}

}  // namespace kj::protocols::dy6260
