// Colloidal gold (enzyme-inhibition.md §6): line intensities from the grey profile (§6.1),
// validity (§6.2) and every row of the §6.3 table, plus domain.md's suspect band.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <vector>

#include "lims/errors.hpp"
#include "lims/judgement/colloidal_gold.hpp"
#include "lims/judgement/line_intensity.hpp"

namespace kj::lims {
namespace {

// §6.1's profile: base 10; rows 21–29 and 71–79 carry the C and T lines.
std::vector<std::uint8_t> example_profile() {
  std::vector<std::uint8_t> profile(100, 10);
  const std::uint8_t c[] = {20, 60, 110, 130, 140, 125, 90, 40, 15};
  const std::uint8_t t[] = {15, 30, 45, 52, 55, 50, 35, 20, 12};
  for (int i = 0; i < 9; ++i) {
    profile[21 + i] = c[i];
    profile[71 + i] = t[i];
  }
  return profile;
}

GoldJudgement judge(int c, int t, const GoldRule& rule, int invalid_c = 15) {
  Result<GoldJudgement> j = judge_gold({LineIntensity(c), LineIntensity(t)}, GoldItem{LineIntensity(invalid_c), rule});
  EXPECT_TRUE(j.ok());
  return j.ok() ? *j : GoldJudgement{};
}

const LineDisappearanceRule kLine{LineIntensity(20), LineIntensity(40), BetweenIs::suspect};
const LineDisappearanceRule kLineAsSource{LineIntensity(20), LineIntensity(40), BetweenIs::invalid};
const RatioCOverTRule kCOverT{Ratio(1.5)};
const RatioTOverCRule kTOverC{Ratio(0.5), std::nullopt};

// --- §6.1 ---------------------------------------------------------------------------------

TEST(LineIntensity, WorkedExample) {
  const std::vector<std::uint8_t> profile = example_profile();
  Result<LineIntensity> c = line_intensity(profile, 25);
  Result<LineIntensity> t = line_intensity(profile, 75);
  ASSERT_TRUE(c.ok());
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(c->value(), 119);  // (90 + 125 + 140 + 130 + 110) / 5
  EXPECT_EQ(t->value(), 47);   // 237 / 5 = 47.4, truncated
  const GoldJudgement ct = judge(119, 47, kCOverT);
  EXPECT_NEAR(ct.ratio->value(), 2.532, 1e-3);
  const GoldJudgement tc = judge(119, 47, kTOverC);
  EXPECT_NEAR(tc.ratio->value(), 0.395, 1e-3);
}

TEST(LineIntensity, FirstMaximumWins) {
  std::vector<std::uint8_t> profile(40, 10);
  profile[9] = 100;
  profile[10] = 100;  // window for offset 10 is 8…11: peak 9 (first), offset 11, rows 7…11
  Result<LineIntensity> v = line_intensity(profile, 10);
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(v->value(), (10 + 10 + 100 + 100 + 10) / 5);
}

TEST(LineIntensity, WindowAtTheEdgeKeepsTheConfiguredOffset) {
  std::vector<std::uint8_t> profile(10, 10);
  profile[9] = 255;  // the last row would be in the window of offset 8 (window 6…9)
  profile[8] = 60;
  Result<LineIntensity> v = line_intensity(profile, 8);
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(v->value(), (10 + 10 + 10 + 10 + 60) / 5);  // rows 4…8, no move towards row 9
  // Offset 3: window 1…3+1 stays off row 0, so it refines; a peak at 4 moves the rows to 2…6.
  std::vector<std::uint8_t> low(10, 10);
  low[0] = 250;  // row 0 is never searched
  low[4] = 60;
  EXPECT_EQ(line_intensity(low, 3)->value(), (10 + 10 + 60 + 10 + 10) / 5);
  // A peak at row 1 would need rows −1…3: an error, not a read outside the profile.
  std::vector<std::uint8_t> edge(10, 10);
  edge[1] = 90;
  EXPECT_FALSE(line_intensity(edge, 3).ok());
}

TEST(LineIntensity, NoRoomForFiveRowsIsAnError) {
  const std::vector<std::uint8_t> profile(10, 10);
  for (std::size_t offset : {std::size_t{0}, std::size_t{2}, std::size_t{10}, std::size_t{99}}) {
    Result<LineIntensity> v = line_intensity(profile, offset);
    ASSERT_FALSE(v.ok()) << offset;
    EXPECT_EQ(v.error().code, make_error_code(Errc::invalid_input));
  }
  EXPECT_FALSE(line_intensity(std::vector<std::uint8_t>{}, 25).ok());
}

TEST(LineIntensity, FromDeviceSum) {
  EXPECT_EQ(line_intensity_from_sum(595).value(), 119);
  EXPECT_EQ(line_intensity_from_sum(237).value(), 47);
}

// --- §6.2 / §6.3 table --------------------------------------------------------------------

TEST(ColloidalGold, CAtOrBelowInvalidCIsInvalidForEveryMethod) {
  const GoldRule rules[] = {
      kLine, kCOverT, QuantitativeTRule{{{50, -0.5, 0, 0, 1, 0}, Concentration(10, MassFractionUnit::ug_per_kg)}},
      QuantitativeTOverCRule{{{20, -20, 0, 0, 1, 0}, Concentration(10, MassFractionUnit::ug_per_kg)}}, kTOverC};
  for (const GoldRule& rule : rules) {
    const GoldJudgement j = judge(12, 60, rule);  // row 1: C 12 ≤ 15
    EXPECT_EQ(j.verdict, Verdict::invalid);
    EXPECT_EQ(judge(15, 60, rule).verdict, Verdict::invalid);  // at InvalidC
    EXPECT_NE(judge(16, 60, rule).verdict, Verdict::invalid);
    EXPECT_EQ(conformity_text(j.verdict).zh, "无效");
  }
}

TEST(ColloidalGold, LineDisappearance) {
  const GoldJudgement positive = judge(119, 15, kLine);  // row 2: 15 ≤ 20
  EXPECT_EQ(positive.verdict, Verdict::positive);
  EXPECT_EQ(result_text(positive.verdict).zh, "阳性");
  EXPECT_EQ(conformity_text(positive.verdict).zh, "不合格");
  // Row 3: 20 < 30 ≤ 40. The DY-3500 says 无效; domain.md says suspect, our default.
  EXPECT_EQ(judge(119, 30, kLineAsSource).verdict, Verdict::invalid);
  EXPECT_EQ(judge(119, 30, kLine).verdict, Verdict::suspect);
  const GoldJudgement negative = judge(119, 47, kLine);  // row 4: 47 > 40
  EXPECT_EQ(negative.verdict, Verdict::negative);
  EXPECT_EQ(conformity_text(negative.verdict).zh, "合格");
  // Boundaries: T = PlusT is positive, T = MinusT is still between (source: "T > MinusT").
  EXPECT_EQ(judge(119, 20, kLine).verdict, Verdict::positive);
  EXPECT_EQ(judge(119, 21, kLine).verdict, Verdict::suspect);
  EXPECT_EQ(judge(119, 40, kLine).verdict, Verdict::suspect);
  EXPECT_EQ(judge(119, 41, kLine).verdict, Verdict::negative);
  EXPECT_EQ(method_of(kLine), GoldMethod::line_disappearance);
}

TEST(ColloidalGold, ColourRatioCOverT) {
  const GoldJudgement positive = judge(119, 47, kCOverT);  // row 5: 2.532 > 1.5
  EXPECT_EQ(positive.verdict, Verdict::positive);
  const GoldJudgement negative = judge(119, 95, kCOverT);  // row 6: 1.253 ≤ 1.5
  EXPECT_EQ(negative.verdict, Verdict::negative);
  EXPECT_NEAR(negative.ratio->value(), 1.253, 1e-3);
  const GoldJudgement infinite = judge(119, 0, kCOverT);  // row 7: T = 0
  EXPECT_EQ(infinite.verdict, Verdict::positive);
  EXPECT_FALSE(infinite.ratio.has_value());
  EXPECT_EQ(judge(120, 80, kCOverT).verdict, Verdict::negative);  // exactly 1.5
  EXPECT_EQ(method_of(kCOverT), GoldMethod::ratio_c_over_t);
}

TEST(ColloidalGold, ColourRatioTOverC) {
  EXPECT_EQ(judge(119, 47, kTOverC).verdict, Verdict::positive);  // row 8: 0.395 ≤ 0.5
  const GoldJudgement negative = judge(119, 95, kTOverC);         // row 9: 0.798 > 0.5
  EXPECT_EQ(negative.verdict, Verdict::negative);
  EXPECT_NEAR(negative.ratio->value(), 0.798, 1e-3);
  EXPECT_EQ(judge(100, 50, kTOverC).verdict, Verdict::positive);  // exactly 0.5
  EXPECT_EQ(judge(119, 0, kTOverC).verdict, Verdict::positive);
  EXPECT_EQ(method_of(kTOverC), GoldMethod::ratio_t_over_c);
}

TEST(ColloidalGold, ColourRatioTOverCWithSuspectBand) {
  // domain.md: T/C ≤ CT_A positive, ≥ CT_B negative, between suspect.
  const RatioTOverCRule band{Ratio(0.5), Ratio(0.8)};
  EXPECT_EQ(judge(100, 50, band).verdict, Verdict::positive);
  EXPECT_EQ(judge(100, 51, band).verdict, Verdict::suspect);
  EXPECT_EQ(judge(100, 79, band).verdict, Verdict::suspect);
  EXPECT_EQ(judge(100, 80, band).verdict, Verdict::negative);
}

TEST(ColloidalGold, QuantitativeT) {
  // Row 10: f = 1 · (50 − 0.5 · 47) + 0 = 26.5 > 10.
  const QuantitativeTRule rule{{{50, -0.5, 0, 0, 1, 0}, Concentration(10, MassFractionUnit::ug_per_kg)}};
  const GoldJudgement j = judge(119, 47, rule);
  EXPECT_EQ(j.verdict, Verdict::positive);
  ASSERT_TRUE(j.concentration.has_value());
  EXPECT_DOUBLE_EQ(j.concentration->value(), 26.5);
  EXPECT_EQ(j.concentration->unit(), MassFractionUnit::ug_per_kg);
  EXPECT_EQ(j.reason.en, "f(T) = 26.5 \xC2\xB5g/kg > 10 \xC2\xB5g/kg");
  EXPECT_EQ(judge(119, 80, rule).verdict, Verdict::negative);  // f = 10: not above the limit
  EXPECT_EQ(judge(119, 81, rule).verdict, Verdict::negative);  // f = 9.5
  // All coefficients take part: B0 · (A0 + A1·T + A2·T² + A3·T³) + B1 at T = 2.
  const QuantitativeTRule cubic{{{1, 2, 3, 4, 2, 5}, Concentration(100, MassFractionUnit::mg_per_kg)}};
  EXPECT_DOUBLE_EQ(judge(119, 2, cubic).concentration->value(), 2 * (1 + 4 + 12 + 32) + 5);
  EXPECT_EQ(method_of(rule), GoldMethod::quantitative_t);
}

TEST(ColloidalGold, QuantitativeTOverC) {
  // Row 11: x = 47/119 = 0.39496, f = 20 − 20x = 12.10 > 10.
  const QuantitativeTOverCRule rule{{{20, -20, 0, 0, 1, 0}, Concentration(10, MassFractionUnit::ug_per_kg)}};
  const GoldJudgement j = judge(119, 47, rule);
  EXPECT_EQ(j.verdict, Verdict::positive);
  EXPECT_NEAR(j.ratio->value(), 0.39496, 1e-5);
  EXPECT_NEAR(j.concentration->value(), 12.10, 1e-2);
  EXPECT_EQ(j.reason.en, "f(T/C) = 12.1 \xC2\xB5g/kg > 10 \xC2\xB5g/kg");
  EXPECT_EQ(judge(119, 95, rule).verdict, Verdict::negative);  // f = 4.03
  // C = 0 (only reachable with InvalidC < 0, which validate refuses) is guarded by x = 1: see
  // BadParametersAreErrors. The method number is kept.
  EXPECT_EQ(method_of(rule), GoldMethod::quantitative_t_over_c);
}

TEST(ColloidalGold, BadParametersAreErrors) {
  const GoldReading reading{LineIntensity(119), LineIntensity(47)};
  const GoldItem bad[] = {
      {LineIntensity(-1), kLine},
      {LineIntensity(15), LineDisappearanceRule{LineIntensity(40), LineIntensity(20), BetweenIs::suspect}},
      {LineIntensity(15), LineDisappearanceRule{LineIntensity(-5), LineIntensity(20), BetweenIs::suspect}},
      {LineIntensity(15), RatioCOverTRule{Ratio(-1.5)}},
      {LineIntensity(15), RatioTOverCRule{Ratio(0.5), Ratio(0.4)}},
      {LineIntensity(15), QuantitativeTRule{{{50, -0.5, 0, 0, 1, 0}, Concentration(-10, MassFractionUnit::ug_per_kg)}}},
      {LineIntensity(15),
       QuantitativeTOverCRule{{{std::nan(""), 0, 0, 0, 1, 0}, Concentration(10, MassFractionUnit::ug_per_kg)}}},
  };
  for (const GoldItem& item : bad) {
    EXPECT_FALSE(validate(item).ok());
    Result<GoldJudgement> j = judge_gold(reading, item);
    ASSERT_FALSE(j.ok());
    EXPECT_EQ(j.error().code, make_error_code(Errc::config_invalid));
    EXPECT_FALSE(j.error().detail.zh.empty());
  }
}

TEST(ColloidalGold, SameStripDiffersByMethod) {
  // §6.3's closing note: negative by line disappearance, positive by colour comparison.
  EXPECT_EQ(judge(119, 47, kLine).verdict, Verdict::negative);
  EXPECT_EQ(judge(119, 47, kCOverT).verdict, Verdict::positive);
}

}  // namespace
}  // namespace kj::lims
