#include "lims/storage/statement.hpp"

#include <sqlite3.h>

#include <string>

#include "lims/storage/storage_error.hpp"

namespace kj::lims::storage {

bool StorageError::is_busy() const {
  const int primary = sqlite_code_ & 0xFF;
  return primary == SQLITE_BUSY || primary == SQLITE_LOCKED;
}

bool StorageError::is_constraint() const {
  return (sqlite_code_ & 0xFF) == SQLITE_CONSTRAINT;
}

void throw_sqlite_error(int code, const char* context, const char* detail) {
  throw StorageError(
      code, std::string(context) + ": " + sqlite3_errstr(code) + (detail ? std::string(" (") + detail + ")" : ""));
}

Statement::Statement(sqlite3* db, std::string_view sql) : db_(db) {
  const int rc =
      sqlite3_prepare_v3(db, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT, &stmt_, nullptr);
  if (rc != SQLITE_OK) {
    // A statement of ours that does not prepare is a bug, but the message must say which.
    throw_sqlite_error(rc, "prepare", (std::string(sqlite3_errmsg(db)) + " in: " + std::string(sql)).c_str());
  }
}

Statement::~Statement() {
  sqlite3_finalize(stmt_);
}

namespace {
void check_bind(int rc, sqlite3* db) {
  if (rc != SQLITE_OK) throw_sqlite_error(rc, "bind", sqlite3_errmsg(db));
}
}  // namespace

Statement& Statement::bind(int index, std::int64_t value) {
  check_bind(sqlite3_bind_int64(stmt_, index, value), db_);
  return *this;
}

Statement& Statement::bind(int index, double value) {
  check_bind(sqlite3_bind_double(stmt_, index, value), db_);
  return *this;
}

Statement& Statement::bind(int index, std::string_view text) {
  check_bind(sqlite3_bind_text64(stmt_, index, text.data(), text.size(), SQLITE_TRANSIENT, SQLITE_UTF8), db_);
  return *this;
}

Statement& Statement::bind_blob(int index, const void* data, std::size_t size) {
  check_bind(sqlite3_bind_blob64(stmt_, index, data, size, SQLITE_TRANSIENT), db_);
  return *this;
}

Statement& Statement::bind_null(int index) {
  check_bind(sqlite3_bind_null(stmt_, index), db_);
  return *this;
}

bool Statement::step() {
  const int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  const std::string message = sqlite3_errmsg(db_);
  sqlite3_reset(stmt_);
  throw_sqlite_error(sqlite3_extended_errcode(db_), "step", message.c_str());
}

void Statement::run() {
  while (step()) {
  }
}

bool Statement::is_null(int column) const {
  return sqlite3_column_type(stmt_, column) == SQLITE_NULL;
}

std::int64_t Statement::column_int64(int column) const {
  return sqlite3_column_int64(stmt_, column);
}

double Statement::column_double(int column) const {
  return sqlite3_column_double(stmt_, column);
}

std::string Statement::column_text(int column) const {
  const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, column));
  return text ? std::string(text, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column))) : std::string{};
}

std::string_view Statement::column_view(int column) const {
  const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, column));
  return text ? std::string_view(text, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column)))
              : std::string_view{};
}

std::optional<std::string> Statement::column_optional_text(int column) const {
  if (is_null(column)) return std::nullopt;
  return column_text(column);
}

std::optional<std::int64_t> Statement::column_optional_int64(int column) const {
  if (is_null(column)) return std::nullopt;
  return column_int64(column);
}

std::optional<double> Statement::column_optional_double(int column) const {
  if (is_null(column)) return std::nullopt;
  return column_double(column);
}

int Statement::column_count() const {
  return sqlite3_column_count(stmt_);
}

const char* Statement::column_name(int column) const {
  return sqlite3_column_name(stmt_, column);
}

int Statement::column_type(int column) const {
  return sqlite3_column_type(stmt_, column);
}

void Statement::reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

}  // namespace kj::lims::storage
