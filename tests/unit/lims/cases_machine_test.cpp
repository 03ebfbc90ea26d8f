// The state machine as data (no database): every transition of both case types from its state,
// the guards on the objection and recheck windows, the fields each step requires or refuses,
// and the checks on config/deadlines.json.
#include <gtest/gtest.h>

#include "lims/cases/case_labels.hpp"
#include "lims/cases/case_machine.hpp"
#include "lims/cases/case_rules.hpp"
#include "lims/cases/step_fields.hpp"
#include "lims/errors.hpp"
#include "tests/support/test_support.hpp"
#include "tests/unit/lims/cases_fixture.hpp"

namespace kj::lims {
namespace {

using testing::local;

std::vector<std::string> candidates(const CaseState& state) {
  std::vector<std::string> out;
  for (const auto* t : candidate_transitions(state)) out.emplace_back(t->step);
  return out;
}

CaseState rapid(const std::string& state) {
  return CaseState{CaseType::rapid, state, "none", false};
}
CaseState lab(const std::string& state, const std::string& recheck = "none") {
  return CaseState{CaseType::lab, state, recheck, false};
}

using Steps = std::vector<std::string>;

TEST(CaseMachine, RapidCaseStepsFromEachState) {
  EXPECT_EQ(initial_state(CaseType::rapid).state, "opened");
  EXPECT_EQ(candidates(rapid("opened")), (Steps{"sale_suspended", "escalated"}));
  EXPECT_EQ(candidates(rapid("sale_suspended")), (Steps{"vendor_notified", "escalated"}));
  EXPECT_EQ(candidates(rapid("vendor_notified")), (Steps{"recheck_requested", "disposed", "escalated"}));
  EXPECT_EQ(candidates(rapid("recheck_requested")), (Steps{"released", "recheck_positive", "escalated"}));
  EXPECT_EQ(candidates(rapid("recheck_positive")), (Steps{"disposed", "escalated"}));
  EXPECT_EQ(candidates(rapid("disposed")), (Steps{"publicized", "escalated"}));
  EXPECT_EQ(candidates(rapid("publicized")), (Steps{"reported", "escalated"}));
  EXPECT_EQ(candidates(rapid("reported")), (Steps{"closed", "escalated"}));
  CaseState closed = rapid("closed");
  closed.closed = true;
  EXPECT_TRUE(candidates(closed).empty());
}

TEST(CaseMachine, LabCaseMainLineAndRecheckTrackRunSideBySide) {
  EXPECT_EQ(initial_state(CaseType::lab).state, "conclusion_received");
  EXPECT_EQ(candidates(lab("conclusion_received")), (Steps{"verification_started", "recheck_requested"}));
  EXPECT_EQ(candidates(lab("verification_started")), (Steps{"investigated", "recheck_requested"}));
  EXPECT_EQ(candidates(lab("investigated", "recheck_requested")),
            (Steps{"measures_taken", "recheck_accepted", "recheck_rejected"}));
  EXPECT_EQ(candidates(lab("measures_taken", "recheck_rejected")), (Steps{"closed"}));
}

TEST(CaseMachine, ApplyingAStepMovesOnlyItsTrack) {
  const auto* t = find_transition(lab("investigated"), "recheck_requested");
  ASSERT_NE(t, nullptr);
  const CaseState after = apply(*t, lab("investigated"));
  EXPECT_EQ(after.state, "investigated");
  EXPECT_EQ(after.recheck_state, "recheck_requested");
  const auto* side = find_transition(rapid("disposed"), "escalated");
  ASSERT_NE(side, nullptr);
  EXPECT_EQ(apply(*side, rapid("disposed")).state, "disposed");
  const auto* release = find_transition(rapid("recheck_requested"), "released");
  ASSERT_NE(release, nullptr);
  EXPECT_EQ(release->effect, Effect::release);
  EXPECT_TRUE(apply(*release, rapid("recheck_requested")).closed);
  EXPECT_EQ(find_transition(rapid("opened"), "disposed"), nullptr);
}

TEST(CaseMachine, ObjectionWindowGuardsRecheckAndDisposal) {
  const Timestamp ends = local(2025, 9, 26, 13, 40);
  GuardInputs inputs{ends, {{"objection_window", ends}}, std::chrono::hours(8)};
  const auto state = rapid("vendor_notified");
  const auto* recheck = find_transition(state, "recheck_requested");
  const auto* dispose = find_transition(state, "disposed");
  ASSERT_NE(recheck, nullptr);
  ASSERT_NE(dispose, nullptr);
  // At the window's last second: a recheck may still be requested, disposal must wait.
  EXPECT_FALSE(blocked_by_guard(*recheck, state, inputs));
  const auto wait = blocked_by_guard(*dispose, state, inputs);
  ASSERT_TRUE(wait);
  EXPECT_EQ(wait->en, "only after the objection window ends at 2025-09-26 13:40");
  EXPECT_EQ(wait->zh, "须待异议期于 2025-09-26 13:40 结束后");
  // One second later: the other way round.
  inputs.now = ends + std::chrono::seconds(1);
  const auto late = blocked_by_guard(*recheck, state, inputs);
  ASSERT_TRUE(late);
  EXPECT_EQ(late->en, "the objection window ended at 2025-09-26 13:40");
  EXPECT_TRUE(lapsed(*recheck, inputs));   // never again
  EXPECT_FALSE(lapsed(*dispose, inputs));  // only ever waits
  EXPECT_FALSE(blocked_by_guard(*dispose, state, inputs));
  // Disposal after a positive recheck does not wait for the window.
  const auto* after_recheck = find_transition(rapid("recheck_positive"), "disposed");
  ASSERT_NE(after_recheck, nullptr);
  EXPECT_FALSE(
      blocked_by_guard(*after_recheck, rapid("recheck_positive"), GuardInputs{ends, {}, std::chrono::hours(8)}));
}

TEST(CaseMachine, LabCaseCannotCloseWhileARecheckRequestAwaitsItsDecision) {
  const auto* close = find_transition(lab("measures_taken", "recheck_requested"), "closed");
  ASSERT_NE(close, nullptr);
  const GuardInputs inputs{local(2025, 10, 1), {}, std::chrono::hours(8)};
  EXPECT_TRUE(blocked_by_guard(*close, lab("measures_taken", "recheck_requested"), inputs));
  EXPECT_FALSE(blocked_by_guard(*close, lab("measures_taken", "recheck_accepted"), inputs));
}

const Transition& transition(const CaseState& state, const std::string& step) {
  const auto* t = find_transition(state, step);
  if (t == nullptr) throw std::logic_error("no transition " + step);
  return *t;
}

TEST(StepFields, DisposalNeedsQuantityUnitMethodAndSupervisor) {
  const auto& dispose = transition(rapid("recheck_positive"), "disposed");
  const auto ok = check_step_fields(dispose, StepFields{12.5, " kg ", "无害化销毁", "李监督", ""});
  ASSERT_TRUE(ok.ok()) << ok.error().detail.en;
  EXPECT_EQ(ok->method, "destroy");
  EXPECT_EQ(ok->unit, "kg");
  EXPECT_EQ(check_step_fields(dispose, StepFields{12.5, "kg", "off_shelf", "李监督", ""})->method, "off_shelf");
  EXPECT_EQ(check_step_fields(dispose, StepFields{0, "kg", "退市", "李监督", "已售完"})->method, "market_exit");
  const auto missing = [&](StepFields f) {
    const auto r = check_step_fields(dispose, std::move(f));
    EXPECT_FALSE(r.ok());
    return r.ok() ? std::string() : r.error().detail.en;
  };
  EXPECT_EQ(missing({std::nullopt, "kg", "destroy", "李监督", ""}),
            "quantity: expected the quantity (a number, 0 or more), which step disposed requires");
  EXPECT_EQ(missing({1.0, "", "destroy", "李监督", ""}),
            "unit: expected the unit of the quantity (kg, 件 …), which step disposed requires");
  EXPECT_EQ(missing({1.0, "kg", "", "李监督", ""}), "method: expected the method, which step disposed requires");
  EXPECT_EQ(missing({1.0, "kg", "destroy", "", ""}),
            "supervisor: expected who supervised it, which step disposed requires");
  EXPECT_EQ(missing({-1.0, "kg", "destroy", "李监督", ""}),
            "quantity: expected a number, 0 or more (got \"-1.000000\")");
  EXPECT_NE(missing({1.0, "kg", "burnt", "李监督", ""})
                .find("method: expected one of destroy (无害化销毁), off_shelf (下架), "
                      "market_exit (退市) (got \"burnt\")"),
            std::string::npos);
}

TEST(StepFields, AFieldTheStepDoesNotRecordIsRefusedNotDropped) {
  const auto& notify = transition(rapid("sale_suspended"), "vendor_notified");
  const auto r = check_step_fields(notify, StepFields{std::nullopt, "", "", "李监督", ""});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().detail.en, "supervisor: expected nothing: step vendor_notified does not record it");
  EXPECT_EQ(r.error().detail.zh, "supervisor：应为空：“已告知经营户”步骤不记录此项");
  // Quantity and unit go together.
  const auto& suspend = transition(rapid("opened"), "sale_suspended");
  EXPECT_TRUE(check_step_fields(suspend, StepFields{20.0, "kg", "", "", ""}).ok());
  EXPECT_EQ(check_step_fields(suspend, StepFields{20.0, "", "", "", ""}).error().detail.en,
            "unit: expected the unit of the quantity (kg, 件 …)");
}

TEST(StepFields, ARecheckMustUseALaboratoryMethod) {
  const auto& recheck = transition(rapid("vendor_notified"), "recheck_requested");
  EXPECT_TRUE(check_step_fields(recheck, StepFields{std::nullopt, "", "GB 23200.113-2018 GC-MS/MS", "", ""}).ok());
  for (const char* rapid_method : {"抑制率法", "胶体金", "消线法", "inhibition", "rapid test strip", "农残速测卡"}) {
    const auto r = check_step_fields(recheck, StepFields{std::nullopt, "", rapid_method, "", ""});
    ASSERT_FALSE(r.ok()) << rapid_method;
    EXPECT_TRUE(r.error().detail.en.starts_with("method: expected a laboratory (non-rapid) method")) << rapid_method;
  }
  EXPECT_FALSE(check_step_fields(recheck, StepFields{}).ok());  // the method is required
}

TEST(StepFields, LabMeasuresTakeOneOrSeveralOfTheFour) {
  const auto& measures = transition(lab("investigated"), "measures_taken");
  EXPECT_EQ(check_step_fields(measures, StepFields{std::nullopt, "", "封存、召回", "", ""})->method, "seal,recall");
  EXPECT_EQ(check_step_fields(measures, StepFields{3.0, "箱", "seal, off_shelf,整改", "", ""})->method,
            "seal,off_shelf,rectify");
  EXPECT_FALSE(check_step_fields(measures, StepFields{std::nullopt, "", "封存、罚款", "", ""}).ok());
  const auto& investigate = transition(lab("verification_started"), "investigated");
  EXPECT_EQ(check_step_fields(investigate, StepFields{}).error().detail.en,
            "note: expected a note, which step investigated requires");
}

TEST(CaseLabels, EveryStateStepAndDeadlineHasBothLanguages) {
  for (const auto& t : transitions()) {
    for (const auto name : {t.step, t.from, t.to}) {
      if (name.empty()) continue;
      const Text label = case_label(name);
      EXPECT_NE(label.en, label.zh) << name;
    }
  }
  for (const auto& d : deadline_defs()) EXPECT_NE(case_label(d.name).zh, std::string(d.name)) << d.name;
}

class DeadlineRulesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto config = config::load_config(test::source_dir() / "config");
    ASSERT_TRUE(config.ok()) << config.error().detail.en;
    config_ = std::move(*config);
  }
  std::string error_with(const std::function<void(std::vector<config::DeadlineRule>&)>& change) {
    auto rules = config_.deadlines;
    change(rules);
    const auto made = make_case_rules(rules, WorkingCalendar(config_.calendars, std::chrono::hours(8)));
    EXPECT_FALSE(made.ok());
    if (made.ok()) return "";
    EXPECT_EQ(made.error().code, Errc::config_invalid);
    return made.error().detail.en;
  }
  config::Config config_;
};

