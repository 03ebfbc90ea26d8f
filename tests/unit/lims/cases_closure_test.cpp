// The on-time closure rate: by hand over a small set of cases (on time, on the due second,
// closed late, open overdue, not yet due, outside the period), grouped every way; the
// database query (monthly tally + partial months + open cases) against the same computation
// over every case; the due-soon/overdue list; and the acceptance flow — a confirmed positive
// closed on time gives 100 %, a second one left past its due date 50 % and an overdue alert.
#include <gtest/gtest.h>

#include <random>

#include "lims/cases/case_timing.hpp"
#include "lims/cases/closure_query.hpp"
#include "lims/cases/closure_rate.hpp"
#include "lims/cases/stored_time.hpp"
#include "tests/unit/lims/cases_fixture.hpp"

namespace kj::lims {
namespace {

using testing::local;
using namespace std::chrono_literals;
constexpr auto kShanghai = std::chrono::minutes(480);

ClosureNames names() {
  ClosureNames n;
  n.county = "示范县";
  n.townships = {{1, "城南街道"}, {2, "城北镇"}};
  n.markets = {{10, {"CN01", "城南市场", 1}}, {11, {"CN02", "南门市场", 1}}, {20, {"BN01", "城北市场", 2}}};
  return n;
}

// September 2025, judged on Oct 5. Due dates are the end of a local day unless noted.
std::vector<ClosureRow> september() {
  return {
      // a: closed the day before it was due — on time
      {CaseType::rapid, 10, local(2025, 9, 5, 23, 59, 59), local(2025, 9, 4, 16, 0)},
      // b: closed on the very second it was due — on time
      {CaseType::rapid, 10, local(2025, 9, 10, 23, 59, 59), local(2025, 9, 10, 23, 59, 59)},
      // c: closed one second late
      {CaseType::rapid, 11, local(2025, 9, 12, 23, 59, 59), local(2025, 9, 13, 0, 0, 0)},
      // d: still open, due Sep 20 — overdue on Oct 5
      {CaseType::lab, 20, local(2025, 9, 20, 23, 59, 59), std::nullopt},
      // e: due on the last second of the period, closed on time
      {CaseType::lab, 20, local(2025, 9, 30, 23, 59, 59), local(2025, 9, 29, 9, 0)},
      // f: due at 00:00 local on Oct 1 — outside the period
      {CaseType::rapid, 10, local(2025, 10, 1, 0, 0, 0), std::nullopt},
      // g: due Aug 31 — outside the period
      {CaseType::rapid, 10, local(2025, 8, 31, 23, 59, 59), local(2025, 8, 30, 9, 0)},
      // h: no market, open, due Sep 15 — overdue
      {CaseType::rapid, std::nullopt, local(2025, 9, 15, 23, 59, 59), std::nullopt},
      // i: closed late, on Oct 1
      {CaseType::rapid, 11, local(2025, 9, 25, 23, 59, 59), local(2025, 10, 1, 10, 0)},
      // j: due Oct 20, open — outside the period, not yet due on Oct 5
      {CaseType::lab, 20, local(2025, 10, 20, 23, 59, 59), std::nullopt},
  };
}

ClosureReport report(ClosureBy by, Timestamp now = local(2025, 10, 5, 12, 0)) {
  const auto rows = september();
  return closure_report(rows, local(2025, 9, 1), local(2025, 9, 30, 23, 59, 59), now, by, names(), kShanghai);
}

void expect_group(const ClosureGroup& g, const std::string& key, std::int64_t on_time, std::int64_t closed_late,
                  std::int64_t open_overdue, std::int64_t not_yet_due) {
  EXPECT_EQ(g.key, key);
  EXPECT_EQ(g.on_time, on_time) << key;
  EXPECT_EQ(g.closed_late, closed_late) << key;
  EXPECT_EQ(g.open_overdue, open_overdue) << key;
  EXPECT_EQ(g.not_yet_due, not_yet_due) << key;
}

TEST(ClosureRate, CaseTimingAtTheBoundaries) {
  const Timestamp due = local(2025, 9, 30, 23, 59, 59);
  EXPECT_EQ(case_timing(due, due, due + 1h), CaseTiming::closed_on_time);
  EXPECT_EQ(case_timing(due, due + 1s, due), CaseTiming::closed_late);
  EXPECT_EQ(case_timing(due, std::nullopt, due), CaseTiming::not_yet_due);
  EXPECT_EQ(case_timing(due, std::nullopt, due + 1s), CaseTiming::open_overdue);
}

// By hand: in the period are a b c d e h i (f and g are not). On time: a b e = 3. Closed
// late: c i = 2. Open overdue: d h = 2. Due = 7, rate 3/7 = 42.857 %.
TEST(ClosureRate, TheCountyOverAHandComputedSet) {
  const auto r = report(ClosureBy::overall);
  EXPECT_TRUE(r.groups.empty());
  expect_group(r.total, "示范县", 3, 2, 2, 0);
  EXPECT_EQ(r.total.due(), 7);
  EXPECT_EQ(r.total.late(), 4);
  ASSERT_TRUE(r.total.rate_percent());
  EXPECT_NEAR(*r.total.rate_percent(), 300.0 / 7.0, 1e-9);
}

// Judged on Sep 18 instead: d (due Sep 20) is not yet due and leaves the denominator; i was
// closed (Oct 1) after that date in this made-up set, but a closed case is judged by its
// closing time alone. Due = a b c e h i = 6, on time 3, rate 50 %.
TEST(ClosureRate, AnOpenCaseNotYetDueIsLeftOut) {
  const auto r = report(ClosureBy::overall, local(2025, 9, 18, 0, 0));
  expect_group(r.total, "示范县", 3, 2, 1, 1);
  EXPECT_EQ(*r.total.rate_percent(), 50.0);
}

TEST(ClosureRate, ByTownshipMarketTypeAndMonth) {
  // Townships: 城南街道 (CN01, CN02) a b c i → 2 on time, 2 late; 城北镇 (BN01) d e → 1, 1
  // overdue; the case without a market has no township.
  auto r = report(ClosureBy::township);
  ASSERT_EQ(r.groups.size(), 3u);
  expect_group(r.groups[0], "城北镇", 1, 0, 1, 0);
  expect_group(r.groups[1], "城南街道", 2, 2, 0, 0);
  expect_group(r.groups[2], "", 0, 0, 1, 0);
  EXPECT_EQ(r.groups[2].label.zh, "（无镇乡）");
  EXPECT_EQ(*r.groups[1].rate_percent(), 50.0);
  EXPECT_EQ(*r.groups[2].rate_percent(), 0.0);
  // Markets: BN01 d e; CN01 a b (100 %); CN02 c i (0 %); none: h.
  r = report(ClosureBy::market);
  ASSERT_EQ(r.groups.size(), 4u);
  expect_group(r.groups[0], "BN01", 1, 0, 1, 0);
  expect_group(r.groups[1], "CN01", 2, 0, 0, 0);
  expect_group(r.groups[2], "CN02", 0, 2, 0, 0);
  expect_group(r.groups[3], "", 0, 0, 1, 0);
  EXPECT_EQ(r.groups[1].label.en, "城南市场 (CN01)");
  EXPECT_EQ(*r.groups[1].rate_percent(), 100.0);
  // Types: rapid a b c h i → 2 of 5 = 40 %; lab d e → 50 %.
  r = report(ClosureBy::type);
  ASSERT_EQ(r.groups.size(), 2u);
  expect_group(r.groups[0], "rapid", 2, 2, 1, 0);
  expect_group(r.groups[1], "lab", 1, 0, 1, 0);
  EXPECT_EQ(*r.groups[0].rate_percent(), 40.0);
  EXPECT_EQ(r.groups[0].label.zh, "快检案件");
  // Month of the due date in local time: e (Sep 30 23:59:59 local, Sep 30 15:59:59Z) is in
  // September, f (Oct 1 00:00 local, still Sep 30 in UTC) in October, with j.
  const auto rows = september();
  r = closure_report(rows, local(2025, 9, 1), local(2025, 10, 31, 23, 59, 59), local(2025, 10, 5, 12, 0),
                     ClosureBy::month, names(), kShanghai);
  ASSERT_EQ(r.groups.size(), 2u);
  expect_group(r.groups[0], "2025-09", 3, 2, 2, 0);
  expect_group(r.groups[1], "2025-10", 0, 0, 1, 1);
  EXPECT_EQ(r.groups[1].label.zh, "2025年10月");
  EXPECT_EQ(*r.groups[1].rate_percent(), 0.0);
  // A period in which nothing has fallen due yet has no rate (not 0 %).
  r = closure_report(rows, local(2025, 10, 6), local(2025, 10, 31, 23, 59, 59), local(2025, 10, 5, 12, 0),
                     ClosureBy::overall, names(), kShanghai);
  expect_group(r.total, "示范县", 0, 0, 0, 1);
  EXPECT_FALSE(r.total.rate_percent().has_value());
}

// The database query adds whole months from closure_tally, partial months from the cases
// themselves and open cases judged at `now`: it must agree with the plain computation over
// every case, whatever the period.
class ClosureQueryTest : public testing::CaseTest {};

TEST_F(ClosureQueryTest, TheQueryAgreesWithTheComputationOverEveryCase) {
  // 400 cases due between 2025-06 and 2025-12 at random seconds, some on month boundaries,
  // inserted directly (this tests the query, not the opening).
  const auto market = count("SELECT id FROM market WHERE code = 'CN01'");
  std::mt19937 random(7);
  const Timestamp start = local(2025, 6, 1);
  const Timestamp now = local(2025, 11, 20, 12, 0);
  for (int i = 0; i < 400; ++i) {
    Timestamp due = start + std::chrono::seconds(random() % (214 * 86400));
    if (i % 25 == 0) due = local(2025, 6 + static_cast<unsigned>(i % 7), 1);       // first second of a month
    if (i % 25 == 1) due = local(2025, 6 + static_cast<unsigned>(i % 7), 1) - 1s;  // last second before it
    std::optional<Timestamp> closed;
    if (random() % 4 != 0) closed = due + std::chrono::seconds(static_cast<int>(random() % (6 * 86400)) - 3 * 86400);
    const bool has_market = random() % 5 != 0;
    const std::string type = random() % 3 == 0 ? "lab" : "rapid";
    db_->prepare(
           "INSERT INTO sample(uuid, number, name, source, sampled_at, sampler, created_at) "
           "VALUES (?, ?, '白菜', 'routine', '2025-06-01T00:00:00Z', 'a', '2025-06-01T00:00:00Z')")
        .bind(1, "s" + std::to_string(i))
        .bind(2, "S" + std::to_string(i))
        .run();
    const auto sample_id = db_->last_insert_rowid();
    auto& insert = db_->prepare(
        "INSERT INTO disposal_case(uuid, number, type, state, sample_id, market_id, opened_at, initial_due_at, due_at, "
        "due_month, closed_at, outcome, created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)");
    insert.bind(1, "u" + std::to_string(i)).bind(2, "N" + std::to_string(i)).bind(3, type).bind(4, "x");
    insert.bind(5, sample_id).bind(6, has_market ? std::optional(market) : std::nullopt);
    insert.bind(7, to_iso8601(due - 72h)).bind(8, to_iso8601(due)).bind(9, to_iso8601(due));
    insert.bind(10, local_month(due, kShanghai));
    insert.bind(11, closed ? std::optional(to_iso8601(*closed)) : std::nullopt);
    insert.bind(12, closed ? std::optional<std::string>("closed") : std::nullopt);
    insert.bind(13, to_iso8601(due - 72h)).run();
  }
  std::vector<ClosureRow> rows;
  auto& all = db_->prepare("SELECT type, market_id, due_at, closed_at FROM disposal_case");
  while (all.step()) {
    rows.push_back(ClosureRow{parse_case_type(all.column_text(0)).value(), all.column_optional_int64(1),
                              stored_time(all.column_text(2)), stored_time(all.column_optional_text(3))});
  }
  all.reset();
  const auto loaded_names = load_closure_names(*db_, "示范县");
  ASSERT_TRUE(loaded_names.ok());
  using std::chrono::sys_days;
  using namespace std::chrono;
  const std::vector<ClosurePeriod> periods = {
      {sys_days(2025y / June / 1), sys_days(2025y / December / 31)},         // whole months only
      {sys_days(2025y / June / 15), sys_days(2025y / October / 10)},         // partial first and last
      {sys_days(2025y / July / 1), sys_days(2025y / July / 31)},             // one whole month
      {sys_days(2025y / August / 3), sys_days(2025y / August / 17)},         // inside one month
      {sys_days(2025y / September / 30), sys_days(2025y / September / 30)},  // one day
      {sys_days(2025y / June / 1), sys_days(2025y / November / 19)},         // open cases on both sides of now
      {sys_days(2024y / December / 2), sys_days(2026y / February / 1)},      // across years
  };
  for (const auto by : {ClosureBy::overall, ClosureBy::market, ClosureBy::type, ClosureBy::month}) {
    for (const auto& p : periods) {
      const auto from = sys_seconds(p.first) - kShanghai;
      const auto to = sys_seconds(p.last + days(1)) - kShanghai - 1s;
      const auto expected = closure_report(rows, from, to, now, by, *loaded_names, kShanghai);
      const auto got = load_closure_report(*db_, p, now, by, "示范县", kShanghai);
      ASSERT_TRUE(got.ok()) << got.error().detail.en;
      const auto context = std::string(to_string(by)) + " " + to_iso8601(from);
      expect_group(got->total, expected.total.key, expected.total.on_time, expected.total.closed_late,
                   expected.total.open_overdue, expected.total.not_yet_due);
      ASSERT_EQ(got->groups.size(), expected.groups.size()) << context;
      for (std::size_t g = 0; g < expected.groups.size(); ++g) {
        const auto& e = expected.groups[g];
        expect_group(got->groups[g], e.key, e.on_time, e.closed_late, e.open_overdue, e.not_yet_due);
      }
    }
  }
  // A period that ends before it starts is refused.
  EXPECT_FALSE(load_closure_report(*db_, {sys_days(2025y / July / 2), sys_days(2025y / July / 1)}, now,
                                   ClosureBy::overall, "", kShanghai)
                   .ok());
}

// The acceptance flow of issue 6 on the library: a confirmed positive opens a case whose due
// dates are set; closed on time the period's rate is 100 %; a second case left past its due
// date makes it 50 % and is listed as overdue.
TEST_F(ClosureQueryTest, AcceptanceClosedOnTimeThenOneOverdue) {
  using namespace std::chrono;
  const ClosurePeriod september{sys_days(2025y / September / 1), sys_days(2025y / September / 30)};
  now_ = local(2025, 9, 26, 9, 0);
  const auto first = rapid_case("韭菜");
  EXPECT_EQ(load(first).due_at, local(2025, 9, 30, 23, 59, 59));
  now_ = local(2025, 9, 26, 9, 20);
  ok_step(first, "sale_suspended");
  ok_step(first, "vendor_notified");
  now_ = local(2025, 9, 26, 13, 30);
  ok_step(first, "disposed", disposal());
  ok_step(first, "publicized");
  ok_step(first, "reported");
  ok_step(first, "closed");
  auto r = load_closure_report(*db_, september, now_, ClosureBy::overall, "示范县", kShanghai);
  ASSERT_TRUE(r.ok());
  expect_group(r->total, "示范县", 1, 0, 0, 0);
  EXPECT_EQ(*r->total.rate_percent(), 100.0);

  now_ = local(2025, 9, 26, 15, 0);
  const auto second = rapid_case("豇豆");
  EXPECT_EQ(load(second).due_at, local(2025, 9, 30, 23, 59, 59));
  // Not yet due: it does not count, the rate stays 100 %; it is listed as due within 5 days.
  r = load_closure_report(*db_, september, now_, ClosureBy::overall, "示范县", kShanghai);
  expect_group(r->total, "示范县", 1, 0, 0, 1);
  EXPECT_EQ(*r->total.rate_percent(), 100.0);
  now_ = local(2025, 10, 1, 8, 0);
  r = load_closure_report(*db_, september, now_, ClosureBy::overall, "示范县", kShanghai);
  expect_group(r->total, "示范县", 1, 0, 1, 0);
  EXPECT_EQ(*r->total.rate_percent(), 50.0);
  // The due-soon/overdue list: every pending deadline of the open case, soonest first.
  const auto pending = pending_deadlines(*db_, now_ + 24h);
  ASSERT_TRUE(pending.ok());
  std::vector<std::string> names;
  for (const auto& p : *pending) {
    EXPECT_EQ(p.case_number, second);
    EXPECT_LT(p.due_at, now_);  // all of them overdue by now
    names.push_back(p.deadline);
  }
  EXPECT_EQ(names, (std::vector<std::string>{"sale_suspended", "disposed", "publicized", "reported", "closed"}));
  // Listing the cases: overdue, open, due within a window.
  const auto overdue = list_cases(*db_, CaseFilter{.overdue_only = true, .now = now_});
  ASSERT_TRUE(overdue.ok());
  ASSERT_EQ(overdue->size(), 1u);
  EXPECT_EQ(overdue->front().number, second);
  const auto soon = list_cases(*db_, CaseFilter{.due_within = 24h, .now = local(2025, 9, 30, 9, 0)});
  ASSERT_EQ(soon->size(), 1u);
  EXPECT_EQ(soon->front().number, second);
  EXPECT_EQ(list_cases(*db_, CaseFilter{.due_within = 24h, .now = local(2025, 9, 26, 16, 0)})->size(), 0u);
  EXPECT_EQ(list_cases(*db_, CaseFilter{.now = now_})->size(), 2u);
  EXPECT_EQ(list_cases(*db_, CaseFilter{.open_only = true, .now = now_})->size(), 1u);
  EXPECT_EQ(list_cases(*db_, CaseFilter{.market = "BN01", .now = now_})->size(), 0u);
}

TEST_F(ClosureQueryTest, PendingDeadlinesLeaveOutMetOnesWindowsAndClosedCases) {
  now_ = local(2025, 9, 26, 9, 0);
  const auto number = rapid_case();
  now_ = local(2025, 9, 26, 9, 30);
  ok_step(number, "sale_suspended");
  ok_step(number, "vendor_notified");  // starts the objection window, which is not an obligation
  const auto pending = pending_deadlines(*db_, local(2025, 9, 27, 9, 0));
  ASSERT_TRUE(pending.ok());
  std::vector<std::string> names;
  for (const auto& p : *pending) names.push_back(p.deadline);
  EXPECT_EQ(names, (std::vector<std::string>{"disposed", "publicized", "reported"}));
  EXPECT_EQ(pending_deadlines(*db_, local(2025, 9, 27, 8, 59, 59))->size(), 0u);
  EXPECT_EQ(pending_deadlines(*db_, local(2025, 12, 31))->size(), 4u);
}

}  // namespace
}  // namespace kj::lims
