#include "lims/storage/migrations.hpp"

#include <string>

namespace kj::lims::storage {

Result<MigrationReport> migrate(Database& db, std::span<const Migration> migrations) {
  const int latest = migrations.empty() ? 0 : migrations.back().version;
  int current = 0;
  try {
    current = db.user_version();
  } catch (const StorageError& error) {
    return storage_error(error);
  }
  if (current > latest) {
    return make_error(make_error_code(Errc::database_too_new),
                      "database " + db.path().string() + " has schema version " + std::to_string(current) +
                          ", newer than this program's " + std::to_string(latest) + "; use a newer kuaijian",
                      "数据库 " + db.path().string() + " 的结构版本为 " + std::to_string(current) +
                          "，高于本程序支持的 " + std::to_string(latest) + "，请使用更新版本的 kuaijian");
  }
  const MigrationReport report{current, latest};
  for (const Migration& migration : migrations) {
    if (migration.version <= current) continue;
    try {
      Transaction transaction(db, Transaction::Mode::immediate);
      db.exec(migration.sql);
      // A migration may edit table definitions in place (0006 does, by SQLite's documented
      // procedure); a new schema_version makes every connection, this one too, read them again.
      db.exec("PRAGMA schema_version = " + std::to_string(db.schema_version() + 1));
      db.exec("PRAGMA user_version = " + std::to_string(migration.version));
      transaction.commit();
    } catch (const StorageError& error) {
      const std::string which = std::to_string(migration.version) + " (" + std::string(migration.name) + ")";
      return make_error(make_error_code(Errc::migration_failed),
                        "migration " + which + " failed: " + error.what() + "; the database was not changed",
                        "结构迁移 " + which + " 失败：" + error.what() + "；数据库未作改动");
    }
  }
  return report;
}

}  // namespace kj::lims::storage
