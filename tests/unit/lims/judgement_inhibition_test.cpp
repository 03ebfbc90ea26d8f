// Inhibition rate (enzyme-inhibition.md §3 C1, §4 I1–I6), the standards as data and the
// judgement on the rounded rate (§5), and batch QC on the control (domain.md).
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "lims/errors.hpp"
#include "lims/judgement/batch_qc.hpp"
#include "lims/judgement/inhibition.hpp"
#include "lims/judgement/inhibition_judgement.hpp"
#include "lims/judgement/inhibition_standard.hpp"

namespace kj::lims {
namespace {

constexpr double kAbsTolerance = 1e-5;

DeltaA delta(double value) {
  return DeltaA::of(Absorbance(value));
}

InhibitionStandard without_suspect_band(InhibitionStandard standard) {
  standard.suspect_from.reset();
  return standard;
}

Verdict verdict_of(const Inhibition& rate, const InhibitionStandard& standard) {
  Result<InhibitionVerdict> v = judge_inhibition(rate, standard);
  EXPECT_TRUE(v.ok());
  return v->verdict;
}

Verdict verdict_of_rate(double percent, const InhibitionStandard& standard) {
  Result<InhibitionVerdict> v = judge_inhibition_rate(Percent(percent), standard);
  EXPECT_TRUE(v.ok());
  return v->verdict;
}

// --- §4 worked examples -------------------------------------------------------------------

TEST(Inhibition, FirstRowFromSection1) {
  const Inhibition i = inhibition(delta(0.18364), delta(0.08543));
  ASSERT_TRUE(i.valid());
  EXPECT_EQ(i.rule, InhibitionRule::i5_in_range);
  EXPECT_NEAR(i.fraction->value(), 0.53479, kAbsTolerance);
  EXPECT_EQ(i.shown()->value(), 53.5);
  EXPECT_EQ(display_text(i), "53.5%");
}

TEST(Inhibition, FromRawAbsorbances) {
  // Control A0 0.13966 → A1 0.32331, sample A0 0.15490 → A1 0.24033 (§4, first row).
  const Inhibition i = inhibition(AbsorbancePair{Absorbance(0.13966), Absorbance(0.32331)},
                                  AbsorbancePair{Absorbance(0.15490), Absorbance(0.24033)});
  ASSERT_TRUE(i.valid());
  EXPECT_NEAR(i.fraction->value(), 0.53479, 1e-4);  // ΔAc from rounded readings is 0.18365
  EXPECT_NEAR(i.percent()->value(), 53.4822, 1e-4);
  EXPECT_EQ(display_text(i), "53.5%");
}

TEST(Inhibition, InRangeRows) {
  const struct {
    double control, sample, fraction;
    const char* shown;
  } rows[] = {{0.300, 0.120, 0.600, "60.0%"},
              {0.300, 0.150, 0.500, "50.0%"},
              {0.300, 0.090, 0.700, "70.0%"},
              {0.300, 0.300, 0.0, "0.0%"}};
  for (const auto& row : rows) {
    const Inhibition i = inhibition(delta(row.control), delta(row.sample));
    ASSERT_TRUE(i.valid()) << row.sample;
    EXPECT_EQ(i.rule, InhibitionRule::i5_in_range);
    EXPECT_NEAR(i.fraction->value(), row.fraction, 1e-12);
    EXPECT_EQ(display_text(i), row.shown);
  }
  // The spec notes these two are exact in IEEE double.
  EXPECT_EQ(inhibition(delta(0.3), delta(0.15)).fraction->value(), 0.5);
  EXPECT_EQ(inhibition(delta(0.3), delta(0.09)).fraction->value(), 0.7);
}

TEST(Inhibition, I3SampleFasterThanControlIsZero) {
  const Inhibition i = inhibition(delta(0.300), delta(0.320));
  ASSERT_TRUE(i.valid());
  EXPECT_EQ(i.rule, InhibitionRule::i3_sample_faster);
  EXPECT_EQ(i.fraction->value(), 0.0);
  EXPECT_EQ(display_text(i), "0.0%");
}

TEST(Inhibition, I4AboveOneIsInvalid) {
  const Inhibition i = inhibition(delta(0.300), delta(-0.030));  // 1.10
  EXPECT_FALSE(i.valid());
  EXPECT_EQ(i.rule, InhibitionRule::i4_above_one);
  EXPECT_EQ(display_text(i), "NA");
  EXPECT_FALSE(i.shown().has_value());
}

TEST(Inhibition, I2ControlZeroIsInvalid) {
  const Inhibition i = inhibition(delta(0.000), delta(0.100));
  EXPECT_FALSE(i.valid());
  EXPECT_EQ(i.rule, InhibitionRule::i2_control_zero);
  EXPECT_EQ(display_text(i), "NA");
}

TEST(Inhibition, C1NegativeControlIsInvalid) {
  const Inhibition i = inhibition(delta(-0.010), delta(0.100));
  EXPECT_FALSE(i.valid());
  EXPECT_EQ(i.rule, InhibitionRule::c1_control_not_positive);
  // Whatever the sample did.
  for (double sample : {-0.5, -0.02, 0.0, 0.005, 0.3}) {
    EXPECT_EQ(inhibition(delta(-0.010), delta(sample)).rule, InhibitionRule::c1_control_not_positive);
  }
}

TEST(Inhibition, I1InvalidOperands) {
  const DeltaA invalid = delta_absorbance(AbsorbancePair{Absorbance(0.0), Absorbance(0.0)});
  EXPECT_EQ(inhibition(invalid, delta(0.1)).rule, InhibitionRule::i1_control_invalid);
  EXPECT_EQ(inhibition(delta(0.3), invalid).rule, InhibitionRule::i1_sample_invalid);
  EXPECT_EQ(inhibition(invalid, invalid).rule, InhibitionRule::i1_control_invalid);
  EXPECT_FALSE(inhibition(delta(0.3), invalid).valid());
  EXPECT_EQ(inhibition(delta(std::nan("")), delta(0.1)).rule, InhibitionRule::i1_control_invalid);
}

TEST(Inhibition, RulesHaveBilingualReasons) {
  for (InhibitionRule rule :
       {InhibitionRule::i1_control_invalid, InhibitionRule::i1_sample_invalid, InhibitionRule::i2_control_zero,
        InhibitionRule::c1_control_not_positive, InhibitionRule::i3_sample_faster, InhibitionRule::i4_above_one,
        InhibitionRule::i5_in_range, InhibitionRule::i6_negative_clamped}) {
    EXPECT_FALSE(describe(rule).en.empty());
    EXPECT_FALSE(describe(rule).zh.empty());
  }
}

// --- standards as data --------------------------------------------------------------------

TEST(InhibitionStandard, Defaults) {
  const InhibitionStandard gb = gb_t_5009_199_2003();
  EXPECT_EQ(gb.name, "GB/T 5009.199-2003");
  EXPECT_EQ(gb.positive_at_or_above, Percent(50.0));
  EXPECT_EQ(gb.suspect_from, Percent(40.0));
  EXPECT_EQ(gb.min_control_delta_a, Absorbance(0.3));
  const InhibitionStandard ny = ny_t_448_2001();
  EXPECT_EQ(ny.name, "NY/T 448-2001");
  EXPECT_EQ(ny.positive_at_or_above, Percent(70.0));
  EXPECT_FALSE(ny.suspect_from.has_value());
  EXPECT_TRUE(validate(gb).ok());
  EXPECT_TRUE(validate(ny).ok());
  EXPECT_EQ(limit_text(gb), "<50%");
  EXPECT_EQ(limit_text(ny), "<70%");
}

TEST(InhibitionStandard, FindByNameIgnoringSpellingVariants) {
  const std::vector<InhibitionStandard> standards = default_inhibition_standards();
  for (const char* name : {"GB/T 5009.199-2003", "gb/t 5009.199-2003", "GB/T5009.199-2003",
                           "GB/T 5009.199\xE2\x80\x94"
                           "2003",
                           "GB\xEF\xBC\x8FT 5009.199-2003"}) {
    Result<InhibitionStandard> found = find_inhibition_standard(standards, name);
    ASSERT_TRUE(found.ok()) << name;
    EXPECT_EQ(found->positive_at_or_above, Percent(50.0));
  }
  EXPECT_EQ(find_inhibition_standard(standards, "NY/T 448-2001")->positive_at_or_above, Percent(70.0));
}

TEST(InhibitionStandard, UnknownNameIsAnError) {
  const std::vector<InhibitionStandard> standards = default_inhibition_standards();
  Result<InhibitionStandard> found = find_inhibition_standard(standards, "GB/T 5009.199");  // no year: no guess
  ASSERT_FALSE(found.ok());
  EXPECT_EQ(found.error().code, make_error_code(Errc::not_found));
  EXPECT_NE(found.error().detail.en.find("NY/T 448-2001"), std::string::npos);  // lists what is configured
  EXPECT_FALSE(found.error().detail.zh.empty());
}

TEST(InhibitionStandard, BadParametersAreErrors) {
  auto with = [](auto change) {
    InhibitionStandard s = gb_t_5009_199_2003();
    change(s);
    return s;
  };
  const InhibitionStandard bad[] = {
      with([](InhibitionStandard& s) { s.name.clear(); }),
      with([](InhibitionStandard& s) { s.positive_at_or_above = Percent(0.0); }),
      with([](InhibitionStandard& s) { s.positive_at_or_above = Percent(-50.0); }),
      with([](InhibitionStandard& s) { s.positive_at_or_above = Percent(120.0); }),
      with([](InhibitionStandard& s) { s.positive_at_or_above = Percent(std::nan("")); }),
      with([](InhibitionStandard& s) { s.suspect_from = Percent(50.0); }),
      with([](InhibitionStandard& s) { s.suspect_from = Percent(-1.0); }),
      with([](InhibitionStandard& s) { s.min_control_delta_a = Absorbance(0.0); }),
      with([](InhibitionStandard& s) { s.min_control_delta_a = Absorbance(-0.3); }),
  };
  for (const InhibitionStandard& s : bad) {
    EXPECT_FALSE(validate(s).ok());
    Result<InhibitionVerdict> v = judge_inhibition(inhibition(delta(0.3), delta(0.15)), s);
    ASSERT_FALSE(v.ok());
    EXPECT_EQ(v.error().code, make_error_code(Errc::config_invalid));
    EXPECT_FALSE(v.error().detail.zh.empty());
    EXPECT_FALSE(judge_inhibition_rate(Percent(50.0), s).ok());
    EXPECT_FALSE(check_control(delta(0.5), s).ok());
  }
}

// --- §5 judgement -------------------------------------------------------------------------

TEST(InhibitionJudgement, WorkedJudgements) {
  const InhibitionStandard gb = gb_t_5009_199_2003();
  const InhibitionStandard ny = ny_t_448_2001();
  const struct {
    double percent;
    Verdict gb, ny;
  } rows[] = {{35.6, Verdict::negative, Verdict::negative},
              {50.0, Verdict::positive, Verdict::negative},
              {53.5, Verdict::positive, Verdict::negative},
              {70.0, Verdict::positive, Verdict::positive},
              {82.3, Verdict::positive, Verdict::positive}};
  for (const auto& row : rows) {
    EXPECT_EQ(verdict_of_rate(row.percent, gb), row.gb) << row.percent;
    EXPECT_EQ(verdict_of_rate(row.percent, ny), row.ny) << row.percent;
    EXPECT_EQ(verdict_of(Inhibition{Ratio(row.percent / 100.0), InhibitionRule::i5_in_range}, gb), row.gb);
    EXPECT_EQ(verdict_of(Inhibition{Ratio(row.percent / 100.0), InhibitionRule::i5_in_range}, ny), row.ny);
  }
  // NA
  const Inhibition na = inhibition(delta(0.3), delta(-0.03));
  for (const InhibitionStandard& s : {gb, ny}) {
    Result<InhibitionVerdict> v = judge_inhibition(na, s);
    ASSERT_TRUE(v.ok());
    EXPECT_EQ(v->verdict, Verdict::invalid);
    EXPECT_FALSE(v->shown.has_value());
    EXPECT_EQ(v->reason.en, describe(InhibitionRule::i4_above_one).en);
  }
}

TEST(InhibitionJudgement, ExactThresholdsFromDeltaA) {
  // (0.3 − 0.15) / 0.3 = 0.5 and (0.3 − 0.09) / 0.3 = 0.7 exactly: at the limit is positive.
  EXPECT_EQ(verdict_of(inhibition(delta(0.3), delta(0.15)), gb_t_5009_199_2003()), Verdict::positive);
  EXPECT_EQ(verdict_of(inhibition(delta(0.3), delta(0.15)), ny_t_448_2001()), Verdict::negative);
  EXPECT_EQ(verdict_of(inhibition(delta(0.3), delta(0.09)), ny_t_448_2001()), Verdict::positive);
  EXPECT_EQ(verdict_of(inhibition(delta(0.3), delta(0.09)), gb_t_5009_199_2003()), Verdict::positive);
}

TEST(InhibitionJudgement, JudgedOnTheRoundedValue) {
  const InhibitionStandard gb = without_suspect_band(gb_t_5009_199_2003());
  const Inhibition above{Ratio(0.4996), InhibitionRule::i5_in_range};  // 49.96 % → 50.0 %
  const Inhibition below{Ratio(0.4994), InhibitionRule::i5_in_range};  // 49.94 % → 49.9 %
  Result<InhibitionVerdict> up = judge_inhibition(above, gb);
  ASSERT_TRUE(up.ok());
  EXPECT_EQ(up->verdict, Verdict::positive);
  EXPECT_EQ(up->shown, Percent(50.0));
  Result<InhibitionVerdict> down = judge_inhibition(below, gb);
  ASSERT_TRUE(down.ok());
  EXPECT_EQ(down->verdict, Verdict::negative);
  EXPECT_EQ(down->shown, Percent(49.9));
  EXPECT_EQ(verdict_of_rate(49.96, gb), Verdict::positive);
  EXPECT_EQ(verdict_of_rate(49.94, gb), Verdict::negative);
  // NY/T 448-2001 at its own limit.
  EXPECT_EQ(verdict_of_rate(69.96, ny_t_448_2001()), Verdict::positive);
  EXPECT_EQ(verdict_of_rate(69.94, ny_t_448_2001()), Verdict::negative);
  // With the default suspect band (40 % policy) 49.9 % is suspect rather than negative.
  EXPECT_EQ(verdict_of(below, gb_t_5009_199_2003()), Verdict::suspect);
}

TEST(InhibitionJudgement, SuspectBand) {
  const InhibitionStandard gb = gb_t_5009_199_2003();
  EXPECT_EQ(verdict_of_rate(39.94, gb), Verdict::negative);
  EXPECT_EQ(verdict_of_rate(39.96, gb), Verdict::suspect);  // rounds to 40.0
  EXPECT_EQ(verdict_of_rate(40.0, gb), Verdict::suspect);
  EXPECT_EQ(verdict_of_rate(45.0, gb), Verdict::suspect);
  EXPECT_EQ(verdict_of_rate(49.9, gb), Verdict::suspect);
  EXPECT_EQ(verdict_of_rate(50.0, gb), Verdict::positive);
  EXPECT_EQ(verdict_of_rate(45.0, ny_t_448_2001()), Verdict::negative);  // no band configured
  Result<InhibitionVerdict> v = judge_inhibition_rate(Percent(45.0), gb);
  EXPECT_NE(v->reason.zh.find("复检"), std::string::npos);
}

TEST(InhibitionJudgement, DeviceSentRate) {
  const InhibitionStandard gb = gb_t_5009_199_2003();
  Result<InhibitionVerdict> v = judge_inhibition_rate(Percent(53.48), gb);
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(v->verdict, Verdict::positive);
  EXPECT_EQ(v->shown, Percent(53.5));
  EXPECT_EQ(v->reason.en, "53.5% ≥ 50.0% (GB/T 5009.199-2003)");
  EXPECT_EQ(verdict_of_rate(0.0, gb), Verdict::negative);
  EXPECT_EQ(verdict_of_rate(100.0, gb), Verdict::positive);
  EXPECT_EQ(verdict_of_rate(100.04, gb), Verdict::positive);  // 100.0 once rounded
  EXPECT_EQ(verdict_of_rate(-0.04, gb), Verdict::negative);   // 0.0 once rounded
  EXPECT_EQ(verdict_of_rate(100.06, gb), Verdict::invalid);
  EXPECT_EQ(verdict_of_rate(-3.0, gb), Verdict::invalid);
  EXPECT_EQ(verdict_of_rate(std::nan(""), gb), Verdict::invalid);
  EXPECT_FALSE(judge_inhibition_rate(Percent(-3.0), gb)->shown.has_value());
}

// --- batch QC -----------------------------------------------------------------------------

TEST(BatchQc, ValidControlJudgesEverySample) {
  const std::vector<DeltaA> samples{delta(0.150), delta(0.090), delta(0.320), delta(-0.030),
                                    delta_absorbance(AbsorbancePair{Absorbance(0), Absorbance(0)})};
  Result<BatchOutcome> batch = judge_inhibition_batch(delta(0.300), samples, gb_t_5009_199_2003());
  ASSERT_TRUE(batch.ok());
  EXPECT_TRUE(batch->qc.passed());
  ASSERT_EQ(batch->samples.size(), 5U);
  EXPECT_EQ(batch->samples[0].verdict.verdict, Verdict::positive);  // 50.0 %
  EXPECT_EQ(batch->samples[1].verdict.verdict, Verdict::positive);  // 70.0 %
  EXPECT_EQ(batch->samples[2].verdict.verdict, Verdict::negative);  // I3 → 0.0 %
  EXPECT_EQ(batch->samples[3].verdict.verdict, Verdict::invalid);   // I4
  EXPECT_EQ(batch->samples[4].verdict.verdict, Verdict::invalid);   // sample ΔA INVALID
  EXPECT_EQ(batch->samples[4].inhibition.rule, InhibitionRule::i1_sample_invalid);
  for (const SampleOutcome& s : batch->samples) EXPECT_EQ(s.verdict.verdict, s.rate_verdict.verdict);
}

TEST(BatchQc, ControlNotPositiveMakesEverySampleNa) {
  for (double control : {0.0, -0.010}) {
    const std::vector<DeltaA> samples{delta(0.100), delta(0.150), delta(-0.2)};
    Result<BatchOutcome> batch = judge_inhibition_batch(delta(control), samples, ny_t_448_2001());
    ASSERT_TRUE(batch.ok());
    EXPECT_FALSE(batch->qc.passed());
    EXPECT_EQ(batch->qc.failure, ControlFailure::not_positive);
    for (const SampleOutcome& s : batch->samples) {
      EXPECT_EQ(s.verdict.verdict, Verdict::invalid);
      EXPECT_FALSE(s.inhibition.valid());
      EXPECT_EQ(display_text(s.inhibition), "NA");
    }
  }
}

TEST(BatchQc, InvalidControlFailsTheBatch) {
  const DeltaA control = delta_absorbance(AbsorbancePair{Absorbance(0), Absorbance(0)});
  const std::vector<DeltaA> samples{delta(0.100)};
  Result<BatchOutcome> batch = judge_inhibition_batch(control, samples, gb_t_5009_199_2003());
  ASSERT_TRUE(batch.ok());
  EXPECT_EQ(batch->qc.failure, ControlFailure::unreadable);
  EXPECT_EQ(batch->samples[0].verdict.verdict, Verdict::invalid);
  EXPECT_EQ(batch->samples[0].inhibition.rule, InhibitionRule::i1_control_invalid);
  EXPECT_FALSE(batch->qc.reason.zh.empty());
}

TEST(BatchQc, ControlBelowConfiguredMinimumFailsTheBatch) {
  // The §4 worked control (ΔAc 0.18364) reacts too slowly for the 0.3 policy: the rate is still
  // computed and recorded, but every verdict of the batch is invalid.
  const std::vector<DeltaA> samples{delta(0.08543), delta(0.18)};
  Result<BatchOutcome> batch = judge_inhibition_batch(delta(0.18364), samples, gb_t_5009_199_2003());
  ASSERT_TRUE(batch.ok());
  EXPECT_EQ(batch->qc.failure, ControlFailure::below_minimum);
  EXPECT_EQ(batch->qc.reason.en, "control ΔA 0.184 is below the minimum 0.300 (GB/T 5009.199-2003)");
  EXPECT_EQ(display_text(batch->samples[0].inhibition), "53.5%");
  EXPECT_EQ(batch->samples[0].rate_verdict.verdict, Verdict::positive);
  EXPECT_EQ(batch->samples[0].verdict.verdict, Verdict::invalid);
  EXPECT_EQ(batch->samples[1].verdict.verdict, Verdict::invalid);
  EXPECT_NE(batch->samples[0].verdict.reason.en.find("batch control failed"), std::string::npos);
  // At the minimum is enough; without the policy only C1 applies.
  EXPECT_TRUE(check_control(delta(0.3), gb_t_5009_199_2003())->passed());
  InhibitionStandard no_minimum = gb_t_5009_199_2003();
  no_minimum.min_control_delta_a.reset();
  EXPECT_TRUE(check_control(delta(0.18364), no_minimum)->passed());
  EXPECT_FALSE(check_control(delta(0.0), no_minimum)->passed());
}

TEST(BatchQc, CliWorkedExample) {
  // kuaijian inhibition --control 0.13966,0.32331 --sample 0.15490,0.24033 → 53.5 % positive.
  const DeltaA control = delta_absorbance(AbsorbancePair{Absorbance(0.13966), Absorbance(0.32331)});
  const DeltaA sample = delta_absorbance(AbsorbancePair{Absorbance(0.15490), Absorbance(0.24033)});
  EXPECT_EQ(display_text(control), "0.184");
  EXPECT_EQ(display_text(sample), "0.085");
  const Inhibition rate = inhibition(control, sample);
  EXPECT_EQ(display_text(rate), "53.5%");
  Result<InhibitionVerdict> verdict = judge_inhibition(rate, gb_t_5009_199_2003());
  ASSERT_TRUE(verdict.ok());
  EXPECT_EQ(verdict->verdict, Verdict::positive);
  EXPECT_EQ(verdict->reason.zh, "53.5% ≥ 50.0%（GB/T 5009.199-2003）");
  EXPECT_EQ(check_control(control, gb_t_5009_199_2003())->failure, ControlFailure::below_minimum);
}

}  // namespace
}  // namespace kj::lims
