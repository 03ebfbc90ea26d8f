// End-to-end synchronisation against a real hub on 127.0.0.1 (ephemeral port, in-process
// Poco server): outage then recovery delivers each record once; duplicates; clock skew;
// forged, tampered and replayed requests; another booth's record; dead-lettering; and a booth
// process killed with SIGKILL at random points of a push, 20 times.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fcntl.h>

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <random>
#include <thread>

#include "lims/hub/hub_server.hpp"
#include "lims/hub/hub_store.hpp"
#include "lims/store.hpp"
#include "lims/sync/request_signature.hpp"
#include "lims/sync/sync_client.hpp"
#include "tests/support/test_support.hpp"

namespace kj::lims {
namespace {

using namespace std::chrono_literals;
using sync::HubReply;

Timestamp real_now() {
  return std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
}

class HubSyncTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto store = hub::HubStore::open(dir_ / "hub.db");
    ASSERT_TRUE(store.ok());
    hub_.emplace(std::move(*store));
    booth_ = *hub_->add_booth("城南", real_now());
    other_ = *hub_->add_booth("城北", real_now());
    auto db = open_store(dir_ / "booth.db", true);
    ASSERT_TRUE(db.ok());
    db_.emplace(std::move(*db));
    start_hub();
  }
  void TearDown() override { stop_hub(); }

  void start_hub(int port = 0) {
    hub::ServerOptions options;
    options.port = port;
    auto server = hub::HubServer::start(*hub_, options, hub::ServerDeps{real_now, [](std::error_code) { return 500; }});
    ASSERT_TRUE(server.ok()) << server.error().detail.en;
    server_ = std::move(*server);
    port_ = server_->port();
  }
  void stop_hub() { server_.reset(); }

  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }

  void queue(storage::Database& db, int n, const std::string& prefix = "s") {
    auto done = db.transact([&]() -> Status {
      for (int i = 0; i < n; ++i) {
        db.prepare("INSERT INTO outbox(entity, uuid, version, payload, created_at) VALUES ('result', ?, 1, ?, ?)")
            .bind(1, prefix + std::to_string(next_++))
            .bind(2, R"({"verdict":")" + std::string(i % 7 == 0 ? "positive" : "negative") +
                         R"(","tested_at":"2026-11-23T0)" + std::to_string(i % 10) + R"(:00:00Z","value_number":)" +
                         std::to_string(i) + "}")
            .bind(3, to_iso8601(real_now()))
            .run();
      }
      return {};
    });
    ASSERT_TRUE(done.ok());
  }
  std::int64_t count(storage::Database& db, const std::string& sql) {
    auto& s = db.prepare(sql);
    s.step();
    const auto n = s.column_int64(0);
    s.reset();
    return n;
  }
  std::int64_t hub_versions() { return *hub_->count_versions(); }

  sync::SyncSettings settings(int max_attempts = 10, std::size_t batch = 50) {
    return sync::SyncSettings{booth_.booth_id, booth_.secret, batch, sync::RetryPolicy{{1s, 8s}, max_attempts}};
  }
  std::unique_ptr<sync::HubTransport> transport() {
    auto made = sync::make_poco_transport(url(), 5s);
    return std::move(made.value());
  }

  // Every outbox row sent, with the receipt the hub holds for that record.
  void expect_delivered_once(std::int64_t expected) {
    EXPECT_EQ(count(*db_, "SELECT count(*) FROM outbox WHERE state <> 'sent'"), 0);
    EXPECT_EQ(hub_versions(), expected);
    const auto stored = hub_->query(hub::RecordQuery{"result", {}, "", {}, {}, {}, 10000, 0});
    ASSERT_TRUE(stored.ok());
    EXPECT_EQ(static_cast<std::int64_t>(stored->size()), expected);
    const auto receipts = hub_->with_db(
        [&](storage::Database& hub_db) { return count(hub_db, "SELECT count(DISTINCT receipt) FROM record_version"); });
    EXPECT_EQ(receipts, expected);
  }

  test::TempDir dir_;
  std::optional<hub::HubStore> hub_;
  hub::Booth booth_;
  hub::Booth other_;
  std::optional<storage::Database> db_;
  std::unique_ptr<hub::HubServer> server_;
  int port_ = 0;
  int next_ = 0;
  sync::UniformSource half_ = [] { return 0.5; };
};

