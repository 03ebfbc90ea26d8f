// Observations → judged, audited, durable results (issue 5), against plain SQLite inserts of
// the same result rows. Targets: ≥ 20,000 results/s in batched transactions; a single result's durable
// commit p99 ≤ 5 ms; ratio to plain inserts ≥ 0.3.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <random>
#include <vector>

#include "lims/cases/case_rules.hpp"
#include "lims/catalogue/catalogue_store.hpp"
#include "lims/places/places.hpp"
#include "lims/records/uuid.hpp"
#include "lims/results/results.hpp"
#include "lims/samples/samples.hpp"
#include "lims/store.hpp"

namespace {

using namespace kj;

struct Fixture {
  std::filesystem::path dir;
  std::optional<lims::storage::Database> db;
  std::optional<lims::Rulebook> rules;
  std::optional<lims::CaseRules> cases;  // as the program ingests: a confirmed positive opens its case
  std::vector<std::string> samples;
  std::vector<std::int64_t> sample_ids;
  std::int64_t item_id = 0, device_id = 0;
  lims::Timestamp now = std::chrono::sys_days(std::chrono::year(2026) / 11 / 23);

  explicit Fixture(int sample_count) {
    std::string pattern = (std::filesystem::temp_directory_path() / "kj-bench-XXXXXX").string();
    dir = mkdtemp(pattern.data());
    auto config = lims::config::load_config(std::filesystem::path(KJ_SOURCE_DIR) / "config");
    rules.emplace(std::move(*lims::make_rulebook(*config)));
    cases.emplace(std::move(*lims::make_case_rules(*config)));
    db.emplace(std::move(*lims::open_store(dir / "bench.db", true)));
    (void)lims::sync_catalogue(*db, *config);
    const lims::Actor actor{"bench", now, ""};
    (void)lims::add_market(*db, actor, lims::MarketInput{"M1", "市场", "镇"});
    for (int i = 0; i < sample_count; ++i) {
      const auto sample =
          lims::register_sample(*db, actor, lims::SampleInput{.name = "白菜", .market = "M1"}, std::chrono::hours(8));
      samples.push_back(sample->number);
      sample_ids.push_back(sample->id.value);
    }
    item_id = lims::find_item(*db, "OPC")->id.value;
    auto& device = db->prepare("SELECT id FROM device WHERE name = 'tl310-1'");
    device.step();
    device_id = device.column_int64(0);
    device.reset();
  }
  ~Fixture() { std::filesystem::remove_all(dir); }

