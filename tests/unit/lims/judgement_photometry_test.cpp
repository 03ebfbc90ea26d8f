// Photometry (enzyme-inhibition.md §1 R1–R6), reaction ΔA (§2 D1–D2 and the spec decision) and
// the decimal rounding every display and verdict relies on.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "lims/errors.hpp"
#include "lims/judgement/decimal_rounding.hpp"
#include "lims/judgement/delta_absorbance.hpp"
#include "lims/judgement/photometry.hpp"

namespace kj::lims {
namespace {

constexpr double kAbsTolerance = 1e-5;

PhotometricReading read(std::uint32_t ad, std::uint32_t dark = 1000, std::uint32_t full = 41000) {
  Result<PhotometricReading> reading = read_photometer({AdcCount(dark), AdcCount(full), AdcCount(ad)});
  EXPECT_TRUE(reading.ok());
  return *reading;
}

// --- decimal rounding ---------------------------------------------------------------------

TEST(DecimalRounding, HalfAwayFromZeroOnTheDecimal) {
  EXPECT_EQ(round_half_away_from_zero(49.96, 1), 50.0);
  EXPECT_EQ(round_half_away_from_zero(49.94, 1), 49.9);
  EXPECT_EQ(round_half_away_from_zero(53.479, 1), 53.5);
  EXPECT_EQ(round_half_away_from_zero(0.25, 1), 0.3);
  EXPECT_EQ(round_half_away_from_zero(-0.25, 1), -0.3);
  EXPECT_EQ(round_half_away_from_zero(2.675, 2), 2.68);  // binary 2.67499999… reads 2.675
  EXPECT_EQ(round_half_away_from_zero(1.005, 2), 1.01);  // binary 1.00499999… reads 1.005
  EXPECT_EQ(round_half_away_from_zero(0.1 + 0.2, 1), 0.3);
  EXPECT_EQ(round_half_away_from_zero(0.05, 1), 0.1);
  EXPECT_EQ(round_half_away_from_zero(0.004, 1), 0.0);
  EXPECT_EQ(round_half_away_from_zero(123.0, 1), 123.0);
  EXPECT_EQ(round_half_away_from_zero(99.95, 0), 100.0);
  EXPECT_FALSE(std::signbit(round_half_away_from_zero(-0.04, 1)));  // no "-0.0" on display
  EXPECT_TRUE(std::isnan(round_half_away_from_zero(std::nan(""), 1)));
}

TEST(DecimalRounding, FormatFixed) {
  EXPECT_EQ(format_fixed(53.479, 1), "53.5");
  EXPECT_EQ(format_fixed(0.139662, 3), "0.140");
  EXPECT_EQ(format_fixed(72.5, 2), "72.50");
  EXPECT_EQ(format_fixed(-0.0001, 3), "0.000");
  EXPECT_EQ(format_fixed(-1.245, 2), "-1.25");
  EXPECT_EQ(format_fixed(50.0, 0), "50");
}

TEST(DecimalRounding, Significant) {
  EXPECT_EQ(round_to_significant(0.02 * 1000.0, 15), 20.0);
  EXPECT_EQ(round_to_significant(0.1 + 0.2, 15), 0.3);
  EXPECT_EQ(round_to_significant(123456.0, 2), 120000.0);
}

// --- photometry, the six rows of §1 (dark 1000, full 41000 → full' 40000) ------------------

TEST(Photometry, Ad30000) {
  const PhotometricReading r = read(30000);
  EXPECT_EQ(r.state, ReadingState::valid);
  EXPECT_NEAR(r.transmittance->value(), 0.725, 1e-12);
  EXPECT_NEAR(r.absorbance.value->value(), 0.13966, kAbsTolerance);
  EXPECT_EQ(display_transmittance(r), "72.50");
  EXPECT_EQ(display_absorbance(r.absorbance), "0.140");
}

TEST(Photometry, Ad20000) {
  const PhotometricReading r = read(20000);
  EXPECT_EQ(r.state, ReadingState::valid);
  EXPECT_NEAR(r.transmittance->value(), 0.475, 1e-12);
  EXPECT_NEAR(r.absorbance.value->value(), 0.32331, kAbsTolerance);
  EXPECT_EQ(display_absorbance(r.absorbance), "0.323");
}

TEST(Photometry, NearUnitySnapsToOne) {
  const PhotometricReading r = read(40950);  // T = 0.99875
  EXPECT_EQ(r.state, ReadingState::valid);
  EXPECT_EQ(r.transmittance->value(), 1.0);
  EXPECT_EQ(r.absorbance.value->value(), 0.0);
  EXPECT_EQ(display_transmittance(r), "100.00");
  EXPECT_EQ(display_absorbance(r.absorbance), "0.000");
}

TEST(Photometry, UnityBandEdgesAreInclusive) {
  // full' 1 000 000: ad' 998 000 → T 0.998, ad' 1 002 000 → T 1.002, both snap; 997 000 does not.
  EXPECT_EQ(read(998000, 0, 1000000).transmittance->value(), 1.0);
  EXPECT_EQ(read(1002000, 0, 1000000).transmittance->value(), 1.0);
  const PhotometricReading outside = read(997000, 0, 1000000);
  EXPECT_NEAR(outside.transmittance->value(), 0.997, 1e-12);
  EXPECT_NEAR(outside.absorbance.value->value(), -std::log10(0.997), 1e-12);
}

TEST(Photometry, Overflow) {
  const PhotometricReading r = read(49500);  // T = 1.2125
  EXPECT_EQ(r.state, ReadingState::overflow);
  EXPECT_NEAR(r.transmittance->value(), 1.2125, 1e-12);
  EXPECT_EQ(r.absorbance.state, ReadingState::overflow);
  EXPECT_FALSE(r.absorbance.usable());
  EXPECT_EQ(display_transmittance(r), "---.-");
  EXPECT_EQ(display_absorbance(r.absorbance), "-.---");
  EXPECT_EQ(read(49000).state, ReadingState::overflow);  // T = 1.2 exactly: "≥ 1.2"
  EXPECT_EQ(read(48999).state, ReadingState::valid);
}

TEST(Photometry, Saturated) {
  const PhotometricReading r = read(1000);  // ad' = 0
  EXPECT_EQ(r.state, ReadingState::saturated);
  EXPECT_EQ(r.transmittance->value(), 0.0);
  EXPECT_EQ(r.absorbance.value->value(), 5.0);
  EXPECT_TRUE(r.absorbance.usable());
  EXPECT_EQ(display_absorbance(r.absorbance), "5.000");
  EXPECT_EQ(read(500).state, ReadingState::saturated);  // below dark: R1 clamps to 0
}

TEST(Photometry, InvalidFullReading) {
  for (std::uint32_t ad : {0U, 1000U, 30000U, 90000U}) {
    const PhotometricReading r = read(ad, 1000, 1000);
    EXPECT_EQ(r.state, ReadingState::invalid);
    EXPECT_FALSE(r.transmittance.has_value());
    EXPECT_FALSE(r.absorbance.usable());
    EXPECT_EQ(display_transmittance(r), "****");
    EXPECT_EQ(display_absorbance(r.absorbance), "*****");
  }
  EXPECT_EQ(read(30000, 1000, 500).state, ReadingState::invalid);  // full below dark
}

TEST(Photometry, ConfigurableLimits) {
  const PhotometryLimits older{Transmittance(1.2), Transmittance(0.995), Transmittance(1.005)};
  Result<PhotometricReading> r = read_photometer({AdcCount(0), AdcCount(1000000), AdcCount(996000)}, older);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->transmittance->value(), 1.0);
}

TEST(Photometry, BadLimitsAreAnError) {
  const AdcReading reading{AdcCount(1000), AdcCount(41000), AdcCount(30000)};
  for (const PhotometryLimits& limits :
       {PhotometryLimits{Transmittance(1.2), Transmittance(1.01), Transmittance(1.002)},
        PhotometryLimits{Transmittance(1.0), Transmittance(0.998), Transmittance(1.002)},
        PhotometryLimits{Transmittance(1.2), Transmittance(0.0), Transmittance(1.002)},
        PhotometryLimits{Transmittance(std::nan("")), Transmittance(0.998), Transmittance(1.002)}}) {
    Result<PhotometricReading> r = read_photometer(reading, limits);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, make_error_code(Errc::config_invalid));
    EXPECT_FALSE(r.error().detail.en.empty());
    EXPECT_FALSE(r.error().detail.zh.empty());
  }
}

