// Shared by the disposal-case tests: a booth database with the shipped config, one market and
// stall, confirmed positives made the way the analyzer makes them (a first positive and two
// positive retests through ingest_observation), and a clock the test moves by hand.
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <optional>
#include <string>

#include "lims/cases/case_extension.hpp"
#include "lims/cases/case_opening.hpp"
#include "lims/cases/case_rules.hpp"
#include "lims/cases/case_steps.hpp"
#include "lims/cases/disposal_case.hpp"
#include "lims/catalogue/catalogue_store.hpp"
#include "lims/places/places.hpp"
#include "lims/results/results.hpp"
#include "lims/samples/samples.hpp"
#include "lims/store.hpp"
#include "tests/support/test_support.hpp"

namespace kj::lims::testing {

// A local (UTC+8) wall-clock time.
inline Timestamp local(int y, unsigned m, unsigned d, int hh = 0, int mm = 0, int ss = 0) {
  using namespace std::chrono;
  return sys_days(year(y) / month(m) / day(d)) + hours(hh) + minutes(mm) + seconds(ss) - hours(8);
}

class CaseTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto config = config::load_config(test::source_dir() / "config");
    ASSERT_TRUE(config.ok()) << config.error().detail.en;
    config_ = std::move(*config);
    auto rulebook = make_rulebook(config_);
    ASSERT_TRUE(rulebook.ok()) << rulebook.error().detail.en;
    rulebook_.emplace(std::move(*rulebook));
    auto rules = make_case_rules(config_);
    ASSERT_TRUE(rules.ok()) << rules.error().detail.en;
    rules_.emplace(std::move(*rules));
    auto db = open_store(dir_ / "kj.db", true);
    ASSERT_TRUE(db.ok()) << db.error().detail.en;
    db_.emplace(std::move(*db));
    ASSERT_TRUE(sync_catalogue(*db_, config_).ok());
    ASSERT_TRUE(add_market(*db_, op(), MarketInput{"CN01", "城南农贸市场", "城南街道"}).ok());
    ASSERT_TRUE(add_market(*db_, op(), MarketInput{"BN01", "城北农贸市场", "城北镇"}).ok());
    ASSERT_TRUE(add_vendor(*db_, op(), VendorInput{"张三", "", ""}).ok());
    ASSERT_TRUE(add_stall(*db_, op(), StallInput{"CN01", "A-12", "张三", ""}).ok());
    ASSERT_TRUE(add_stall(*db_, op(), StallInput{"BN01", "B-03", "", ""}).ok());
  }

  Actor op(std::string name = "王检测", std::string reason = {}) {
    return Actor{std::move(name), now_, std::move(reason)};
  }

  std::string sample(const std::string& name, const std::string& market = "CN01", const std::string& stall = "A-12") {
    auto registered =
        register_sample(*db_, op(), SampleInput{.name = name, .market = market, .stall = stall}, std::chrono::hours(8));
    EXPECT_TRUE(registered.ok()) << (registered.ok() ? "" : registered.error().detail.en);
    return registered.ok() ? registered->number : "";
  }

  Ingested ingest(const std::string& number, double rate) {
    protocols::Observation o;
    o.protocol = "tl310";
    o.sample_id = number;
    o.item_code = "pesticide";
    o.value = rate;
    o.unit = "%";
    o.standard = "GB/T 5009.199-2003";
    auto result = ingest_observation(*db_, op(), *rulebook_, "tl310-1", o, std::nullopt);
    EXPECT_TRUE(result.ok()) << (result.ok() ? "" : result.error().detail.en);
    return result.ok() ? *result : Ingested{};
  }

  // A first positive and two positive retests, a minute apart, ending at now_: the last
  // ingested result (the one whose conclusion is confirmed_positive).
  Ingested confirmed_positive(const std::string& number) {
    const Timestamp end = now_;
    now_ = end - std::chrono::minutes(2);
    ingest(number, 62.0);
    now_ += std::chrono::minutes(1);
    ingest(number, 61.0);
    now_ = end;
    const auto last = ingest(number, 63.5);
    EXPECT_EQ(last.conclusion.state, RetestState::confirmed_positive);
    return last;
  }

  // What ingest will do: open the case inside the transaction that stored the result.
  std::string open_for(const std::string& result_uuid) {
    auto id =
        db_->transact([&]() -> Result<CaseId> { return open_rapid_case_for_result(*db_, op(), *rules_, result_uuid); });
    EXPECT_TRUE(id.ok()) << (id.ok() ? "" : id.error().detail.en);
    if (!id.ok()) return "";
    auto& s = db_->prepare("SELECT number FROM disposal_case WHERE id = ?");
    s.bind(1, id->value);
    s.step();
    const auto number = s.column_text(0);
    s.reset();
    return number;
  }

  std::string rapid_case(const std::string& name = "韭菜") {
    const auto number = sample(name);
    return open_for(confirmed_positive(number).result_uuid);
  }

  Result<DisposalCase> step(const std::string& key, const std::string& name, StepFields fields = {},
                            std::vector<EvidenceRef> evidence = {}) {
    return record_step(*db_, op(), *rules_, *rulebook_, key, StepInput{name, std::move(fields), std::move(evidence)});
  }

  DisposalCase ok_step(const std::string& key, const std::string& name, StepFields fields = {}) {
    auto result = step(key, name, std::move(fields));
    EXPECT_TRUE(result.ok()) << name << ": " << (result.ok() ? "" : result.error().detail.en);
    return result.ok() ? *result : DisposalCase{};
  }

  static StepFields disposal() { return StepFields{12.5, "kg", "无害化销毁", "李监督", "掩埋处理"}; }

  DisposalCase load(const std::string& key) {
    auto c = load_case(*db_, key);
    EXPECT_TRUE(c.ok()) << (c.ok() ? "" : c.error().detail.en);
    return c.ok() ? *c : DisposalCase{};
  }

  std::int64_t count(const std::string& sql) {
    auto& s = db_->prepare(sql);
    s.step();
    const auto n = s.column_int64(0);
    s.reset();
    return n;
  }

  test::TempDir dir_;
  config::Config config_;
  std::optional<Rulebook> rulebook_;
  std::optional<CaseRules> rules_;
  std::optional<storage::Database> db_;
  Timestamp now_ = local(2025, 9, 26, 9, 0);
};

}  // namespace kj::lims::testing
