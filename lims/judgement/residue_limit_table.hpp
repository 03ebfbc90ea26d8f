// Maximum residue limits as data (domain.md "Quantitative"): one row per commodity × item ×
// standard version, with the dates it is in force. A lookup by commodity, item and test date
// returns the limit in force that day; a missing limit is an error, never a guess.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lims/judgement/concentration.hpp"
#include "protocols/result.hpp"

namespace kj::lims {

struct ResidueLimit {
  std::string commodity;  // 韭菜
  std::string item;       // 腐霉利
  std::string standard;   // GB 2763-2019
  // The maximum residue limit; empty exactly when `not_detected` is set.
  std::optional<Concentration> limit;
  // 不得检出 items (孔雀石绿, 硝基呋喃 …): any detection is positive.
  bool not_detected = false;
  std::chrono::year_month_day effective_from;
  // First day the row is no longer in force (exclusive); empty while in force.
  std::optional<std::chrono::year_month_day> effective_to;
};

class ResidueLimitTable {
 public:
  // Checks every row (names present, dates valid and ordered, a limit > 0 or the not-detected
  // flag, never both) and that no two rows of one commodity × item start on the same day
  // (the lookup would be ambiguous). The error names the row (1-based) and the field.
  static Result<ResidueLimitTable> make(std::vector<ResidueLimit> rows);

  // The row in force on `date`: effective_from ≤ date < effective_to. When several are (an
  // amendment such as GB 2763.1-2022 beside GB 2763-2021), the latest effective_from wins: a
  // later standard supersedes the earlier one for that commodity and item. Names match exactly.
  [[nodiscard]] Result<ResidueLimit> find(std::string_view commodity, std::string_view item,
                                          std::chrono::year_month_day date) const;

  [[nodiscard]] const std::vector<ResidueLimit>& rows() const { return rows_; }

 private:
  explicit ResidueLimitTable(std::vector<ResidueLimit> rows) : rows_(std::move(rows)) {}
  std::vector<ResidueLimit> rows_;
};

// "≤0.01 mg/kg" or "不得检出 / not detectable".
Text limit_text(const ResidueLimit& limit);

}  // namespace kj::lims