// --- ΔA (§2) ------------------------------------------------------------------------------

TEST(DeltaA, FromPhotometry) {
  const DeltaA control = delta_absorbance(read(30000).absorbance, read(20000).absorbance);
  ASSERT_TRUE(control.valid());
  EXPECT_EQ(control.rule, DeltaARule::d2_difference);
  EXPECT_NEAR(control.value->value(), 0.18364, kAbsTolerance);
  const DeltaA sample = delta_absorbance(read(29000).absorbance, read(24000).absorbance);
  EXPECT_NEAR(read(29000).absorbance.value->value(), 0.15490, kAbsTolerance);
  EXPECT_NEAR(read(24000).absorbance.value->value(), 0.24033, kAbsTolerance);
  EXPECT_NEAR(sample.value->value(), 0.08543, kAbsTolerance);
  EXPECT_EQ(display_text(control), "0.184");
}

TEST(DeltaA, BothZeroIsInvalid) {
  const DeltaA d = delta_absorbance(AbsorbancePair{Absorbance(0.0), Absorbance(0.0)});
  EXPECT_FALSE(d.valid());
  EXPECT_EQ(d.rule, DeltaARule::d1_no_reaction);
  EXPECT_EQ(display_text(d), "NA");
  // Two blank-level readings (T snapped to 1) are the same "no cuvette" case.
  EXPECT_EQ(delta_absorbance(read(40950).absorbance, read(41000).absorbance).rule, DeltaARule::d1_no_reaction);
}

