#include "lims/hub/hub_store.hpp"

#include <algorithm>
#include <cctype>
#include <random>
#include <set>

#include "lims/errors.hpp"
#include "lims/hub/hub_schema.hpp"
#include "lims/records/sha256.hpp"

namespace kj::lims::hub {
namespace {

std::string random_hex(std::size_t bytes) {
  std::random_device device;
  static const char* digits = "0123456789abcdef";
  std::string out;
  for (std::size_t i = 0; i < bytes; ++i) {
    const auto byte = device() & 0xffU;
    out.push_back(digits[byte >> 4]);
    out.push_back(digits[byte & 0xf]);
  }
  return out;
}

// A payload field name is put into a JSON path, so only plain identifiers are allowed.
bool is_field_name(const std::string& name) {
  if (name.empty() || name.size() > 64) return false;
  for (const char c : name) {
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_')) return false;
  }
  return true;
}

}  // namespace

Result<HubStore> HubStore::open(const std::filesystem::path& path) {
  auto db = storage::Database::open(path);
  if (!db) return db.error();
  auto migrated = storage::migrate(*db, hub_migrations());
  if (!migrated) return migrated.error();
  return HubStore(std::move(*db));
}

Result<Booth> HubStore::add_booth(const std::string& name, Timestamp now) {
  if (name.empty()) {
    return make_error(make_error_code(Errc::invalid_input), "booth name: expected a non-empty name",
                      "快检室名称：不能为空");
  }
  std::lock_guard lock(mutex_);
  return db_.transact([&]() -> Result<Booth> {
    Booth booth{"B-" + random_hex(6), name, random_hex(32), to_iso8601(now)};
    db_.prepare("INSERT INTO booth(booth_id, name, secret, created_at) VALUES (?, ?, ?, ?)")
        .bind(1, booth.booth_id)
        .bind(2, booth.name)
        .bind(3, booth.secret)
        .bind(4, booth.created_at)
        .run();
    return booth;
  });
}

Result<std::vector<Booth>> HubStore::booths() {
  std::lock_guard lock(mutex_);
  return storage::read<std::vector<Booth>>([&] {
    auto& select = db_.prepare("SELECT booth_id, name, secret, created_at FROM booth ORDER BY id");
    std::vector<Booth> out;
    while (select.step()) {
      out.push_back(Booth{select.column_text(0), select.column_text(1), select.column_text(2), select.column_text(3)});
    }
    select.reset();
    return out;
  });
}

Result<std::optional<Booth>> HubStore::find_booth(const std::string& booth_id) {
  std::lock_guard lock(mutex_);
  return storage::read<std::optional<Booth>>([&]() -> std::optional<Booth> {
    auto& select = db_.prepare("SELECT booth_id, name, secret, created_at FROM booth WHERE booth_id = ?");
    select.bind(1, booth_id);
    if (!select.step()) return std::nullopt;
    Booth booth{select.column_text(0), select.column_text(1), select.column_text(2), select.column_text(3)};
    select.reset();
    return booth;
  });
}

Result<bool> HubStore::remember_nonce(const std::string& booth_id, const std::string& nonce, std::int64_t now_seconds,
                                      std::int64_t window_seconds) {
  bool fresh = false;
  const auto stored = group_.run([&]() -> Status {
    // Twice the window: a timestamp may lie up to `window` in the future as well as the past.
    db_.prepare("DELETE FROM nonce WHERE seen_at < ?").bind(1, now_seconds - 2 * window_seconds).run();
    auto& insert = db_.prepare("INSERT OR IGNORE INTO nonce(booth_id, nonce, seen_at) VALUES (?, ?, ?)");
    insert.bind(1, booth_id).bind(2, nonce).bind(3, now_seconds).run();
    auto& changes = db_.prepare("SELECT changes()");
    changes.step();
    fresh = changes.column_int64(0) == 1;
    changes.reset();
    return {};
  });
  if (!stored) return stored.error();
  return fresh;
}

Result<IngestResult> HubStore::ingest(const std::string& booth_id, const std::vector<IncomingRecord>& records,
                                      Timestamp now) {
  IngestResult result;
  const auto stored = group_.run([&]() -> Status {
    result = IngestResult{};
    // Ownership first, so a batch touching another booth's record stores nothing at all.
    auto& owner = db_.prepare("SELECT booth_id FROM record WHERE entity = ? AND uuid = ?");
    for (const auto& r : records) {
      if (!r.problem.empty()) continue;
      owner.reset();
      owner.bind(1, r.entity).bind(2, r.uuid);
      if (owner.step() && owner.column_text(0) != booth_id) {
        result.forbidden.push_back(RecordAnswer{
            r.entity, r.uuid, r.version, "rejected", {}, "record " + r.uuid + " belongs to another booth"});
      }
    }
    owner.reset();
    if (!result.forbidden.empty()) return {};

    const auto now_text = to_iso8601(now);
    for (const auto& r : records) {
      RecordAnswer answer{r.entity, r.uuid, r.version, "rejected", {}, r.problem};
      if (!r.problem.empty()) {
        result.answers.push_back(std::move(answer));
        continue;
      }
      const auto digest = sha256_hex(r.payload);
      auto& existing = db_.prepare(
          "SELECT payload_sha256, receipt, booth_id FROM record_version WHERE entity = ? AND uuid = ? AND version = ?");
      existing.bind(1, r.entity).bind(2, r.uuid).bind(3, r.version);
      if (existing.step()) {
        const auto stored_digest = existing.column_text(0);
        const auto receipt = existing.column_text(1);
        existing.reset();
        if (stored_digest == digest) {
          answer.status = "duplicate";
          answer.receipt = receipt;
        } else {
          answer.error = "version " + std::to_string(r.version) +
                         " of this record is already stored with other content; send a new version";
        }
        result.answers.push_back(std::move(answer));
        continue;
      }
      existing.reset();
      // The receipt is derived from what was stored, so a duplicate is answered with the same one.
      const auto receipt =
          "R" + sha256_hex(r.entity + '\n' + r.uuid + '\n' + std::to_string(r.version) + '\n' + digest).substr(0, 31);
      db_.prepare(
             "INSERT INTO record_version(entity, uuid, version, booth_id, payload, payload_sha256, receipt, "
             "received_at) "
             "VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
          .bind(1, r.entity)
          .bind(2, r.uuid)
          .bind(3, r.version)
          .bind(4, booth_id)
          .bind(5, r.payload)
          .bind(6, digest)
          .bind(7, receipt)
          .bind(8, now_text)
          .run();
      db_.prepare(
             "INSERT INTO record(entity, uuid, booth_id, version, payload, received_at) VALUES (?, ?, ?, ?, ?, ?) "
             "ON CONFLICT(entity, uuid) DO UPDATE SET version = excluded.version, payload = excluded.payload, "
             "received_at = excluded.received_at WHERE excluded.version > record.version")
          .bind(1, r.entity)
          .bind(2, r.uuid)
          .bind(3, booth_id)
          .bind(4, r.version)
          .bind(5, r.payload)
          .bind(6, now_text)
          .run();
      answer.status = "stored";
      answer.receipt = receipt;
      result.answers.push_back(std::move(answer));
    }
    return {};
  });
  if (!stored) return stored.error();
  return result;
}

Result<std::vector<StoredRecord>> HubStore::query(const RecordQuery& q) {
  for (const auto& [field, value] : q.equals) {
    if (!is_field_name(field)) {
      return make_error(make_error_code(Errc::invalid_input), "filter " + field + ": expected a field name",
                        "筛选条件 " + field + "：应为字段名");
    }
  }
  if (!q.time_field.empty() && !is_field_name(q.time_field)) {
    return make_error(make_error_code(Errc::invalid_input), "time field: expected a field name",
                      "时间字段：应为字段名");
  }
  std::string sql = "SELECT entity, uuid, booth_id, version, payload, received_at FROM record WHERE entity = ?";
  std::vector<std::string> binds{q.entity};
  for (const auto& [field, value] : q.equals) {
    sql += " AND CAST(json_extract(payload, '$." + field + "') AS TEXT) = ?";
    binds.push_back(value);
  }
  if (q.booth_id) {
    sql += " AND booth_id = ?";
    binds.push_back(*q.booth_id);
  }
  const std::string time_expr =
      "json_extract(payload, '$." + (q.time_field.empty() ? "created_at" : q.time_field) + "')";
  if (q.from) {
    sql += " AND " + time_expr + " >= ?";
    binds.push_back(*q.from);
  }
  if (q.to) {
    sql += " AND " + time_expr + " < ?";
    binds.push_back(*q.to);
  }
  sql += " ORDER BY " + time_expr + ", uuid LIMIT ? OFFSET ?";
  std::lock_guard lock(mutex_);
  return storage::read<std::vector<StoredRecord>>([&] {
    auto& select = db_.prepare(sql);
    int index = 1;
    for (const auto& value : binds) select.bind(index++, value);
    select.bind(index, std::clamp<std::int64_t>(q.limit, 1, 10000));
    select.bind(index + 1, std::max<std::int64_t>(q.offset, 0));
    std::vector<StoredRecord> out;
    while (select.step()) {
      out.push_back(StoredRecord{select.column_text(0), select.column_text(1), select.column_text(2),
                                 select.column_int64(3), select.column_text(4), select.column_text(5)});
    }
    select.reset();
    return out;
  });
}

Result<std::int64_t> HubStore::count_versions() {
  std::lock_guard lock(mutex_);
  return storage::read<std::int64_t>([&] {
    auto& select = db_.prepare("SELECT count(*) FROM record_version");
    select.step();
    const auto n = select.column_int64(0);
    select.reset();
    return n;
  });
}

Result<MasterPutCounts> HubStore::put_master(const std::vector<MasterInput>& records, Timestamp now) {
  for (const auto& r : records) {
    if (!is_field_name(r.kind) || r.key.empty() || r.key.size() > 200) {
      return make_error(make_error_code(Errc::invalid_input),
                        "master record " + r.kind + " \"" + r.key + "\": expected a kind name and a key of 1–200 bytes",
                        "基础数据 " + r.kind + "“" + r.key + "”：类别名或键无效");
    }
  }
  const auto now_text = to_iso8601(now);
  std::lock_guard lock(mutex_);
  return db_.transact([&]() -> Result<MasterPutCounts> {
    MasterPutCounts counts;
    auto& last = db_.prepare("SELECT coalesce(max(seq), 0) FROM master_record");
    last.step();
    std::int64_t seq = last.column_int64(0);
    last.reset();
    for (const auto& r : records) {
      auto& existing = db_.prepare("SELECT payload FROM master_record WHERE kind = ? AND key = ?");
      existing.bind(1, r.kind).bind(2, r.key);
      if (existing.step()) {
        const bool same = existing.column_text(0) == r.payload;
        existing.reset();
        if (same) {
          ++counts.unchanged;
          continue;
        }
        db_.prepare(
               "UPDATE master_record SET payload = ?, version = version + 1, seq = ?, updated_at = ? "
               "WHERE kind = ? AND key = ?")
            .bind(1, r.payload)
            .bind(2, ++seq)
            .bind(3, now_text)
            .bind(4, r.kind)
            .bind(5, r.key)
            .run();
        ++counts.changed;
        continue;
      }
      existing.reset();
      db_.prepare("INSERT INTO master_record(kind, key, payload, updated_at, version, seq) VALUES (?, ?, ?, ?, 1, ?)")
          .bind(1, r.kind)
          .bind(2, r.key)
          .bind(3, r.payload)
          .bind(4, now_text)
          .bind(5, ++seq)
          .run();
      ++counts.added;
    }
    return counts;
  });
}

Status HubStore::put_master(const std::string& kind, const std::string& key, const std::string& payload,
                            Timestamp now) {
  const auto put = put_master(std::vector<MasterInput>{MasterInput{kind, key, payload}}, now);
  if (!put) return put.error();
  return {};
}

Result<std::vector<MasterRow>> HubStore::master_since(const std::string& kind, std::int64_t since, std::int64_t limit) {
  std::lock_guard lock(mutex_);
  return storage::read<std::vector<MasterRow>>([&] {
    auto& select = db_.prepare(
        "SELECT kind, key, version, seq, payload, updated_at FROM master_record WHERE kind = ? AND seq > ? "
        "ORDER BY seq LIMIT ?");
    select.bind(1, kind).bind(2, since).bind(3, std::clamp<std::int64_t>(limit, 1, 10000));
    std::vector<MasterRow> out;
    while (select.step()) {
      out.push_back(MasterRow{select.column_text(0), select.column_text(1), select.column_int64(2),
                              select.column_int64(3), select.column_text(4), select.column_text(5)});
    }
    select.reset();
    return out;
  });
}

}  // namespace kj::lims::hub
