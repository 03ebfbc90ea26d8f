#include "ui-cli/result_view.hpp"

#include <fmt/format.h>

#include <ostream>

#include "lims/judgement/verdict_text.hpp"
#include "lims/time.hpp"
#include "ui-cli/table.hpp"

namespace kj::cli {

std::string verdict_word(const Context& context, const std::string& verdict) {
  const auto v = protocols::verdict_from_string(verdict);
  return v ? context.t(lims::result_text(*v)) : verdict;
}

std::string value_text(const lims::ResultRow& row) {
  if (row.value_number) return fmt::format("{} {}", *row.value_number, row.unit);
  return row.value_text.empty() ? "-" : row.value_text;
}

void write_result_json(protocols::JsonWriter& json, const lims::ResultRow& r) {
  json.begin_object();
  json.key("uuid").value(r.uuid).key("version").value(r.version).key("sample").value(r.sample_number);
  json.key("item").value(r.item_code).key("method").value(r.method).key("standard").value(r.standard);
  if (r.value_number) {
    json.key("value").value(*r.value_number);
  } else if (!r.value_text.empty()) {
    json.key("value").value(r.value_text);
  }
  json.key("unit").value(r.unit).key("limit").value(r.limit_text).key("verdict").value(r.verdict);
  if (!r.device_verdict.empty()) json.key("device_verdict").value(r.device_verdict);
  json.key("review").value(r.review).key("test_kind").value(r.test_kind).key("tester").value(r.tester);
  json.key("reviewer").value(r.reviewer).key("tester_signed_at").value(r.tester_signed_at);
  json.key("reviewer_signed_at").value(r.reviewer_signed_at).key("tested_at").value(r.tested_at);
  json.key("data_source").value(r.data_source);
  if (r.channel) json.key("channel").value(*r.channel);
  json.key("flags_json").value(r.flags);
  if (!r.correction_reason.empty()) json.key("correction_reason").value(r.correction_reason);
  json.end_object();
}

void print_results(const Context& context, const std::vector<lims::ResultRow>& rows) {
  Table table({context.t("Result", "结果"), context.t("Sample", "样品"), context.t("Item", "项目"),
               context.t("Value", "数值"), context.t("Verdict", "判定"), context.t("Test", "检测"),
               context.t("Signed", "签名"), context.t("Tested", "检测时间")});
  for (const auto& r : rows) {
    std::string verdict = verdict_word(context, r.verdict);
    if (r.review == "held") verdict += context.t(" (held for review)", "（待复核）");
    if (r.flags.find("matrix_interference") != std::string::npos) verdict += context.t(" (matrix?)", "（基质干扰？）");
    std::string signed_by =
        r.reviewer_signed_at.empty() ? (r.tester_signed_at.empty() ? "-" : r.tester) : r.tester + " / " + r.reviewer;
    const auto tested = lims::parse_iso8601(r.tested_at, std::chrono::minutes(0));
    table.add({r.uuid.substr(0, 8), r.sample_number + " " + r.sample_name, r.item_name, value_text(r), verdict,
               r.test_kind == "retest" ? context.t("retest", "复检") : context.t("first", "初检"), signed_by,
               tested ? lims::to_local_text(*tested, context.utc_offset) : r.tested_at});
  }
  table.print(context.out);
}

}  // namespace kj::cli
