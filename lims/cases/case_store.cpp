#include "lims/cases/case_store.hpp"

#include <cstdio>

#include "lims/cases/stored_time.hpp"
#include "lims/records/uuid.hpp"

namespace kj::lims::case_store {

std::optional<CaseId> resolve(storage::Database& db, const std::string& key) {
  if (key.empty()) return std::nullopt;
  // Ranges rather than LIKE, so the unique indexes on number and uuid answer it.
  auto& s = db.prepare(
      "SELECT id FROM disposal_case WHERE number = upper(?1) "
      "OR (length(?1) >= 8 AND uuid >= lower(?1) AND uuid < lower(?1) || '~') LIMIT 2");
  s.bind(1, key);
  if (!s.step()) return std::nullopt;
  const CaseId id{s.column_int64(0)};
  const bool ambiguous = s.step();
  s.reset();
  if (ambiguous) return std::nullopt;
  return id;
}

std::optional<CaseRow> read(storage::Database& db, CaseId id) {
  auto& s = db.prepare(
      "SELECT c.uuid, c.number, c.type, c.state, c.recheck_state, c.sample_id, c.item_id, c.opened_at, c.due_at, "
      "c.closed_at, (SELECT max(seq) FROM case_step WHERE case_id = c.id), "
      "(SELECT max(at) FROM case_step WHERE case_id = c.id) FROM disposal_case c WHERE c.id = ?");
  s.bind(1, id.value);
  if (!s.step()) return std::nullopt;
  CaseRow row;
  row.id = id;
  row.uuid = s.column_text(0);
  row.number = s.column_text(1);
  row.state.type = parse_case_type(s.column_text(2)).value_or(CaseType::rapid);
  row.state.state = s.column_text(3);
  row.state.recheck_state = s.column_text(4);
  row.sample_id = s.column_int64(5);
  row.item_id = s.column_optional_int64(6);
  row.opened_at = stored_time(s.column_text(7));
  row.due_at = stored_time(s.column_text(8));
  row.closed_at = stored_time(s.column_optional_text(9));
  row.state.closed = row.closed_at.has_value();
  row.last_seq = static_cast<int>(s.column_optional_int64(10).value_or(0));
  row.last_step_at = stored_time(s.column_optional_text(11)).value_or(row.opened_at);
  s.reset();
  return row;
}

std::string next_number(storage::Database& db, CaseType type, Timestamp at, std::chrono::minutes utc_offset) {
  const std::chrono::year_month_day date{std::chrono::floor<std::chrono::days>(at + utc_offset)};
  char prefix[16];
  std::snprintf(prefix, sizeof prefix, "%c%04d%02u%02u-", type == CaseType::rapid ? 'R' : 'L',
                static_cast<int>(date.year()), static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()));
  auto& s = db.prepare("SELECT count(*) FROM disposal_case WHERE number >= ?1 AND number < ?1 || '~'");
  s.bind(1, prefix);
  s.step();
  auto n = s.column_int64(0);
  s.reset();
  auto& taken = db.prepare("SELECT 1 FROM disposal_case WHERE number = ?");
  for (;;) {
    char digits[24];
    std::snprintf(digits, sizeof digits, "%03lld", static_cast<long long>(++n));
    const std::string number = std::string(prefix) + digits;
    taken.bind(1, number);
    const bool used = taken.step();
    taken.reset();
    if (!used) return number;
  }
}

std::int64_t append_step(storage::Database& db, const Actor& actor, CaseId id, int seq, const NewStep& step) {
  const auto text = [](const std::string& value) { return value.empty() ? std::nullopt : std::optional(value); };
  db.prepare(
        "INSERT INTO case_step(uuid, case_id, seq, step, from_state, to_state, at, recorded_at, actor, quantity, "
        "unit, method, supervisor, note, evidence, result_id) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")
      .bind(1, new_uuid())
      .bind(2, id.value)
      .bind(3, seq)
      .bind(4, step.step)
      .bind(5, step.from_state)
      .bind(6, step.to_state)
      .bind(7, to_iso8601(step.at))
      .bind(8, to_iso8601(actor.now))
      .bind(9, actor.name)
      .bind(10, step.fields.quantity)
      .bind(11, text(step.fields.unit))
      .bind(12, text(step.fields.method))
      .bind(13, text(step.fields.supervisor))
      .bind(14, step.fields.note)
      .bind(15, evidence_json(step.evidence))
      .bind(16, step.result_id)
      .run();
  const auto step_id = db.last_insert_rowid();
  record_change(db, actor, "insert", "case_step", step_id);
  return step_id;
}

