// The hub over TLS (hub serve with a certificate): a booth that trusts the hub's certificate
// (the county's own CA file, hub.ca_file) pushes its outbox and gets its receipts; a booth that
// does not trust it, or that speaks plain HTTP to the TLS port, delivers nothing and keeps
// everything queued. The certificate is the self-signed test one of tests/data/tls.
#include <gtest/gtest.h>

#include "lims/hub/hub_server.hpp"
#include "lims/hub/hub_store.hpp"
#include "lims/store.hpp"
#include "lims/sync/sync_client.hpp"
#include "tests/support/test_support.hpp"

namespace kj::lims {
namespace {

using namespace std::chrono_literals;

Timestamp real_now() {
  return std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
}

class HubTlsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto store = hub::HubStore::open(dir_ / "hub.db");
    ASSERT_TRUE(store.ok());
    hub_.emplace(std::move(*store));
    booth_ = *hub_->add_booth("城南", real_now());
    hub::ServerOptions options;
    options.cert_file = (tls_ / "hub-cert.pem").string();
    options.key_file = (tls_ / "hub-key.pem").string();
    auto server = hub::HubServer::start(*hub_, options, hub::ServerDeps{real_now, [](std::error_code) { return 500; }});
    ASSERT_TRUE(server.ok()) << server.error().detail.en;
    server_ = std::move(*server);
    auto db = open_store(dir_ / "booth.db", true);
    ASSERT_TRUE(db.ok());
    db_.emplace(std::move(*db));
    ASSERT_TRUE(db_->transact([&]() -> Status {
                     for (int i = 0; i < 5; ++i) {
                       db_->prepare(
                              "INSERT INTO outbox(entity, uuid, version, payload, created_at) "
                              "VALUES ('result', ?, 1, '{\"verdict\":\"negative\"}', ?)")
                           .bind(1, "tls-" + std::to_string(i))
                           .bind(2, to_iso8601(real_now()))
                           .run();
                     }
                     return {};
                   })
                    .ok());
  }

  Result<sync::PushReport> push(const std::string& scheme, const std::string& ca_file) {
    auto transport = sync::make_poco_transport(scheme + "://127.0.0.1:" + std::to_string(server_->port()), 5s, ca_file);
    if (!transport) return transport.error();
    sync::SyncClient client(*db_, **transport, sync::SyncSettings{booth_.booth_id, booth_.secret, 50, {}},
                            [] { return 0.5; });
    return client.push_batch(real_now());
  }
  std::int64_t queued() {
    auto& s = db_->prepare("SELECT count(*) FROM outbox WHERE state <> 'sent'");
    s.step();
    const auto n = s.column_int64(0);
    s.reset();
    return n;
  }

  test::TempDir dir_;
  std::filesystem::path tls_ = test::source_dir() / "tests" / "data" / "tls";
  std::optional<hub::HubStore> hub_;
  hub::Booth booth_;
  std::unique_ptr<hub::HubServer> server_;
  std::optional<storage::Database> db_;
};

TEST_F(HubTlsTest, ABoothThatTrustsTheCertificatePushesOverTls) {
  const auto pushed = push("https", (tls_ / "hub-cert.pem").string());
  ASSERT_TRUE(pushed.ok()) << pushed.error().detail.en;
  EXPECT_EQ(pushed->delivered, 5);
  EXPECT_EQ(queued(), 0);
  EXPECT_EQ(*hub_->count_versions(), 5);
}

TEST_F(HubTlsTest, AnUntrustedCertificateOrPlainHttpDeliversNothing) {
  // Only the system's CAs: the self-signed hub is refused; the records stay queued.
  auto untrusted = push("https", "");
  EXPECT_TRUE(!untrusted.ok() || untrusted->delivered == 0);
  EXPECT_EQ(queued(), 5);
  auto plain = push("http", "");
  EXPECT_TRUE(!plain.ok() || plain->delivered == 0);
  EXPECT_EQ(queued(), 5);
  EXPECT_EQ(*hub_->count_versions(), 0);
}

}  // namespace
}  // namespace kj::lims
