// The SQLite wrapper and the migration runner: fresh create, upgrade from every earlier
// version, a failing migration leaves the database untouched, a newer database is refused;
// the schema edits of 0006 (CHECKs) and 0007 (the audit log copied) keep rows and rules.
#include <gtest/gtest.h>

#include <array>
#include <regex>

#include "lims/audit/audit_log.hpp"
#include "lims/places/places.hpp"
#include "lims/storage/database.hpp"
#include "lims/storage/migrations.hpp"
#include "lims/store.hpp"
#include "tests/support/test_support.hpp"

namespace kj::lims::storage {
namespace {

using test::TempDir;

int count_rows(Database& db, const std::string& table) {
  auto& statement = db.prepare("SELECT count(*) FROM " + table);
  statement.step();
  const auto rows = static_cast<int>(statement.column_int64(0));
  statement.reset();  // ends the read, so that this connection can write later
  return rows;
}

bool table_exists(Database& db, const std::string& table) {
  auto& statement = db.prepare("SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = ?");
  statement.bind(1, table);
  statement.step();
  return statement.column_int64(0) == 1;
}

constexpr std::array<Migration, 3> kTestMigrations{{
    {1, "a", "CREATE TABLE a (id INTEGER PRIMARY KEY, v TEXT NOT NULL) STRICT;"},
    {2, "b", "CREATE TABLE b (id INTEGER PRIMARY KEY, a_id INTEGER NOT NULL REFERENCES a(id)) STRICT;"},
    {3, "c", "ALTER TABLE a ADD COLUMN w INTEGER; CREATE INDEX a_v ON a(v);"},
}};

TEST(Database, OpensWithWalAndForeignKeys) {
  TempDir dir;
  auto db = Database::open(dir / "x.db");
  ASSERT_TRUE(db.ok());
  auto& mode = db->prepare("PRAGMA journal_mode");
  ASSERT_TRUE(mode.step());
  EXPECT_EQ(mode.column_text(0), "wal");
  auto& fk = db->prepare("PRAGMA foreign_keys");
  ASSERT_TRUE(fk.step());
  EXPECT_EQ(fk.column_int64(0), 1);
}

TEST(Database, UnwritablePathIsAClearError) {
  auto db = Database::open("/proc/no-such-dir/x.db");
  ASSERT_FALSE(db.ok());
  EXPECT_EQ(db.error().code, Errc::database_unavailable);
  EXPECT_NE(db.error().detail.en.find("/proc/no-such-dir/x.db"), std::string::npos);
  EXPECT_NE(db.error().detail.zh.find("无法打开数据库"), std::string::npos);
}

TEST(Database, TransactionRollsBackUnlessCommitted) {
  auto db = Database::open_in_memory();
  ASSERT_TRUE(db.ok());
  db->exec("CREATE TABLE t (v INTEGER) STRICT");
  {
    Transaction transaction(*db);
    db->prepare("INSERT INTO t VALUES (1)").run();
  }
  EXPECT_EQ(count_rows(*db, "t"), 0);
  {
    Transaction transaction(*db);
    db->prepare("INSERT INTO t VALUES (1)").run();
    transaction.commit();
  }
  EXPECT_EQ(count_rows(*db, "t"), 1);
}

TEST(Database, TransactCommitsOnSuccessAndRollsBackOnErrorOrException) {
  auto db = Database::open_in_memory();
  ASSERT_TRUE(db.ok());
  db->exec("CREATE TABLE t (v INTEGER NOT NULL) STRICT");
  const Status ok = db->transact([&]() -> Status {
    db->prepare("INSERT INTO t VALUES (?)").bind(1, 7).run();
    return {};
  });
  EXPECT_TRUE(ok.ok());
  const Status refused = db->transact([&]() -> Status {
    db->prepare("INSERT INTO t VALUES (?)").bind(1, 8).run();
    return make_error(make_error_code(Errc::invalid_input), "no", "不");
  });
  EXPECT_FALSE(refused.ok());
  const Status failed = db->transact([&]() -> Status {
    db->prepare("INSERT INTO t VALUES (?)").bind(1, 9).run();
    db->prepare("INSERT INTO t VALUES (?)").bind_null(1).run();  // NOT NULL violated
    return {};
  });
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.error().code, Errc::storage_failed);
  EXPECT_EQ(count_rows(*db, "t"), 1);
}

TEST(Database, StatementsAreCachedAndBindNulls) {
  auto db = Database::open_in_memory();
  ASSERT_TRUE(db.ok());
  db->exec("CREATE TABLE t (v TEXT) STRICT");
  auto& first = db->prepare("INSERT INTO t VALUES (?)");
  auto& second = db->prepare("INSERT INTO t VALUES (?)");
  EXPECT_EQ(&first, &second);
  second.bind(1, std::optional<std::string>{}).run();
  auto& select = db->prepare("SELECT v FROM t");
  ASSERT_TRUE(select.step());
  EXPECT_FALSE(select.column_optional_text(0).has_value());
}

TEST(Migrations, FreshDatabaseGetsEveryMigration) {
  TempDir dir;
  auto db = Database::open(dir / "x.db");
  ASSERT_TRUE(db.ok());
  auto report = migrate(*db, kTestMigrations);
  ASSERT_TRUE(report.ok());
  EXPECT_EQ(report->from_version, 0);
  EXPECT_EQ(report->to_version, 3);
  EXPECT_EQ(db->user_version(), 3);
  EXPECT_TRUE(table_exists(*db, "a"));
  EXPECT_TRUE(table_exists(*db, "b"));
}

TEST(Migrations, UpgradesFromEveryEarlierVersion) {
  for (std::size_t start = 0; start <= kTestMigrations.size(); ++start) {
    SCOPED_TRACE(start);
    TempDir dir;
    {
      auto db = Database::open(dir / "x.db");
      ASSERT_TRUE(db.ok());
      ASSERT_TRUE(migrate(*db, std::span(kTestMigrations).first(start)).ok());
      if (start >= 1) db->exec("INSERT INTO a(v) VALUES ('kept')");
    }
    auto db = Database::open(dir / "x.db");
    ASSERT_TRUE(db.ok());
    auto report = migrate(*db, kTestMigrations);
    ASSERT_TRUE(report.ok());
    EXPECT_EQ(report->from_version, static_cast<int>(start));
    EXPECT_EQ(db->user_version(), 3);
    if (start >= 1) {
      EXPECT_EQ(count_rows(*db, "a"), 1);
    }
  }
}

TEST(Migrations, FailingMigrationLeavesTheDatabaseUntouched) {
  TempDir dir;
  auto db = Database::open(dir / "x.db");
  ASSERT_TRUE(db.ok());
  ASSERT_TRUE(migrate(*db, std::span(kTestMigrations).first(1)).ok());
  const std::array<Migration, 2> broken{{
      kTestMigrations[0],
      {2, "broken",
       "CREATE TABLE half (id INTEGER) STRICT; INSERT INTO a(v) VALUES ('x'); SELECT nonsense FROM nowhere;"},
  }};
  auto report = migrate(*db, broken);
  ASSERT_FALSE(report.ok());
  EXPECT_EQ(report.error().code, Errc::migration_failed);
  EXPECT_NE(report.error().detail.en.find("2 (broken)"), std::string::npos);
  EXPECT_EQ(db->user_version(), 1);
  EXPECT_FALSE(table_exists(*db, "half"));
  EXPECT_EQ(count_rows(*db, "a"), 0);
}

TEST(Migrations, NewerDatabaseIsRefused) {
  TempDir dir;
  auto db = Database::open(dir / "x.db");
  ASSERT_TRUE(db.ok());
  ASSERT_TRUE(migrate(*db, kTestMigrations).ok());
  auto report = migrate(*db, std::span(kTestMigrations).first(2));
  ASSERT_FALSE(report.ok());
  EXPECT_EQ(report.error().code, Errc::database_too_new);
  EXPECT_NE(report.error().detail.en.find("schema version 3"), std::string::npos);
  EXPECT_EQ(db->user_version(), 3);
}

TEST(Migrations, EmbeddedMigrationsAreNumberedWithoutGaps) {
  const auto migrations = embedded_migrations();
  ASSERT_FALSE(migrations.empty());
  for (std::size_t i = 0; i < migrations.size(); ++i) EXPECT_EQ(migrations[i].version, static_cast<int>(i) + 1);
}

TEST(Migrations, EmbeddedMigrationsUpgradeFromEveryEarlierVersion) {
  const auto all = embedded_migrations();
  for (std::size_t start = 0; start < all.size(); ++start) {
    SCOPED_TRACE(start);
    TempDir dir;
    auto db = Database::open(dir / "x.db");
    ASSERT_TRUE(db.ok());
    ASSERT_TRUE(migrate(*db, all.first(start)).ok());
    ASSERT_TRUE(migrate(*db, all).ok());
    EXPECT_EQ(db->user_version(), all.back().version);
    auto& check = db->prepare("PRAGMA foreign_key_check");
    EXPECT_FALSE(check.step());
  }
}

// SQLite 3.40 checks `x IN ('a', 'b', 'c')` by building a temporary b-tree for every row
// written (≈ 1.5 µs per check per row); 0006 rewrote those checks as comparisons.
TEST(Migrations, NoTableChecksAValueListOfThreeOrMore) {
  TempDir dir;
  auto db = Database::open(dir / "x.db");
  ASSERT_TRUE(db.ok());
  ASSERT_TRUE(migrate(*db).ok());
  const std::regex long_list(R"(\bIN\s*\(([^()]*,){2})", std::regex::icase);
  auto& tables = db->prepare("SELECT name, sql FROM sqlite_schema WHERE type = 'table' AND sql IS NOT NULL");
  int checked = 0;
  while (tables.step()) {
    ++checked;
    EXPECT_FALSE(std::regex_search(tables.column_text(1), long_list)) << tables.column_text(0);
  }
  EXPECT_GT(checked, 20);
  auto& plan = db->prepare(
      "EXPLAIN INSERT INTO result(uuid, sample_id, item_id, method, standard, unit, verdict, device_verdict, review, "
      "test_kind, tester, tested_at, data_source, created_at) VALUES "
      "('u', 1, 1, 'inhibition', 'GB', '%', 'negative', 'negative', 'none', 'initial', 't', 't', 'instrument', 't')");
  while (plan.step()) EXPECT_NE(plan.column_text(1), "OpenEphemeral");
}

TEST(Migrations, RewrittenChecksStillRefuseOtherValuesAndKeepRows) {
  TempDir dir;
  const auto all = embedded_migrations();
  {
    auto db = Database::open(dir / "x.db");
    ASSERT_TRUE(db.ok());
    ASSERT_TRUE(migrate(*db, all.first(5)).ok());
    db->exec("INSERT INTO outbox(entity, uuid, version, payload, created_at) VALUES ('result', 'u1', 1, '{}', 't')");
  }
  const auto insert_state = [](Database& db, const std::string& uuid, const std::string& state) {
    db.exec("INSERT INTO outbox(entity, uuid, version, payload, created_at, state) VALUES ('result', '" + uuid +
            "', 1, '{}', 't', '" + state + "')");
  };
  auto db = Database::open(dir / "x.db");
  ASSERT_TRUE(db.ok());
  auto other = Database::open(dir / "x.db");  // opened before the migration: must see the new definitions too
  ASSERT_TRUE(other.ok());
  EXPECT_EQ(count_rows(*other, "outbox"), 1);
  ASSERT_TRUE(migrate(*db, all).ok());
  EXPECT_EQ(count_rows(*db, "outbox"), 1);
  insert_state(*db, "u2", "sent");
  EXPECT_THROW(insert_state(*db, "u3", "lost"), StorageError);
  EXPECT_THROW(insert_state(*other, "u4", "lost"), StorageError);
  insert_state(*other, "u5", "dead");
  EXPECT_EQ(count_rows(*db, "outbox"), 3);
  auto& integrity = db->prepare("PRAGMA integrity_check");
  ASSERT_TRUE(integrity.step());
  EXPECT_EQ(integrity.column_text(0), "ok");
  integrity.reset();
}

// 0007 copies the audit log into a table without the index on its hash: every entry, its id
// and the chain survive, and the log stays append-only.
TEST(Migrations, TheCopiedAuditLogStillVerifiesAndStaysAppendOnly) {
  TempDir dir;
  const auto all = embedded_migrations();
  ASSERT_GE(all.size(), 7u);
  auto db = Database::open(dir / "x.db");
  ASSERT_TRUE(db.ok());
  ASSERT_TRUE(migrate(*db, all.first(6)).ok());
  const Actor actor{"tester", std::chrono::sys_days(std::chrono::year(2026) / 12 / 6), ""};
  ASSERT_TRUE(add_market(*db, actor, MarketInput{"M1", "东门市场", "城关镇"}).ok());
  ASSERT_TRUE(add_market(*db, actor, MarketInput{"M2", "西门市场", "城关镇"}).ok());
  const int entries = count_rows(*db, "audit_log");
  ASSERT_GE(entries, 3);
  const auto migrated = migrate(*db, all);
  ASSERT_TRUE(migrated.ok()) << migrated.error().detail.en;
  EXPECT_EQ(count_rows(*db, "audit_log"), entries);
  const auto report = verify_audit(*db);
  ASSERT_TRUE(report.ok());
  EXPECT_EQ(report->entries, entries);
  EXPECT_FALSE(report->first_break.has_value());
  EXPECT_THROW(db->exec("DELETE FROM audit_log WHERE id = 1"), StorageError);
  EXPECT_THROW(db->exec("UPDATE audit_log SET actor = 'someone else' WHERE id = 1"), StorageError);
  ASSERT_TRUE(add_market(*db, actor, MarketInput{"M3", "南门市场", "城关镇"}).ok());
  EXPECT_FALSE(verify_audit(*db)->first_break.has_value());
}

TEST(Store, OpenStoreRefusesAMissingDatabaseWhenNotCreating) {
  TempDir dir;
  auto db = open_store(dir / "missing.db", /*create=*/false);
  ASSERT_FALSE(db.ok());
  EXPECT_NE(db.error().detail.en.find("kuaijian init"), std::string::npos);
}

}  // namespace
}  // namespace kj::lims::storage
