#include "lims/hub/county_views.hpp"

#include <cctype>

#include "lims/errors.hpp"

namespace kj::lims::hub {
namespace {

bool plain(const std::string& name) {
  if (name.empty() || name.size() > 64) return false;
  for (const char c : name) {
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_')) return false;
  }
  return true;
}

}  // namespace

Result<ClosureRate> closure_rate(HubStore& store, const ClosureQuery& q) {
  if (!plain(q.due_field) || !plain(q.closed_field)) {
    return make_error(make_error_code(Errc::invalid_input), "due_field/closed_field: expected field names",
                      "due_field/closed_field：应为字段名");
  }
  const std::string due = "json_extract(payload, '$." + q.due_field + "')";
  const std::string closed = "json_extract(payload, '$." + q.closed_field + "')";
  const std::string sql =
      "SELECT "
      "count(*), "
      "coalesce(sum(" +
      closed + " IS NOT NULL AND " + closed + " <= " + due +
      "), 0), "
      "coalesce(sum(" +
      closed + " IS NOT NULL AND " + closed + " > " + due +
      "), 0), "
      "coalesce(sum(" +
      closed + " IS NULL AND " + due +
      " < ?), 0), "
      "coalesce(sum(" +
      closed + " IS NULL AND " + due +
      " >= ?), 0) "
      "FROM record WHERE entity = ? AND " +
      due + " >= ? AND " + due + " < ?";
  return store.with_db([&](storage::Database& db) {
    return storage::read<ClosureRate>([&] {
      auto& select = db.prepare(sql);
      select.bind(1, q.now).bind(2, q.now).bind(3, q.entity).bind(4, q.from).bind(5, q.to);
      select.step();
      ClosureRate r;
      r.due = select.column_int64(0);
      r.closed_on_time = select.column_int64(1);
      r.closed_late = select.column_int64(2);
      r.open_overdue = select.column_int64(3);
      r.open_not_yet_due = select.column_int64(4);
      select.reset();
      if (r.due > 0) r.rate = static_cast<double>(r.closed_on_time) / static_cast<double>(r.due);
      return r;
    });
  });
}

Result<std::vector<BoothProgress>> plan_progress(HubStore& store, const std::string& from, const std::string& to) {
  return store.with_db([&](storage::Database& db) {
    return storage::read<std::vector<BoothProgress>>([&] {
      auto& select = db.prepare(
          "SELECT b.booth_id, b.name, "
          " (SELECT count(*) FROM record r WHERE r.booth_id = b.booth_id AND r.entity = 'sample' "
          "   AND json_extract(r.payload, '$.sampled_at') >= ?1 AND json_extract(r.payload, '$.sampled_at') < ?2), "
          " (SELECT count(*) FROM record r WHERE r.booth_id = b.booth_id AND r.entity = 'sample' "
          "   AND json_extract(r.payload, '$.source') = 'plan_task' "
          "   AND json_extract(r.payload, '$.sampled_at') >= ?1 AND json_extract(r.payload, '$.sampled_at') < ?2), "
          " (SELECT count(*) FROM record r WHERE r.booth_id = b.booth_id AND r.entity = 'result' "
          "   AND json_extract(r.payload, '$.tested_at') >= ?1 AND json_extract(r.payload, '$.tested_at') < ?2), "
          " (SELECT count(*) FROM record r WHERE r.booth_id = b.booth_id AND r.entity = 'result' "
          "   AND json_extract(r.payload, '$.verdict') = 'positive' "
          "   AND json_extract(r.payload, '$.tested_at') >= ?1 AND json_extract(r.payload, '$.tested_at') < ?2) "
          "FROM booth b ORDER BY b.id");
      select.bind(1, from).bind(2, to);
      std::vector<BoothProgress> out;
      while (select.step()) {
        out.push_back(BoothProgress{select.column_text(0), select.column_text(1), select.column_int64(2),
                                    select.column_int64(3), select.column_int64(4), select.column_int64(5)});
      }
      select.reset();
      return out;
    });
  });
}

}  // namespace kj::lims::hub
