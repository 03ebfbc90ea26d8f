// Observations → judged, audited, durable results (issue 5), against plain SQLite inserts of
// the same rows. Targets: ≥ 20,000 results/s in batched transactions; a single result's durable
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
#include "lims/records/row_json.hpp"
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
  std::string payload;  // an outbox payload of a result, for the plain baseline
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
    // One sample registered as the program does, the rest copied from it in one statement:
    // registering tens of thousands one durable transaction at a time is not what is measured.
    (void)lims::register_sample(*db, actor, lims::SampleInput{.name = "白菜", .market = "M1"}, std::chrono::hours(8));
    db->exec("BEGIN");
    db->prepare(
          "WITH RECURSIVE n(k) AS (SELECT 2 UNION ALL SELECT k + 1 FROM n WHERE k < ?) "
          "INSERT INTO sample(uuid, number, name, commodity_id, category_id, market_id, source, sampled_at, sampler, "
          "created_at) SELECT lower(hex(randomblob(16))), 'B' || printf('%06d', k), s.name, s.commodity_id, "
          "s.category_id, s.market_id, s.source, s.sampled_at, s.sampler, s.created_at FROM n, sample s WHERE s.id = "
          "(SELECT min(id) FROM sample)")
        .bind(1, sample_count)
        .run();
    db->exec("COMMIT");
    auto& all = db->prepare("SELECT id, number FROM sample ORDER BY id");
    while (all.step()) {
      sample_ids.push_back(all.column_int64(0));
      samples.push_back(all.column_text(1));
    }
    all.reset();
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
    o.sample_id = samples.at(i);
    o.item_code = "pesticide";
    // Each reading is the first test of its own sample, as in a booth's run; one in five is
    // suspect (40–50 %) and one in five positive (≥ 50 %), each then asked for retests.
    o.value = 10.0 + static_cast<double>(i % 50);
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

// What the plain baseline inserts. The ingest stores three rows per reading in one transaction
// (STYLE rule 8): the result, its audit entry and its outbox row. `result_rows` inserts only
// the result rows; `stored_rows` inserts all three rows the ingest stores, at their sizes.
enum class PlainRows { result_rows, stored_rows };

// The rows inserted as plainly as SQLite allows: the same tables, columns and indexes, one
// prepared INSERT per row, values known in advance — no lookups, judgement, retest chain,
// JSON or hashing.
void plain_run(Fixture& f, PlainRows rows, std::size_t count, std::size_t& next) {
  static const std::string kHash(64, 'a');  // the size of a SHA-256 in hex
  f.db->exec("BEGIN IMMEDIATE");
  for (std::size_t i = 0; i < count; ++i) {
    const auto o = f.observation(next);
    const auto uuid = lims::new_uuid();
    f.db->prepare(
            "INSERT INTO result(uuid, sample_id, item_id, method, standard, device_id, readings, value_number, "
            "value_text, unit, limit_text, verdict, device_verdict, review, flags, test_kind, tester, tested_at, "
            "data_source, raw_hex, created_at) "
            "VALUES (?, ?, ?, 'inhibition', ?, ?, '{}', ?, ?, '%', '<50%', 'negative', NULL, 'none', '[]', 'initial', "
            "'bench', ?, 'instrument', ?, ?)")
        .bind(1, uuid)
        .bind(2, f.sample_ids.at(next))
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
    if (rows == PlainRows::result_rows) continue;
    const auto result_id = f.db->last_insert_rowid();
    if (f.payload.empty()) f.payload = lims::snapshot_row(*f.db, "result", result_id)->json;  // once: its size
    f.db->prepare(
            "INSERT INTO audit_log(at, actor, action, entity, entity_id, reason, row_hash, prev_hash, hash) "
            "VALUES ('2026-11-23T00:00:00Z', 'bench', 'insert', 'result', ?, '', ?, ?, ?)")
        .bind(1, result_id)
        .bind(2, kHash)
        .bind(3, kHash)
        .bind(4, kHash)
        .run();
    f.db->prepare("INSERT INTO outbox(entity, uuid, version, payload, created_at) VALUES ('result', ?, 1, ?, ?)")
        .bind(1, uuid)
        .bind(2, f.payload)
        .bind(3, "2026-11-23T00:00:00Z")
        .run();
  }
  f.db->exec("COMMIT");
}

// Fixed iteration counts: every reading needs a sample of its own, registered beforehand.
constexpr int kRuns = 20;
constexpr int kSamples = 20 * 1000;

void BM_IngestBatched(benchmark::State& state) {
  Fixture f(kSamples);
  const auto per_transaction = static_cast<std::size_t>(state.range(0));
  std::size_t next = 0;
  for (auto _ : state) ingest_run(state, f, per_transaction, next);
  state.counters["results/s"] = benchmark::Counter(static_cast<double>(next), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_IngestBatched)->Arg(100)->Iterations(kSamples / 100)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_IngestBatched)->Arg(1000)->Iterations(kRuns)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_PlainInsertBatched(benchmark::State& state) {
  Fixture f(kSamples);
  const auto rows = state.range(0) == 0 ? PlainRows::result_rows : PlainRows::stored_rows;
  const auto per_transaction = static_cast<std::size_t>(state.range(1));
  std::size_t next = 0;
  for (auto _ : state) plain_run(f, rows, per_transaction, next);
  state.counters["readings/s"] = benchmark::Counter(static_cast<double>(next), benchmark::Counter::kIsRate);
}
// Arguments: 0 = result rows only, 1 = every row the ingest stores; rows per transaction.
BENCHMARK(BM_PlainInsertBatched)
    ->ArgNames({"stored_rows", "per_transaction"})
    ->Args({0, 1000})
    ->Args({1, 1000})
    ->Iterations(kRuns)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

// The three in the same run, alternating, so that the ratios (ingest ÷ plain, goal ≥ 0.3)
// compare like with like on a busy machine: `ratio` against plain inserts of every row the
// ingest stores, `ratio_result_rows` against plain inserts of the result rows alone.
void BM_IngestToPlainRatio(benchmark::State& state) {
  Fixture f(3 * kSamples);
  const auto per_transaction = static_cast<std::size_t>(state.range(0));
  std::size_t next = 0;
  std::chrono::duration<double> ingest_time{}, stored_time{}, result_time{};
  const auto timed = [](std::chrono::duration<double>& total, auto&& work) {
    const auto start = std::chrono::steady_clock::now();
    work();
    total += std::chrono::steady_clock::now() - start;
  };
  for (auto _ : state) {
    timed(ingest_time, [&] { ingest_run(state, f, per_transaction, next); });
    timed(stored_time, [&] { plain_run(f, PlainRows::stored_rows, per_transaction, next); });
    timed(result_time, [&] { plain_run(f, PlainRows::result_rows, per_transaction, next); });
  }
  const auto readings = static_cast<double>(state.iterations()) * static_cast<double>(per_transaction);
  state.counters["ingest_per_s"] = readings / ingest_time.count();
  state.counters["plain_stored_per_s"] = readings / stored_time.count();
  state.counters["plain_result_per_s"] = readings / result_time.count();
  state.counters["ratio"] = stored_time.count() / ingest_time.count();
  state.counters["ratio_result_rows"] = result_time.count() / ingest_time.count();
}
BENCHMARK(BM_IngestToPlainRatio)->Arg(1000)->Iterations(kRuns)->Unit(benchmark::kMillisecond)->UseRealTime();

// One observation, one durable transaction (WAL, synchronous=FULL: the commit is on disk).
void BM_IngestSingleDurable(benchmark::State& state) {
  Fixture f(2000);  // as many as iterations
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
