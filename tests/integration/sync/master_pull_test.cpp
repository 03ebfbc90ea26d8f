// Master data from the county hub to a booth against a real hub on 127.0.0.1 (ephemeral port,
// in-process Poco server): publish the catalogue, places and a plan; pull; pull again (nothing
// new, nothing doubled); a market changed on the hub; records the booth cannot apply (held,
// reported, the rest applied, applied later once their reference arrives); paging; unsigned
// and wrong-secret pulls refused with 401; and the same through `kuaijian hub publish` and
// `kuaijian sync pull`.
#include <gtest/gtest.h>

#include <map>
#include <set>

#include "lims/audit/audit_log.hpp"
#include "lims/config/config.hpp"
#include "lims/hub/hub_server.hpp"
#include "lims/hub/hub_store.hpp"
#include "lims/plans/plan_file.hpp"
#include "lims/store.hpp"
#include "lims/sync/master_pull.hpp"
#include "lims/sync/sync_client.hpp"
#include "tests/support/test_support.hpp"

namespace kj::lims {
namespace {

using namespace std::chrono_literals;

Timestamp real_now() {
  return std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
}

class MasterPullTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto store = hub::HubStore::open(dir_ / "hub.db");
    ASSERT_TRUE(store.ok());
    hub_.emplace(std::move(*store));
    booth_ = *hub_->add_booth("城南", real_now());
    auto db = open_store(dir_ / "booth.db", true);
    ASSERT_TRUE(db.ok());
    db_.emplace(std::move(*db));
    hub::ServerOptions options;
    options.port = 0;
    auto server = hub::HubServer::start(*hub_, options, hub::ServerDeps{real_now, [](std::error_code) { return 500; }});
    ASSERT_TRUE(server.ok()) << server.error().detail.en;
    server_ = std::move(*server);
    auto made = sync::make_poco_transport(url(), 5s);
    ASSERT_TRUE(made.ok());
    transport_ = std::move(*made);
  }
  void TearDown() override { server_.reset(); }

  std::string url() const { return "http://127.0.0.1:" + std::to_string(server_->port()); }

  sync::SyncSettings settings(const std::string& secret) const {
    return sync::SyncSettings{booth_.booth_id, secret, 50, sync::RetryPolicy{{1s, 8s}, 10}};
  }

  void publish(const std::vector<sync::MasterRecord>& records) {
    std::vector<hub::MasterInput> inputs;
    for (const auto& r : records) inputs.push_back(hub::MasterInput{r.kind, r.key, r.payload});
    ASSERT_TRUE(hub_->put_master(inputs, real_now()).ok());
  }

  // Catalogue of config/, places of samples/hub/places.json, plan of samples/plans/plan-2026.csv.
  void publish_everything() {
    const auto config = config::load_config(test::source_dir() / "config");
    ASSERT_TRUE(config.ok()) << config.error().detail.en;
    catalogue_ = config->catalogue;
    publish(sync::catalogue_master_records(config->catalogue));
    const auto places = sync::places_master_records(test::read_file(test::source_dir() / "samples/hub/places.json"));
    ASSERT_TRUE(places.ok()) << places.error().detail.en;
    publish(*places);
    const auto text = test::read_file(test::source_dir() / "samples/plans/plan-2026.csv");
    const auto plan = parse_plan(text, PlanFormat::csv);
    ASSERT_TRUE(plan.ok()) << plan.error().detail.en;
    quotas_ = static_cast<std::int64_t>(plan->quotas.size());
    publish({sync::plan_master_record(*plan)});
  }

  sync::MasterPullReport pull(const std::string& secret) {
    sync::SyncClient client(*db_, *transport_, settings(secret), [] { return 0.5; });
    const auto report = sync::pull_master(*db_, client, Actor{"tester", real_now(), {}}, real_now);
    EXPECT_TRUE(report.ok()) << report.error().detail.en;
    return report.ok() ? *report : sync::MasterPullReport{};
  }
  sync::MasterPullReport pull() { return pull(booth_.secret); }

