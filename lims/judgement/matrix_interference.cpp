#include "lims/judgement/matrix_interference.hpp"

#include <algorithm>

namespace kj::lims {

std::optional<ResultFlag> matrix_interference_flag(std::string_view commodity, Verdict verdict,
                                                   const MatrixInterferencePolicy& policy) {
  if (verdict != Verdict::positive) return std::nullopt;
  const bool listed =
      std::find(policy.commodities.begin(), policy.commodities.end(), commodity) != policy.commodities.end();
  if (!listed) return std::nullopt;
  return ResultFlag{
      std::string(kMatrixInterferenceFlag),
      {"matrix interference possible; retest after heat treatment required", "可能存在基质干扰，需经加热处理后复检"}};
}

}  // namespace kj::lims
