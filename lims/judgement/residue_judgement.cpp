#include "lims/judgement/residue_judgement.hpp"

#include <cmath>

#include "lims/errors.hpp"

namespace kj::lims {
namespace {

Error bad_measurement(const ResidueLimit& limit, const std::string& en, const std::string& zh) {
  return make_error(make_error_code(Errc::invalid_input), limit.item + " in " + limit.commodity + ": " + en,
                    limit.commodity + "中" + limit.item + "：" + zh);
}

}  // namespace

Result<ResidueJudgement> judge_residue(const ResidueLimit& limit, const ResidueMeasurement& measurement) {
  if (measurement.value && (!std::isfinite(measurement.value->value()) || measurement.value->value() < 0.0)) {
    return bad_measurement(limit, "the measured value must be a number ≥ 0, got " + display_text(*measurement.value),
                           "测定值应为 ≥ 0 的数值，实际为 " + display_text(*measurement.value));
  }
  if (!limit.not_detected && (!limit.limit || !std::isfinite(limit.limit->value()) || limit.limit->value() <= 0.0)) {
    return make_error(make_error_code(Errc::config_invalid),
                      limit.item + " in " + limit.commodity + " (" + limit.standard + "): no usable limit value",
                      limit.commodity + "中" + limit.item + "（" + limit.standard + "）：无可用限量值");
  }

  if (limit.not_detected) {
    const bool detected =
        measurement.detection == Detection::detected || (measurement.value && measurement.value->value() > 0.0);
    if (detected) {
      return ResidueJudgement{Verdict::positive,
                              limit,
                              measurement.value,
                              {"detected; " + limit.item + " must not be detectable (" + limit.standard + ")",
                               "检出；" + limit.item + "不得检出（" + limit.standard + "）"}};
    }
    if (measurement.value || measurement.detection == Detection::not_detected) {
      return ResidueJudgement{Verdict::negative,
                              limit,
                              measurement.value,
                              {"not detected (" + limit.standard + ")", "未检出（" + limit.standard + "）"}};
    }
    return bad_measurement(limit, "neither a value nor a detection result was given", "既无测定值也无检出结论");
  }

  if (!measurement.value) {
    if (measurement.detection == Detection::not_detected) {
      return ResidueJudgement{Verdict::negative,
                              limit,
                              std::nullopt,
                              {"not detected (" + limit.standard + ")", "未检出（" + limit.standard + "）"}};
    }
    return bad_measurement(limit, "a value is needed to compare with the limit", "需要测定值才能与限量比较");
  }
  const Concentration maximum = *limit.limit;
  const Concentration value = convert(*measurement.value, maximum.unit());
  const std::string shown = display_text(value);
  const std::string max = display_text(maximum);
  if (value.value() > maximum.value()) {
    return ResidueJudgement{Verdict::positive,
                            limit,
                            value,
                            {shown + " > MRL " + max + " (" + limit.standard + ")",
                             shown + " > 最大残留限量 " + max + "（" + limit.standard + "）"}};
  }
  return ResidueJudgement{Verdict::negative,
                          limit,
                          value,
                          {shown + " ≤ MRL " + max + " (" + limit.standard + ")",
                           shown + " ≤ 最大残留限量 " + max + "（" + limit.standard + "）"}};
}

Result<ResidueJudgement> judge_residue(const ResidueLimitTable& table, std::string_view commodity,
                                       std::string_view item, std::chrono::year_month_day tested_on,
                                       const ResidueMeasurement& measurement) {
  Result<ResidueLimit> limit = table.find(commodity, item, tested_on);
  if (!limit) return limit.error();
  return judge_residue(*limit, measurement);
}

}  // namespace kj::lims
