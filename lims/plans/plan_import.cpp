#include "lims/plans/plan_import.hpp"

#include <chrono>
#include <cstdio>
#include <map>
#include <optional>
#include <tuple>

#include "lims/places/places.hpp"
#include "lims/records/uuid.hpp"

namespace kj::lims {
namespace {

// category × township × market × month; 0 stands for "not by township/market".
using QuotaKey = std::tuple<std::int64_t, std::int64_t, std::int64_t, int>;

struct ResolvedQuota {
  const PlanQuotaRow* row = nullptr;
  std::int64_t category = 0;
  std::optional<std::int64_t> township;
  std::optional<std::int64_t> market;
  std::string place;  // for the task's title: market, else township, else the county
  [[nodiscard]] QuotaKey key() const { return {category, township.value_or(0), market.value_or(0), row->month}; }
};

struct MarketRow {
  std::int64_t id = 0;
  std::string code;
  std::string name;
  std::optional<std::int64_t> township;
  std::string township_name;
};

struct OldQuota {
  std::int64_t id = 0;
  QuotaKey key;
  std::int64_t batches = 0;
  std::vector<std::int64_t> tasks;  // its tasks that are not cancelled (one, as imported; at least one)
  bool keep = false;                // a sample refers to one of them, or one is done
  std::string category;
  std::string place;
};

std::string due_date(int year, int month) {
  const std::chrono::year_month_day last{std::chrono::year_month_day_last{
      std::chrono::year{year}, std::chrono::month_day_last{std::chrono::month{static_cast<unsigned>(month)}}}};
  char text[16];
  std::snprintf(text, sizeof text, "%04d-%02u-%02u", year, static_cast<unsigned>(last.month()),
                static_cast<unsigned>(last.day()));
  return text;
}

std::string quota_label(const std::string& category, const std::string& place, int month) {
  return category + " · " + place + " · " + std::to_string(month) + "月";
}

class Importer {
 public:
  Importer(storage::Database& db, const PlanFile& file, const ImportOptions& options, const Actor& actor)
      : db_(db), file_(file), options_(options), actor_(actor) {}

  Result<ImportSummary> run() {
    summary_.year = file_.year;
    summary_.name = file_.name;
    summary_.rows = file_.rows;
    summary_.batches = file_.batches;

    auto& existing = db_.prepare("SELECT id, uuid, created_at FROM plan WHERE year = ? AND name = ?");
    existing.bind(1, file_.year).bind(2, file_.name);
    std::optional<std::int64_t> plan;
    if (existing.step()) {
      plan = existing.column_int64(0);
      summary_.uuid = existing.column_text(1);
      const std::string created = existing.column_text(2);
      existing.reset();
      if (!options_.replace) {
        const std::string what = std::to_string(file_.year) + " \"" + file_.name + "\"";
        return make_error(make_error_code(Errc::conflict),
                          "plan " + what + " already exists (imported " + created +
                              "); import it with --replace to replace its quotas",
                          "计划 " + std::to_string(file_.year) + "“" + file_.name + "”已存在（导入于 " + created +
                              "）；如需替换其配额，请加 --replace 重新导入");
      }
    }

    std::vector<ResolvedQuota> quotas;
    quotas.reserve(file_.quotas.size());
    std::map<QuotaKey, const PlanQuotaRow*> seen;
    for (const auto& row : file_.quotas) {
      auto resolved = resolve(row);
      if (!resolved) return resolved.error();
      const auto [at, inserted] = seen.emplace(resolved->key(), &row);
      if (!inserted) return duplicate(row, *at->second, *resolved);
      quotas.push_back(std::move(*resolved));
    }

    if (plan) {
      summary_.replaced = true;
      db_.prepare("UPDATE plan SET version = version + 1 WHERE id = ?").bind(1, *plan).run();
      record_change(db_, actor_, "update", "plan", *plan);
    } else {
      summary_.uuid = new_uuid();
      db_.prepare("INSERT INTO plan(uuid, year, name, created_at) VALUES (?, ?, ?, ?)")
          .bind(1, summary_.uuid)
          .bind(2, file_.year)
          .bind(3, file_.name)
          .bind(4, to_iso8601(actor_.now))
          .run();
      plan = db_.last_insert_rowid();
      record_change(db_, actor_, "insert", "plan", *plan);
    }
    summary_.plan = PlanId{*plan};

    std::map<QuotaKey, OldQuota> old = old_quotas(*plan);
    for (const auto& quota : quotas) {
      const auto found = old.find(quota.key());
      if (found == old.end()) {
        add(*plan, quota);
      } else {
        change(found->second, quota);
        old.erase(found);
      }
    }
    for (const auto& [key, quota] : old) retire(quota);
    return summary_;
  }

