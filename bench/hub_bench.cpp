// Hub ingest from 32 concurrent booths over loopback (signed pushes of 200 records each, one
// keep-alive connection per booth), with p50/p99 batch latency; and one booth's push
// throughput from its outbox through SyncClient (outbox read, sign, send, receipts stored).
#include <benchmark/benchmark.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <thread>

#include "lims/hub/hub_server.hpp"
#include "lims/hub/hub_store.hpp"
#include "lims/store.hpp"
#include "lims/sync/sync_client.hpp"

namespace {

using namespace std::chrono_literals;
using kj::lims::Timestamp;

Timestamp now() {
  return std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
}

std::filesystem::path fresh_dir(const std::string& name) {
  auto dir = std::filesystem::temp_directory_path() / ("kj-hub-bench-" + name + "-" + std::to_string(getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

std::string payload(int i) {
  return R"({"uuid":"r)" + std::to_string(i) +
         R"(","verdict":"negative","method":"inhibition","standard":"GB/T 5009.199-2003","unit":"%",)"
         R"("value_number":12.5,"limit_text":"<50%","tested_at":"2026-11-23T06:54:16Z","tester":"王五",)"
         R"("readings":"{\"a0\":0.512,\"a3\":0.733}","test_kind":"initial","data_source":"instrument"})";
}

void BM_HubIngest32Booths(benchmark::State& state) {
  constexpr int kBooths = 32;
  constexpr int kBatch = 200;
  const int batches_per_booth = static_cast<int>(state.range(0));
  const auto dir = fresh_dir("ingest");
  auto store = kj::lims::hub::HubStore::open(dir / "hub.db");
  std::vector<kj::lims::hub::Booth> booths;
  for (int b = 0; b < kBooths; ++b) booths.push_back(*store->add_booth("booth " + std::to_string(b), now()));
  auto server = kj::lims::hub::HubServer::start(*store, kj::lims::hub::ServerOptions{},
                                                {now, [](std::error_code) { return 500; }});
  const auto url = "http://127.0.0.1:" + std::to_string((*server)->port());
  std::atomic<int> round{0};
  std::vector<double> latencies_ms;
  std::int64_t records = 0;
  for (auto _ : state) {
    const int r = round++;
    std::vector<std::vector<double>> per_thread(kBooths);
    std::vector<std::thread> threads;
    for (int b = 0; b < kBooths; ++b) {
      threads.emplace_back([&, b] {
        auto transport = kj::lims::sync::make_poco_transport(url);
        // The client needs a database only for push_batch; signed_exchange does not touch it.
        auto db = kj::lims::storage::Database::open_in_memory();
        kj::lims::sync::SyncClient client(*db, **transport, {booths[b].booth_id, booths[b].secret, kBatch, {}},
                                          [] { return 0.5; });
        for (int k = 0; k < batches_per_booth; ++k) {
          std::vector<kj::lims::sync::OutboxRecord> batch;
          for (int i = 0; i < kBatch; ++i) {
            const int n = ((r * batches_per_booth + k) * kBatch) + i;
            batch.push_back({n, "result", booths[b].booth_id + "-" + std::to_string(n), 1, payload(n), 0});
          }
          const auto body = kj::lims::sync::push_body(batch);
          const auto start = std::chrono::steady_clock::now();
          const auto reply = client.signed_exchange("POST", "/api/v1/records", body, now());
          const auto end = std::chrono::steady_clock::now();
          if (!reply || reply->status != 200) std::abort();
          per_thread[b].push_back(std::chrono::duration<double, std::milli>(end - start).count());
        }
      });
    }
    for (auto& t : threads) t.join();
    for (auto& v : per_thread) latencies_ms.insert(latencies_ms.end(), v.begin(), v.end());
    records += static_cast<std::int64_t>(kBooths) * batches_per_booth * kBatch;
  }
  std::sort(latencies_ms.begin(), latencies_ms.end());
  state.counters["records/s"] = benchmark::Counter(static_cast<double>(records), benchmark::Counter::kIsRate);
  state.counters["p50_batch_ms"] = latencies_ms[latencies_ms.size() / 2];
  state.counters["p99_batch_ms"] = latencies_ms[latencies_ms.size() * 99 / 100];
  state.counters["stored"] = static_cast<double>(*store->count_versions());
  (*server)->stop();
  std::filesystem::remove_all(dir);
}
BENCHMARK(BM_HubIngest32Booths)->Arg(10)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(3);

void BM_BoothPush(benchmark::State& state) {
  const int n = static_cast<int>(state.range(0));
  const auto dir = fresh_dir("push");
  auto store = kj::lims::hub::HubStore::open(dir / "hub.db");
  const auto booth = *store->add_booth("booth", now());
  auto server = kj::lims::hub::HubServer::start(*store, kj::lims::hub::ServerOptions{},
                                                {now, [](std::error_code) { return 500; }});
  auto transport = kj::lims::sync::make_poco_transport("http://127.0.0.1:" + std::to_string((*server)->port()));
  int round = 0;
  std::int64_t records = 0;
  for (auto _ : state) {
    state.PauseTiming();
    std::filesystem::remove(dir / "booth.db");
    auto db = kj::lims::open_store(dir / "booth.db", true);
    auto queued = db->transact([&]() -> kj::Status {
      for (int i = 0; i < n; ++i) {
        db->prepare("INSERT INTO outbox(entity, uuid, version, payload, created_at) VALUES ('result', ?, 1, ?, ?)")
            .bind(1, "p" + std::to_string(round) + "-" + std::to_string(i))
            .bind(2, payload(i))
            .bind(3, "2026-11-23T06:54:16Z")
            .run();
      }
      return {};
    });
    ++round;
    state.ResumeTiming();
    kj::lims::sync::SyncClient client(*db, **transport, {booth.booth_id, booth.secret, 200, {}}, [] { return 0.5; });
    const auto pushed = client.push_all(now);
    if (!pushed || pushed->delivered != n) std::abort();
    records += n;
  }
  state.counters["records/s"] = benchmark::Counter(static_cast<double>(records), benchmark::Counter::kIsRate);
  (*server)->stop();
  std::filesystem::remove_all(dir);
}
BENCHMARK(BM_BoothPush)->Arg(20000)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(2);

}  // namespace

BENCHMARK_MAIN();
