// Disposal cases on a real database: opening (automatically inside the ingest transaction, by
// hand, and for lab conclusions), every transition of both case types, every refusal and
// its message, the 4-hour objection window, release on a negative recheck (the first verdict
// corrected), deadlines met and missed, extensions, evidence by content hash, and the audit
// trail. The clock is moved by hand (now_); times are Shanghai local unless marked Z.
#include <gtest/gtest.h>

#include <filesystem>

#include "lims/audit/audit_log.hpp"
#include "lims/cases/case_timing.hpp"
#include "lims/errors.hpp"
#include "lims/records/sha256.hpp"
#include "tests/unit/lims/cases_fixture.hpp"

namespace kj::lims {
namespace {

using testing::local;
using namespace std::chrono_literals;

class CaseFlowTest : public testing::CaseTest {
 protected:
  // A case at vendor_notified: suspended at 09:30, vendor notified at 09:40 (window to 13:40).
  std::string notified_case(const std::string& name = "韭菜") {
    now_ = local(2025, 9, 26, 9, 0);
    const auto number = rapid_case(name);
    now_ = local(2025, 9, 26, 9, 30);
    ok_step(number, "sale_suspended", StepFields{20.0, "kg", "", "", "当场封存"});
    now_ = local(2025, 9, 26, 9, 40);
    ok_step(number, "vendor_notified", StepFields{std::nullopt, "", "", "", "送达告知书"});
    return number;
  }

  std::string lab_case(const std::string& name, Timestamp received) {
    const auto number = sample(name, "BN01", "B-03");
    LabCaseInput input;
    input.sample = number;
    input.item = "OPC";
    input.conclusion_received_at = received;
    input.note = "检验报告 No.2025-0917：毒死蜱 0.32 mg/kg，超限";
    auto opened = open_lab_case(*db_, op(), *rules_, input);
    EXPECT_TRUE(opened.ok()) << (opened.ok() ? "" : opened.error().detail.en);
    return opened.ok() ? opened->number : "";
  }

