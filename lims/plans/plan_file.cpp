#include "lims/plans/plan_file.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <map>
#include <variant>

#include "lims/errors.hpp"
#include "lims/plans/csv_reader.hpp"
#include "protocols/json_reader.hpp"

namespace kj::lims {
namespace {

constexpr std::string_view kBom = "\xEF\xBB\xBF";
constexpr std::int64_t kMaxBatches = 100000;
constexpr std::size_t kMaxPlanName = 100;
constexpr std::size_t kMaxPlaceName = 64;  // category, township, market

Error invalid(std::string en, std::string zh) {
  return make_error(make_error_code(Errc::invalid_input), std::move(en), std::move(zh));
}

std::string trim(std::string_view text) {
  const auto space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  while (!text.empty() && space(text.front())) text.remove_prefix(1);
  while (!text.empty() && space(text.back())) text.remove_suffix(1);
  return std::string(text);
}

std::size_t code_points(std::string_view text) {
  return static_cast<std::size_t>(
      std::count_if(text.begin(), text.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

// Offset of the first byte that is not part of well-formed UTF-8, or npos.
std::size_t first_invalid_utf8(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size()) {
    const auto byte = static_cast<unsigned char>(text[i]);
    std::size_t length = 0;
    unsigned min_second = 0x80, max_second = 0xBF;
    if (byte < 0x80) {
      length = 1;
    } else if (byte >= 0xC2 && byte <= 0xDF) {
      length = 2;
    } else if (byte >= 0xE0 && byte <= 0xEF) {
      length = 3;
      if (byte == 0xE0) min_second = 0xA0;  // overlong
      if (byte == 0xED) max_second = 0x9F;  // surrogates
    } else if (byte >= 0xF0 && byte <= 0xF4) {
      length = 4;
      if (byte == 0xF0) min_second = 0x90;  // overlong
      if (byte == 0xF4) max_second = 0x8F;  // beyond U+10FFFF
    } else {
      return i;
    }
    if (i + length > text.size()) return i;
    for (std::size_t k = 1; k < length; ++k) {
      const auto next = static_cast<unsigned char>(text[i + k]);
      const unsigned low = k == 1 ? min_second : 0x80;
      const unsigned high = k == 1 ? max_second : 0xBF;
      if (next < low || next > high) return i;
    }
    i += length;
  }
  return std::string_view::npos;
}

std::size_t line_of(std::string_view text, std::size_t offset) {
  return 1 +
         static_cast<std::size_t>(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(offset), '\n'));
}

std::optional<std::int64_t> whole_number(const std::string& text) {
  if (text.empty() || text.size() > 12) return std::nullopt;
  std::int64_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || end != text.data() + text.size() || text.front() == '-' || text.front() == '+') {
    return std::nullopt;
  }
  return value;
}

// The month column: 1–12 → that month; Q1–Q4 → 100 + quarter. Nothing when neither.
std::optional<int> parse_period(const std::string& text) {
  if (text.size() == 2 && (text[0] == 'Q' || text[0] == 'q') && text[1] >= '1' && text[1] <= '4') {
    return 100 + (text[1] - '0');
  }
  const auto month = whole_number(text);
  if (!month || *month < 1 || *month > 12) return std::nullopt;
  return static_cast<int>(*month);
}

// Canonical column names and the Chinese headers accepted for them.
constexpr std::array<std::string_view, 7> kColumns{"year",   "plan",  "category", "township",
                                                   "market", "month", "batches"};
constexpr std::array<std::string_view, 7> kColumnsZh{"年度", "计划", "类别", "镇乡", "市场", "月份", "批次"};
enum Column { kYear, kPlan, kCategory, kTownship, kMarket, kMonth, kBatches };

// One row's fields as text, whatever the file format, and the names to quote in errors.
struct RawRow {
  PlanRowSource source;
  std::array<std::string, 7> fields;
  std::array<std::string, 7> names;  // the column names as the file wrote them
};

Status add_year_and_plan(PlanFile& file, const RawRow& row, const PlanRowSource& first) {
  const auto year = whole_number(row.fields[kYear]);
  if (!year || *year < 2000 || *year > 2100) {
    return plan_row_error(row.source, row.names[kYear], "a year 2000–2100", "2000–2100 之间的年份", row.fields[kYear]);
  }
  const std::string& name = row.fields[kPlan];
  if (name.empty() || code_points(name) > kMaxPlanName) {
    return plan_row_error(row.source, row.names[kPlan], "the plan's name (1–100 characters)", "计划名称（1–100 个字）",
                          name);
  }
  if (file.year == 0) {
    file.year = static_cast<int>(*year);
    file.name = name;
    return {};
  }
  const Text where = first.describe();
  if (*year != file.year) {
    return plan_row_error(
        row.source, row.names[kYear], std::to_string(file.year) + " as on " + where.en + " (one file holds one plan)",
        std::to_string(file.year) + "，与" + where.zh + "相同（一个文件只含一个计划）", row.fields[kYear]);
  }
  if (name != file.name) {
    return plan_row_error(row.source, row.names[kPlan],
                          "\"" + file.name + "\" as on " + where.en + " (one file holds one plan)",
                          "“" + file.name + "”，与" + where.zh + "相同（一个文件只含一个计划）", name);
  }
  return {};
}

Status add_quotas(PlanFile& file, const RawRow& row) {
  const std::string& category = row.fields[kCategory];
  if (category.empty()) {
    return plan_row_error(row.source, row.names[kCategory], "a food category of the catalogue (e.g. 蔬菜)",
                          "目录中的食品类别（如 蔬菜）");
  }
  for (const Column column : {kCategory, kTownship, kMarket}) {
    if (code_points(row.fields[column]) > kMaxPlaceName) {
      return plan_row_error(row.source, row.names[column], "at most 64 characters", "不超过 64 个字",
                            row.fields[column]);
    }
  }
  const auto period = parse_period(row.fields[kMonth]);
  if (!period) {
    return plan_row_error(row.source, row.names[kMonth], "a month 1–12 or a quarter Q1–Q4", "月份 1–12 或季度 Q1–Q4",
                          row.fields[kMonth]);
  }
  const auto batches = whole_number(row.fields[kBatches]);
  if (!batches || *batches < 1 || *batches > kMaxBatches) {
    return plan_row_error(row.source, row.names[kBatches], "a whole number of batches 1–100000",
                          "批次数，1–100000 的整数", row.fields[kBatches]);
  }
  std::vector<std::pair<int, std::int64_t>> months;
  if (*period > 100) {
    months = quarter_months(*period - 100, *batches);
  } else {
    months.emplace_back(*period, *batches);
  }
  for (const auto& [month, count] : months) {
    file.quotas.push_back(PlanQuotaRow{row.source, category, row.fields[kTownship], row.fields[kMarket], month, count,
                                       row.fields[kMonth]});
  }
  file.batches += *batches;
  ++file.rows;
  return {};
}

Error no_quotas() {
  return invalid("the plan file has no quota rows (expected at least one row after the header)",
                 "计划文件中没有配额行（表头之后至少应有一行）");
}

}  // namespace

Text PlanRowSource::describe() const {
  if (format == PlanFormat::csv) {
    return Text{"line " + std::to_string(number), "第 " + std::to_string(number) + " 行"};
  }
  return Text{"quotas[" + std::to_string(number) + "]",
              "quotas[" + std::to_string(number) + "]（第 " + std::to_string(number + 1) + " 条）"};
}

Error plan_row_error(const PlanRowSource& source, std::string_view column, std::string_view expected_en,
                     std::string_view expected_zh, std::string_view got) {
  const Text where = source.describe();
  std::string en;
  std::string zh;
  if (source.format == PlanFormat::csv) {
    en = where.en + ", column \"" + std::string(column) + "\": expected " + std::string(expected_en);
    zh = where.zh + "“" + std::string(column) + "”列：应为" + std::string(expected_zh);
  } else {
    en = where.en + "." + std::string(column) + ": expected " + std::string(expected_en);
    zh = "quotas[" + std::to_string(source.number) + "]." + std::string(column) + "（第 " +
         std::to_string(source.number + 1) + " 条）：应为" + std::string(expected_zh);
  }
  if (!got.empty()) {
    en += " (got \"" + std::string(got) + "\")";
    zh += "（实际为“" + std::string(got) + "”）";
  }
  return invalid(std::move(en), std::move(zh));
}

std::vector<std::pair<int, std::int64_t>> quarter_months(int quarter, std::int64_t batches) {
  std::vector<std::pair<int, std::int64_t>> months;
  const std::int64_t each = batches / 3;
  const std::int64_t remainder = batches % 3;
  for (int k = 0; k < 3; ++k) {
    const std::int64_t count = each + (k < remainder ? 1 : 0);
    if (count > 0) months.emplace_back((quarter - 1) * 3 + k + 1, count);
  }
  return months;
}

Result<PlanFile> parse_plan_csv(std::string_view text) {
  if (const auto bad = first_invalid_utf8(text); bad != std::string_view::npos) {
    const auto line = std::to_string(line_of(text, bad));
    return invalid("line " + line + ": not UTF-8 text (save the file as \"CSV UTF-8\")",
                   "第 " + line + " 行：不是 UTF-8 文本（请将文件另存为“CSV UTF-8”格式）");
  }
  auto records = read_csv(text);
  if (!records) return records.error();
  const auto blank = [](const CsvRecord& record) {
    return std::all_of(record.fields.begin(), record.fields.end(),
                       [](const std::string& f) { return trim(f).empty(); });
  };
  auto next = std::find_if_not(records->begin(), records->end(), blank);
  if (next == records->end()) {
    return invalid("the plan file is empty (expected the header year,plan,category,township,market,month,batches)",
                   "计划文件为空（应有表头 year,plan,category,township,market,month,batches）");
  }

  // Header: which field holds which column.
  const CsvRecord& header = *next++;
  std::array<std::optional<std::size_t>, 7> position;
  std::array<std::string, 7> names;
  for (std::size_t i = 0; i < header.fields.size(); ++i) {
    const std::string name = trim(header.fields[i]);
    if (name.empty() && i + 1 == header.fields.size() && i > 0) break;  // a trailing comma
    std::optional<std::size_t> column;
    for (std::size_t c = 0; c < kColumns.size(); ++c) {
      std::string lower = name;
      std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char ch) { return std::tolower(ch); });
      if (lower == kColumns[c] || name == kColumnsZh[c]) column = c;
    }
    const Text where = PlanRowSource{PlanFormat::csv, header.line}.describe();
    if (!column) {
      return invalid(where.en + ": unknown column \"" + name +
                         "\" in the header (expected year, plan, category, township, market, month, batches)",
                     where.zh + "：表头中有未知列“" + name +
                         "”（应为 year、plan、category、township、market、month、batches 或 年度、计划、类别、镇乡、"
                         "市场、月份、批次）");
    }
    if (position[*column]) {
      return invalid(where.en + ": column \"" + name + "\" appears twice in the header",
                     where.zh + "：表头中“" + name + "”列出现了两次");
    }
    position[*column] = i;
    names[*column] = name;
  }
  for (std::size_t c = 0; c < kColumns.size(); ++c) {
    if (!position[c]) {
      const Text where = PlanRowSource{PlanFormat::csv, header.line}.describe();
      return invalid(where.en + ": the header lacks the column \"" + std::string(kColumns[c]) +
                         "\" (expected year,plan,category,township,market,month,batches)",
                     where.zh + "：表头缺少“" + std::string(kColumns[c]) + "”（" + std::string(kColumnsZh[c]) +
                         "）列（应为 year,plan,category,township,market,month,batches）");
    }
  }
  const std::size_t width = **std::max_element(position.begin(), position.end()) + 1;

  PlanFile file;
  PlanRowSource first;
  for (; next != records->end(); ++next) {
    const CsvRecord& record = *next;
    if (blank(record)) continue;
    const PlanRowSource source{PlanFormat::csv, record.line};
    const bool extra_filled =
        std::any_of(record.fields.begin() + static_cast<std::ptrdiff_t>(std::min(width, record.fields.size())),
                    record.fields.end(), [](const std::string& f) { return !trim(f).empty(); });
    if (record.fields.size() < width || extra_filled) {
      const Text where = source.describe();
      return invalid(where.en + ": expected " + std::to_string(width) + " fields as in the header, found " +
                         std::to_string(record.fields.size()) + " (a field with a comma must be in quotes)",
                     where.zh + "：应有 " + std::to_string(width) + " 个字段（与表头相同），实际为 " +
                         std::to_string(record.fields.size()) + " 个（含逗号的字段须加引号）");
    }
    RawRow row{source, {}, names};
    for (std::size_t c = 0; c < kColumns.size(); ++c) row.fields[c] = trim(record.fields[*position[c]]);
    if (file.year == 0) first = source;
    if (auto status = add_year_and_plan(file, row, first); !status) return status.error();
    if (auto status = add_quotas(file, row); !status) return status.error();
  }
  if (file.quotas.empty()) return no_quotas();
  return file;
}

