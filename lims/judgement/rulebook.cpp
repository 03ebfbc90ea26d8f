#include "lims/judgement/rulebook.hpp"

#include "lims/errors.hpp"

namespace kj::lims {
namespace {

Error config_error(const std::string& where, const Error& cause) {
  return make_error(make_error_code(Errc::config_invalid), where + ": " + cause.detail.en,
                    where + "：" + cause.detail.zh);
}

GoldRule gold_rule(const config::GoldRule& g) {
  if (g.method == "line") {
    return LineDisappearanceRule{LineIntensity(static_cast<int>(*g.positive_at_or_below)),
                                 LineIntensity(static_cast<int>(*g.negative_above)),
                                 g.between_is == "invalid" ? BetweenIs::invalid : BetweenIs::suspect};
  }
  if (g.method == "ratio_ct") return RatioCOverTRule{Ratio(*g.negative_at_or_below)};
  RatioTOverCRule rule{Ratio(*g.positive_at_or_below), std::nullopt};
  if (g.negative_from) rule.negative_from = Ratio(*g.negative_from);
  return rule;
}

}  // namespace

Result<Rulebook> make_rulebook(const config::Config& config) {
  const auto& j = config.judgement;
  std::vector<InhibitionStandard> inhibition;
  for (std::size_t i = 0; i < j.enzyme.size(); ++i) {
    const auto& e = j.enzyme[i];
    InhibitionStandard standard{e.standard, Percent(e.positive_at_or_above), std::nullopt,
                                Absorbance(e.min_control_delta_a)};
    if (e.suspect_from) standard.suspect_from = Percent(*e.suspect_from);
    if (auto ok = validate(standard); !ok) {
      return config_error("config/judgement.json: enzyme_inhibition[" + std::to_string(i) + "]", ok.error());
    }
    inhibition.push_back(std::move(standard));
  }
  std::map<std::string, GoldItem> gold;
  for (std::size_t i = 0; i < j.gold.size(); ++i) {
    GoldItem item{LineIntensity(static_cast<int>(j.gold[i].invalid_c)), gold_rule(j.gold[i])};
    const std::string where = "config/judgement.json: colloidal_gold[" + std::to_string(i) + "]";
    if (auto ok = validate(item); !ok) return config_error(where, ok.error());
    if (config.catalogue.find_item(j.gold[i].item) == nullptr) {
      return make_error(make_error_code(Errc::config_invalid), where + ".item: expected an item code of catalogue.json",
                        where + ".item：应为 catalogue.json 中的项目代码");
    }
    gold.emplace(j.gold[i].item, item);
  }
  std::vector<ResidueLimit> rows;
  for (std::size_t i = 0; i < config.catalogue.limits.size(); ++i) {
    const auto& l = config.catalogue.limits[i];
    const std::string where = "config/catalogue.json: limits[" + std::to_string(i) + "]";
    const auto unit = parse_mass_fraction_unit(l.unit);
    if (!unit) {
      return make_error(make_error_code(Errc::config_invalid), where + ".unit: expected mg/kg or µg/kg",
                        where + ".unit：应为 mg/kg 或 µg/kg");
    }
    const auto* item = config.catalogue.find_item(l.item);
    ResidueLimit row{l.commodity,      l.item,      l.standard, std::nullopt, item && item->not_detected,
                     l.effective_from, std::nullopt};
    if (!row.not_detected) row.limit = Concentration(l.value, *unit);
    // config/ says "in force up to and including effective_to"; the table wants the first day after.
    if (l.effective_to) row.effective_to = std::chrono::sys_days(*l.effective_to) + std::chrono::days(1);
    rows.push_back(std::move(row));
  }
  auto limits = ResidueLimitTable::make(std::move(rows));
  if (!limits) return config_error("config/catalogue.json: limits", limits.error());
  RetestPolicy retest{j.retest.retests_required, j.retest.positives_to_confirm, j.retest.retest_suspect};
  if (auto ok = validate(retest); !ok) return config_error("config/judgement.json: retest", ok.error());
  return Rulebook{std::move(inhibition), std::move(gold), std::move(*limits), retest,
                  MatrixInterferencePolicy{j.matrix_interference}};
}

}  // namespace kj::lims
