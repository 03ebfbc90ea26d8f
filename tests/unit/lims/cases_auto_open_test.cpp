// Ingest opens disposal cases by itself (issue #6): the result that confirms a positive opens
// its rapid case, and a lab's positive conclusion opens a lab case, in the transaction that
// stores the result — or, when the case cannot be opened, nothing is stored.
#include "tests/unit/lims/cases_fixture.hpp"

namespace kj::lims::testing {
namespace {

class CaseAutoOpenTest : public CaseTest {
 protected:
  Result<Ingested> ingest_with_cases(const std::string& number, double rate, bool lab_conclusion = false) {
    protocols::Observation o;
    o.protocol = "tl310";
    o.sample_id = number;
    o.item_code = "pesticide";
    o.value = rate;
    o.unit = "%";
    o.standard = "GB/T 5009.199-2003";
    return ingest_observation(*db_, op(), *rulebook_, "tl310-1", o, std::nullopt,
                              Provenance{"instrument", "", lab_conclusion}, &*rules_);
  }

  Ingested ok_ingest(const std::string& number, double rate, bool lab_conclusion = false) {
    auto result = ingest_with_cases(number, rate, lab_conclusion);
    EXPECT_TRUE(result.ok()) << (result.ok() ? "" : result.error().detail.en);
    return result.ok() ? *result : Ingested{};
  }
};

TEST_F(CaseAutoOpenTest, TheRetestThatConfirmsAPositiveOpensItsRapidCase) {
  const auto number = sample("韭菜");
  const auto first = ok_ingest(number, 62.0);
  EXPECT_TRUE(first.case_number.empty()) << "a first positive is not yet confirmed";
  now_ += std::chrono::minutes(1);
  const auto second = ok_ingest(number, 61.0);
  EXPECT_TRUE(second.case_number.empty());
  EXPECT_EQ(count("SELECT count(*) FROM disposal_case"), 0);

  now_ += std::chrono::minutes(1);
  const auto third = ok_ingest(number, 63.5);
  ASSERT_EQ(third.conclusion.state, RetestState::confirmed_positive);
  EXPECT_TRUE(third.case_opened);
  ASSERT_FALSE(third.case_number.empty());
  const auto opened = load(third.case_number);
  EXPECT_EQ(opened.type(), CaseType::rapid);
  EXPECT_EQ(opened.state.state, "opened");
  EXPECT_EQ(count("SELECT count(*) FROM disposal_case WHERE type = 'rapid'"), 1);
  // The case counts from the confirming retest; its deadlines exist at once.
  EXPECT_GT(count("SELECT count(*) FROM case_deadline WHERE case_id = (SELECT id FROM disposal_case)"), 0);

  // One more positive retest belongs to the same case: none is opened twice.
  now_ += std::chrono::minutes(1);
  const auto fourth = ok_ingest(number, 64.0);
  EXPECT_FALSE(fourth.case_opened);
  EXPECT_EQ(fourth.case_number, third.case_number);
  EXPECT_EQ(count("SELECT count(*) FROM disposal_case"), 1);
}

TEST_F(CaseAutoOpenTest, ANegativeOrUnconfirmedSampleOpensNoCase) {
  const auto negative = sample("白菜");
  EXPECT_TRUE(ok_ingest(negative, 12.0).case_number.empty());
  const auto cleared = sample("菠菜");
  ok_ingest(cleared, 58.0);
  ok_ingest(cleared, 20.0);
  const auto last = ok_ingest(cleared, 18.0);
  EXPECT_NE(last.conclusion.state, RetestState::confirmed_positive);
  EXPECT_TRUE(last.case_number.empty());
  EXPECT_EQ(count("SELECT count(*) FROM disposal_case"), 0);
}

TEST_F(CaseAutoOpenTest, ALabsPositiveConclusionOpensALabCase) {
  const auto number = sample("豇豆");
  const auto conclusion = ok_ingest(number, 71.0, true);
  EXPECT_TRUE(conclusion.case_opened);
  ASSERT_FALSE(conclusion.case_number.empty());
  EXPECT_EQ(load(conclusion.case_number).type(), CaseType::lab);
  EXPECT_EQ(count("SELECT count(*) FROM disposal_case WHERE type = 'rapid'"), 0) << "a lab conclusion needs no retests";

  const auto conforming = sample("白菜");
  EXPECT_TRUE(ok_ingest(conforming, 10.0, true).case_number.empty());
  EXPECT_EQ(count("SELECT count(*) FROM disposal_case"), 1);
}

TEST_F(CaseAutoOpenTest, WhenTheCaseCannotBeOpenedTheResultIsNotStoredEither) {
  // 2026-12-30: the 3-working-day closing deadline falls in 2027, which has no calendar file.
  now_ = local(2026, 12, 30, 15, 0);
  const auto number = sample("韭菜");
  ok_ingest(number, 62.0);
  ok_ingest(number, 61.0);
  const auto results_before = count("SELECT count(*) FROM result");
  const auto audit_before = count("SELECT count(*) FROM audit_log");
  const auto refused = ingest_with_cases(number, 63.5);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, make_error_code(Errc::config_invalid));
  EXPECT_NE(refused.error().detail.en.find("2027"), std::string::npos) << refused.error().detail.en;
  EXPECT_EQ(count("SELECT count(*) FROM result"), results_before);
  EXPECT_EQ(count("SELECT count(*) FROM audit_log"), audit_before);
  EXPECT_EQ(count("SELECT count(*) FROM disposal_case"), 0);
}

TEST_F(CaseAutoOpenTest, AHeldObservationThatConfirmsAPositiveOpensItsCaseWhenMapped) {
  const auto number = sample("韭菜");
  ok_ingest(number, 62.0);
  now_ += std::chrono::minutes(1);
  ok_ingest(number, 61.0);
  now_ += std::chrono::minutes(1);
  protocols::Observation o;
  o.protocol = "tl310";
  o.sample_id = number;
  o.item_code = "OP-NEW";
  o.value = 63.5;
  o.unit = "%";
  o.standard = "GB/T 5009.199-2003";
  const auto held = ingest_observation(*db_, op(), *rulebook_, "tl310-1", o, std::nullopt, {}, &*rules_);
  ASSERT_TRUE(held.ok());
  EXPECT_TRUE(held->held);
  EXPECT_EQ(count("SELECT count(*) FROM disposal_case"), 0);
  const auto mapped = map_device_item(*db_, op(), *rulebook_, "tl310-1", "OP-NEW", "OPC", &*rules_);
  ASSERT_TRUE(mapped.ok()) << mapped.error().detail.en;
  EXPECT_EQ(*mapped, 1);
  EXPECT_EQ(count("SELECT count(*) FROM disposal_case WHERE type = 'rapid'"), 1);
}

}  // namespace
}  // namespace kj::lims::testing
