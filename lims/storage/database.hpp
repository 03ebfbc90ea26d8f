// One SQLite connection with the house settings (WAL, foreign keys, busy timeout), a cache of
// prepared statements, and the unit of work: transact() runs a function in one BEGIN IMMEDIATE
// transaction that commits only if the function succeeds and retries when the database is busy.
#pragma once

#include <chrono>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <type_traits>
#include <unordered_map>

#include "lims/errors.hpp"
#include "lims/storage/statement.hpp"
#include "lims/storage/storage_error.hpp"
#include "protocols/result.hpp"

namespace kj::lims::storage {

struct OpenOptions {
  std::chrono::milliseconds busy_timeout{5000};
  bool create_if_missing = true;
};

class Database {
 public:
  static Result<Database> open(const std::filesystem::path& path, const OpenOptions& options = {});
  static Result<Database> open_in_memory();

  Database(Database&& other) noexcept;
  Database& operator=(Database&& other) noexcept;
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;
  ~Database();

  // The cached prepared statement for `sql`, reset and with no bindings. Throws StorageError.
  Statement& prepare(std::string_view sql);
  // Runs a script of several statements (migrations, pragmas). Throws StorageError.
  void exec(std::string_view script);

  // Resets every statement stepped but not yet reset. Such a statement keeps the connection's
  // read snapshot open after its transaction ends (later reads would miss other connections'
  // commits) and makes DROP TABLE fail as "locked"; transactions call this when they begin
  // and when they end.
  void reset_busy_statements();

  [[nodiscard]] int user_version();
  [[nodiscard]] int schema_version();  // SQLite's count of schema changes
  [[nodiscard]] std::int64_t last_insert_rowid() const;
  [[nodiscard]] const std::filesystem::path& path() const { return path_; }

  // Runs `work` (returning a kj::Result) inside one immediate transaction. Commits when the
  // result is ok, rolls back otherwise. A busy database is retried; any other StorageError
  // becomes an Error with Errc::storage_failed and the transaction is rolled back.
  template <class Work>
  std::invoke_result_t<Work&> transact(Work&& work);

 private:
  explicit Database(struct sqlite3* db, std::filesystem::path path) : db_(db), path_(std::move(path)) {}
  void close();
  int pragma_int(std::string_view pragma);

  struct sqlite3* db_ = nullptr;
  std::filesystem::path path_;
  // Looked up by string_view without building a string: prepare() runs for every statement.
  struct SqlHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view sql) const noexcept { return std::hash<std::string_view>{}(sql); }
  };
  std::unordered_map<std::string, std::unique_ptr<Statement>, SqlHash, std::equal_to<>> statements_;
};

// RAII transaction: rolls back in its destructor unless commit() was called.
class Transaction {
 public:
  enum class Mode { deferred, immediate };
  explicit Transaction(Database& db, Mode mode = Mode::immediate);
  ~Transaction();
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  void commit();

 private:
  Database& db_;
  bool open_ = true;
};

Error storage_error(const StorageError& error);

// Runs a read (outside any write transaction) and turns a StorageError into an Error.
template <class T, class Work>
Result<T> read(Work&& work) {
  try {
    return work();
  } catch (const StorageError& error) {
    return storage_error(error);
  }
}

template <class Work>
std::invoke_result_t<Work&> Database::transact(Work&& work) {
  constexpr int kBusyRetries = 5;  // on top of busy_timeout's own waiting
  for (int attempt = 0;; ++attempt) {
    try {
      Transaction transaction(*this, Transaction::Mode::immediate);
      auto result = work();
      if (result.ok()) transaction.commit();
      return result;
    } catch (const StorageError& error) {
      if (error.is_busy() && attempt < kBusyRetries) continue;
      return storage_error(error);
    }
  }
}

}  // namespace kj::lims::storage