  std::int64_t count(const std::string& sql) {
    auto& s = db_->prepare(sql);
    s.step();
    const auto n = s.column_int64(0);
    s.reset();
    return n;
  }
  std::string text(const std::string& sql) {
    auto& s = db_->prepare(sql);
    if (!s.step()) return {};
    auto value = s.column_text(0);
    s.reset();
    return value;
  }

  // Every table the pull writes, and the audit trail and outbox, as row counts.
  std::map<std::string, std::int64_t> counts() {
    std::map<std::string, std::int64_t> out;
    for (const char* table : {"category", "commodity", "test_item", "limit_rule", "township", "market", "vendor",
                              "stall", "plan", "plan_quota", "task", "audit_log", "outbox"}) {
      out[table] = count(std::string("SELECT count(*) FROM ") + table);
    }
    return out;
  }

  const sync::MasterKindReport* kind(const sync::MasterPullReport& report, const std::string& name) {
    for (const auto& k : report.kinds) {
      if (k.kind == name) return &k;
    }
    return nullptr;
  }

  test::TempDir dir_;
  std::optional<hub::HubStore> hub_;
  hub::Booth booth_;
  std::optional<storage::Database> db_;
  std::unique_ptr<hub::HubServer> server_;
  std::unique_ptr<sync::HubTransport> transport_;
  config::Catalogue catalogue_;
  std::int64_t quotas_ = 0;
};

TEST_F(MasterPullTest, PublishedCataloguePlacesAndPlanArriveInTheLocalTables) {
  publish_everything();
  const auto report = pull();
  ASSERT_FALSE(report.failure) << report.failure->en;
  EXPECT_TRUE(report.held.empty()) << report.held.front().key << ": " << report.held.front().reason.en;
  EXPECT_EQ(report.kinds.size(), sync::master_kinds().size());
  EXPECT_EQ(report.fetched(), report.applied());

  EXPECT_EQ(count("SELECT count(*) FROM category"), static_cast<std::int64_t>(catalogue_.categories.size()));
  EXPECT_EQ(count("SELECT count(*) FROM commodity"), static_cast<std::int64_t>(catalogue_.commodities.size()));
  EXPECT_EQ(count("SELECT count(*) FROM test_item"), static_cast<std::int64_t>(catalogue_.items.size()));
  EXPECT_EQ(count("SELECT count(*) FROM limit_rule"), static_cast<std::int64_t>(catalogue_.limits.size()));
  EXPECT_EQ(count("SELECT count(*) FROM township"), 5);
  EXPECT_EQ(count("SELECT count(*) FROM market"), 6);
  EXPECT_EQ(text("SELECT t.code FROM market m JOIN township t ON t.id = m.township_id WHERE m.code = 'XS01'"),
            "330602101");
  EXPECT_EQ(text("SELECT kind FROM market WHERE code = 'CG-S1'"), "supermarket");
  EXPECT_EQ(count("SELECT count(*) FROM stall"), 5);
  EXPECT_EQ(text("SELECT v.name FROM stall s JOIN vendor v ON v.id = s.vendor_id JOIN market m ON m.id = s.market_id "
                 "WHERE m.code = 'CG01' AND s.number = 'A-01'"),
            "张三");
  EXPECT_EQ(count("SELECT count(*) FROM plan"), 1);
  EXPECT_EQ(count("SELECT count(*) FROM task WHERE status = 'open'"), quotas_);
  EXPECT_EQ(count("SELECT sum(batches) FROM plan_quota"), 1755);

  // Places changes are audited and queued for the hub like local ones; the chain is intact.
  EXPECT_EQ(count("SELECT count(*) FROM outbox WHERE entity = 'market'"), 6);
  EXPECT_EQ(count("SELECT count(*) FROM audit_log WHERE entity = 'stall' AND reason LIKE 'county hub master data%'"),
            5);
  const auto audit = verify_audit(*db_);
  ASSERT_TRUE(audit.ok());
  EXPECT_EQ(audit->breaks, 0);
  EXPECT_EQ(count("SELECT count(*) FROM master_applied WHERE status = 'applied'"), report.applied());
}

