#include "lims/judgement/residue_limit_table.hpp"

#include <cmath>

#include "lims/errors.hpp"
#include "lims/time.hpp"

namespace kj::lims {
namespace {

Error bad_row(std::size_t index, const ResidueLimit& row, const std::string& en, const std::string& zh) {
  const std::string where = "residue limit row " + std::to_string(index + 1) + " (" + row.commodity + " / " + row.item +
                            " / " + row.standard + "): ";
  const std::string where_zh = "限量表第 " + std::to_string(index + 1) + " 行（" + row.commodity + " / " + row.item +
                               " / " + row.standard + "）：";
  return make_error(make_error_code(Errc::config_invalid), where + en, where_zh + zh);
}

Status check_row(std::size_t index, const ResidueLimit& row) {
  if (row.commodity.empty() || row.item.empty() || row.standard.empty()) {
    return bad_row(index, row, "commodity, item and standard are required", "商品、项目和标准均不能为空");
  }
  if (!row.effective_from.ok())
    return bad_row(index, row, "effective_from is not a valid date", "effective_from 不是有效日期");
  if (row.effective_to) {
    if (!row.effective_to->ok())
      return bad_row(index, row, "effective_to is not a valid date", "effective_to 不是有效日期");
    if (*row.effective_to <= row.effective_from) {
      return bad_row(index, row, "effective_to must be after effective_from", "effective_to 必须晚于 effective_from");
    }
  }
  if (row.not_detected) {
    if (row.limit) {
      return bad_row(index, row, "a not-detected item has no limit value", "不得检出项目不应有限量值");
    }
    return {};
  }
  if (!row.limit) {
    return bad_row(index, row, "a limit value is required unless the item is not_detected",
                   "除不得检出项目外必须给出限量值");
  }
  // A limit of 0 is how some tables write 不得检出; we ask for the flag so the intent is explicit.
  if (!std::isfinite(row.limit->value()) || row.limit->value() <= 0.0) {
    return bad_row(index, row,
                   "the limit must be above 0 (use not_detected for 不得检出), got " + display_text(*row.limit),
                   "限量值必须大于 0（不得检出请用 not_detected），实际为 " + display_text(*row.limit));
  }
  return {};
}

bool in_force(const ResidueLimit& row, std::chrono::year_month_day date) {
  return row.effective_from <= date && (!row.effective_to || date < *row.effective_to);
}

}  // namespace

Result<ResidueLimitTable> ResidueLimitTable::make(std::vector<ResidueLimit> rows) {
  for (std::size_t i = 0; i < rows.size(); ++i) {
    if (Status ok = check_row(i, rows[i]); !ok) return ok.error();
    for (std::size_t j = 0; j < i; ++j) {
      if (rows[j].commodity == rows[i].commodity && rows[j].item == rows[i].item &&
          rows[j].effective_from == rows[i].effective_from) {
        return bad_row(i, rows[i],
                       "same commodity, item and effective_from as row " + std::to_string(j + 1) +
                           ": the lookup would be ambiguous",
                       "与第 " + std::to_string(j + 1) + " 行的商品、项目和生效日期相同，查询会产生歧义");
      }
    }
  }
  return ResidueLimitTable(std::move(rows));
}

Result<ResidueLimit> ResidueLimitTable::find(std::string_view commodity, std::string_view item,
                                             std::chrono::year_month_day date) const {
  const ResidueLimit* best = nullptr;
  for (const ResidueLimit& row : rows_) {
    if (row.commodity != commodity || row.item != item || !in_force(row, date)) continue;
    if (best == nullptr || row.effective_from > best->effective_from) best = &row;
  }
  if (best != nullptr) return *best;
  const std::string what = std::string(item) + " in " + std::string(commodity);
  const std::string what_zh = std::string(commodity) + "中" + std::string(item);
  return make_error(make_error_code(Errc::not_found),
                    "no residue limit configured for " + what + " in force on " + iso_date(date),
                    "未配置 " + iso_date(date) + " 有效的" + what_zh + "限量");
}

Text limit_text(const ResidueLimit& limit) {
  if (limit.not_detected || !limit.limit) return {"not detectable", "不得检出"};
  const std::string text = "≤" + display_text(*limit.limit);
  return {text, text};
}

}  // namespace kj::lims