  Error refused(const std::string& key, const std::string& name, StepFields fields = {}) {
    auto result = step(key, name, std::move(fields));
    EXPECT_FALSE(result.ok()) << name << " was accepted";
    return result.ok() ? Error{} : result.error();
  }
};

TEST_F(CaseFlowTest, AConfirmedPositiveOpensARapidCaseWithItsDeadlines) {
  const auto number = rapid_case();
  EXPECT_EQ(number, "R20250926-001");
  const auto c = load(number);
  EXPECT_EQ(c.type(), CaseType::rapid);
  EXPECT_EQ(c.state.state, "opened");
  EXPECT_EQ(c.sample_name, "韭菜");
  EXPECT_EQ(c.item_code, "OPC");
  EXPECT_EQ(c.market_code, "CN01");
  EXPECT_EQ(c.township, "城南街道");
  EXPECT_EQ(c.vendor, "张三");
  EXPECT_EQ(c.opened_at, local(2025, 9, 26, 9, 0));  // t0: the retest that confirmed it
  ASSERT_EQ(c.steps.size(), 1u);
  EXPECT_EQ(c.steps[0].step, "opened");
  // Deadlines from config/deadlines.json, counted from t0 = Fri 09:00.
  ASSERT_NE(c.deadline("sale_suspended"), nullptr);
  EXPECT_EQ(c.deadline("sale_suspended")->due_at, local(2025, 9, 26, 10, 0));  // + 1 h
  EXPECT_EQ(c.deadline("disposed")->due_at, local(2025, 9, 27, 9, 0));         // + 24 h
  EXPECT_EQ(c.deadline("publicized")->due_at, local(2025, 9, 27, 9, 0));
  EXPECT_EQ(c.deadline("reported")->due_at, local(2025, 9, 27, 9, 0));
  // + 3 working days: Sun 28 (a make-up working day), Mon 29, Tue 30.
  EXPECT_EQ(c.deadline("closed")->due_at, local(2025, 9, 30, 23, 59, 59));
  EXPECT_EQ(c.due_at, local(2025, 9, 30, 23, 59, 59));
  EXPECT_EQ(c.deadline("objection_window"), nullptr);  // starts when the vendor is notified
  // A further positive retest, or the same call again, never opens a second case.
  ingest(c.sample_number, 60.0);
  EXPECT_EQ(open_for(c.result_uuid), number);
  EXPECT_EQ(count("SELECT count(*) FROM disposal_case"), 1);
  // The case, its opening step and its deadlines are audited and queued for the hub.
  EXPECT_EQ(count("SELECT count(*) FROM outbox WHERE entity = 'disposal_case'"), 1);
  EXPECT_EQ(count("SELECT count(*) FROM outbox WHERE entity = 'case_step'"), 1);
  EXPECT_EQ(count("SELECT count(*) FROM outbox WHERE entity = 'case_deadline'"), 5);
}

TEST_F(CaseFlowTest, ARapidCaseStepsThroughToClosureOnTime) {
  const auto number = notified_case();
  auto c = load(number);
  EXPECT_EQ(c.state.state, "vendor_notified");
  EXPECT_EQ(c.deadline("objection_window")->due_at, local(2025, 9, 26, 13, 40));  // 4 h after notification
  EXPECT_EQ(c.deadline("sale_suspended")->state, "met");
  EXPECT_EQ(deadline_status(DeadlineKind::due, "met", c.deadline("sale_suspended")->due_at,
                            c.deadline("sale_suspended")->met_at, now_),
            DeadlineStatus::met_on_time);
  now_ = local(2025, 9, 26, 13, 41);
  c = ok_step(number, "disposed", disposal());
  EXPECT_EQ(c.steps.back().quantity, 12.5);
  EXPECT_EQ(c.steps.back().unit, "kg");
  EXPECT_EQ(c.steps.back().method, "destroy");
  EXPECT_EQ(c.steps.back().supervisor, "李监督");
  now_ = local(2025, 9, 27, 8, 0);
  ok_step(number, "publicized", StepFields{std::nullopt, "", "", "", "市场公示栏"});
  now_ = local(2025, 9, 27, 8, 30);
  ok_step(number, "reported");
  now_ = local(2025, 9, 29, 10, 0);
  c = ok_step(number, "closed");
  EXPECT_TRUE(c.state.closed);
  EXPECT_EQ(c.state.state, "closed");
  EXPECT_EQ(c.outcome, "closed");
  EXPECT_EQ(c.closed_at, local(2025, 9, 29, 10, 0));
  EXPECT_EQ(case_timing(c.due_at, c.closed_at, now_), CaseTiming::closed_on_time);
  ASSERT_EQ(c.steps.size(), 7u);
  for (const auto& d : c.deadlines) {
    if (d.kind == DeadlineKind::due) {
      EXPECT_EQ(d.state, "met") << d.name;
    }
  }
  EXPECT_EQ(c.deadline("objection_window")->state, "cancelled");  // ended unused, case closed
  EXPECT_EQ(
      deadline_status(DeadlineKind::window, "cancelled", c.deadline("objection_window")->due_at, std::nullopt, now_),
      DeadlineStatus::window_ended);
  EXPECT_TRUE(allowed_steps(c, now_, 8h).empty());
}

TEST_F(CaseFlowTest, StepsMayBeNamedByTheirChineseLabels) {
  const auto number = rapid_case();
  now_ = local(2025, 9, 26, 9, 10);
  EXPECT_EQ(ok_step(number, "暂停销售").state.state, "sale_suspended");
  EXPECT_EQ(ok_step(number, "已告知经营户").state.state, "vendor_notified");
  EXPECT_EQ(
      ok_step(number, "escalated to lab sampling", StepFields{std::nullopt, "", "", "", "送检"}).steps.back().step,
      "escalated");
}

TEST_F(CaseFlowTest, AStepMetLateIsRecordedAsLate) {
  const auto number = rapid_case();
  now_ = local(2025, 9, 26, 11, 15);  // the sale was to be suspended by 10:00
  const auto c = ok_step(number, "sale_suspended");
  const auto* d = c.deadline("sale_suspended");
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(deadline_status(d->kind, d->state, d->due_at, d->met_at, now_), DeadlineStatus::met_late);
}

TEST_F(CaseFlowTest, AStepNotAllowedNowIsRefusedWithTheStepsAllowedNow) {
  const auto number = rapid_case();
  auto e = refused(number, "vendor_notified");
  EXPECT_EQ(e.code, Errc::conflict);
  EXPECT_EQ(e.detail.en,
            "rapid-test case R20250926-001 is at \"opened\": step vendor_notified (vendor notified) is not allowed "
            "now from this state. Allowed now: sale_suspended (sale suspended), escalated (escalated to lab "
            "sampling).");
  EXPECT_EQ(
      e.detail.zh,
      "快检案件 R20250926-001 当前状态为“已立案”：现在不能执行 vendor_notified（已告知经营户）（不能在此状态下执行）。"
      "现在可执行：sale_suspended（已暂停销售）、escalated（已转监督抽检）。");
  e = refused(number, "closed");
  EXPECT_NE(e.detail.en.find("Allowed now: sale_suspended"), std::string::npos);
  // An unknown step lists the steps of the case type.
  e = refused(number, "destroyed");
  EXPECT_EQ(e.code, Errc::invalid_input);
  EXPECT_TRUE(
      e.detail.en.starts_with("step: expected a step of a rapid-test case: sale_suspended, vendor_notified, "
                              "recheck_requested, disposed, released, recheck_positive, publicized, reported, "
                              "closed, escalated (got \"destroyed\")"))
      << e.detail.en;
  // A lab step on a rapid case is unknown there.
  EXPECT_EQ(refused(number, "measures_taken").code, Errc::invalid_input);
  // A step that takes no supervisor refuses one rather than dropping it.
  e = refused(number, "sale_suspended", StepFields{std::nullopt, "", "", "李监督", ""});
  EXPECT_EQ(e.detail.en, "supervisor: expected nothing: step sale_suspended does not record it");
  // A case that does not exist.
  EXPECT_EQ(refused("R20990101-001", "sale_suspended").code, Errc::not_found);
  // Nothing of the refusals was stored.
  EXPECT_EQ(count("SELECT count(*) FROM case_step"), 1);
}

TEST_F(CaseFlowTest, DisposalWaitsForTheObjectionWindowAndNeedsItsFields) {
  const auto number = notified_case();
  now_ = local(2025, 9, 26, 12, 0);
  auto e = refused(number, "disposed", disposal());
  EXPECT_EQ(e.code, Errc::conflict);
  EXPECT_EQ(e.detail.en,
            "rapid-test case R20250926-001 is at \"vendor notified\": step disposed (disposed) is not allowed now "
            "(only after the objection window ends at 2025-09-26 13:40). Allowed now: recheck_requested (recheck "
            "requested), escalated (escalated to lab sampling).");
  EXPECT_NE(e.detail.zh.find("须待异议期于 2025-09-26 13:40 结束后"), std::string::npos) << e.detail.zh;
  // Asking for a later step also says what becomes possible when.
  e = refused(number, "publicized");
  EXPECT_TRUE(
      e.detail.en.ends_with("Allowed now: recheck_requested (recheck requested), escalated (escalated to lab "
                            "sampling). Later: disposed (only after the objection window ends at 2025-09-26 "
                            "13:40)."))
      << e.detail.en;
  EXPECT_TRUE(e.detail.zh.ends_with("稍后可执行：disposed（须待异议期于 2025-09-26 13:40 结束后）。")) << e.detail.zh;
  now_ = local(2025, 9, 26, 13, 41);
  for (const auto& [missing, field] : std::vector<std::pair<StepFields, std::string>>{
           {StepFields{std::nullopt, "kg", "destroy", "李监督", ""}, "quantity"},
           {StepFields{1.0, "", "destroy", "李监督", ""}, "unit"},
           {StepFields{1.0, "kg", "", "李监督", ""}, "method"},
           {StepFields{1.0, "kg", "destroy", "", ""}, "supervisor"}}) {
    e = refused(number, "disposed", missing);
    EXPECT_EQ(e.code, Errc::invalid_input);
    EXPECT_TRUE(e.detail.en.starts_with(field + ": expected")) << e.detail.en;
  }
  EXPECT_TRUE(step(number, "disposed", disposal()).ok());
}

TEST_F(CaseFlowTest, TheObjectionWindowIsFourHoursFromNotification) {
  const auto number = notified_case();
  const StepFields lab_method{std::nullopt, "", "GB 23200.113-2018 气相色谱-质谱联用法", "", "经营户申请复检"};
  // 13:40:01 — one second after the window: the request is refused, disposal allowed.
  now_ = local(2025, 9, 26, 13, 40, 1);
  const auto e = refused(number, "recheck_requested", lab_method);
  EXPECT_NE(e.detail.en.find("(the objection window ended at 2025-09-26 13:40). Allowed now: disposed (disposed), "
                             "escalated"),
            std::string::npos)
      << e.detail.en;
  // At 13:40:00 exactly the vendor was still in time.
  const auto other = notified_case("豇豆");
  now_ = local(2025, 9, 26, 13, 40, 0);
  EXPECT_FALSE(step(other, "disposed", disposal()).ok());
  auto c = ok_step(other, "recheck_requested", lab_method);
  EXPECT_EQ(c.state.state, "recheck_requested");
  EXPECT_EQ(c.deadline("objection_window")->state, "met");  // the right was used
  // A rapid method is refused for the recheck.
  const auto third = notified_case("茭白");
  now_ = local(2025, 9, 26, 10, 0);
  EXPECT_EQ(refused(third, "recheck_requested", StepFields{std::nullopt, "", "酶抑制率法", "", ""}).code,
            Errc::invalid_input);
}

TEST_F(CaseFlowTest, ANegativeRecheckReleasesTheCaseAndCorrectsTheFirstVerdict) {
  const auto number = notified_case();
  now_ = local(2025, 9, 26, 11, 0);
  ok_step(number, "recheck_requested", StepFields{std::nullopt, "", "GB 23200.113-2018", "", ""});
  now_ = local(2025, 9, 28, 15, 0);
  EXPECT_EQ(refused(number, "released").detail.en, "note: expected a note, which step released requires");
  const auto c = ok_step(number, "released", StepFields{std::nullopt, "", "", "", "复检报告 FJ-2025-112：未检出"});
  EXPECT_TRUE(c.state.closed);
  EXPECT_EQ(c.state.state, "released");
  EXPECT_EQ(c.outcome, "released");
  EXPECT_EQ(c.closed_at, local(2025, 9, 28, 15, 0));
  EXPECT_EQ(c.deadline("closed")->state, "met");  // released is a closure, on time here
  EXPECT_EQ(c.deadline("disposed")->state, "cancelled");
  EXPECT_EQ(c.deadline("publicized")->state, "cancelled");
  // The first test's verdict was corrected to negative in a new version, with the reason.
  const auto& released = c.steps.back();
  ASSERT_FALSE(released.corrected_result_uuid.empty());
  const auto history = result_history(*db_, released.corrected_result_uuid);
  ASSERT_TRUE(history.ok());
  ASSERT_EQ(history->size(), 2u);
  EXPECT_EQ(history->front().verdict, "positive");
  EXPECT_EQ(history->front().test_kind, "initial");
  EXPECT_EQ(history->back().verdict, "negative");
  EXPECT_NE(history->back().correction_reason.find("R20250926-001"), std::string::npos);
  EXPECT_NE(history->back().correction_reason.find("复检报告 FJ-2025-112"), std::string::npos);
  // With the first test negative, the sample is no longer a confirmed positive.
  auto& s = db_->prepare("SELECT sample_id, item_id FROM disposal_case WHERE number = ?");
  s.bind(1, number);
  s.step();
  const SampleId sample_id{s.column_int64(0)};
  const ItemId item_id{s.column_int64(1)};
  s.reset();
  const auto conclusion = conclusion_of(*db_, *rulebook_, sample_id, item_id);
  ASSERT_TRUE(conclusion.ok());
  EXPECT_NE(conclusion->state, RetestState::confirmed_positive);
  // A released case takes no more steps.
  EXPECT_EQ(refused(number, "disposed", disposal()).code, Errc::conflict);
}

TEST_F(CaseFlowTest, APositiveRecheckContinuesToDisposalWithoutWaiting) {
  const auto number = notified_case();
  now_ = local(2025, 9, 26, 10, 0);
  ok_step(number, "recheck_requested", StepFields{std::nullopt, "", "GB 23200.113-2018", "", ""});
  now_ = local(2025, 9, 26, 11, 0);
  ok_step(number, "recheck_positive", StepFields{std::nullopt, "", "", "", "复检报告：毒死蜱 0.21 mg/kg"});
  now_ = local(2025, 9, 26, 11, 30);  // within the 4 hours: the window no longer matters
  const auto c = ok_step(number, "disposed", StepFields{8.0, "kg", "下架", "李监督", ""});
  EXPECT_EQ(c.state.state, "disposed");
  EXPECT_EQ(c.steps.back().method, "off_shelf");
}

TEST_F(CaseFlowTest, EscalationIsASideStepAndTheLabCaseLinksBack) {
  const auto number = notified_case();
  now_ = local(2025, 9, 26, 10, 0);
  EXPECT_EQ(refused(number, "escalated").detail.en, "note: expected a note, which step escalated requires");
  auto c = ok_step(number, "escalated", StepFields{std::nullopt, "", "", "", "同批次送县检测中心监督抽检"});
  EXPECT_EQ(c.state.state, "vendor_notified");  // unchanged
  EXPECT_EQ(c.steps.back().step, "escalated");
  const auto lab_sample = sample("韭菜");
  LabCaseInput input;
  input.sample = lab_sample;
  input.conclusion_received_at = local(2025, 10, 9, 9, 0);
  input.escalated_from = number;
  now_ = local(2025, 10, 9, 9, 30);
  const auto opened = open_lab_case(*db_, op(), *rules_, input);
  ASSERT_TRUE(opened.ok()) << opened.error().detail.en;
  EXPECT_EQ(load(opened->number).parent_number, number);
  // Only a rapid case can be escalated from.
  input.sample = sample("豇豆");
  input.escalated_from = opened->number;
  EXPECT_EQ(open_lab_case(*db_, op(), *rules_, input).error().code, Errc::invalid_input);
}

TEST_F(CaseFlowTest, ALabCaseRunsItsMainLineWithItsDeadlines) {
  now_ = local(2025, 9, 26, 16, 0);
  const auto number = lab_case("芹菜", local(2025, 9, 26, 10, 0));
  EXPECT_EQ(number, "L20250926-001");
  auto c = load(number);
  EXPECT_EQ(c.state.state, "conclusion_received");
  EXPECT_EQ(c.opened_at, local(2025, 9, 26, 10, 0));
  // The acceptance case: the producer's 7-working-day recheck window ends on Mon 2025-10-13
  // (Sun Sep 28 and Sat Oct 11 are worked, Oct 1–8 are off).
  EXPECT_EQ(c.deadline("recheck_request")->due_at, local(2025, 10, 13, 23, 59, 59));
  EXPECT_EQ(c.deadline("recheck_request")->kind, DeadlineKind::window);
  // Due 90 calendar days after the conclusion was received.
  EXPECT_EQ(c.due_at, local(2025, 12, 25, 23, 59, 59));
  EXPECT_EQ(c.steps[0].note, "检验报告 No.2025-0917：毒死蜱 0.32 mg/kg，超限");
  now_ = local(2025, 9, 28, 9, 0);
  ok_step(number, "verification_started");
  now_ = local(2025, 10, 9, 9, 0);
  EXPECT_EQ(refused(number, "investigated").detail.en, "note: expected a note, which step investigated requires");
  ok_step(number, "investigated", StepFields{std::nullopt, "", "", "", "来源：某合作社；供货者有合格证"});
  now_ = local(2025, 10, 10, 9, 0);
  c = ok_step(number, "measures_taken", StepFields{35.0, "kg", "封存、召回", "", ""});
  EXPECT_EQ(c.steps.back().method, "seal,recall");
  now_ = local(2025, 11, 3, 9, 0);
  c = ok_step(number, "closed");
  EXPECT_EQ(c.outcome, "closed");
  EXPECT_EQ(case_timing(c.due_at, c.closed_at, now_), CaseTiming::closed_on_time);
  EXPECT_EQ(c.deadline("recheck_request")->state, "cancelled");
  // Opening the same conclusion again returns the case.
  LabCaseInput again;
  again.sample = c.sample_number;
  const auto reopened = open_lab_case(*db_, op(), *rules_, again);
  ASSERT_TRUE(reopened.ok());
  EXPECT_FALSE(reopened->created);
  EXPECT_EQ(reopened->number, number);
}

TEST_F(CaseFlowTest, TheProducersRecheckRequestRunsBesideTheMainLine) {
  now_ = local(2025, 9, 26, 16, 0);
  const auto number = lab_case("芹菜", local(2025, 9, 26, 10, 0));
  now_ = local(2025, 9, 29, 9, 0);
  ok_step(number, "verification_started");
  // Mon Oct 13, 23:00: the last working day of the window.
  now_ = local(2025, 10, 13, 23, 0);
  auto c = ok_step(number, "recheck_requested", StepFields{std::nullopt, "", "", "", "生产者书面申请"});
  EXPECT_EQ(c.state.state, "verification_started");
  EXPECT_EQ(c.state.recheck_state, "recheck_requested");
  // Decide within 5 working days: Oct 14 (1), 15 (2), 16 (3), 17 (4), Mon 20 (5).
  EXPECT_EQ(c.deadline("recheck_decision")->due_at, local(2025, 10, 20, 23, 59, 59));
  now_ = local(2025, 10, 14, 9, 0);
  ok_step(number, "investigated", StepFields{std::nullopt, "", "", "", "已查明来源"});
  ok_step(number, "measures_taken", StepFields{std::nullopt, "", "整改", "", ""});
  auto e = refused(number, "closed");
  EXPECT_EQ(e.detail.en,
            "lab sampling case L20250926-001 is at \"measures taken\", recheck \"recheck requested\": step closed "
            "(closed) is not allowed now (not while a recheck request awaits its decision). Allowed now: "
            "recheck_accepted (recheck accepted), recheck_rejected (recheck rejected).");
  EXPECT_EQ(refused(number, "recheck_rejected").detail.en,
            "note: expected a note, which step recheck_rejected requires");
  now_ = local(2025, 10, 20, 17, 0);
  c = ok_step(number, "recheck_accepted");
  EXPECT_EQ(deadline_status(DeadlineKind::due, c.deadline("recheck_decision")->state,
                            c.deadline("recheck_decision")->due_at, c.deadline("recheck_decision")->met_at, now_),
            DeadlineStatus::met_on_time);
  c = ok_step(number, "closed");
  EXPECT_TRUE(c.state.closed);

  // A request may also be rejected, with the reason; the decision deadline is then met.
  now_ = local(2025, 9, 26, 16, 0);
  const auto rejected = lab_case("菠菜", local(2025, 9, 26, 10, 0));
  now_ = local(2025, 9, 30, 9, 0);
  ok_step(rejected, "recheck_requested");
  now_ = local(2025, 10, 9, 9, 0);
  c = ok_step(rejected, "recheck_rejected", StepFields{std::nullopt, "", "", "", "超出复检范围：微生物项目不予复检"});
  EXPECT_EQ(c.state.recheck_state, "recheck_rejected");
  EXPECT_EQ(c.deadline("recheck_decision")->state, "met");
  EXPECT_EQ(c.steps.back().note, "超出复检范围：微生物项目不予复检");

  // A request after the window is refused.
  now_ = local(2025, 9, 26, 16, 0);
  const auto late = lab_case("菠菜", local(2025, 9, 26, 10, 0));
  now_ = local(2025, 10, 14, 0, 0);
  e = refused(late, "recheck_requested");
  EXPECT_NE(e.detail.en.find("(the recheck request window ended at 2025-10-13 23:59)"), std::string::npos)
      << e.detail.en;
  // A lapsed right is not offered for later either.
  EXPECT_EQ(e.detail.en.find("Later"), std::string::npos) << e.detail.en;
  const auto allowed = allowed_steps(load(late), now_, 8h);
  ASSERT_EQ(allowed.size(), 1u);
  EXPECT_EQ(allowed[0].step, "verification_started");
}

TEST_F(CaseFlowTest, ExtensionsNeedAnApprovalAndKeepTheirHistory) {
  now_ = local(2025, 9, 26, 16, 0);
  const auto number = lab_case("芹菜", local(2025, 9, 26, 10, 0));
  const Timestamp original = local(2025, 12, 25, 23, 59, 59);
  now_ = local(2025, 12, 20, 9, 0);
  const auto extend = [&](Timestamp until, std::string approver, std::string reason) {
    return extend_case(*db_, op(), *rules_, number, ExtensionInput{until, std::move(approver), std::move(reason)});
  };
  EXPECT_EQ(extend(local(2026, 1, 31, 23, 59, 59), "", "协查").error().detail.en,
            "approver: expected who approved the extension");
  EXPECT_EQ(extend(local(2026, 1, 31, 23, 59, 59), "县局张局长", " ").error().detail.en,
            "reason: expected why the due date is extended");
  EXPECT_EQ(extend(local(2025, 12, 24), "县局张局长", "协查").error().detail.en,
            "until: expected a due date later than the current one (2025-12-25 23:59) (got \"2025-12-24 00:00\")");
  auto c = extend(local(2026, 1, 31, 23, 59, 59), "县局张局长", "需外省协查供货来源");
  ASSERT_TRUE(c.ok()) << c.error().detail.en;
  EXPECT_EQ(c->due_at, local(2026, 1, 31, 23, 59, 59));
  EXPECT_EQ(c->initial_due_at, original);
  EXPECT_EQ(c->deadline("closed")->due_at, c->due_at);
  now_ = local(2026, 1, 20, 9, 0);
  c = extend(local(2026, 2, 28, 23, 59, 59), "县局张局长", "协查函尚未回复");
  ASSERT_TRUE(c.ok());
  ASSERT_EQ(c->extensions.size(), 2u);
  EXPECT_EQ(c->extensions[0].previous_due_at, original);
  EXPECT_EQ(c->extensions[0].new_due_at, local(2026, 1, 31, 23, 59, 59));
  EXPECT_EQ(c->extensions[0].approver, "县局张局长");
  EXPECT_EQ(c->extensions[0].recorded_by, "王检测");
  EXPECT_EQ(c->extensions[1].previous_due_at, local(2026, 1, 31, 23, 59, 59));
  EXPECT_EQ(c->extensions[1].reason, "协查函尚未回复");
  // Closed after the original due date but before the extended one: on time.
  now_ = local(2026, 2, 10, 9, 0);
  ok_step(number, "verification_started");
  ok_step(number, "investigated", StepFields{std::nullopt, "", "", "", "协查完毕"});
  ok_step(number, "measures_taken", StepFields{std::nullopt, "", "下架", "", ""});
  const auto closed = ok_step(number, "closed");
  EXPECT_EQ(case_timing(closed.due_at, closed.closed_at, now_), CaseTiming::closed_on_time);
  EXPECT_EQ(case_timing(original, closed.closed_at, now_), CaseTiming::closed_late);
  // A closed case is not extended.
  EXPECT_EQ(extend(local(2026, 3, 31), "县局张局长", "x").error().code, Errc::conflict);
}

TEST_F(CaseFlowTest, AnOverdueCaseCannotBeExtendedAfterTheFact) {
  const auto number = rapid_case();
  now_ = local(2025, 10, 1, 0, 0, 0);  // due Sep 30 23:59:59
  const auto e =
      extend_case(*db_, op(), *rules_, number, ExtensionInput{local(2025, 10, 15, 23, 59, 59), "县局张局长", "补办"});
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(e.error().code, Errc::conflict);
  EXPECT_EQ(e.error().detail.en,
            "case R20250926-001 fell due at 2025-09-30 23:59; an extension must be approved before the due date, not "
            "after");
  EXPECT_EQ(count("SELECT count(*) FROM case_extension"), 0);
}

TEST_F(CaseFlowTest, AMissingCalendarYearRefusesToOpenAndStoresNothing) {
  now_ = local(2026, 12, 30, 10, 0);  // + 3 working days reaches into 2027: no calendar file
  const auto number = sample("韭菜");
  const auto positive = confirmed_positive(number);
  const auto id = db_->transact(
      [&]() -> Result<CaseId> { return open_rapid_case_for_result(*db_, op(), *rules_, positive.result_uuid); });
  ASSERT_FALSE(id.ok());
  EXPECT_EQ(id.error().code, Errc::config_invalid);
  EXPECT_NE(id.error().detail.en.find("config/calendar/2027.json"), std::string::npos) << id.error().detail.en;
  EXPECT_EQ(count("SELECT count(*) FROM disposal_case"), 0);
  EXPECT_EQ(count("SELECT count(*) FROM case_step"), 0);
  EXPECT_EQ(count("SELECT count(*) FROM outbox WHERE entity LIKE 'case%' OR entity = 'disposal_case'"), 0);
}

TEST_F(CaseFlowTest, OpeningByHandNeedsAConfirmedPositive) {
  const auto number = sample("白菜");
  const auto first = ingest(number, 62.0);
  const auto refused_open = open_rapid_case(*db_, op(), *rules_, *rulebook_, first.result_uuid);
  ASSERT_FALSE(refused_open.ok());
  EXPECT_EQ(refused_open.error().code, Errc::conflict);
  EXPECT_NE(refused_open.error().detail.en.find("is not a confirmed positive"), std::string::npos);
  now_ += 1min;
  ingest(number, 60.0);
  now_ += 1min;
  ingest(number, 58.0);
  const auto opened = open_rapid_case(*db_, op(), *rules_, *rulebook_, first.result_uuid.substr(0, 8));
  ASSERT_TRUE(opened.ok()) << opened.error().detail.en;
  EXPECT_TRUE(opened->created);
  const auto again = open_rapid_case(*db_, op(), *rules_, *rulebook_, first.result_uuid);
  ASSERT_TRUE(again.ok());
  EXPECT_FALSE(again->created);
  EXPECT_EQ(again->number, opened->number);
  EXPECT_EQ(open_rapid_case(*db_, op(), *rules_, *rulebook_, "ffffffff-0000").error().code, Errc::not_found);
}

TEST_F(CaseFlowTest, EvidenceIsStoredByContentHashBesideTheDatabase) {
  const auto photo = dir_ / "board.jpg";
  test::write_file(photo, "JPEG bytes of the market board");
  const auto store = evidence_dir_for(dir_ / "kj.db");
  EXPECT_EQ(store, dir_ / "evidence");
  const auto ref = store_evidence(store, photo);
  ASSERT_TRUE(ref.ok()) << ref.error().detail.en;
  EXPECT_EQ(ref->sha256, sha256_hex("JPEG bytes of the market board"));
  EXPECT_EQ(ref->name, "board.jpg");
  EXPECT_EQ(ref->bytes, 30);
  EXPECT_EQ(test::read_file(store / ref->sha256), "JPEG bytes of the market board");
  // The same content under another name is one stored file.
  test::write_file(dir_ / "copy.jpg", "JPEG bytes of the market board");
  EXPECT_EQ(store_evidence(store, dir_ / "copy.jpg")->sha256, ref->sha256);
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(store), std::filesystem::directory_iterator()), 1);
  // The step keeps the hash and the original name.
  const auto number = rapid_case();
  now_ = local(2025, 9, 26, 9, 20);
  const auto c = step(number, "sale_suspended", {}, {*ref});
  ASSERT_TRUE(c.ok());
  ASSERT_EQ(c->steps.back().evidence.size(), 1u);
  EXPECT_EQ(c->steps.back().evidence[0].sha256, ref->sha256);
  EXPECT_EQ(c->steps.back().evidence[0].name, "board.jpg");
  // Unreadable and oversized files are refused.
  EXPECT_EQ(store_evidence(store, dir_ / "missing.jpg").error().code, Errc::invalid_input);
  const auto huge = dir_ / "huge.mp4";
  test::write_file(huge, "");
  std::filesystem::resize_file(huge, kMaxEvidenceBytes + 1);
  EXPECT_NE(store_evidence(store, huge).error().detail.en.find("at most 64 MiB"), std::string::npos);
}