TEST_F(MasterPullTest, PullingAgainAppliesNothingAndDuplicatesNothing) {
  publish_everything();
  const auto first = pull();
  ASSERT_GT(first.applied(), 0);
  const auto before = counts();
  const auto second = pull();
  EXPECT_FALSE(second.failure);
  EXPECT_EQ(second.fetched(), 0);
  EXPECT_EQ(second.applied(), 0);
  EXPECT_TRUE(second.held.empty());
  EXPECT_EQ(counts(), before);

  // Publishing the same files again changes no version on the hub, so the booth gets nothing.
  publish_everything();
  const auto third = pull();
  EXPECT_EQ(third.fetched(), 0);
  EXPECT_EQ(counts(), before);
}

TEST_F(MasterPullTest, MarketChangedOnTheHubIsUpdatedLocallyAsANewVersion) {
  publish_everything();
  pull();
  const auto outbox = count("SELECT count(*) FROM outbox");
  const auto places =
      sync::places_master_records(R"({"markets": [{"code": "CG02", "name": "南门综合市场", "township": "新市镇",
                                      "address": "新市镇南门路 1 号"}]})");
  ASSERT_TRUE(places.ok()) << places.error().detail.en;
  publish(*places);
  const auto report = pull();
  ASSERT_NE(kind(report, "market"), nullptr);
  EXPECT_EQ(kind(report, "market")->fetched, 1);
  EXPECT_EQ(kind(report, "market")->applied, 1);
  EXPECT_EQ(report.fetched(), 1);
  EXPECT_EQ(text("SELECT name FROM market WHERE code = 'CG02'"), "南门综合市场");
  EXPECT_EQ(text("SELECT t.name FROM market m JOIN township t ON t.id = m.township_id WHERE m.code = 'CG02'"),
            "新市镇");
  EXPECT_EQ(count("SELECT version FROM market WHERE code = 'CG02'"), 2);
  EXPECT_EQ(count("SELECT count(*) FROM market"), 6);
  // The new version travels to the hub; the first is kept in the outbox as sent or queued.
  EXPECT_EQ(count("SELECT count(*) FROM outbox"), outbox + 1);
  EXPECT_EQ(count("SELECT count(*) FROM master_applied WHERE kind = 'market' AND key = 'CG02' AND version = 2"), 1);
}

