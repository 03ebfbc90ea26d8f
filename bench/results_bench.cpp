// Observations → judged, audited, durable results (issue 5), against plain SQLite inserts of
// the same rows. Targets: ≥ 20,000 results/s in batched transactions; a single result's durable
// commit p99 ≤ 5 ms; ratio to plain inserts ≥ 0.3.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <random>
#include <vector>

#include "lims/catalogue/catalogue_store.hpp"
#include "lims/places/places.hpp"
#include "lims/results/results.hpp"
#include "lims/samples/samples.hpp"
#include "lims/store.hpp"

namespace {

using namespace kj;

struct Fixture {
  std::filesystem::path dir;
  std::optional<lims::storage::Database> db;
  std::optional<lims::Rulebook> rules;
  std::vector<std::string> samples;
  lims::Timestamp now = std::chrono::sys_days(std::chrono::year(2026) / 11 / 23);

  explicit Fixture(int sample_count) {
    std::string pattern = (std::filesystem::temp_directory_path() / "kj-bench-XXXXXX").string();
    dir = mkdtemp(pattern.data());
    auto config = lims::config::load_config(std::filesystem::path(KJ_SOURCE_DIR) / "config");
    rules.emplace(std::move(*lims::make_rulebook(*config)));
    db.emplace(std::move(*lims::open_store(dir / "bench.db", true)));
    (void)lims::sync_catalogue(*db, *config);
    const lims::Actor actor{"bench", now, ""};
    (void)lims::add_market(*db, actor, lims::MarketInput{"M1", "市场", "镇"});
    for (int i = 0; i < sample_count; ++i) {
      samples.push_back(lims::register_sample(*db, actor, lims::SampleInput{.name = "白菜", .market = "M1"},
                                              std::chrono::hours(8))
                            ->number);
    }
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

void BM_IngestBatched(benchmark::State& state) {
  Fixture f(2000);
  const auto per_transaction = static_cast<std::size_t>(state.range(0));
  std::size_t next = 0;
  std::int64_t results = 0;
  for (auto _ : state) {
    std::vector<protocols::Observation> run;
    for (std::size_t i = 0; i < per_transaction; ++i) run.push_back(f.observation(next++));
    const auto stored = lims::ingest_observations(*f.db, lims::Actor{"bench", f.now, ""}, *f.rules, "tl310-1", run,
                                                  std::nullopt);
    if (!stored) state.SkipWithError(stored.error().detail.en.c_str());
    results += static_cast<std::int64_t>(per_transaction);
  }
  state.counters["results/s"] = benchmark::Counter(static_cast<double>(results), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_IngestBatched)->Arg(100)->Arg(1000)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_PlainInsertBatched(benchmark::State& state) {
  Fixture f(10);
  f.db->exec(
      "CREATE TABLE plain (id INTEGER PRIMARY KEY, uuid TEXT, sample TEXT, item TEXT, value REAL, unit TEXT, "
      "verdict TEXT, raw TEXT, created_at TEXT) STRICT");
  const auto per_transaction = static_cast<std::size_t>(state.range(0));
  std::int64_t rows = 0;
  std::size_t next = 0;
  for (auto _ : state) {
    f.db->exec("BEGIN IMMEDIATE");
    for (std::size_t i = 0; i < per_transaction; ++i) {
      const auto o = f.observation(next++);
      f.db->prepare("INSERT INTO plain(uuid, sample, item, value, unit, verdict, raw, created_at) VALUES (?,?,?,?,?,?,?,?)")
          .bind(1, "00000000-0000-4000-8000-000000000000")
          .bind(2, *o.sample_id)
          .bind(3, o.item_code)
          .bind(4, std::get<double>(o.value))
          .bind(5, "%")
          .bind(6, "negative")
          .bind(7, protocols::to_hex(o.raw))
          .bind(8, "2026-11-23T00:00:00Z")
          .run();
    }
    f.db->exec("COMMIT");
    rows += static_cast<std::int64_t>(per_transaction);
  }
  state.counters["rows/s"] = benchmark::Counter(static_cast<double>(rows), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_PlainInsertBatched)->Arg(100)->Arg(1000)->Unit(benchmark::kMillisecond)->UseRealTime();

// One observation, one durable transaction (WAL, synchronous=FULL: the commit is on disk).
void BM_IngestSingleDurable(benchmark::State& state) {
  Fixture f(2000);
  std::vector<double> latencies_ms;
  std::size_t next = 0;
  for (auto _ : state) {
    const auto o = f.observation(next++);
    const auto start = std::chrono::steady_clock::now();
    const auto stored = lims::ingest_observation(*f.db, lims::Actor{"bench", f.now, ""}, *f.rules, "tl310-1", o,
                                                 std::nullopt);
    latencies_ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
    if (!stored) state.SkipWithError(stored.error().detail.en.c_str());
  }
  std::sort(latencies_ms.begin(), latencies_ms.end());
  const auto at = [&](double q) { return latencies_ms[static_cast<std::size_t>(q * static_cast<double>(latencies_ms.size() - 1))]; };
  state.counters["p50_ms"] = at(0.50);
  state.counters["p99_ms"] = at(0.99);
}
BENCHMARK(BM_IngestSingleDurable)->Iterations(2000)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
