// Observations → judged, audited results: mapping and holds, retests to a confirmed positive,
// signatures, corrections, batch invalidation, and audit tamper detection.
#include <gtest/gtest.h>

#include "lims/audit/audit_log.hpp"
#include "lims/catalogue/catalogue_store.hpp"
#include "lims/places/places.hpp"
#include "lims/results/results.hpp"
#include "lims/samples/samples.hpp"
#include "lims/store.hpp"
#include "tests/support/test_support.hpp"

namespace kj::lims {
namespace {

using protocols::Observation;
using protocols::Verdict;

class ResultsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto config = config::load_config(test::source_dir() / "config");
    ASSERT_TRUE(config.ok()) << config.error().detail.en;
    config_ = std::move(*config);
    auto rules = make_rulebook(config_);
    ASSERT_TRUE(rules.ok()) << rules.error().detail.en;
    rules_.emplace(std::move(*rules));
    auto db = open_store(dir_ / "kj.db", true);
    ASSERT_TRUE(db.ok());
    db_.emplace(std::move(*db));
    ASSERT_TRUE(sync_catalogue(*db_, config_).ok());
    ASSERT_TRUE(add_market(*db_, op(), MarketInput{"CN01", "城南农贸市场", "城南街道"}).ok());
    ASSERT_TRUE(add_vendor(*db_, op(), VendorInput{"张三", "", ""}).ok());
    ASSERT_TRUE(add_stall(*db_, op(), StallInput{"CN01", "A-12", "张三", ""}).ok());
  }

  Actor op(std::string name = "王检测") { return Actor{std::move(name), now_, ""}; }

  std::string sample(const std::string& name) {
    auto registered = register_sample(*db_, op(), SampleInput{.name = name, .market = "CN01", .stall = "A-12"},
                                      std::chrono::hours(8));
    EXPECT_TRUE(registered.ok()) << (registered.ok() ? "" : registered.error().detail.en);
    return registered.ok() ? registered->number : "";
  }

  Observation tl310(const std::string& sample_number, double rate, std::optional<Verdict> device = std::nullopt) {
    Observation o;
    o.protocol = "tl310";
    o.sample_id = sample_number;
    o.item_code = "pesticide";
    o.value = rate;
    o.unit = "%";
    o.verdict = device;
    o.standard = "GB/T 5009.199-2003";
    return o;
  }

  Ingested ingest(const Observation& o, std::optional<BatchId> batch = std::nullopt) {
    now_ += std::chrono::minutes(1);
    auto result = ingest_observation(*db_, op(), *rules_, "tl310-1", o, batch);
    EXPECT_TRUE(result.ok()) << (result.ok() ? "" : result.error().detail.en);
    return result.ok() ? *result : Ingested{};
  }

  int count(const std::string& sql) {
    auto& s = db_->prepare(sql);
    s.step();
    return static_cast<int>(s.column_int64(0));
  }

  test::TempDir dir_;
  config::Config config_;
  std::optional<Rulebook> rules_;
  std::optional<storage::Database> db_;
  Timestamp now_ = std::chrono::sys_days(std::chrono::year(2026) / 11 / 23) + std::chrono::hours(2);
};

TEST_F(ResultsTest, PositiveIsRetestedTwiceAndConfirmed) {
  const auto number = sample("白菜");
  const auto first = ingest(tl310(number, 53.5, Verdict::positive));
  EXPECT_FALSE(first.held);
  EXPECT_EQ(first.verdict, Verdict::positive);
  EXPECT_FALSE(first.retest);
  EXPECT_EQ(first.conclusion.state, RetestState::needs_retest);
  EXPECT_EQ(first.conclusion.retests_outstanding, 2);
  const auto second = ingest(tl310(number, 61.0));
  EXPECT_TRUE(second.retest);
  EXPECT_EQ(second.conclusion.state, RetestState::needs_retest);
  const auto third = ingest(tl310(number, 58.2));
  EXPECT_EQ(third.conclusion.state, RetestState::confirmed_positive);
  EXPECT_EQ(count("SELECT count(*) FROM result WHERE first_result_id IS NOT NULL"), 2);
}