TEST_F(HubSyncTest, HubDownWhileBoothKeepsTestingThenUpDeliversEachRecordOnce) {
  stop_hub();
  queue(*db_, 120);
  auto t = transport();
  sync::SyncClient client(*db_, *t, settings(), half_);
  auto clock = real_now();
  auto pushed = client.push_all([&] { return clock; });
  ASSERT_TRUE(pushed.ok());
  EXPECT_FALSE(pushed->hub_reachable);
  EXPECT_EQ(pushed->delivered, 0);
  queue(*db_, 80);  // the booth keeps testing during the outage
  clock += 2s;
  ASSERT_TRUE(client.push_all([&] { return clock; }).ok());
  EXPECT_EQ(count(*db_, "SELECT count(*) FROM outbox WHERE state = 'queued'"), 200);
  EXPECT_EQ(hub_versions(), 0);

  start_hub(port_);
  clock += 60s;  // past every backoff
  pushed = client.push_all([&] { return clock; });
  ASSERT_TRUE(pushed.ok());
  EXPECT_EQ(pushed->delivered, 200);
  expect_delivered_once(200);
  const auto status = sync::queue_status(*db_);
  EXPECT_EQ(status->queued, 0);
  EXPECT_EQ(status->in_flight, 0);
  EXPECT_TRUE(status->last_success_at.has_value());
}

TEST_F(HubSyncTest, SameBatchDeliveredTwiceIsStoredOnceWithTheSameReceipts) {
  queue(*db_, 30);
  auto records = *sync::due_records(*db_, real_now(), 100);
  auto t = transport();
  sync::SyncClient client(*db_, *t, settings(), half_);
  const auto body = sync::push_body(records);
  const auto first = client.signed_exchange("POST", "/api/v1/records", body, real_now());
  const auto second = client.signed_exchange("POST", "/api/v1/records", body, real_now());
  ASSERT_TRUE(first.ok() && second.ok());
  ASSERT_EQ(first->status, 200);
  ASSERT_EQ(second->status, 200);
  const auto a = sync::read_push_reply(records, *first);
  const auto b = sync::read_push_reply(records, *second);
  for (std::size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].kind, sync::Outcome::Kind::delivered);
    EXPECT_EQ(b[i].kind, sync::Outcome::Kind::delivered);
    EXPECT_EQ(a[i].receipt, b[i].receipt);
  }
  EXPECT_NE(second->body.find("\"duplicate\""), std::string::npos);
  EXPECT_EQ(second->body.find("\"stored\""), std::string::npos);
  EXPECT_EQ(hub_versions(), 30);
  // The booth's own push after that: all acknowledged as duplicates, still stored once.
  ASSERT_EQ(client.push_all(real_now).value().delivered, 30);
  expect_delivered_once(30);
}

TEST_F(HubSyncTest, ClockSkewWithinWindowAcceptedBeyondRefused) {
  queue(*db_, 3);
  const auto body = sync::push_body(*sync::due_records(*db_, real_now(), 10));
  auto t = transport();
  sync::SyncClient client(*db_, *t, settings(), half_);
  EXPECT_EQ(client.signed_exchange("POST", "/api/v1/records", body, real_now() + 400s)->status, 401);
  EXPECT_EQ(client.signed_exchange("POST", "/api/v1/records", body, real_now() - 400s)->status, 401);
  EXPECT_EQ(hub_versions(), 0);
  EXPECT_EQ(client.signed_exchange("POST", "/api/v1/records", body, real_now() - 250s)->status, 200);
  EXPECT_EQ(client.signed_exchange("POST", "/api/v1/records", body, real_now() + 250s)->status, 200);
  EXPECT_EQ(hub_versions(), 3);
}

TEST_F(HubSyncTest, WrongSecretTamperedBodyAndReplayAreRefusedAndNothingStored) {
  queue(*db_, 3);
  const auto body = sync::push_body(*sync::due_records(*db_, real_now(), 10));
  auto t = transport();
  auto wrong = settings();
  wrong.secret = "0000";
  sync::SyncClient forger(*db_, *t, wrong, half_);
  EXPECT_EQ(forger.signed_exchange("POST", "/api/v1/records", body, real_now())->status, 401);

  // Tampered: signed over one body, another sent.
  const auto now = real_now().time_since_epoch().count();
  const std::string nonce = "tamper-nonce-1";
  const std::vector<std::pair<std::string, std::string>> headers{
      {sync::kBoothHeader, booth_.booth_id},
      {sync::kTimestampHeader, std::to_string(now)},
      {sync::kNonceHeader, nonce},
      {sync::kSignatureHeader, sync::sign_request(booth_.secret, "POST", "/api/v1/records", now, nonce, body)}};
  auto tampered = body;
  tampered.replace(tampered.find("negative"), 8, "positive");
  EXPECT_EQ(t->exchange("POST", "/api/v1/records", tampered, headers)->status, 401);
  EXPECT_EQ(hub_versions(), 0);

  // Replay: the genuine request twice with the same nonce.
  EXPECT_EQ(t->exchange("POST", "/api/v1/records", body, headers)->status, 200);
  const auto replay = t->exchange("POST", "/api/v1/records", body, headers);
  EXPECT_EQ(replay->status, 401);
  EXPECT_NE(replay->body.find("nonce"), std::string::npos);
  EXPECT_EQ(hub_versions(), 3);

  // Unknown booth and missing headers.
  EXPECT_EQ(t->exchange("POST", "/api/v1/records", body, {})->status, 401);
}

