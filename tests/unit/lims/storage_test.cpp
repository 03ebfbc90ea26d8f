// The SQLite wrapper and the migration runner: fresh create, upgrade from every earlier
// version, a failing migration leaves the database untouched, a newer database is refused.
#include <gtest/gtest.h>

#include <array>

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
  return static_cast<int>(statement.column_int64(0));
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
      {2, "broken", "CREATE TABLE half (id INTEGER) STRICT; INSERT INTO a(v) VALUES ('x'); SELECT nonsense FROM nowhere;"},
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

TEST(Store, OpenStoreRefusesAMissingDatabaseWhenNotCreating) {
  TempDir dir;
  auto db = open_store(dir / "missing.db", /*create=*/false);
  ASSERT_FALSE(db.ok());
  EXPECT_NE(db.error().detail.en.find("kuaijian init"), std::string::npos);
}

}  // namespace
}  // namespace kj::lims::storage