TEST_F(MasterPullTest, RecordsTheBoothCannotApplyAreHeldWithTheirReasonAndTheRestApplied) {
  publish_everything();
  ASSERT_TRUE(hub_->put_master("market", "bad code!", R"({"code":"bad code!","name":"坏市场"})", real_now()).ok());
  ASSERT_TRUE(hub_->put_master("stall", "ZZ99/1", R"({"market":"ZZ99","number":"1"})", real_now()).ok());
  ASSERT_TRUE(hub_->put_master("commodity", "榴莲", R"({"name":"榴莲","category":"热带水果"})", real_now()).ok());
  ASSERT_TRUE(hub_->put_master("township", "X", R"([1, 2])", real_now()).ok());
  const auto report = pull();
  EXPECT_FALSE(report.failure);
  ASSERT_EQ(report.held.size(), 4U);
  std::map<std::string, std::string> reasons;
  for (const auto& h : report.held) reasons[h.kind + " " + h.key] = h.reason.en;
  EXPECT_NE(reasons["market bad code!"].find("code: expected letters, digits"), std::string::npos)
      << reasons["market bad code!"];
  EXPECT_NE(reasons["stall ZZ99/1"].find("market \"ZZ99\" is not known"), std::string::npos) << reasons["stall ZZ99/1"];
  EXPECT_NE(reasons["commodity 榴莲"].find("category \"热带水果\""), std::string::npos) << reasons["commodity 榴莲"];
  EXPECT_NE(reasons["township X"].find("JSON object"), std::string::npos) << reasons["township X"];
  for (const auto& h : report.held) EXPECT_FALSE(h.reason.zh.empty());
  // Everything else applied, the plan included.
  EXPECT_EQ(count("SELECT count(*) FROM market"), 6);
  EXPECT_EQ(count("SELECT count(*) FROM stall"), 5);
  EXPECT_EQ(count("SELECT count(*) FROM task"), quotas_);
  EXPECT_EQ(count("SELECT count(*) FROM commodity"), static_cast<std::int64_t>(catalogue_.commodities.size()));
  const auto held = sync::held_master_records(*db_);
  ASSERT_TRUE(held.ok());
  EXPECT_EQ(held->size(), 4U);

  // Held records are tried at every pull: once market ZZ99 is published the stall applies; the
  // bad market is fixed by a new version.
  auto fixes = sync::places_master_records(R"({"markets": [{"code": "ZZ99", "name": "新建市场"}]})");
  ASSERT_TRUE(fixes.ok());
  publish(*fixes);
  ASSERT_TRUE(hub_->put_master("market", "bad code!", R"({"code":"BAD1","name":"坏市场"})", real_now()).ok());
  const auto again = pull();
  std::set<std::string> still;
  for (const auto& h : again.held) still.insert(h.kind + " " + h.key);
  EXPECT_EQ(still, (std::set<std::string>{"commodity 榴莲", "township X", "market bad code!"}));
  EXPECT_EQ(count("SELECT count(*) FROM stall s JOIN market m ON m.id = s.market_id WHERE m.code = 'ZZ99'"), 1);
  EXPECT_EQ(count("SELECT count(*) FROM market"), 7);  // ZZ99; the key "bad code!" does not match BAD1
}

TEST_F(MasterPullTest, PagesFollowTheHubsSequenceNumbers) {
  publish_everything();
  sync::SyncClient client(*db_, *transport_, settings(booth_.secret), [] { return 0.5; });
  const auto first = client.signed_exchange("GET", "/api/v1/master/market?since=0&limit=4", "", real_now());
  ASSERT_TRUE(first.ok());
  ASSERT_EQ(first->status, 200) << first->body;
  const auto page = sync::read_master_page(first->body);
  ASSERT_TRUE(page.ok()) << page.error().detail.en;
  EXPECT_EQ(page->rows.size(), 4U);
  EXPECT_TRUE(page->more);
  EXPECT_EQ(page->next, page->rows.back().seq);
  const auto second = client.signed_exchange(
      "GET", "/api/v1/master/market?since=" + std::to_string(page->next) + "&limit=4", "", real_now());
  ASSERT_TRUE(second.ok());
  const auto rest = sync::read_master_page(second->body);
  ASSERT_TRUE(rest.ok());
  EXPECT_EQ(rest->rows.size(), 2U);
  EXPECT_FALSE(rest->more);
  EXPECT_EQ(rest->rows.front().key, "DH01");  // the order of the places file
  EXPECT_EQ(rest->rows.front().version, 1);
}

TEST_F(MasterPullTest, UnsignedAndWrongSecretPullsAreRefusedWith401AndNothingApplied) {
  publish_everything();
  const auto unsigned_reply = transport_->exchange("GET", "/api/v1/master/market?since=0", "", {});
  ASSERT_TRUE(unsigned_reply.ok());
  EXPECT_EQ(unsigned_reply->status, 401);
  sync::SyncClient forger(*db_, *transport_, settings(std::string(64, 'f')), [] { return 0.5; });
  const auto forged = forger.signed_exchange("GET", "/api/v1/master/market?since=0", "", real_now());
  ASSERT_TRUE(forged.ok());
  EXPECT_EQ(forged->status, 401);

  const auto report = pull(std::string(64, 'f'));
  ASSERT_TRUE(report.failure.has_value());
  EXPECT_NE(report.failure->en.find("HTTP 401"), std::string::npos) << report.failure->en;
  EXPECT_EQ(report.applied(), 0);
  EXPECT_EQ(count("SELECT count(*) FROM market"), 0);
  EXPECT_EQ(count("SELECT count(*) FROM master_cursor"), 0);
  // The right secret then gets everything.
  EXPECT_GT(pull().applied(), 0);
  EXPECT_EQ(count("SELECT count(*) FROM market"), 6);
}

