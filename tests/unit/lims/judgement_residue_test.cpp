// Quantitative results against maximum residue limits (domain.md "Quantitative"): the limits
// table, lookup by commodity, item and test date, mg/kg ↔ µg/kg, and not-detected items.
#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <vector>

#include "lims/errors.hpp"
#include "lims/judgement/concentration.hpp"
#include "lims/judgement/residue_judgement.hpp"
#include "lims/judgement/residue_limit_table.hpp"

namespace kj::lims {
namespace {

using std::chrono::day;
using std::chrono::month;
using std::chrono::year;
using std::chrono::year_month_day;

constexpr year_month_day ymd(int y, unsigned m, unsigned d) {
  return year_month_day{year{y}, month{m}, day{d}};
}
Concentration mg(double v) {
  return {v, MassFractionUnit::mg_per_kg};
}
Concentration ug(double v) {
  return {v, MassFractionUnit::ug_per_kg};
}

// Test data from domain.md's examples. Dates: GB 2763-2019 took effect on 2020-02-15; GB
// 2763.1-2022 was published on 2022-11-11 to take effect six months later, 2023-05-11
// (domain.md only says "from 2023-05"). The veterinary-drug and not-detected rows are
// illustrative; the real table lives in config/.
std::vector<ResidueLimit> example_rows() {
  return {
      {"韭菜", "甲拌磷", "GB 2763-2019", mg(0.01), false, ymd(2020, 2, 15), std::nullopt},
      {"韭菜", "氧乐果", "GB 2763-2019", mg(0.02), false, ymd(2020, 2, 15), std::nullopt},
      {"韭菜", "腐霉利", "GB 2763-2019", mg(0.2), false, ymd(2020, 2, 15), std::nullopt},
      {"韭菜", "腐霉利", "GB 2763.1-2022", mg(5), false, ymd(2023, 5, 11), std::nullopt},
      {"牛蛙", "恩诺沙星", "GB 31650-2019", ug(100), false, ymd(2020, 4, 1), std::nullopt},
      {"牛蛙", "孔雀石绿", "农业农村部公告第250号", std::nullopt, true, ymd(2020, 1, 6), std::nullopt},
      {"牛蛙", "呋喃唑酮代谢物", "农业农村部公告第250号", std::nullopt, true, ymd(2020, 1, 6), std::nullopt},
  };
}

ResidueLimitTable example_table() {
  Result<ResidueLimitTable> table = ResidueLimitTable::make(example_rows());
  EXPECT_TRUE(table.ok()) << (table.ok() ? "" : table.error().detail.en);
  return *table;
}

Verdict judge(std::string_view commodity, std::string_view item, ResidueMeasurement m,
              year_month_day on = ymd(2024, 6, 1)) {
  Result<ResidueJudgement> j = judge_residue(example_table(), commodity, item, on, m);
  EXPECT_TRUE(j.ok()) << (j.ok() ? "" : j.error().detail.en);
  return j.ok() ? j->verdict : Verdict::invalid;
}

// --- units --------------------------------------------------------------------------------

TEST(Concentration, Conversion) {
  EXPECT_EQ(convert(mg(0.01), MassFractionUnit::ug_per_kg), ug(10));
  EXPECT_EQ(convert(mg(0.02), MassFractionUnit::ug_per_kg), ug(20));
  EXPECT_EQ(convert(ug(100), MassFractionUnit::mg_per_kg), mg(0.1));
  EXPECT_EQ(convert(ug(0.3), MassFractionUnit::mg_per_kg), mg(0.0003));
  EXPECT_EQ(convert(mg(5), MassFractionUnit::mg_per_kg), mg(5));
  EXPECT_EQ(convert(convert(mg(0.07), MassFractionUnit::ug_per_kg), MassFractionUnit::mg_per_kg), mg(0.07));
}

TEST(Concentration, UnitText) {
  EXPECT_EQ(parse_mass_fraction_unit("mg/kg"), MassFractionUnit::mg_per_kg);
  EXPECT_EQ(parse_mass_fraction_unit("MG/KG"), MassFractionUnit::mg_per_kg);
  EXPECT_EQ(parse_mass_fraction_unit("\xC2\xB5g/kg"), MassFractionUnit::ug_per_kg);  // micro sign
  EXPECT_EQ(parse_mass_fraction_unit("\xCE\xBCg/kg"), MassFractionUnit::ug_per_kg);  // Greek mu
  EXPECT_EQ(parse_mass_fraction_unit("ug/kg"), MassFractionUnit::ug_per_kg);
  EXPECT_FALSE(parse_mass_fraction_unit("mg/L").has_value());
  EXPECT_FALSE(parse_mass_fraction_unit("%").has_value());
  EXPECT_EQ(display_text(mg(0.01)), "0.01 mg/kg");
  EXPECT_EQ(display_text(ug(100)), "100 \xC2\xB5g/kg");
}

// --- lookup -------------------------------------------------------------------------------

TEST(ResidueLimitTable, LimitInForceAcrossTheEffectiveDate) {
  const ResidueLimitTable table = example_table();
  Result<ResidueLimit> before = table.find("韭菜", "腐霉利", ymd(2023, 5, 10));
  ASSERT_TRUE(before.ok());
  EXPECT_EQ(before->limit, mg(0.2));
  EXPECT_EQ(before->standard, "GB 2763-2019");
  Result<ResidueLimit> on = table.find("韭菜", "腐霉利", ymd(2023, 5, 11));
  ASSERT_TRUE(on.ok());
  EXPECT_EQ(on->limit, mg(5));
  EXPECT_EQ(on->standard, "GB 2763.1-2022");
  // 1.0 mg/kg: non-conforming under the 2019 limit, conforming under the 2022 one.
  EXPECT_EQ(judge("韭菜", "腐霉利", {mg(1.0)}, ymd(2023, 5, 10)), Verdict::positive);
  EXPECT_EQ(judge("韭菜", "腐霉利", {mg(1.0)}, ymd(2023, 5, 11)), Verdict::negative);
  EXPECT_EQ(judge("韭菜", "腐霉利", {mg(5.1)}, ymd(2023, 5, 11)), Verdict::positive);
}

TEST(ResidueLimitTable, EffectiveToIsExclusive) {
  std::vector<ResidueLimit> rows = example_rows();
  rows[0].effective_to = ymd(2021, 9, 3);
  Result<ResidueLimitTable> table = ResidueLimitTable::make(rows);
  ASSERT_TRUE(table.ok());
  EXPECT_TRUE(table->find("韭菜", "甲拌磷", ymd(2021, 9, 2)).ok());
  EXPECT_FALSE(table->find("韭菜", "甲拌磷", ymd(2021, 9, 3)).ok());
}

TEST(ResidueLimitTable, MissingLimitIsAClearError) {
  const ResidueLimitTable table = example_table();
  Result<ResidueLimit> none = table.find("菠菜", "甲拌磷", ymd(2024, 1, 1));
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.error().code, make_error_code(Errc::not_found));
  EXPECT_EQ(none.error().detail.en, "no residue limit configured for 甲拌磷 in 菠菜 in force on 2024-01-01");
  EXPECT_EQ(none.error().detail.zh, "未配置 2024-01-01 有效的菠菜中甲拌磷限量");
  // Before the first standard took effect there is nothing to apply either.
  EXPECT_EQ(table.find("韭菜", "甲拌磷", ymd(2020, 2, 14)).error().code, make_error_code(Errc::not_found));
  Result<ResidueJudgement> j = judge_residue(table, "菠菜", "甲拌磷", ymd(2024, 1, 1), {mg(0.5)});
  ASSERT_FALSE(j.ok());
  EXPECT_EQ(j.error().code, make_error_code(Errc::not_found));
}

TEST(ResidueLimitTable, BadRowsAreErrors) {
  auto with = [](auto change) {
    std::vector<ResidueLimit> rows = example_rows();
    change(rows);
    return rows;
  };
  const std::vector<ResidueLimit> bad[] = {
      with([](auto& r) { r[0].limit = mg(-0.01); }),
      with([](auto& r) { r[0].limit = mg(0.0); }),
      with([](auto& r) { r[0].limit = mg(std::nan("")); }),
      with([](auto& r) { r[0].limit.reset(); }),
      with([](auto& r) { r[5].limit = ug(0.5); }),
      with([](auto& r) { r[0].commodity.clear(); }),
      with([](auto& r) { r[0].effective_from = ymd(2023, 2, 30); }),
      with([](auto& r) { r[0].effective_to = ymd(2020, 2, 15); }),
      with([](auto& r) { r[3].effective_from = ymd(2020, 2, 15); }),  // two 腐霉利 rows start the same day
  };
  for (const std::vector<ResidueLimit>& rows : bad) {
    Result<ResidueLimitTable> table = ResidueLimitTable::make(rows);
    ASSERT_FALSE(table.ok());
    EXPECT_EQ(table.error().code, make_error_code(Errc::config_invalid));
    EXPECT_NE(table.error().detail.en.find("row "), std::string::npos);
    EXPECT_FALSE(table.error().detail.zh.empty());
  }
}

// --- judgement ----------------------------------------------------------------------------

TEST(ResidueJudgement, ValueAtTheLimitConforms) {
  EXPECT_EQ(judge("韭菜", "甲拌磷", {mg(0.01)}), Verdict::negative);
  EXPECT_EQ(judge("韭菜", "甲拌磷", {mg(0.011)}), Verdict::positive);
  EXPECT_EQ(judge("韭菜", "甲拌磷", {mg(0.005)}), Verdict::negative);
  EXPECT_EQ(judge("韭菜", "氧乐果", {mg(0.02)}), Verdict::negative);
  EXPECT_EQ(judge("韭菜", "氧乐果", {mg(0.03)}), Verdict::positive);
  EXPECT_EQ(judge("韭菜", "腐霉利", {mg(0.2)}, ymd(2022, 1, 1)), Verdict::negative);
  EXPECT_EQ(judge("韭菜", "腐霉利", {mg(0.21)}, ymd(2022, 1, 1)), Verdict::positive);
  EXPECT_EQ(judge("牛蛙", "恩诺沙星", {ug(100)}), Verdict::negative);
  EXPECT_EQ(judge("牛蛙", "恩诺沙星", {ug(100.5)}), Verdict::positive);
}

TEST(ResidueJudgement, ComparesAcrossUnits) {
  EXPECT_EQ(judge("韭菜", "甲拌磷", {ug(10)}), Verdict::negative);
  EXPECT_EQ(judge("韭菜", "甲拌磷", {ug(10.5)}), Verdict::positive);
  EXPECT_EQ(judge("韭菜", "氧乐果", {ug(20)}), Verdict::negative);
  EXPECT_EQ(judge("牛蛙", "恩诺沙星", {mg(0.1)}), Verdict::negative);
  EXPECT_EQ(judge("牛蛙", "恩诺沙星", {mg(0.12)}), Verdict::positive);
  Result<ResidueJudgement> j = judge_residue(example_table(), "韭菜", "甲拌磷", ymd(2024, 6, 1), {ug(12)});
  ASSERT_TRUE(j.ok());
  EXPECT_EQ(j->value_in_limit_unit, mg(0.012));
  EXPECT_EQ(j->limit.standard, "GB 2763-2019");
  EXPECT_EQ(j->reason.en, "0.012 mg/kg > MRL 0.01 mg/kg (GB 2763-2019)");
  EXPECT_EQ(limit_text(j->limit).en, "≤0.01 mg/kg");
}

TEST(ResidueJudgement, NotDetectedItems) {
  EXPECT_EQ(judge("牛蛙", "孔雀石绿", {ug(0.5)}), Verdict::positive);
  EXPECT_EQ(judge("牛蛙", "孔雀石绿", {std::nullopt, Detection::detected}), Verdict::positive);
  EXPECT_EQ(judge("牛蛙", "孔雀石绿", {ug(0.0)}), Verdict::negative);
  EXPECT_EQ(judge("牛蛙", "孔雀石绿", {std::nullopt, Detection::not_detected}), Verdict::negative);
  EXPECT_EQ(judge("牛蛙", "呋喃唑酮代谢物", {mg(0.0001)}), Verdict::positive);
  // A detected flag wins over a value rounded to 0.
  EXPECT_EQ(judge("牛蛙", "孔雀石绿", {ug(0.0), Detection::detected}), Verdict::positive);
  const ResidueLimit row = example_rows()[5];
  EXPECT_EQ(limit_text(row).zh, "不得检出");
  Result<ResidueJudgement> nothing = judge_residue(row, {});
  ASSERT_FALSE(nothing.ok());
  EXPECT_EQ(nothing.error().code, make_error_code(Errc::invalid_input));
}

TEST(ResidueJudgement, MeasurementsThatCannotBeJudged) {
  const ResidueLimit row = example_rows()[0];
  for (const ResidueMeasurement& m : {ResidueMeasurement{mg(-0.01)}, ResidueMeasurement{mg(std::nan(""))},
                                      ResidueMeasurement{std::nullopt, Detection::detected}, ResidueMeasurement{}}) {
    Result<ResidueJudgement> j = judge_residue(row, m);
    ASSERT_FALSE(j.ok());
    EXPECT_EQ(j.error().code, make_error_code(Errc::invalid_input));
    EXPECT_FALSE(j.error().detail.zh.empty());
  }
  // Not detected needs no value for a limited item either.
  Result<ResidueJudgement> nd = judge_residue(row, {std::nullopt, Detection::not_detected});
  ASSERT_TRUE(nd.ok());
  EXPECT_EQ(nd->verdict, Verdict::negative);
  // A hand-made row without a limit is refused, not dereferenced.
  ResidueLimit broken = row;
  broken.limit.reset();
  EXPECT_EQ(judge_residue(broken, {mg(0.1)}).error().code, make_error_code(Errc::config_invalid));
}

}  // namespace
}  // namespace kj::lims
