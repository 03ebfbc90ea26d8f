// Disposal-case reporting at county scale: a booth database holding 1,000,000 disposal cases
// (due over ten years, 2016–2025, across 20 townships and 200 markets, 10 % lab cases, 5 % of
// the closed ones late, the last month's still open) and 10,000,000 results (10 per case's
// sample), generated once per run with plain SQL in one transaction before anything is timed.
//
// Targets (issue 6): the on-time closure report ≤ 100 ms; the due-soon query ≤ 10 ms.
//   BM_ClosureReport/<period>/<by>  load_closure_report (closure_query.hpp) for a period:
//     year 2025 (~100,000 cases), all ten years (all 1,000,000), a period with partial first
//     and last months (the slowest shape: those months are read case by case), one month.
//   BM_DueSoon  pending_deadlines(now + 24 h): every deadline due in the next day or overdue.
// Run: build-rel/bin/cases_bench  (KJ_BENCH_DB=/path/file.db keeps the generated database
// between runs; it is regenerated when missing).
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <memory>

#include "lims/cases/closure_query.hpp"
#include "lims/store.hpp"

namespace {

using namespace std::chrono;
using kj::lims::storage::Database;

constexpr int kCases = 1'000'000;
constexpr int kResultsPerCase = 10;
constexpr auto kOffset = minutes(480);
// "Now" for the benchmark: 2025-12-01 12:00 Beijing time.
const kj::lims::Timestamp kNow = sys_days(2025y / December / 1) + hours(4);

// Plain SQL, one transaction. Case i falls due at 2016-01-01 00:00 local (1451577600) + i × 315 s
// (ten years), a little jitter added; cases due more than three days before now (1764561600)
// are closed.
constexpr const char* kGenerate = R"sql(
PRAGMA foreign_keys = OFF;
PRAGMA journal_mode = OFF;
PRAGMA synchronous = OFF;
PRAGMA cache_size = -1000000;
BEGIN;
INSERT INTO township(uuid, name)
  WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20)
  SELECT printf('t%03d', i), printf('镇%02d', i) FROM n;
INSERT INTO market(uuid, code, name, township_id, created_at)
  WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 200)
  SELECT printf('m%03d', i), printf('M%03d', i), printf('市场%03d', i), (i - 1) % 20 + 1, '2015-01-01T00:00:00Z' FROM n;
INSERT INTO test_item(code, name_zh, name_en, method, unit) VALUES ('OPC', '有机磷和氨基甲酸酯类', 'OP', 'inhibition', '%');
INSERT INTO sample(id, uuid, number, name, market_id, source, sampled_at, sampler, created_at)
  WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1000000)
  SELECT i, printf('s%09d', i), printf('S%09d', i), '韭菜', (i - 1) % 200 + 1, 'routine',
         strftime('%Y-%m-%dT%H:%M:%SZ', 1451577600 + i * 315 - 259200, 'unixepoch'), 'a',
         strftime('%Y-%m-%dT%H:%M:%SZ', 1451577600 + i * 315 - 259200, 'unixepoch')
  FROM n;
INSERT INTO result(id, uuid, sample_id, item_id, method, standard, value_number, unit, verdict, test_kind,
                   first_result_id, tester, tested_at, data_source, created_at)
  WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 10000000)
  SELECT i, printf('r%09d', i), (i - 1) / 10 + 1, 1, 'inhibition', 'GB/T 5009.199-2003', 62.0, '%', 'positive',
         CASE WHEN i % 10 = 1 THEN 'initial' ELSE 'retest' END,
         CASE WHEN i % 10 = 1 THEN NULL ELSE ((i - 1) / 10) * 10 + 1 END, 'a',
         strftime('%Y-%m-%dT%H:%M:%SZ', 1451577600 + i * 31 - 259200, 'unixepoch'), 'instrument',
         strftime('%Y-%m-%dT%H:%M:%SZ', 1451577600 + i * 31 - 259200, 'unixepoch')
  FROM n;
CREATE TEMP TABLE gen AS
  WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1000000)
  SELECT i, 1451577600 + i * 315 + (i * 7919) % 300 AS due,
         CASE WHEN i % 10 = 0 THEN 'lab' ELSE 'rapid' END AS type FROM n;
INSERT INTO disposal_case(id, uuid, number, type, state, sample_id, item_id, market_id, opened_at, initial_due_at,
                          due_at, due_month, closed_at, outcome, created_at)
  SELECT i, printf('c%09d', i), printf('C%09d', i), type,
         CASE WHEN due < 1764561600 - 259200 THEN 'closed' ELSE 'opened' END, i, 1, (i - 1) % 200 + 1,
         strftime('%Y-%m-%dT%H:%M:%SZ', due - 259200, 'unixepoch'),
         strftime('%Y-%m-%dT%H:%M:%SZ', due, 'unixepoch'), strftime('%Y-%m-%dT%H:%M:%SZ', due, 'unixepoch'),
         strftime('%Y-%m', due + 28800, 'unixepoch'),
         CASE WHEN due >= 1764561600 - 259200 THEN NULL
              WHEN i % 20 = 0 THEN strftime('%Y-%m-%dT%H:%M:%SZ', due + 3600 * (i % 48 + 1), 'unixepoch')
              ELSE strftime('%Y-%m-%dT%H:%M:%SZ', due - (i * 37) % 200000, 'unixepoch') END,
         CASE WHEN due < 1764561600 - 259200 THEN 'closed' END,
         strftime('%Y-%m-%dT%H:%M:%SZ', due - 259200, 'unixepoch')
  FROM gen;
