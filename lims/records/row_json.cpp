#include "lims/records/row_json.hpp"

#include <sqlite3.h>

#include <array>
#include <stdexcept>

#include "protocols/json_writer.hpp"
#include "protocols/observation.hpp"

namespace kj::lims {

namespace {
constexpr std::array<std::string_view, 19> kRecordTables{
    "township",      "market",    "vendor",         "stall",         "plan",   "plan_quota",
    "task",          "sample",    "batch",          "batch_channel", "result", "held_observation",
    "disposal_case", "case_step", "case_extension", "case_deadline", "event",  "event_order",
    "consultation"};
}  // namespace

bool is_record_table(std::string_view table) {
  for (const auto name : kRecordTables) {
    if (name == table) return true;
  }
  return false;
}

std::optional<RowSnapshot> snapshot_row(storage::Database& db, std::string_view table, std::int64_t id) {
  if (!is_record_table(table)) throw std::logic_error("row_json: not a record table: " + std::string(table));
  auto& select = db.prepare("SELECT * FROM " + std::string(table) + " WHERE rowid = ?");
  select.bind(1, id);
  if (!select.step()) return std::nullopt;
  RowSnapshot snapshot;
  protocols::JsonWriter json;
  json.begin_object();
  for (int column = 0; column < select.column_count(); ++column) {
    const std::string_view name = select.column_name(column);
    if (name == "uuid") snapshot.uuid = select.column_text(column);
    if (name == "version") snapshot.version = select.column_int64(column);
    json.key(name);
    switch (select.column_type(column)) {
      case SQLITE_INTEGER: json.value(select.column_int64(column)); break;
      case SQLITE_FLOAT: json.value(select.column_double(column)); break;
      case SQLITE_TEXT: json.value(select.column_view(column)); break;
      case SQLITE_BLOB: {
        const auto blob = select.column_view(column);
        json.value(protocols::to_hex(std::vector<std::uint8_t>(blob.begin(), blob.end())));
        break;
      }
      default: json.null();
    }
  }
  json.end_object();
  select.reset();
  snapshot.json = json.take();
  return snapshot;
}

}  // namespace kj::lims
