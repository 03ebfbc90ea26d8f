// The exception storage throws when SQLite fails. It never leaves the storage layer's unit of
// work (Database::transact), which turns it into a kj::Error; see rule 9 of STYLE.md.
#pragma once

#include <stdexcept>
#include <string>

namespace kj::lims::storage {

class StorageError : public std::runtime_error {
 public:
  StorageError(int sqlite_code, const std::string& what) : std::runtime_error(what), sqlite_code_(sqlite_code) {}
  [[nodiscard]] int sqlite_code() const { return sqlite_code_; }
  // SQLITE_BUSY / SQLITE_LOCKED: another connection holds the lock; the operation may be retried.
  [[nodiscard]] bool is_busy() const;
  [[nodiscard]] bool is_constraint() const;

 private:
  int sqlite_code_;
};

[[noreturn]] void throw_sqlite_error(int code, const char* context, const char* detail);

}  // namespace kj::lims::storage