TEST_F(CaseFlowTest, StepsAreNeverBackdatedBeforeThePreviousStep) {
  const auto number = rapid_case();
  now_ = local(2025, 9, 26, 9, 30);
  ok_step(number, "sale_suspended");
  now_ = local(2025, 9, 26, 9, 10);
  const auto e = refused(number, "vendor_notified");
  EXPECT_EQ(e.detail.en,
            "the time of this step (2025-09-26 09:10) is before the case's previous step (2025-09-26 09:30); check "
            "the clock");
}

TEST_F(CaseFlowTest, TheDatabaseKeepsClosedCasesAndStepsFinal) {
  const auto number = notified_case();
  now_ = local(2025, 9, 26, 14, 0);
  ok_step(number, "disposed", disposal());
  ok_step(number, "publicized");
  ok_step(number, "reported");
  ok_step(number, "closed");
  EXPECT_THROW(db_->exec("UPDATE disposal_case SET due_at = '2030-01-01T00:00:00Z'"), storage::StorageError);
  EXPECT_THROW(db_->exec("DELETE FROM disposal_case"), storage::StorageError);
  EXPECT_THROW(db_->exec("UPDATE case_step SET note = 'x'"), storage::StorageError);
  EXPECT_THROW(db_->exec("DELETE FROM case_step"), storage::StorageError);
  // The closed case was counted once in the monthly tally, on time.
  EXPECT_EQ(count("SELECT on_time FROM closure_tally WHERE month = '2025-09' AND type = 'rapid'"), 1);
  EXPECT_EQ(count("SELECT late FROM closure_tally WHERE month = '2025-09' AND type = 'rapid'"), 0);
  // Every change is in the audit chain, which verifies.
  const auto report = verify_audit(*db_);
  ASSERT_TRUE(report.ok());
  EXPECT_FALSE(report->first_break.has_value()) << report->first_break->what.en;
  EXPECT_EQ(count("SELECT count(*) FROM audit_log WHERE entity = 'case_step'"), 7);
}

}  // namespace
}  // namespace kj::lims