 private:
  Result<ResolvedQuota> resolve(const PlanQuotaRow& row) {
    ResolvedQuota quota;
    quota.row = &row;
    auto category = category_id(row);
    if (!category) return category.error();
    quota.category = *category;

    std::optional<MarketRow> market;
    if (!row.market.empty()) {
      auto found = find_market(row);
      if (!found) return found.error();
      market = *found;
      quota.market = market->id;
      quota.place = market->name;
    }
    if (!row.township.empty()) {
      const auto township = township_id(row.township);
      if (market && market->township && *market->township != township) {
        return plan_row_error(row.source, "township",
                              "the township of market " + market->code + " (" + market->township_name + ")",
                              "市场 " + market->code + " 所在的镇乡（" + market->township_name + "）", row.township);
      }
      quota.township = township;
      if (!market) quota.place = row.township;
    } else if (market) {
      quota.township = market->township;
    }
    if (quota.place.empty()) quota.place = "全县";
    return quota;
  }

  Result<std::int64_t> category_id(const PlanQuotaRow& row) {
    if (const auto cached = categories_.find(row.category); cached != categories_.end()) return cached->second;
    auto& select = db_.prepare("SELECT id FROM category WHERE name = ?");
    select.bind(1, row.category);
    if (!select.step()) {
      std::string known;
      auto& all = db_.prepare("SELECT name FROM category ORDER BY id");
      while (all.step()) known += (known.empty() ? "" : ", ") + all.column_text(0);
      if (known.empty()) known = "none yet: load the catalogue first";
      return plan_row_error(row.source, "category", "a food category of the catalogue (" + known + ")",
                            "目录中的食品类别（" + known + "）", row.category);
    }
    const std::int64_t id = select.column_int64(0);
    select.reset();
    categories_.emplace(row.category, id);
    return id;
  }

  Result<MarketRow> find_market(const PlanQuotaRow& row) {
    if (const auto cached = markets_.find(row.market); cached != markets_.end()) return cached->second;
    auto& select = db_.prepare(
        "SELECT m.id, m.code, m.name, m.township_id, coalesce(t.name, ''), m.code = ? FROM market m "
        "LEFT JOIN township t ON t.id = m.township_id WHERE m.code = ? OR m.name = ? ORDER BY m.code = ? DESC, m.code");
    select.bind(1, row.market).bind(2, row.market).bind(3, row.market).bind(4, row.market);
    std::vector<MarketRow> found;
    bool by_code = false;
    while (select.step()) {
      if (found.empty()) by_code = select.column_int64(5) != 0;
      found.push_back(MarketRow{select.column_int64(0), select.column_text(1), select.column_text(2),
                                select.column_optional_int64(3), select.column_text(4)});
    }
    if (found.empty()) {
      return plan_row_error(row.source, "market",
                            "the code or name of a registered market (register it with `kuaijian market add`)",
                            "已登记市场的编码或名称（请先用 `kuaijian market add` 登记）", row.market);
    }
    if (!by_code && found.size() > 1) {
      std::string codes;
      for (const auto& m : found) codes += (codes.empty() ? "" : ", ") + m.code;
      return plan_row_error(row.source, "market", "a market code: several markets are named so (" + codes + ")",
                            "市场编码：有多个市场同名（" + codes + "）", row.market);
    }
    markets_.emplace(row.market, found.front());
    return found.front();
  }

  std::int64_t township_id(const std::string& name_or_code) {
    if (const auto cached = townships_.find(name_or_code); cached != townships_.end()) return cached->second;
    auto& select = db_.prepare("SELECT id FROM township WHERE name = ? OR code = ? ORDER BY name = ? DESC LIMIT 1");
    select.bind(1, name_or_code).bind(2, name_or_code).bind(3, name_or_code);
    std::int64_t id = 0;
    if (select.step()) {
      id = select.column_int64(0);
      select.reset();
    } else {
      id = ensure_township(db_, actor_, name_or_code).value;
      summary_.townships_created.push_back(name_or_code);
    }
    townships_.emplace(name_or_code, id);
    return id;
  }

  Error duplicate(const PlanQuotaRow& row, const PlanQuotaRow& earlier, const ResolvedQuota& quota) const {
    const Text where = row.source.describe();
    const Text first = earlier.source.describe();
    const std::string label = quota_label(row.category, quota.place, row.month);
    return make_error(make_error_code(Errc::invalid_input),
                      where.en +
                          ", column \"month\": expected one quota per category, township, market and month, "
                          "but " +
                          label + " is already given on " + first.en + " (merge the two rows)",
                      where.zh + "“month”列：每个类别、镇乡、市场和月份只应有一个配额，但 " + label + " 已在" +
                          first.zh + "给出（请合并这两行）");
  }