Status start_deadlines(storage::Database& db, const Actor& actor, const CaseRules& rules, CaseId id, CaseType type,
                       std::string_view event, Timestamp at) {
  for (const auto* rule : rules.starting_at(type, event)) {
    const auto* def = find_deadline_def(type, rule->step);
    if (def == nullptr) continue;  // make_case_rules refuses such a rule
    auto& exists = db.prepare("SELECT 1 FROM case_deadline WHERE case_id = ? AND name = ?");
    exists.bind(1, id.value).bind(2, rule->step);
    const bool started = exists.step();
    exists.reset();
    if (started) continue;  // an event recorded twice (a side step) does not restart its deadlines
    const auto due = deadline_of(*rule, at, rules.calendar);
    if (!due) return due.error();
    db.prepare(
          "INSERT INTO case_deadline(uuid, case_id, name, kind, from_event, from_at, amount, unit, due_at) "
          "VALUES (?,?,?,?,?,?,?,?,?)")
        .bind(1, new_uuid())
        .bind(2, id.value)
        .bind(3, rule->step)
        .bind(4, to_string(def->kind))
        .bind(5, rule->from)
        .bind(6, to_iso8601(at))
        .bind(7, rule->amount)
        .bind(8, to_string(rule->unit))
        .bind(9, to_iso8601(*due))
        .run();
    record_change(db, actor, "insert", "case_deadline", db.last_insert_rowid());
  }
  return {};
}

void meet_deadlines(storage::Database& db, const Actor& actor, CaseId id, CaseType type, std::string_view step,
                    Timestamp at, std::int64_t step_id) {
  std::vector<std::int64_t> met;
  auto& s = db.prepare("SELECT id, name FROM case_deadline WHERE case_id = ? AND state = 'pending'");
  s.bind(1, id.value);
  while (s.step()) {
    const auto* def = find_deadline_def(type, s.column_text(1));
    if (def != nullptr && (def->met_by[0] == step || def->met_by[1] == step)) met.push_back(s.column_int64(0));
  }
  s.reset();
  for (const auto deadline : met) {
    db.prepare("UPDATE case_deadline SET state = 'met', met_at = ?, step_id = ?, version = version + 1 WHERE id = ?")
        .bind(1, to_iso8601(at))
        .bind(2, step_id)
        .bind(3, deadline)
        .run();
    record_change(db, actor, "update", "case_deadline", deadline);
  }
}

void cancel_pending_deadlines(storage::Database& db, const Actor& actor, CaseId id) {
  std::vector<std::int64_t> pending;
  auto& s = db.prepare("SELECT id FROM case_deadline WHERE case_id = ? AND state = 'pending'");
  s.bind(1, id.value);
  while (s.step()) pending.push_back(s.column_int64(0));
  s.reset();
  for (const auto deadline : pending) {
    db.prepare("UPDATE case_deadline SET state = 'cancelled', version = version + 1 WHERE id = ?")
        .bind(1, deadline)
        .run();
    record_change(db, actor, "update", "case_deadline", deadline);
  }
}

std::map<std::string, Timestamp, std::less<>> window_ends(storage::Database& db, CaseId id) {
  std::map<std::string, Timestamp, std::less<>> out;
  auto& s = db.prepare("SELECT name, due_at FROM case_deadline WHERE case_id = ? AND kind = 'window'");
  s.bind(1, id.value);
  while (s.step()) out.emplace(s.column_text(0), stored_time(s.column_text(1)));
  s.reset();
  return out;
}

}  // namespace kj::lims::case_store