TEST_F(HubSyncTest, AnotherBoothsRecordIsForbiddenAndTheBatchNotStored) {
  // The other booth stores record "x0" first.
  auto other_db = open_store(dir_ / "other.db", true);
  ASSERT_TRUE(other_db.ok());
  next_ = 0;
  queue(*other_db, 1, "x");
  auto t = transport();
  sync::SyncClient other_client(*other_db, *t, sync::SyncSettings{other_.booth_id, other_.secret, 50, {}}, half_);
  ASSERT_EQ(other_client.push_all(real_now)->delivered, 1);

  // This booth sends x0 (not its own) among its own records.
  next_ = 0;
  queue(*db_, 1, "x");
  queue(*db_, 4, "mine");
  const auto before = hub_versions();
  const auto records = *sync::due_records(*db_, real_now(), 50);
  sync::SyncClient client(*db_, *t, settings(), half_);
  const auto reply = client.signed_exchange("POST", "/api/v1/records", sync::push_body(records), real_now());
  EXPECT_EQ(reply->status, 403);
  EXPECT_EQ(hub_versions(), before);  // nothing of the batch stored

  // The client dead-letters the forbidden record and delivers the rest.
  ASSERT_TRUE(client.push_all(real_now).ok());
  EXPECT_EQ(count(*db_, "SELECT count(*) FROM outbox WHERE state = 'dead' AND uuid = 'x0'"), 1);
  EXPECT_EQ(count(*db_, "SELECT count(*) FROM outbox WHERE state = 'sent'"), 4);
  EXPECT_EQ(hub_versions(), before + 4);
  const auto x0 = hub_->query(hub::RecordQuery{"result", {}, "", {}, {}, {}, 100, 0});
  for (const auto& r : *x0) {
    if (r.uuid == "x0") {
      EXPECT_EQ(r.booth_id, other_.booth_id);
    }
  }
}

TEST_F(HubSyncTest, DeadLetterAfterMaxAttemptsThenRetryDeadDelivers) {
  stop_hub();
  queue(*db_, 10);
  auto t = transport();
  sync::SyncClient client(*db_, *t, settings(3), half_);
  auto clock = real_now();
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(client.push_all([&] { return clock; }).ok());
    clock += 60s;
  }
  EXPECT_EQ(count(*db_, "SELECT count(*) FROM outbox WHERE state = 'dead'"), 10);
  EXPECT_EQ(client.push_all([&] { return clock; })->batches, 0);  // dead records are not sent
  start_hub(port_);
  EXPECT_EQ(client.push_all([&] { return clock; })->batches, 0);
  EXPECT_EQ(*sync::retry_dead(*db_), 10);
  clock = real_now();
  EXPECT_EQ(client.push_all([&] { return clock; })->delivered, 10);
  expect_delivered_once(10);
}

TEST_F(HubSyncTest, CountyViewsOverStoredRecords) {
  queue(*db_, 14);
  auto t = transport();
  sync::SyncClient client(*db_, *t, settings(), half_);
  ASSERT_EQ(client.push_all(real_now)->delivered, 14);
  const auto positives = client.signed_exchange("GET", "/api/v1/positives", "", real_now());
  ASSERT_EQ(positives->status, 200);
  EXPECT_NE(positives->body.find("\"count\":2,"), std::string::npos) << positives->body;
  const auto filtered =
      client.signed_exchange("GET", "/api/v1/results?verdict=negative&from=2026-11-23T05", "", real_now());
  ASSERT_EQ(filtered->status, 200);
  EXPECT_NE(filtered->body.find("\"count\":4,"), std::string::npos) << filtered->body;
  const auto closure = client.signed_exchange("GET", "/api/v1/closure", "", real_now());
  EXPECT_EQ(closure->status, 200);
  EXPECT_NE(closure->body.find("\"due\":0"), std::string::npos);
  const auto progress = client.signed_exchange("GET", "/api/v1/plan-progress", "", real_now());
  EXPECT_NE(progress->body.find("\"results\":14"), std::string::npos) << progress->body;
  EXPECT_EQ(t->exchange("GET", "/api/v1/positives", "", {})->status, 401);
}

