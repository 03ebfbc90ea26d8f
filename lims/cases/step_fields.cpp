#include "lims/cases/step_fields.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <vector>

#include "lims/cases/case_labels.hpp"
#include "lims/records/validate.hpp"

namespace kj::lims {
namespace {

struct MethodWord {
  std::string_view code;
  std::string_view zh;
};

constexpr std::array<MethodWord, 3> kDisposal{
    {{"destroy", "无害化销毁"}, {"off_shelf", "下架"}, {"market_exit", "退市"}}};
constexpr std::array<MethodWord, 4> kMeasures{
    {{"seal", "封存"}, {"off_shelf", "下架"}, {"recall", "召回"}, {"rectify", "整改"}}};

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

template <std::size_t N>
std::optional<std::string_view> method_code(const std::array<MethodWord, N>& words, std::string_view text) {
  const std::string key = lower(text);
  for (const auto& word : words) {
    if (key == word.code || text == word.zh) return word.code;
  }
  return std::nullopt;
}

template <std::size_t N>
std::pair<std::string, std::string> choices(const std::array<MethodWord, N>& words) {
  std::string en, zh;
  for (const auto& word : words) {
    en += (en.empty() ? "" : ", ") + std::string(word.code) + " (" + std::string(word.zh) + ")";
    zh += (zh.empty() ? "" : "、") + std::string(word.zh) + "（" + std::string(word.code) + "）";
  }
  return {en, zh};
}

// Splits "封存、召回" / "seal,recall" / "封存，召回" into its parts.
std::vector<std::string> split_list(const std::string& text) {
  std::string unified = text;
  for (const std::string_view sep : {"、", "，", ";", "；"}) {
    for (auto at = unified.find(sep); at != std::string::npos; at = unified.find(sep)) {
      unified.replace(at, sep.size(), ",");
    }
  }
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (start <= unified.size()) {
    const auto end = std::min(unified.find(',', start), unified.size());
    const auto part = trimmed(std::string_view(unified).substr(start, end - start));
    if (!part.empty()) parts.push_back(part);
    start = end + 1;
  }
  return parts;
}

struct FieldInfo {
  unsigned bit;
  const char* name;
  const char* en;
  const char* zh;
};

constexpr FieldInfo kFields[] = {
    {step_field::quantity, "quantity", "the quantity (a number, 0 or more)", "数量（不小于 0 的数）"},
    {step_field::unit, "unit", "the unit of the quantity (kg, 件 …)", "数量单位（kg、件等）"},
    {step_field::method, "method", "the method", "方式/方法"},
    {step_field::supervisor, "supervisor", "who supervised it", "监督人"},
    {step_field::note, "note", "a note", "说明"},
};

bool given(const StepFields& f, unsigned bit) {
  switch (bit) {
    case step_field::quantity: return f.quantity.has_value();
    case step_field::unit: return !f.unit.empty();
    case step_field::method: return !f.method.empty();
    case step_field::supervisor: return !f.supervisor.empty();
    case step_field::note: return !f.note.empty();
  }
  return false;
}

Result<std::string> check_method(MethodVocabulary vocabulary, const std::string& method) {
  switch (vocabulary) {
    case MethodVocabulary::none: return method;
    case MethodVocabulary::laboratory:
      if (is_rapid_method(method)) {
        return invalid_field("method",
                             "a laboratory (non-rapid) method for the recheck, e.g. GB 23200.113-2018 GC-MS/MS",
                             "复检须用实验室（非快检）方法，例如 GB 23200.113-2018 气相色谱-质谱法", method);
      }
      return method;
    case MethodVocabulary::disposal: {
      if (const auto code = method_code(kDisposal, method)) return std::string(*code);
      const auto [en, zh] = choices(kDisposal);
      return invalid_field("method", "one of " + en, zh + "之一", method);
    }
    case MethodVocabulary::measures: {
      std::string codes;
      for (const auto& part : split_list(method)) {
        const auto code = method_code(kMeasures, part);
        if (!code) {
          const auto [en, zh] = choices(kMeasures);
          return invalid_field("method", "one or more of " + en + ", separated by commas",
                               zh + "中的一项或多项，用逗号或顿号分隔", part);
        }
        if (codes.find(*code) == std::string::npos) codes += (codes.empty() ? "" : ",") + std::string(*code);
      }
      return codes;
    }
  }
  return method;
}

}  // namespace

bool is_rapid_method(std::string_view method) {
  const std::string text = lower(method);
  // Catalogue method codes and the usual words for rapid tests on strips, cards and kits.
  // (Not 比色法 alone: colorimetry is also a classical laboratory method.)
  static constexpr std::string_view kWords[] = {"inhibition", "gold_line", "gold_ratio", "rapid",  "strip",  "quick",
                                                "快检",       "快速",      "速测",       "酶抑制", "抑制率", "胶体金",
                                                "消线",       "试纸",      "试剂盒",     "试剂条", "检测卡"};
  return std::any_of(std::begin(kWords), std::end(kWords),
                     [&](std::string_view word) { return text.find(word) != std::string::npos; });
}

Result<StepFields> check_step_fields(const Transition& t, StepFields f) {
  f.unit = trimmed(f.unit);
  f.method = trimmed(f.method);
  f.supervisor = trimmed(f.supervisor);
  f.note = trimmed(f.note);
  const Text step = case_label(t.step);
  for (const auto& field : kFields) {
    const bool has = given(f, field.bit);
    if ((t.required & field.bit) != 0 && !has) {
      return invalid_field(field.name, std::string(field.en) + ", which step " + std::string(t.step) + " requires",
                           std::string(field.zh) + "（“" + step.zh + "”步骤必填）");
    }
    if ((t.allowed & field.bit) == 0 && has) {
      return invalid_field(field.name, "nothing: step " + std::string(t.step) + " does not record it",
                           "空：“" + step.zh + "”步骤不记录此项");
    }
  }
  if (f.quantity.has_value() != !f.unit.empty()) {
    return f.quantity ? invalid_field("unit", "the unit of the quantity (kg, 件 …)", "数量单位（kg、件等）")
                      : invalid_field("quantity", "the quantity the unit belongs to", "与单位对应的数量");
  }
  if (f.quantity && (!std::isfinite(*f.quantity) || *f.quantity < 0)) {
    return invalid_field("quantity", "a number, 0 or more", "不小于 0 的数", std::to_string(*f.quantity));
  }
  if (!f.method.empty()) {
    auto method = check_method(t.method, f.method);
    if (!method) return method.error();
    f.method = std::move(*method);
  }
  return f;
}

}  // namespace kj::lims
