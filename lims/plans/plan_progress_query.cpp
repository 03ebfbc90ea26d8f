#include "lims/plans/plan_progress_query.hpp"

#include "lims/errors.hpp"

namespace kj::lims {
namespace {

template <class T, class Work>
Result<T> reading(storage::Database& db, Work&& work) {
  try {
    // One read snapshot, so quotas and samples are counted at the same moment.
    storage::Transaction snapshot(db, storage::Transaction::Mode::deferred);
    return work();
  } catch (const storage::StorageError& error) {
    return storage::storage_error(error);
  }
}

// "+480 minutes": the SQLite date modifier turning UTC into local time.
std::string offset_modifier(std::chrono::minutes offset) {
  return (offset.count() < 0 ? "" : "+") + std::to_string(offset.count()) + " minutes";
}

std::vector<PlanRef> plans_of(storage::Database& db, std::optional<int> year) {
  std::vector<PlanRef> plans;
  auto& select = db.prepare("SELECT id, uuid, year, name FROM plan WHERE ? IS NULL OR year = ? ORDER BY year, name");
  select.bind(1, year).bind(2, year);
  while (select.step()) {
    plans.push_back(PlanRef{PlanId{select.column_int64(0)}, select.column_text(1),
                            static_cast<int>(select.column_int64(2)), select.column_text(3)});
  }
  return plans;
}

}  // namespace

int local_year(Timestamp now, std::chrono::minutes utc_offset) {
  const std::chrono::year_month_day day{std::chrono::floor<std::chrono::days>(now + utc_offset)};
  return static_cast<int>(day.year());
}

Result<std::vector<PlanRef>> list_plans(storage::Database& db, std::optional<int> year) {
  return reading<std::vector<PlanRef>>(db, [&] { return plans_of(db, year); });
}

Result<PlanProgress> load_plan_progress(storage::Database& db, const ProgressQuery& query) {
  const int year = query.year.value_or(local_year(query.now, query.utc_offset));
  return reading<PlanProgress>(db, [&]() -> Result<PlanProgress> {
    std::vector<PlanRef> plans = plans_of(db, year);
    if (!query.plan.empty()) {
      std::erase_if(plans, [&](const PlanRef& p) { return p.name != query.plan; });
      if (plans.empty()) {
        return make_error(make_error_code(Errc::not_found),
                          "plan " + std::to_string(year) + " \"" + query.plan + "\" not found",
                          "未找到计划 " + std::to_string(year) + "“" + query.plan + "”");
      }
    }
    if (plans.empty()) {
      return make_error(make_error_code(Errc::not_found),
                        "no sampling plan for " + std::to_string(year) + " (import one with `kuaijian plan import`)",
                        std::to_string(year) + " 年没有抽检计划（请用 `kuaijian plan import` 导入）");
    }
    if (plans.size() > 1) {
      std::string names;
      for (const auto& p : plans) names += (names.empty() ? "" : ", ") + p.name;
      return make_error(make_error_code(Errc::invalid_input),
                        "plan: expected the name of one of the " + std::to_string(year) + " plans (" + names + ")",
                        "plan：应为 " + std::to_string(year) + " 年的计划之一的名称（" + names + "）");
    }
    const PlanRef plan = plans.front();

    std::vector<QuotaCell> quotas;
    auto& select_quotas = db.prepare(
        "SELECT q.category_id, q.township_id, q.market_id, q.month, q.batches FROM plan_quota q "
        "WHERE q.plan_id = ? AND EXISTS (SELECT 1 FROM task k WHERE k.quota_id = q.id AND k.status <> 'cancelled') "
        "ORDER BY q.id");
    select_quotas.bind(1, plan.id.value);
    while (select_quotas.step()) {
      QuotaCell cell;
      cell.category = CategoryId{select_quotas.column_int64(0)};
      if (const auto township = select_quotas.column_optional_int64(1)) cell.township = TownshipId{*township};
      if (const auto market = select_quotas.column_optional_int64(2)) cell.market = MarketId{*market};
      cell.month = static_cast<int>(select_quotas.column_int64(3));
      cell.batches = select_quotas.column_int64(4);
      quotas.push_back(cell);
    }

    // The year in local time, widened by a day for the index range and then cut exactly by
    // the local year of each sample.
    using namespace std::chrono;
    const auto from = sys_seconds(sys_days(std::chrono::year{year} / 1 / 1) - days{1});
    const auto to = sys_seconds(sys_days(std::chrono::year{year + 1} / 1 / 1) + days{1});
    const std::string modifier = offset_modifier(query.utc_offset);
    std::vector<DoneCell> done;
    auto& select_done = db.prepare(
        "SELECT coalesce(s.category_id, c.category_id), s.market_id, m.township_id, "
        "       CAST(strftime('%m', s.sampled_at, ?1) AS INTEGER), count(*) "
        "FROM sample s LEFT JOIN commodity c ON c.id = s.commodity_id LEFT JOIN market m ON m.id = s.market_id "
        "WHERE s.sampled_at >= ?2 AND s.sampled_at < ?3 "
        "  AND CAST(strftime('%Y', s.sampled_at, ?1) AS INTEGER) = ?4 "
        "  AND coalesce(s.category_id, c.category_id) IS NOT NULL "
        "  AND EXISTS (SELECT 1 FROM result r WHERE r.sample_id = s.id AND r.verdict <> 'invalid' "
        "              AND NOT EXISTS (SELECT 1 FROM result n WHERE n.supersedes = r.id)) "
        "GROUP BY 1, 2, 3, 4");
    select_done.bind(1, modifier).bind(2, to_iso8601(from)).bind(3, to_iso8601(to)).bind(4, year);
    while (select_done.step()) {
      DoneCell cell;
      cell.category = CategoryId{select_done.column_int64(0)};
      if (const auto market = select_done.column_optional_int64(1)) cell.market = MarketId{*market};
      if (const auto township = select_done.column_optional_int64(2)) cell.township = TownshipId{*township};
      cell.month = static_cast<int>(select_done.column_int64(3));
      cell.samples = select_done.column_int64(4);
      done.push_back(cell);
    }

    ProgressNames names;
    auto& categories = db.prepare("SELECT id, name FROM category");
    while (categories.step()) names.categories[categories.column_int64(0)] = categories.column_text(1);
    auto& townships = db.prepare("SELECT id, name FROM township");
    while (townships.step()) names.townships[townships.column_int64(0)] = townships.column_text(1);
    auto& markets = db.prepare("SELECT id, code, name FROM market");
    while (markets.step()) {
      names.markets[markets.column_int64(0)] = MarketName{markets.column_text(1), markets.column_text(2)};
    }

    const ProgressClock clock{year, query.now, query.utc_offset};
    return PlanProgress{plan, compute_progress(quotas, done, query.by, names, clock)};
  });
}

}  // namespace kj::lims