  protocols::Observation observation(std::size_t i) const {
    protocols::Observation o;
    o.protocol = "tl310";
    o.sample_id = samples[i % samples.size()];
    o.item_code = "pesticide";
    o.value = 10.0 + static_cast<double>(i % 30);  // negatives: no retest chains to follow
    o.unit = "%";
    o.standard = "GB/T 5009.199-2003";
    o.raw = {0x7e, 0x16, 0x15, 0x00};
    return o;
  }
};

// One analyzer run of `count` observations in one transaction, as the program stores it.
void ingest_run(benchmark::State& state, Fixture& f, std::size_t count, std::size_t& next) {
  std::vector<protocols::Observation> run;
  for (std::size_t i = 0; i < count; ++i) run.push_back(f.observation(next++));
  const auto stored = lims::ingest_observations(*f.db, lims::Actor{"bench", f.now, ""}, *f.rules, "tl310-1", run,
                                                std::nullopt, {}, &*f.cases);
  if (!stored) state.SkipWithError(stored.error().detail.en.c_str());
}

// The same result rows inserted as plainly as SQLite allows: the same table, columns and
// indexes, one prepared INSERT per row, values known in advance — no mapping lookups,
// judgement, retest chain, audit entry or outbox row.
void plain_run(Fixture& f, std::size_t count, std::size_t& next) {
  f.db->exec("BEGIN IMMEDIATE");
  for (std::size_t i = 0; i < count; ++i) {
    const auto o = f.observation(next);
    f.db->prepare(
            "INSERT INTO result(uuid, sample_id, item_id, method, standard, device_id, readings, value_number, "
            "value_text, unit, limit_text, verdict, device_verdict, review, flags, test_kind, tester, tested_at, "
            "data_source, raw_hex, created_at) "
            "VALUES (?, ?, ?, 'inhibition', ?, ?, '{}', ?, ?, '%', '<50%', 'negative', NULL, 'none', '[]', 'initial', "
            "'bench', ?, 'instrument', ?, ?)")
        .bind(1, lims::new_uuid())
        .bind(2, f.sample_ids[next % f.sample_ids.size()])
        .bind(3, f.item_id)
        .bind(4, *o.standard)
        .bind(5, f.device_id)
        .bind(6, std::get<double>(o.value))
        .bind(7, "")
        .bind(8, "2026-11-23T00:00:00Z")
        .bind(9, protocols::to_hex(o.raw))
        .bind(10, "2026-11-23T00:00:00Z")
        .run();
    ++next;
  }
  f.db->exec("COMMIT");
}

void BM_IngestBatched(benchmark::State& state) {
  Fixture f(2000);
  const auto per_transaction = static_cast<std::size_t>(state.range(0));
  std::size_t next = 0;
  for (auto _ : state) ingest_run(state, f, per_transaction, next);
  state.counters["results/s"] = benchmark::Counter(static_cast<double>(next), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_IngestBatched)->Arg(100)->Arg(1000)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_PlainInsertBatched(benchmark::State& state) {
  Fixture f(2000);
  const auto per_transaction = static_cast<std::size_t>(state.range(0));
  std::size_t next = 0;
  for (auto _ : state) plain_run(f, per_transaction, next);
  state.counters["rows/s"] = benchmark::Counter(static_cast<double>(next), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_PlainInsertBatched)->Arg(100)->Arg(1000)->Unit(benchmark::kMillisecond)->UseRealTime();

// Both in the same run, alternating, so that the ratio (ours ÷ plain, goal ≥ 0.3) compares
// like with like on a busy machine.
void BM_IngestToPlainRatio(benchmark::State& state) {
  Fixture f(2000);
  const auto per_transaction = static_cast<std::size_t>(state.range(0));
  std::size_t next_ingest = 0, next_plain = 0;
  std::chrono::duration<double> ingest_time{}, plain_time{};
  for (auto _ : state) {
    auto start = std::chrono::steady_clock::now();
    ingest_run(state, f, per_transaction, next_ingest);
    ingest_time += std::chrono::steady_clock::now() - start;
    start = std::chrono::steady_clock::now();
    plain_run(f, per_transaction, next_plain);
    plain_time += std::chrono::steady_clock::now() - start;
  }
  state.counters["ingest_per_s"] = static_cast<double>(next_ingest) / ingest_time.count();
  state.counters["plain_per_s"] = static_cast<double>(next_plain) / plain_time.count();
  state.counters["ratio"] = plain_time.count() / ingest_time.count();
}
BENCHMARK(BM_IngestToPlainRatio)->Arg(1000)->Unit(benchmark::kMillisecond)->UseRealTime();

// One observation, one durable transaction (WAL, synchronous=FULL: the commit is on disk).
void BM_IngestSingleDurable(benchmark::State& state) {
  Fixture f(2000);
  std::vector<double> latencies_ms;
  std::size_t next = 0;
  for (auto _ : state) {
    const auto o = f.observation(next++);
    const auto start = std::chrono::steady_clock::now();
    const auto stored = lims::ingest_observation(*f.db, lims::Actor{"bench", f.now, ""}, *f.rules, "tl310-1", o,
                                                 std::nullopt, {}, &*f.cases);
    latencies_ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
    if (!stored) state.SkipWithError(stored.error().detail.en.c_str());
  }
  std::sort(latencies_ms.begin(), latencies_ms.end());
  const auto at = [&](double q) {
    return latencies_ms[static_cast<std::size_t>(q * static_cast<double>(latencies_ms.size() - 1))];
  };
  state.counters["p50_ms"] = at(0.50);
  state.counters["p99_ms"] = at(0.99);
}
BENCHMARK(BM_IngestSingleDurable)->Iterations(2000)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
