#include "lims/results/judge.hpp"

#include <cmath>

#include "lims/errors.hpp"
#include "lims/judgement/batch_qc.hpp"
#include "lims/judgement/inhibition_judgement.hpp"
#include "lims/judgement/residue_judgement.hpp"

namespace kj::lims {
namespace {

using protocols::Verdict;

std::optional<double> number_of(const protocols::ObservedValue& value) {
  if (const auto* n = std::get_if<double>(&value)) return *n;
  return std::nullopt;
}

std::optional<std::string> text_of(const protocols::ObservedValue& value) {
  if (const auto* t = std::get_if<std::string>(&value)) return *t;
  return std::nullopt;
}

Result<Judged> judge_inhibition_measurement(const Rulebook& rules, const Measurement& m) {
  auto standard = find_inhibition_standard(rules.inhibition, m.standard);
  if (!standard) return standard.error();
  Judged out;
  out.unit = "%";
  out.limit_text = limit_text(*standard);
  const auto& r = m.readings;
  if (m.control && m.control->a0 && m.control->a3 && r.a0 && r.a3) {
    // Our own computation from the photometer's absorbances (enzyme-inhibition.md §2–§5).
    const DeltaA control = delta_absorbance(AbsorbancePair{Absorbance(*m.control->a0), Absorbance(*m.control->a3)});
    const DeltaA sample = delta_absorbance(AbsorbancePair{Absorbance(*r.a0), Absorbance(*r.a3)});
    const std::vector<DeltaA> samples{sample};
    auto batch = judge_inhibition_batch(control, samples, *standard);
    if (!batch) return batch.error();
    const auto& outcome = batch->samples.front();
    out.verdict = outcome.verdict.verdict;
    if (outcome.verdict.shown) out.value_number = outcome.verdict.shown->value();
    out.reason = batch->qc.passed() ? outcome.verdict.reason : batch->qc.reason;
    return out;
  }
  if (const auto rate = number_of(m.value)) {
    if (m.control && m.control->delta_a) {
      auto qc = check_control(DeltaA::of(Absorbance(*m.control->delta_a)), *standard);
      if (!qc) return qc.error();
      if (!qc->passed()) {
        out.verdict = Verdict::invalid;
        out.value_number = *rate;
        out.reason = qc->reason;
        return out;
      }
    }
    auto verdict = judge_inhibition_rate(Percent(*rate), *standard);
    if (!verdict) return verdict.error();
    out.verdict = verdict->verdict;
    out.value_number = verdict->shown ? std::optional<double>(verdict->shown->value()) : std::nullopt;
    out.reason = verdict->reason;
    return out;
  }
  out.verdict = Verdict::invalid;
  out.value_text = text_of(m.value);
  out.reason = Text{"no inhibition rate or absorbances were sent", "未收到抑制率或吸光度"};
  return out;
}

Result<Judged> judge_gold_measurement(const Rulebook& rules, const Measurement& m) {
  Judged out;
  out.unit = m.unit;
  out.value_text = text_of(m.value);
  out.value_number = number_of(m.value);
  const auto item = rules.gold.find(m.item_code);
  if (item != rules.gold.end() && m.readings.c && m.readings.t) {
    auto gold = judge_gold(GoldReading{LineIntensity(static_cast<int>(std::lround(*m.readings.c))),
                                       LineIntensity(static_cast<int>(std::lround(*m.readings.t)))},
                           item->second);
    if (!gold) return gold.error();
    out.verdict = gold->verdict;
    out.reason = gold->reason;
    return out;
  }
  if (m.device_verdict) {
    // Readers such as the DY-6260 send only their verdict text: it is all there is to judge by.
    out.verdict = *m.device_verdict;
    out.reason = Text{"the reader's verdict (it sends no line readings)", "读数仪的判定（未发送 C/T 线读数）"};
    return out;
  }
  return make_error(make_error_code(Errc::invalid_input),
                    "item " + m.item_code + ": neither C/T readings with a configured rule nor a verdict were sent",
                    "项目 " + m.item_code + "：既无 C/T 读数及判定规则，也无判定结果");
}

Result<Judged> judge_quantitative(const Rulebook& rules, const Measurement& m) {
  if (m.commodity.empty()) {
    return make_error(make_error_code(Errc::invalid_input),
                      "the sample's commodity is not in the catalogue, so no limit applies",
                      "样品品种不在目录中，无法确定限量");
  }
  ResidueMeasurement measurement;
  const auto number = number_of(m.value);
  const auto text = text_of(m.value);
  if (number) {
    const auto unit = parse_mass_fraction_unit(m.unit);
    if (!unit) {
      return make_error(make_error_code(Errc::invalid_input), "unit " + m.unit + ": expected mg/kg or µg/kg",
                        "单位 " + m.unit + "：应为 mg/kg 或 µg/kg");
    }
    measurement.value = Concentration(*number, *unit);
  } else if (text && (*text == "未检出" || *text == "ND" || *text == "nd")) {
    measurement.detection = Detection::not_detected;
  } else if (text && (*text == "检出" || *text == "阳性")) {
    measurement.detection = Detection::detected;
  }
  auto judged = judge_residue(rules.limits, m.commodity, m.item_code, m.tested_on, measurement);
  if (!judged) return judged.error();
  Judged out;
  out.verdict = judged->verdict;
  out.value_number = number;
  out.value_text = number ? std::nullopt : text;
  out.unit = m.unit;
  out.limit_text = limit_text(judged->limit).zh;
  out.reason = judged->reason;
  return out;
}

}  // namespace

Result<Judged> judge(const Rulebook& rules, const Measurement& m) {
  Result<Judged> judged = m.method == "inhibition" ? judge_inhibition_measurement(rules, m)
                                                   : (m.method == "quantitative" ? judge_quantitative(rules, m)
                                                                                 : judge_gold_measurement(rules, m));
  if (!judged) return judged;
  judged->review = review_verdict(judged->verdict, m.device_verdict);
  if (m.method == "inhibition") {
    if (auto flag = matrix_interference_flag(m.commodity, judged->verdict, rules.matrix)) {
      judged->flags.push_back(flag->code);
    }
  }
  return judged;
}

}  // namespace kj::lims