TEST_F(ResultsTest, RetestsThatDoNotConfirmMakeItNegative) {
  const auto number = sample("白菜");
  ingest(tl310(number, 55.0));
  ingest(tl310(number, 20.0));
  const auto last = ingest(tl310(number, 30.0));
  EXPECT_EQ(last.conclusion.state, RetestState::not_confirmed);
}

TEST_F(ResultsTest, BoundaryRatesJudgedOnTheRoundedValue) {
  EXPECT_EQ(ingest(tl310(sample("白菜"), 50.0)).verdict, Verdict::positive);
  EXPECT_EQ(ingest(tl310(sample("白菜"), 49.96)).verdict, Verdict::positive);
  EXPECT_EQ(ingest(tl310(sample("白菜"), 45.0)).verdict, Verdict::suspect);
  EXPECT_EQ(ingest(tl310(sample("白菜"), 35.6)).verdict, Verdict::negative);
}

TEST_F(ResultsTest, DisagreeingDeviceVerdictHoldsForReviewer) {
  const auto number = sample("白菜");
  const auto r = ingest(tl310(number, 35.6, Verdict::positive));
  EXPECT_EQ(r.verdict, Verdict::negative);
  EXPECT_TRUE(r.held_for_review);
  ASSERT_TRUE(sign_result(*db_, op("王检测"), r.result_uuid, SignRole::tester).ok());
  const auto no_decision = sign_result(*db_, op("李复核"), r.result_uuid, SignRole::reviewer);
  ASSERT_FALSE(no_decision.ok());
  EXPECT_NE(no_decision.error().detail.en.find("decision"), std::string::npos);
  const auto decided = sign_result(*db_, op("李复核"), r.result_uuid, SignRole::reviewer, Verdict::negative);
  ASSERT_TRUE(decided.ok());
  EXPECT_EQ(decided->review, "decided");
}

TEST_F(ResultsTest, MatrixInterferenceFlagForChives) {
  const auto r = ingest(tl310(sample("韭菜"), 62.0));
  ASSERT_EQ(r.flags.size(), 1u);
  EXPECT_EQ(r.flags[0], "matrix_interference");
}

TEST_F(ResultsTest, UnmappedCodeIsHeldThenIngestedWhenMapped) {
  const auto number = sample("白菜");
  auto o = tl310(number, 70.0);
  o.item_code = "OP-NEW";
  const auto held = ingest(o);
  EXPECT_TRUE(held.held);
  EXPECT_NE(held.held_reason.en.find("OP-NEW"), std::string::npos);
  EXPECT_EQ(count("SELECT count(*) FROM held_observation WHERE status = 'held'"), 1);
  EXPECT_EQ(count("SELECT count(*) FROM result"), 0);
  const auto mapped = map_device_item(*db_, op(), *rules_, "tl310-1", "OP-NEW", "OPC");
  ASSERT_TRUE(mapped.ok()) << mapped.error().detail.en;
  EXPECT_EQ(*mapped, 1);
  EXPECT_EQ(count("SELECT count(*) FROM held_observation WHERE status = 'ingested'"), 1);
  EXPECT_EQ(count("SELECT count(*) FROM result WHERE verdict = 'positive'"), 1);
  EXPECT_EQ(count("SELECT count(*) FROM audit_log WHERE entity = 'held_observation'"), 2);
}

TEST_F(ResultsTest, UnknownSampleIsHeldNotDropped) {
  const auto held = ingest(tl310("NO-SUCH-SAMPLE", 20.0));
  EXPECT_TRUE(held.held);
  EXPECT_EQ(count("SELECT count(*) FROM held_observation"), 1);
}