TEST(DeltaA, BothUnreadableIsInvalid) {
  const DeltaA d = delta_absorbance(read(49500).absorbance, read(0, 1000, 1000).absorbance);
  EXPECT_FALSE(d.valid());
  EXPECT_EQ(d.rule, DeltaARule::d1_both_unreadable);
}

TEST(DeltaA, OneUnreadableOperandIsInvalid) {
  EXPECT_EQ(delta_absorbance(read(30000).absorbance, read(49500).absorbance).rule, DeltaARule::operand_unreadable);
  EXPECT_EQ(delta_absorbance(read(0, 1000, 1000).absorbance, read(20000).absorbance).rule,
            DeltaARule::operand_unreadable);
  EXPECT_FALSE(delta_absorbance(read(30000).absorbance, read(49500).absorbance).valid());
  const AbsorbanceReading nan = AbsorbanceReading::measured(Absorbance(std::numeric_limits<double>::quiet_NaN()));
  EXPECT_EQ(delta_absorbance(nan, read(20000).absorbance).rule, DeltaARule::operand_unreadable);
}

TEST(DeltaA, NegativeIsAllowed) {
  const DeltaA d = delta_absorbance(AbsorbancePair{Absorbance(0.32331), Absorbance(0.13966)});
  ASSERT_TRUE(d.valid());
  EXPECT_NEAR(d.value->value(), -0.18365, kAbsTolerance);
  EXPECT_EQ(display_text(d), "-0.184");
}

TEST(DeltaA, SaturatedReadingIsANumber) {
  // R5 reports an opaque cuvette as A = 5; it takes part in ΔA like any reading.
  const DeltaA d = delta_absorbance(read(30000).absorbance, read(1000).absorbance);
  ASSERT_TRUE(d.valid());
  EXPECT_NEAR(d.value->value(), 5.0 - 0.13966, kAbsTolerance);
}

TEST(DeltaA, RulesHaveBilingualReasons) {
  for (DeltaARule rule : {DeltaARule::d1_both_unreadable, DeltaARule::d1_no_reaction, DeltaARule::operand_unreadable,
                          DeltaARule::d2_difference}) {
    EXPECT_FALSE(describe(rule).en.empty());
    EXPECT_FALSE(describe(rule).zh.empty());
  }
}

}  // namespace
}  // namespace kj::lims