TEST_F(HubSyncTest, BoothKilledAtRandomPointsOfASyncLosesAndDuplicatesNothing) {
  constexpr int kRecords = 3000;
  queue(*db_, kRecords);
  db_.reset();  // the children open their own connection
  std::mt19937 random(20261123);
  std::uniform_int_distribution<int> delay_us(0, 60000);
  const auto deadline = std::chrono::steady_clock::now() + 60s;
  for (int round = 0; round < 20 && std::chrono::steady_clock::now() < deadline; ++round) {
    const pid_t child = fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
      auto db = open_store(dir_ / "booth.db", false);
      if (!db) _exit(2);
      auto t = sync::make_poco_transport(url(), 5s);
      sync::SyncClient client(*db, **t, settings(10, 40), [] { return 0.5; });
      const auto pushed = client.push_all(real_now);
      _exit(pushed.ok() ? 0 : 1);
    }
    std::this_thread::sleep_for(std::chrono::microseconds(delay_us(random)));
    kill(child, SIGKILL);
    int status = 0;
    waitpid(child, &status, 0);
  }
  auto db = open_store(dir_ / "booth.db", false);
  ASSERT_TRUE(db.ok());
  db_.emplace(std::move(*db));
  // How far the killed pushes got (informational: the check is that nothing is lost or doubled).
  std::cout << "records delivered before the final push: " << hub_versions() << " of " << kRecords << '\n';
  auto t = transport();
  sync::SyncClient client(*db_, *t, settings(10, 200), half_);
  ASSERT_TRUE(client.push_all(real_now).ok());
  expect_delivered_once(kRecords);
  // Each booth receipt is the hub's receipt for that record.
  auto& rows = db_->prepare("SELECT uuid, receipt FROM outbox ORDER BY id");
  std::map<std::string, std::string> booth_receipts;
  while (rows.step()) booth_receipts[rows.column_text(0)] = rows.column_text(1);
  rows.reset();
  hub_->with_db([&](storage::Database& hub_db) {
    auto& select = hub_db.prepare("SELECT uuid, receipt FROM record_version");
    int checked = 0;
    while (select.step()) {
      EXPECT_EQ(booth_receipts[select.column_text(0)], select.column_text(1));
      ++checked;
    }
    select.reset();
    EXPECT_EQ(checked, kRecords);
    return 0;
  });
}

// The same through the command line: `kuaijian sync run --once` as a child process, killed with
// SIGKILL at random delays. Skipped when this kuaijian has no `sync` command registered.
TEST_F(HubSyncTest, KuaijianSyncRunKilledAtRandomDelaysLosesAndDuplicatesNothing) {
  if (std::system((std::string(KJ_KUAIJIAN_BIN) + " sync --help > /dev/null 2>&1").c_str()) != 0) {
    GTEST_SKIP() << "kuaijian has no sync command (register_sync not wired in commands.hpp)";
  }
  constexpr int kRecords = 2000;
  queue(*db_, kRecords);
  db_.reset();
  std::filesystem::copy(test::source_dir() / "config", dir_ / "config", std::filesystem::copy_options::recursive);
  {
    std::ofstream secret(dir_ / "secret");
    secret << booth_.secret << '\n';
  }
  const auto db_path = (dir_ / "booth.db").string();
  const auto config = (dir_ / "config").string();
  const auto secret = (dir_ / "secret").string();
  const auto hub_url = url();
  std::mt19937 random(7);
  std::uniform_int_distribution<int> delay_us(0, 150000);
  const auto deadline = std::chrono::steady_clock::now() + 90s;
  for (int round = 0; round < 20 && std::chrono::steady_clock::now() < deadline; ++round) {
    const pid_t child = fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
      const int devnull = open("/dev/null", O_WRONLY);
      dup2(devnull, 1);
      execl(KJ_KUAIJIAN_BIN, KJ_KUAIJIAN_BIN, "--config", config.c_str(), "--db", db_path.c_str(), "sync", "run",
            "--once", "--hub", hub_url.c_str(), "--booth", booth_.booth_id.c_str(), "--secret-file", secret.c_str(),
            static_cast<char*>(nullptr));
      _exit(127);
    }
    std::this_thread::sleep_for(std::chrono::microseconds(delay_us(random)));
    kill(child, SIGKILL);
    int status = 0;
    waitpid(child, &status, 0);
  }
  auto db = open_store(dir_ / "booth.db", false);
  ASSERT_TRUE(db.ok());
  db_.emplace(std::move(*db));
  // How far the killed pushes got (informational: the check is that nothing is lost or doubled).
  std::cout << "records delivered before the final push: " << hub_versions() << " of " << kRecords << '\n';
  auto t = transport();
  sync::SyncClient client(*db_, *t, settings(10, 200), half_);
  ASSERT_TRUE(client.push_all(real_now).ok());
  expect_delivered_once(kRecords);
}

}  // namespace
}  // namespace kj::lims