TEST_F(ResultsTest, SignedResultIsImmutableAndCorrectionsAreNewVersions) {
  const auto r = ingest(tl310(sample("白菜"), 35.6));
  ASSERT_TRUE(sign_result(*db_, op("王检测"), r.result_uuid, SignRole::tester).ok());
  const auto same_person = sign_result(*db_, op("王检测"), r.result_uuid, SignRole::reviewer);
  ASSERT_FALSE(same_person.ok());
  EXPECT_EQ(same_person.error().code, Errc::conflict);
  ASSERT_TRUE(sign_result(*db_, op("李复核"), r.result_uuid, SignRole::reviewer).ok());
  EXPECT_THROW(db_->exec("UPDATE result SET verdict = 'positive'"), storage::StorageError);
  EXPECT_THROW(db_->exec("DELETE FROM result"), storage::StorageError);
  const auto again = sign_result(*db_, op("李复核"), r.result_uuid, SignRole::reviewer);
  EXPECT_FALSE(again.ok());

  Actor no_reason = op();
  EXPECT_FALSE(correct_result(*db_, no_reason, *rules_, r.result_uuid, Correction{55.0, std::nullopt}).ok());
  Actor with_reason = op();
  with_reason.reason = "读数录入错误";
  const auto corrected = correct_result(*db_, with_reason, *rules_, r.result_uuid, Correction{55.0, std::nullopt});
  ASSERT_TRUE(corrected.ok()) << corrected.error().detail.en;
  EXPECT_EQ(corrected->verdict, "positive");
  EXPECT_EQ(corrected->correction_reason, "读数录入错误");
  EXPECT_TRUE(corrected->reviewer_signed_at.empty());
  const auto history = result_history(*db_, r.result_uuid);
  ASSERT_TRUE(history.ok());
  ASSERT_EQ(history->size(), 2u);
  EXPECT_EQ(history->front().verdict, "negative");
  EXPECT_FALSE(history->front().reviewer_signed_at.empty());
}

TEST_F(ResultsTest, FailedControlInvalidatesTheWholeBatch) {
  const auto a = sample("白菜");
  const auto b = sample("菠菜");
  BatchInput input{"tl310-1", "OPC", "", {{1, a}, {2, b}}, protocols::Readings{}};
  input.control->a0 = 0.10;
  input.control->a3 = 0.20;  // ΔA 0.10 < 0.3 minimum
  auto batch = open_batch(*db_, op(), *rules_, input);
  ASSERT_TRUE(batch.ok()) << batch.error().detail.en;
  EXPECT_EQ(batch->qc_outcome, "failed");
  auto o = tl310("", 20.0);
  o.sample_id.reset();
  o.channel = 1;
  EXPECT_EQ(ingest(o, batch->id).verdict, Verdict::invalid);
  o.channel = 2;
  o.value = 80.0;
  EXPECT_EQ(ingest(o, batch->id).verdict, Verdict::invalid);
}

TEST_F(ResultsTest, InhibitionFromAbsorbancesAgainstTheBatchControl) {
  const auto a = sample("白菜");
  BatchInput input{"tl310-1", "OPC", "", {{1, a}}, protocols::Readings{}};
  input.control->a0 = 0.10;
  input.control->a3 = 0.50;  // ΔAc 0.40
  auto batch = open_batch(*db_, op(), *rules_, input);
  ASSERT_TRUE(batch.ok());
  EXPECT_EQ(batch->qc_outcome, "passed");
  Observation o;
  o.item_code = "pesticide";
  o.channel = 1;
  o.readings.a0 = 0.12;
  o.readings.a3 = 0.30;  // ΔAs 0.18 → 55.0 %
  const auto r = ingest(o, batch->id);
  EXPECT_EQ(r.verdict, Verdict::positive);
  ASSERT_TRUE(r.value.has_value());
  EXPECT_DOUBLE_EQ(*r.value, 55.0);
}

