#include "lims/store.hpp"

#include "lims/storage/migrations.hpp"

namespace kj::lims {

Result<storage::Database> open_store(const std::filesystem::path& path, bool create, StoreInfo* info) {
  if (!create && !std::filesystem::exists(path)) {
    return make_error(make_error_code(Errc::database_unavailable),
                      "no database at " + path.string() + "; create it with `kuaijian init`",
                      "数据库 " + path.string() + " 不存在；请先运行 `kuaijian init` 创建");
  }
  auto db = storage::Database::open(path, storage::OpenOptions{.create_if_missing = create});
  if (!db) return db.error();
  auto report = storage::migrate(*db);
  if (!report) return report.error();
  if (info != nullptr) *info = StoreInfo{report->to_version, report->from_version};
  return db;
}

Status record_installation(storage::Database& db, const config::Installation& installation, Timestamp now) {
  return db.transact([&]() -> Status {
    auto& insert = db.prepare("INSERT OR IGNORE INTO installation(key, value) VALUES (?, ?)");
    const std::pair<const char*, std::string> rows[] = {
        {"created_at", to_iso8601(now)},
        {"county_code", installation.county_code},
        {"county_name", installation.county_name},
        {"booth_name", installation.booth_name},
    };
    for (const auto& [key, value] : rows) {
      insert.reset();
      insert.bind(1, key).bind(2, value).run();
    }
    return {};
  });
}

Result<std::map<std::string, std::string>> read_installation(storage::Database& db) {
  try {
    std::map<std::string, std::string> out;
    auto& select = db.prepare("SELECT key, value FROM installation ORDER BY key");
    while (select.step()) out[select.column_text(0)] = select.column_text(1);
    return out;
  } catch (const storage::StorageError& error) {
    return storage::storage_error(error);
  }
}

}  // namespace kj::lims