TEST_F(MasterPullTest, KuaijianHubPublishThenSyncPull) {
  db_.reset();
  std::filesystem::copy(test::source_dir() / "config", dir_ / "config", std::filesystem::copy_options::recursive);
  test::write_file(dir_ / "secret", booth_.secret + "\n");
  const auto src = test::source_dir().string();
  const auto hub_db = (dir_ / "hub.db").string();
  const auto published =
      test::run_kuaijian("--lang en hub publish --db " + hub_db + " --config " + src + "/config --places " + src +
                         "/samples/hub/places.json --plan " + src + "/samples/plans/plan-2026.csv");
  ASSERT_EQ(published.exit_code, 0) << published.out << published.err;
  EXPECT_NE(published.out.find("Published on the hub:"), std::string::npos) << published.out;
  EXPECT_NE(published.out.find("6 markets, 5 stalls, 1 plans"), std::string::npos) << published.out;

  const auto booth = "--config " + (dir_ / "config").string() + " --db " + (dir_ / "booth.db").string();
  const auto hub = " --hub " + url() + " --booth " + booth_.booth_id + " --secret-file " + (dir_ / "secret").string();
  ASSERT_EQ(test::run_kuaijian(booth + " init").exit_code, 0);
  const auto pulled = test::run_kuaijian("--lang en " + booth + " sync pull" + hub);
  ASSERT_EQ(pulled.exit_code, 0) << pulled.out << pulled.err;
  EXPECT_NE(pulled.out.find("Master data from the hub:"), std::string::npos) << pulled.out;
  EXPECT_NE(pulled.out.find("0 not applied"), std::string::npos) << pulled.out;
  const auto zh = test::run_kuaijian("--lang zh " + booth + " sync pull" + hub);
  EXPECT_EQ(zh.exit_code, 0) << zh.err;
  EXPECT_NE(zh.out.find("基础数据已是最新"), std::string::npos) << zh.out;

  // A bad file is refused before anything reaches the hub.
  test::write_file(dir_ / "bad.json", R"({"markets": [{"code": "CN01", "name": "城南", "kindd": "x"}]})");
  const auto bad =
      test::run_kuaijian("--lang en hub publish --db " + hub_db + " --places " + (dir_ / "bad.json").string());
  EXPECT_EQ(bad.exit_code, 4);
  EXPECT_NE(bad.err.find("markets[0]: unknown key \"kindd\""), std::string::npos) << bad.err;

  // sync run pushes (the pulled places went into the outbox) and then pulls, as JSON.
  const auto run = test::run_kuaijian("--json " + booth + " sync run --once" + hub);
  EXPECT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_NE(run.out.find("\"pull\":{\"fetched\":0"), std::string::npos) << run.out;
  EXPECT_EQ(run.out.find("\"delivered\":0,"), std::string::npos) << run.out;

  auto db = open_store(dir_ / "booth.db", false);
  ASSERT_TRUE(db.ok());
  auto& markets = db->prepare("SELECT count(*) FROM market");
  markets.step();
  EXPECT_EQ(markets.column_int64(0), 6);
  markets.reset();
  auto& tasks = db->prepare("SELECT count(*) FROM task");
  tasks.step();
  EXPECT_EQ(tasks.column_int64(0), 300);
  tasks.reset();
}

}  // namespace
}  // namespace kj::lims