  std::map<QuotaKey, OldQuota> old_quotas(std::int64_t plan) {
    std::map<std::int64_t, OldQuota> by_id;
    auto& select = db_.prepare(
        "SELECT q.id, q.category_id, coalesce(q.township_id, 0), coalesce(q.market_id, 0), q.month, q.batches, "
        "       c.name, coalesce(m.name, t.name, '全县'), k.id, k.status, "
        "       EXISTS (SELECT 1 FROM sample s WHERE s.task_id = k.id) "
        "FROM plan_quota q JOIN category c ON c.id = q.category_id "
        "LEFT JOIN township t ON t.id = q.township_id LEFT JOIN market m ON m.id = q.market_id "
        "JOIN task k ON k.quota_id = q.id AND k.status <> 'cancelled' "
        "WHERE q.plan_id = ? ORDER BY q.id, k.id");
    select.bind(1, plan);
    while (select.step()) {
      OldQuota& quota = by_id[select.column_int64(0)];
      quota.id = select.column_int64(0);
      quota.key = {select.column_int64(1), select.column_int64(2), select.column_int64(3),
                   static_cast<int>(select.column_int64(4))};
      quota.batches = select.column_int64(5);
      quota.category = select.column_text(6);
      quota.place = select.column_text(7);
      quota.tasks.push_back(select.column_int64(8));
      if (select.column_text(9) == "done" || select.column_int64(10) != 0) quota.keep = true;
    }
    std::map<QuotaKey, OldQuota> by_key;
    for (auto& [id, quota] : by_id) by_key.emplace(quota.key, std::move(quota));
    return by_key;
  }

  std::string title(const ResolvedQuota& quota) const {
    return file_.name + " · " + quota_label(quota.row->category, quota.place, quota.row->month);
  }

  void add(std::int64_t plan, const ResolvedQuota& quota) {
    db_.prepare(
           "INSERT INTO plan_quota(plan_id, category_id, township_id, market_id, month, batches) "
           "VALUES (?, ?, ?, ?, ?, ?)")
        .bind(1, plan)
        .bind(2, quota.category)
        .bind(3, quota.township)
        .bind(4, quota.market)
        .bind(5, quota.row->month)
        .bind(6, quota.row->batches)
        .run();
    const std::int64_t quota_id = db_.last_insert_rowid();
    record_change(db_, actor_, "insert", "plan_quota", quota_id);
    db_.prepare(
           "INSERT INTO task(uuid, plan_id, quota_id, market_id, category_id, title, batches, due_date, status, "
           "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'open', ?)")
        .bind(1, new_uuid())
        .bind(2, plan)
        .bind(3, quota_id)
        .bind(4, quota.market)
        .bind(5, quota.category)
        .bind(6, title(quota))
        .bind(7, quota.row->batches)
        .bind(8, due_date(file_.year, quota.row->month))
        .bind(9, to_iso8601(actor_.now))
        .run();
    record_change(db_, actor_, "insert", "task", db_.last_insert_rowid());
    ++summary_.quotas_added;
  }

  void change(const OldQuota& old, const ResolvedQuota& quota) {
    if (old.batches == quota.row->batches) {
      ++summary_.quotas_unchanged;
      return;
    }
    db_.prepare("UPDATE plan_quota SET batches = ? WHERE id = ?").bind(1, quota.row->batches).bind(2, old.id).run();
    record_change(db_, actor_, "update", "plan_quota", old.id);
    for (const std::int64_t task : old.tasks) {
      db_.prepare("UPDATE task SET batches = ?, version = version + 1 WHERE id = ?")
          .bind(1, quota.row->batches)
          .bind(2, task)
          .run();
      record_change(db_, actor_, "update", "task", task);
    }
    ++summary_.quotas_changed;
  }

  void retire(const OldQuota& old) {
    if (old.keep) {
      summary_.kept.push_back(KeptQuota{old.category, old.place, std::get<3>(old.key), old.batches});
      return;
    }
    for (const std::int64_t task : old.tasks) {
      db_.prepare("UPDATE task SET status = 'cancelled', version = version + 1 WHERE id = ?").bind(1, task).run();
      record_change(db_, actor_, "update", "task", task);
      ++summary_.tasks_cancelled;
    }
  }

  storage::Database& db_;
  const PlanFile& file_;
  const ImportOptions& options_;
  const Actor& actor_;
  ImportSummary summary_;
  std::map<std::string, std::int64_t> categories_;
  std::map<std::string, MarketRow> markets_;
  std::map<std::string, std::int64_t> townships_;
};

}  // namespace

Result<ImportSummary> import_plan(storage::Database& db, const PlanFile& file, const ImportOptions& options,
                                  const Actor& actor) {
  return db.transact([&]() -> Result<ImportSummary> { return Importer(db, file, options, actor).run(); });
}

}  // namespace kj::lims