INSERT INTO case_deadline(uuid, case_id, name, kind, from_event, from_at, amount, unit, due_at, state, met_at)
  SELECT printf('d%09d', c.id), c.id, 'closed', 'due', 'opened', c.opened_at, 3, 'working_days', c.due_at,
         CASE WHEN c.closed_at IS NULL THEN 'pending' ELSE 'met' END, c.closed_at
  FROM disposal_case c;
INSERT INTO case_deadline(uuid, case_id, name, kind, from_event, from_at, amount, unit, due_at, state, met_at)
  SELECT printf('e%09d', c.id), c.id, 'disposed', 'due', 'opened', c.opened_at, 24, 'hours',
         strftime('%Y-%m-%dT%H:%M:%SZ', unixepoch(c.opened_at) + 86400, 'unixepoch'),
         CASE WHEN c.closed_at IS NULL THEN 'pending' ELSE 'met' END, c.closed_at
  FROM disposal_case c WHERE c.type = 'rapid';
COMMIT;
DROP TABLE gen;
PRAGMA journal_mode = WAL;
PRAGMA synchronous = FULL;
PRAGMA foreign_keys = ON;
ANALYZE;
)sql";

struct Fixture {
  std::filesystem::path path;
  bool temporary = true;
  std::unique_ptr<Database> db;

  Fixture() {
    if (const char* keep = std::getenv("KJ_BENCH_DB"); keep && *keep) {
      path = keep;
      temporary = false;
    } else {
      path = std::filesystem::temp_directory_path() / ("kj-cases-bench-" + std::to_string(::getpid()) + ".db");
    }
    const bool exists = std::filesystem::exists(path);
    auto opened = kj::lims::open_store(path, true);
    if (!opened) throw std::runtime_error(opened.error().detail.en);
    db = std::make_unique<Database>(std::move(*opened));
    if (!exists || count("SELECT count(*) FROM disposal_case") != kCases) {
      std::cerr << "generating " << kCases << " cases and " << kCases * kResultsPerCase << " results in " << path
                << " …" << std::endl;
      const auto start = steady_clock::now();
      db->exec(kGenerate);
      std::cerr << "generated in " << duration_cast<seconds>(steady_clock::now() - start).count() << " s ("
                << std::filesystem::file_size(path) / (1024 * 1024) << " MiB)" << std::endl;
    }
  }
  ~Fixture() {
    db.reset();
    if (temporary) {
      for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path.string() + suffix);
    }
  }
  std::int64_t count(const char* sql) {
    auto& s = db->prepare(sql);
    s.step();
    const auto n = s.column_int64(0);
    s.reset();
    return n;
  }
};

Fixture& fixture() {
  static Fixture f;
  return f;
}

struct Period {
  const char* name;
  kj::lims::ClosurePeriod days;
};

const Period kPeriods[] = {
    {"year2025", {sys_days(2025y / January / 1), sys_days(2025y / December / 31)}},
    {"all10years", {sys_days(2016y / January / 1), sys_days(2025y / December / 31)}},
    {"partialMonths", {sys_days(2024y / March / 15), sys_days(2025y / September / 14)}},
    {"oneMonth", {sys_days(2025y / November / 1), sys_days(2025y / November / 30)}},
};

void BM_ClosureReport(benchmark::State& state) {
  auto& f = fixture();
  const auto& period = kPeriods[state.range(0)];
  const auto by = static_cast<kj::lims::ClosureBy>(state.range(1));
  std::int64_t cases = 0;
  for (auto _ : state) {
    const auto report = kj::lims::load_closure_report(*f.db, period.days, kNow, by, "示范县", kOffset);
    if (!report) {
      state.SkipWithError(report.error().detail.en.c_str());
      return;
    }
    cases = report->total.due() + report->total.not_yet_due;
    benchmark::DoNotOptimize(report->total);
  }
  state.SetLabel(std::string(period.name) + "/" + std::string(kj::lims::to_string(by)));
  state.counters["cases"] = static_cast<double>(cases);
}
BENCHMARK(BM_ClosureReport)
    ->ArgsProduct({{0, 1, 2, 3},
                   {static_cast<int>(kj::lims::ClosureBy::overall), static_cast<int>(kj::lims::ClosureBy::township),
                    static_cast<int>(kj::lims::ClosureBy::market), static_cast<int>(kj::lims::ClosureBy::month)}})
    ->Unit(benchmark::kMillisecond);

void BM_DueSoon(benchmark::State& state) {
  auto& f = fixture();
  std::size_t rows = 0;
  for (auto _ : state) {
    const auto pending = kj::lims::pending_deadlines(*f.db, kNow + hours(24));
    if (!pending) {
      state.SkipWithError(pending.error().detail.en.c_str());
      return;
    }
    rows = pending->size();
    benchmark::DoNotOptimize(pending->data());
  }
  state.counters["deadlines"] = static_cast<double>(rows);
}
BENCHMARK(BM_DueSoon)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
