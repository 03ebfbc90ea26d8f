// The hub's group commit: concurrent pushes share durable transactions, yet each request is
// all-or-nothing on its own — a batch refused (another booth's record) stores nothing while
// the requests committed with it are stored, and every record is stored exactly once.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "lims/hub/hub_store.hpp"
#include "tests/support/test_support.hpp"

namespace kj::lims::hub {
namespace {

Timestamp now() {
  return std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
}

std::vector<IncomingRecord> batch(const std::string& prefix, int n) {
  std::vector<IncomingRecord> out;
  for (int i = 0; i < n; ++i) {
    const auto uuid = prefix + "-" + std::to_string(i);
    out.push_back(IncomingRecord{"result", uuid, 1, R"({"uuid":")" + uuid + R"(","verdict":"negative"})", ""});
  }
  return out;
}

TEST(HubGroupCommit, ConcurrentPushesAreEachStoredOnceAndARefusedOneStoresNothing) {
  test::TempDir dir;
  auto store = HubStore::open(dir / "hub.db");
  ASSERT_TRUE(store.ok()) << store.error().detail.en;
  const auto a = store->add_booth("A", now());
  const auto b = store->add_booth("B", now());
  ASSERT_TRUE(a.ok() && b.ok());
  // B owns one record that A will try to overwrite.
  ASSERT_TRUE(store->ingest(b->booth_id, batch("b-own", 1), now()).ok());

  constexpr int kThreads = 8, kBatches = 10, kPerBatch = 25;
  std::atomic<int> stored{0}, failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kBatches; ++i) {
        auto records = batch("t" + std::to_string(t) + "-" + std::to_string(i), kPerBatch);
        const auto result = store->ingest(a->booth_id, records, now());
        if (!result.ok() || !result->forbidden.empty()) {
          ++failures;
          continue;
        }
        for (const auto& answer : result->answers) stored += answer.status == "stored" ? 1 : 0;
        // The same batch again: duplicates with the same receipts, nothing stored twice.
        const auto again = store->ingest(a->booth_id, records, now());
        if (!again.ok() || again->answers.size() != result->answers.size()) ++failures;
        for (std::size_t k = 0; again.ok() && k < again->answers.size(); ++k) {
          if (again->answers[k].status != "duplicate" || again->answers[k].receipt != result->answers[k].receipt) {
            ++failures;
          }
        }
      }
    });
  }
  // Meanwhile A pushes a batch holding B's record: refused whole.
  auto mixed = batch("a-mixed", 5);
  mixed.push_back(batch("b-own", 1).front());
  const auto refused = store->ingest(a->booth_id, mixed, now());
  for (auto& thread : threads) thread.join();

  ASSERT_TRUE(refused.ok());
  ASSERT_EQ(refused->forbidden.size(), 1u);
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(stored.load(), kThreads * kBatches * kPerBatch);
  EXPECT_EQ(*store->count_versions(), kThreads * kBatches * kPerBatch + 1);  // + B's own record
}

TEST(HubGroupCommit, NoncesAreRememberedOnceUnderConcurrency) {
  test::TempDir dir;
  auto store = HubStore::open(dir / "hub.db");
  ASSERT_TRUE(store.ok());
  std::atomic<int> fresh{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 20; ++i) {
        const auto seen = store->remember_nonce("booth", "nonce-" + std::to_string(i), 1'000'000, 300);
        if (seen.ok() && *seen) ++fresh;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(fresh.load(), 20);  // each nonce accepted by exactly one of the eight senders
}

}  // namespace
}  // namespace kj::lims::hub