TEST_F(DeadlineRulesTest, ShippedRulesAreValid) {
  const auto rules = make_case_rules(config_);
  ASSERT_TRUE(rules.ok()) << rules.error().detail.en;
  const auto* closed = rules->rule(CaseType::rapid, "closed");
  ASSERT_NE(closed, nullptr);
  EXPECT_EQ(closed->amount, 3);
  EXPECT_EQ(closed->unit, config::DeadlineUnit::working_days);
  EXPECT_EQ(describe(*closed).en, "3 working days after opened");
  EXPECT_EQ(describe(*closed).zh, "立案后 3 个工作日");
  EXPECT_EQ(rules->starting_at(CaseType::rapid, "vendor_notified").size(), 1u);
  EXPECT_EQ(rules->starting_at(CaseType::lab, "conclusion_received").size(), 2u);
}

TEST_F(DeadlineRulesTest, MistakesNameTheRuleAndWhatWasExpected) {
  EXPECT_TRUE(error_with([](auto& r) { r[0].step = "sale_stopped"; })
                  .starts_with("config/deadlines.json: rules[0].step: expected a deadline of a rapid case: "
                               "sale_suspended, vendor_notified, objection_window"));
  EXPECT_TRUE(error_with([](auto& r) { r[0].from = "confirmed"; })
                  .starts_with("config/deadlines.json: rules[0].from: expected the event the deadline counts from: "
                               "opened, sale_suspended"));
  EXPECT_EQ(error_with([](auto& r) { r.push_back(r[0]); }),
            "config/deadlines.json: rules[9].step: expected a deadline not given before (rules[0] sets "
            "sale_suspended)");
  EXPECT_EQ(error_with([](auto& r) { r[5].from = "vendor_notified"; }),
            "config/deadlines.json: rules[5].from: expected opened: a case's due date counts from its opening");
  EXPECT_EQ(error_with([](auto& r) { r.erase(r.begin() + 1); }),
            "config/deadlines.json: rules: expected a rule for the objection_window deadline of rapid cases");
}

}  // namespace
}  // namespace kj::lims
