#include "lims/storage/database.hpp"

#include <sqlite3.h>

#include <string>

namespace kj::lims::storage {

Error storage_error(const StorageError& error) {
  return make_error(make_error_code(Errc::storage_failed), std::string("database error: ") + error.what(),
                    std::string("数据库错误：") + error.what());
}

namespace {

Error open_failure(const std::filesystem::path& path, const std::string& reason) {
  return make_error(make_error_code(Errc::database_unavailable),
                    "cannot open database " + path.string() + ": " + reason,
                    "无法打开数据库 " + path.string() + "：" + reason);
}

}  // namespace

Result<Database> Database::open(const std::filesystem::path& path, const OpenOptions& options) {
  sqlite3* handle = nullptr;
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX;
  if (options.create_if_missing) flags |= SQLITE_OPEN_CREATE;
  const int rc = sqlite3_open_v2(path.c_str(), &handle, flags, nullptr);
  if (rc != SQLITE_OK) {
    const std::string reason = handle ? sqlite3_errmsg(handle) : sqlite3_errstr(rc);
    sqlite3_close(handle);
    return open_failure(path, reason);
  }
  Database db(handle, path);
  sqlite3_extended_result_codes(handle, 1);
  sqlite3_busy_timeout(handle, static_cast<int>(options.busy_timeout.count()));
  try {
    // WAL lets readers (reports, the hub) run while a booth writes; foreign keys are off by
    // default in SQLite and must be switched on per connection; synchronous=FULL makes every
    // commit durable across a power cut, which a market booth sees more often than a lab.
    // A 32 MiB page cache keeps the uuid indexes that every record touches at random in memory
    // between transactions (SQLite's default is 2 MiB).
    db.exec("PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON; PRAGMA synchronous=FULL; PRAGMA cache_size=-32768;");
    // Opening is lazy: touch the file now so an unwritable path fails here, not mid-operation.
    db.exec("BEGIN IMMEDIATE; COMMIT;");
  } catch (const StorageError& error) {
    return open_failure(path, error.what());
  }
  return db;
}

Result<Database> Database::open_in_memory() {
  sqlite3* handle = nullptr;
  const int rc = sqlite3_open_v2(":memory:", &handle, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
  if (rc != SQLITE_OK) {
    sqlite3_close(handle);
    return open_failure(":memory:", sqlite3_errstr(rc));
  }
  Database db(handle, ":memory:");
  sqlite3_extended_result_codes(handle, 1);
  db.exec("PRAGMA foreign_keys=ON;");
  return db;
}

Database::Database(Database&& other) noexcept
    : db_(other.db_), path_(std::move(other.path_)), statements_(std::move(other.statements_)) {
  other.db_ = nullptr;
}

Database& Database::operator=(Database&& other) noexcept {
  if (this != &other) {
    close();
    db_ = other.db_;
    path_ = std::move(other.path_);
    statements_ = std::move(other.statements_);
    other.db_ = nullptr;
  }
  return *this;
}

Database::~Database() {
  close();
}

void Database::close() {
  statements_.clear();  // statements must be finalized before the connection closes
  if (db_ != nullptr) sqlite3_close_v2(db_);
  db_ = nullptr;
}

Statement& Database::prepare(std::string_view sql) {
  auto found = statements_.find(sql);
  if (found == statements_.end()) {
    found = statements_.emplace(std::string(sql), std::make_unique<Statement>(db_, sql)).first;
  }
  found->second->reset();
  return *found->second;
}

void Database::exec(std::string_view script) {
  char* message = nullptr;
  const int rc = sqlite3_exec(db_, std::string(script).c_str(), nullptr, nullptr, &message);
  if (rc != SQLITE_OK) {
    const std::string detail = message ? message : "";
    sqlite3_free(message);
    throw_sqlite_error(sqlite3_extended_errcode(db_), "exec", detail.c_str());
  }
}

int Database::pragma_int(std::string_view pragma) {
  auto& statement = prepare(pragma);
  statement.step();
  const auto value = static_cast<int>(statement.column_int64(0));
  statement.reset();
  return value;
}

int Database::user_version() {
  return pragma_int("PRAGMA user_version");
}

int Database::schema_version() {
  return pragma_int("PRAGMA schema_version");
}

std::int64_t Database::last_insert_rowid() const {
  return sqlite3_last_insert_rowid(db_);
}

void Database::reset_busy_statements() {
  for (sqlite3_stmt* statement = sqlite3_next_stmt(db_, nullptr); statement != nullptr;
       statement = sqlite3_next_stmt(db_, statement)) {
    if (sqlite3_stmt_busy(statement) != 0) sqlite3_reset(statement);
  }
}

Transaction::Transaction(Database& db, Mode mode) : db_(db) {
  db_.reset_busy_statements();  // a pending read would pin a snapshot older than the write's
  db_.exec(mode == Mode::immediate ? "BEGIN IMMEDIATE" : "BEGIN DEFERRED");
}

Transaction::~Transaction() {
  if (!open_) return;
  try {
    db_.reset_busy_statements();
    db_.exec("ROLLBACK");
  } catch (const StorageError&) {
    // SQLite may already have rolled back (e.g. after SQLITE_FULL); nothing more can be done.
  }
}

void Transaction::commit() {
  db_.reset_busy_statements();
  db_.exec("COMMIT");
  open_ = false;
}

}  // namespace kj::lims::storage
