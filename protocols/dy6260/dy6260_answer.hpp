// The answer of a DY-6260 colloidal-gold reader to `READ` (instruments.md §6): one UTF-8 JSON
// document {"detail":[{"检测结果":…,"检测项目":…,"样品编号":…,"样品名称":…,"检测时间":…},…]}.
// Here: the entry as data, the answer builder for simulators, and the readings of the two
// fields that need interpreting (the result text's verdict and the test time).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "protocols/observation.hpp"

namespace kj::protocols::dy6260 {

// The keys, as the vendor document spells them.
inline constexpr std::string_view kDetailKey = "detail";
inline constexpr std::string_view kResultKey = "检测结果";
inline constexpr std::string_view kItemKey = "检测项目";
inline constexpr std::string_view kSampleIdKey = "样品编号";
inline constexpr std::string_view kSampleNameKey = "样品名称";
inline constexpr std::string_view kTestedAtKey = "检测时间";

// One record; a field that is nothing is left out of the JSON.
struct Dy6260Entry {
  std::optional<std::string> result;  // 阴性, 阳性, … (not enumerated by the vendor)
  std::optional<std::string> item;
  std::optional<std::string> sample_id;
  std::optional<std::string> sample_name;
  std::optional<std::string> tested_at;  // yyyy-MM-dd HH:mm:ss
};

// The answer document for `entries`, keys in the vendor document's order, JSON-escaped.
std::vector<std::uint8_t> encode_dy6260_answer(const std::vector<Dy6260Entry>& entries);

// The verdict a result text states: 阴性/合格 → negative, 阳性/不合格/超标 → positive, 可疑 →
// suspect, 无效 → invalid (surrounding whitespace ignored); nothing for any other text.
std::optional<Verdict> dy6260_verdict(std::string_view result);

// `yyyy-MM-dd HH:mm:ss` → `yyyy-MM-ddTHH:mm:ss`. Also takes '/' between the date parts, 'T'
// before the time and one-digit fields (Android formats vary); nothing for other text or an
// impossible date.
std::optional<std::string> dy6260_time_iso(std::string_view text);

}  // namespace kj::protocols::dy6260