TEST_F(ResultsTest, EveryChangeIsAuditedAndQueuedForTheHub) {
  const auto r = ingest(tl310(sample("白菜"), 20.0));
  EXPECT_EQ(count("SELECT count(*) FROM outbox WHERE entity = 'result'"), 1);
  EXPECT_EQ(count("SELECT count(*) FROM outbox WHERE entity = 'sample'"), 1);
  ASSERT_TRUE(sign_result(*db_, op("王检测"), r.result_uuid, SignRole::tester).ok());
  EXPECT_EQ(count("SELECT count(*) FROM outbox WHERE entity = 'result'"), 2);
  const auto report = verify_audit(*db_);
  ASSERT_TRUE(report.ok());
  EXPECT_FALSE(report->first_break.has_value());
  EXPECT_GT(report->entries, 5);
}

TEST_F(ResultsTest, AuditVerifyNamesARowEditedBehindTheProgramsBack) {
  const auto r = ingest(tl310(sample("白菜"), 55.0));
  // What someone with the sqlite3 shell could do: the row is not signed, so the trigger allows it.
  db_->exec("UPDATE result SET verdict = 'negative' WHERE uuid = '" + r.result_uuid + "'");
  const auto report = verify_audit(*db_);
  ASSERT_TRUE(report.ok());
  ASSERT_TRUE(report->first_break.has_value());
  EXPECT_EQ(report->first_break->entity, "result");
  EXPECT_NE(report->first_break->what.en.find("result #"), std::string::npos) << report->first_break->what.en;
  EXPECT_NE(report->first_break->what.en.find("changed after audit entry"), std::string::npos);
}

TEST_F(ResultsTest, AuditVerifyNamesAnAlteredOrDeletedAuditEntry) {
  ingest(tl310(sample("白菜"), 20.0));
  db_->exec("DROP TRIGGER audit_log_is_append_only_u; DROP TRIGGER audit_log_is_append_only_d;");
  db_->exec("UPDATE audit_log SET actor = 'someone else' WHERE id = 2");
  auto report = verify_audit(*db_);
  ASSERT_TRUE(report.ok());
  ASSERT_TRUE(report->first_break.has_value());
  EXPECT_EQ(report->first_break->what.en, "audit entry #2 was altered");
  db_->exec("DELETE FROM audit_log WHERE id = 1");
  report = verify_audit(*db_);
  ASSERT_TRUE(report->first_break.has_value());
  EXPECT_EQ(report->first_break->audit_id, 2);
}

// A whole analyzer run in one transaction keeps each reading's place in the capture, and a
// provenance list that does not match the readings is refused before anything is stored.
TEST_F(ResultsTest, ARunIsStoredTogetherWithEachReadingsCaptureReference) {
  const auto a = sample("白菜");
  const auto b = sample("豇豆");
  const std::vector<Observation> run{tl310(a, 12.0), tl310(b, 20.0)};
  const std::vector<Provenance> provenance{{"instrument", "tl310-1.kjcap:0:27"}, {"instrument", "tl310-1.kjcap:27:27"}};
  const auto stored = ingest_observations(*db_, op(), *rules_, "tl310-1", run, std::nullopt, provenance);
  ASSERT_TRUE(stored.ok()) << stored.error().detail.en;
  ASSERT_EQ(stored->size(), 2u);
  EXPECT_EQ(count("SELECT count(*) FROM result WHERE raw_ref = 'tl310-1.kjcap:27:27'"), 1);

  const std::vector<Provenance> one{{"instrument", "x:0:1"}};
  const auto refused = ingest_observations(*db_, op(), *rules_, "tl310-1", run, std::nullopt, one);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, make_error_code(Errc::invalid_input));
  EXPECT_EQ(count("SELECT count(*) FROM result"), 2);
}

}  // namespace
}  // namespace kj::lims