Result<PlanFile> parse_plan_json(std::string_view text) {
  if (text.substr(0, kBom.size()) == kBom) text.remove_prefix(kBom.size());
  auto parsed = protocols::parse_json(text);
  if (const auto* error = std::get_if<protocols::JsonError>(&parsed)) {
    const auto line = std::to_string(line_of(text, std::min(error->offset, text.size())));
    return invalid("not valid JSON at line " + line + ": " + std::string(protocols::describe(error->code)),
                   "第 " + line + " 行不是有效的 JSON：" + std::string(protocols::describe(error->code)));
  }
  const auto& root = std::get<protocols::JsonValue>(parsed);
  if (!root.is_object()) {
    return invalid("expected a JSON object {\"year\": …, \"plan\": …, \"quotas\": […]}",
                   "应为 JSON 对象 {\"year\": …, \"plan\": …, \"quotas\": […]}");
  }
  for (const auto& member : root.members()) {
    if (member.name != "year" && member.name != "plan" && member.name != "quotas") {
      return invalid("unknown key \"" + member.name + "\" (expected year, plan, quotas)",
                     "未知的键“" + member.name + "”（应为 year、plan、quotas）");
    }
  }
  // Scalars as text, so both formats share one set of checks; a number keeps its spelling.
  const auto text_of = [](const protocols::JsonValue* value) -> std::optional<std::string> {
    if (value == nullptr || value->is_null()) return std::string();
    if (value->is_string()) return trim(value->as_string());
    if (value->is_number()) return value->as_string();
    return std::nullopt;
  };
  const auto* year_value = root.find("year");
  const auto year = year_value != nullptr && year_value->is_number() ? whole_number(year_value->as_string())
                                                                     : std::optional<std::int64_t>{};
  if (!year || *year < 2000 || *year > 2100) {
    return invalid("year: expected the plan year as a number 2000–2100, e.g. 2026",
                   "year：应为 2000–2100 之间的数字形式的计划年度，如 2026");
  }
  const auto* plan_value = root.find("plan");
  const std::string plan = plan_value != nullptr && plan_value->is_string() ? trim(plan_value->as_string()) : "";
  if (plan.empty() || code_points(plan) > kMaxPlanName) {
    return invalid("plan: expected the plan's name as text of 1–100 characters", "plan：应为 1–100 个字的计划名称文本");
  }
  const auto* quotas = root.find("quotas");
  if (quotas == nullptr || !quotas->is_array()) {
    return invalid("quotas: expected an array of quota objects", "quotas：应为配额对象数组");
  }

  PlanFile file;
  file.year = static_cast<int>(*year);
  file.name = plan;
  for (std::size_t index = 0; index < quotas->items().size(); ++index) {
    const auto& item = quotas->items()[index];
    const PlanRowSource source{PlanFormat::json, index};
    if (!item.is_object()) {
      const Text where = source.describe();
      return invalid(where.en + ": expected an object {\"category\": …, \"month\": …, \"batches\": …}",
                     where.zh + "：应为对象 {\"category\": …, \"month\": …, \"batches\": …}");
    }
    RawRow row{source, {}, {}};
    for (std::size_t c = 0; c < kColumns.size(); ++c) row.names[c] = kColumns[c];
    for (const auto& member : item.members()) {
      const auto column = std::find(kColumns.begin() + kCategory, kColumns.end(), member.name);
      if (column == kColumns.end()) {
        return plan_row_error(source, member.name, "no such key (keys are category, township, market, month, batches)",
                              "无此键（键应为 category、township、market、month、batches）");
      }
      const auto value = text_of(&member.value);
      if (!value) {
        return plan_row_error(source, member.name, "text or a number", "文本或数字");
      }
      row.fields[static_cast<std::size_t>(column - kColumns.begin())] = *value;
    }
    if (const auto* batches = item.find("batches"); batches != nullptr && batches->is_string()) {
      return plan_row_error(source, "batches", "a number, not text", "数字而非文本", batches->as_string());
    }
    if (auto status = add_quotas(file, row); !status) return status.error();
  }
  if (file.quotas.empty()) return no_quotas();
  return file;
}

Result<PlanFile> parse_plan(std::string_view text, PlanFormat format) {
  return format == PlanFormat::csv ? parse_plan_csv(text) : parse_plan_json(text);
}

PlanFormat detect_plan_format(const std::filesystem::path& path, std::string_view text) {
  std::string extension = path.extension().string();
  std::transform(extension.begin(), extension.end(), extension.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  if (extension == ".csv") return PlanFormat::csv;
  if (extension == ".json") return PlanFormat::json;
  if (text.substr(0, kBom.size()) == kBom) text.remove_prefix(kBom.size());
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first != std::string_view::npos && (text[first] == '{' || text[first] == '[')) return PlanFormat::json;
  return PlanFormat::csv;
}

}  // namespace kj::lims
