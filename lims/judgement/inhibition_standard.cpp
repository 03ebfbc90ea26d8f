#include "lims/judgement/inhibition_standard.hpp"

#include <cmath>

#include "lims/errors.hpp"
#include "lims/judgement/decimal_rounding.hpp"

namespace kj::lims {
namespace {

Error bad(const InhibitionStandard& standard, const std::string& en, const std::string& zh) {
  return make_error(make_error_code(Errc::config_invalid), "standard '" + standard.name + "': " + en,
                    "标准“" + standard.name + "”：" + zh);
}

// Folds the spellings one standard number is written with onto one key.
std::string normalized(std::string_view name) {
  // Full-width and dash variants → ASCII: "—" U+2014, "–" U+2013, "－" U+FF0D, "／" U+FF0F,
  // "．" U+FF0E, ideographic space U+3000.
  static constexpr struct {
    std::string_view from;
    char to;
  } kFolds[] = {{"\xE2\x80\x94", '-'}, {"\xE2\x80\x93", '-'}, {"\xEF\xBC\x8D", '-'},
                {"\xEF\xBC\x8F", '/'}, {"\xEF\xBC\x8E", '.'}, {"\xE3\x80\x80", ' '}};
  std::string out;
  std::size_t i = 0;
  while (i < name.size()) {
    bool folded = false;
    for (const auto& fold : kFolds) {
      if (name.substr(i, fold.from.size()) == fold.from) {
        if (fold.to != ' ') out.push_back(fold.to);
        i += fold.from.size();
        folded = true;
        break;
      }
    }
    if (folded) continue;
    const char c = name[i++];
    if (c == ' ' || c == '\t') continue;
    out.push_back(c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c);
  }
  return out;
}

}  // namespace

Status validate(const InhibitionStandard& standard) {
  if (standard.name.empty()) return bad(standard, "the name is empty", "名称为空");
  const double positive = standard.positive_at_or_above.value();
  if (!std::isfinite(positive) || positive <= 0.0 || positive > 100.0) {
    return bad(standard, "positive_at_or_above must be in (0, 100] %, got " + format_fixed(positive, 1),
               "positive_at_or_above 应在 (0, 100]% 内，实际为 " + format_fixed(positive, 1));
  }
  if (standard.suspect_from) {
    const double suspect = standard.suspect_from->value();
    if (!std::isfinite(suspect) || suspect < 0.0 || suspect >= positive) {
      return bad(standard, "suspect_from must be in [0, positive_at_or_above), got " + format_fixed(suspect, 1),
                 "suspect_from 应在 [0, positive_at_or_above) 内，实际为 " + format_fixed(suspect, 1));
    }
  }
  if (standard.min_control_delta_a) {
    const double minimum = standard.min_control_delta_a->value();
    if (!std::isfinite(minimum) || minimum <= 0.0) {
      return bad(standard, "min_control_delta_a must be above 0, got " + format_fixed(minimum, 3),
                 "min_control_delta_a 应大于 0，实际为 " + format_fixed(minimum, 3));
    }
  }
  return {};
}

InhibitionStandard gb_t_5009_199_2003() {
  return {"GB/T 5009.199-2003", Percent(50.0), Percent(40.0), Absorbance(0.3)};
}

InhibitionStandard ny_t_448_2001() {
  return {"NY/T 448-2001", Percent(70.0), std::nullopt, Absorbance(0.3)};
}

std::vector<InhibitionStandard> default_inhibition_standards() {
  return {gb_t_5009_199_2003(), ny_t_448_2001()};
}

Result<InhibitionStandard> find_inhibition_standard(std::span<const InhibitionStandard> standards,
                                                    std::string_view name) {
  // The configured spelling itself is the common case (every reading of a run names it).
  for (const InhibitionStandard& standard : standards) {
    if (standard.name == name) return standard;
  }
  const std::string key = normalized(name);
  std::string known;
  for (const InhibitionStandard& standard : standards) {
    if (normalized(standard.name) == key) return standard;
    known += (known.empty() ? "" : ", ") + standard.name;
  }
  if (known.empty()) known = "-";
  return make_error(make_error_code(Errc::not_found),
                    "unknown inhibition standard '" + std::string(name) + "' (configured: " + known + ")",
                    "未配置的抑制率判定标准“" + std::string(name) + "”（已配置：" + known + "）");
}

std::string limit_text(const InhibitionStandard& standard) {
  const double limit = standard.positive_at_or_above.value();
  // "<50%", or "<49.5%" for a limit that is not whole.
  return "<" + (limit == std::round(limit) ? format_fixed(limit, 0) : format_fixed(limit, 1)) + "%";
}

}  // namespace kj::lims
