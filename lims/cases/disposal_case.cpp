#include "lims/cases/disposal_case.hpp"

#include <algorithm>

#include "lims/cases/case_store.hpp"
#include "lims/cases/stored_time.hpp"
#include "lims/records/validate.hpp"

namespace kj::lims {
namespace {

config::DeadlineUnit unit_of(const std::string& text) {
  if (text == "days") return config::DeadlineUnit::days;
  if (text == "working_days") return config::DeadlineUnit::working_days;
  return config::DeadlineUnit::hours;
}

void read_steps(storage::Database& db, DisposalCase& c) {
  auto& s = db.prepare(
      "SELECT st.id, st.seq, st.step, st.from_state, st.to_state, st.at, st.recorded_at, st.actor, st.quantity, "
      "coalesce(st.unit, ''), coalesce(st.method, ''), coalesce(st.supervisor, ''), st.note, st.evidence, "
      "coalesce(r.uuid, '') FROM case_step st LEFT JOIN result r ON r.id = st.result_id "
      "WHERE st.case_id = ? ORDER BY st.seq");
  s.bind(1, c.id.value);
  while (s.step()) {
    CaseStepRecord step;
    step.id = s.column_int64(0);
    step.seq = static_cast<int>(s.column_int64(1));
    step.step = s.column_text(2);
    step.from_state = s.column_text(3);
    step.to_state = s.column_text(4);
    step.at = stored_time(s.column_text(5));
    step.recorded_at = stored_time(s.column_text(6));
    step.actor = s.column_text(7);
    step.quantity = s.column_optional_double(8);
    step.unit = s.column_text(9);
    step.method = s.column_text(10);
    step.supervisor = s.column_text(11);
    step.note = s.column_text(12);
    step.evidence = parse_evidence_json(s.column_text(13));
    step.corrected_result_uuid = s.column_text(14);
    c.steps.push_back(std::move(step));
  }
  s.reset();
}

void read_deadlines(storage::Database& db, DisposalCase& c) {
  auto& s = db.prepare(
      "SELECT id, name, kind, from_event, from_at, amount, unit, due_at, state, met_at, step_id FROM case_deadline "
      "WHERE case_id = ? ORDER BY due_at, id");
  s.bind(1, c.id.value);
  while (s.step()) {
    DeadlineRecord d;
    d.id = s.column_int64(0);
    d.name = s.column_text(1);
    d.kind = s.column_text(2) == "window" ? DeadlineKind::window : DeadlineKind::due;
    d.from_event = s.column_text(3);
    d.from_at = stored_time(s.column_text(4));
    d.amount = static_cast<int>(s.column_int64(5));
    d.unit = unit_of(s.column_text(6));
    d.due_at = stored_time(s.column_text(7));
    d.state = s.column_text(8);
    d.met_at = stored_time(s.column_optional_text(9));
    d.step_id = s.column_optional_int64(10);
    c.deadlines.push_back(std::move(d));
  }
  s.reset();
}

void read_extensions(storage::Database& db, DisposalCase& c) {
  auto& s = db.prepare(
      "SELECT previous_due_at, new_due_at, approver, reason, recorded_at, recorded_by FROM case_extension "
      "WHERE case_id = ? ORDER BY id");
  s.bind(1, c.id.value);
  while (s.step()) {
    c.extensions.push_back(ExtensionRecord{stored_time(s.column_text(0)), stored_time(s.column_text(1)),
                                           s.column_text(2), s.column_text(3), stored_time(s.column_text(4)),
                                           s.column_text(5)});
  }
  s.reset();
}

std::optional<DisposalCase> read_case(storage::Database& db, CaseId id) {
  auto& s = db.prepare(
      "SELECT c.uuid, c.number, c.type, c.state, c.recheck_state, s.number, s.name, coalesce(i.code, ''), "
      "coalesce(i.name_zh, ''), coalesce(m.code, ''), coalesce(m.name, ''), coalesce(t.name, ''), "
      "coalesce(st.number, ''), coalesce(v.name, ''), coalesce(r.uuid, ''), coalesce(p.number, ''), c.opened_at, "
      "c.initial_due_at, c.due_at, c.closed_at, coalesce(c.outcome, '') "
      "FROM disposal_case c JOIN sample s ON s.id = c.sample_id LEFT JOIN test_item i ON i.id = c.item_id "
      "LEFT JOIN market m ON m.id = c.market_id LEFT JOIN township t ON t.id = m.township_id "
      "LEFT JOIN stall st ON st.id = s.stall_id LEFT JOIN vendor v ON v.id = coalesce(s.vendor_id, st.vendor_id) "
      "LEFT JOIN result r ON r.id = c.result_id LEFT JOIN disposal_case p ON p.id = c.parent_case_id "
      "WHERE c.id = ?");
  s.bind(1, id.value);
  if (!s.step()) return std::nullopt;
  DisposalCase c;
  c.id = id;
  c.uuid = s.column_text(0);
  c.number = s.column_text(1);
  c.state.type = parse_case_type(s.column_text(2)).value_or(CaseType::rapid);
  c.state.state = s.column_text(3);
  c.state.recheck_state = s.column_text(4);
  c.sample_number = s.column_text(5);
  c.sample_name = s.column_text(6);
  c.item_code = s.column_text(7);
  c.item_name = s.column_text(8);
  c.market_code = s.column_text(9);
  c.market_name = s.column_text(10);
  c.township = s.column_text(11);
  c.stall = s.column_text(12);
  c.vendor = s.column_text(13);
  c.result_uuid = s.column_text(14);
  c.parent_number = s.column_text(15);
  c.opened_at = stored_time(s.column_text(16));
  c.initial_due_at = stored_time(s.column_text(17));
  c.due_at = stored_time(s.column_text(18));
  c.closed_at = stored_time(s.column_optional_text(19));
  c.outcome = s.column_text(20);
  c.state.closed = c.closed_at.has_value();
  s.reset();
  read_steps(db, c);
  read_deadlines(db, c);
  read_extensions(db, c);
  return c;
}

}  // namespace

const DeadlineRecord* DisposalCase::deadline(std::string_view name) const {
  for (const auto& d : deadlines) {
    if (d.name == name) return &d;
  }
  return nullptr;
}

Result<DisposalCase> load_case(storage::Database& db, const std::string& key) {
  auto found = storage::read<std::optional<DisposalCase>>([&]() -> std::optional<DisposalCase> {
    const auto id = case_store::resolve(db, key);
    if (!id) return std::nullopt;
    return read_case(db, *id);
  });
  if (!found) return found.error();
  if (!*found) return not_found("disposal case", "处置案件", key);
  return std::move(**found);
}

Result<std::vector<CaseSummary>> list_cases(storage::Database& db, const CaseFilter& f) {
  return storage::read<std::vector<CaseSummary>>([&] {
    std::vector<CaseSummary> out;
    const std::string now = to_iso8601(f.now);
    const std::string until = f.due_within ? to_iso8601(f.now + *f.due_within) : std::string();
    auto& s = db.prepare(
        "SELECT c.id, c.uuid, c.number, c.type, c.state, c.recheck_state, coalesce(m.code, ''), "
        "coalesce(m.name, ''), s.number, s.name, coalesce(i.code, ''), coalesce(i.name_zh, ''), c.opened_at, "
        "c.due_at, c.closed_at, coalesce(c.outcome, ''), "
        "(SELECT count(*) FROM case_extension e WHERE e.case_id = c.id) "
        "FROM disposal_case c JOIN sample s ON s.id = c.sample_id LEFT JOIN test_item i ON i.id = c.item_id "
        "LEFT JOIN market m ON m.id = c.market_id "
        "WHERE (?1 = 0 OR c.closed_at IS NULL) "
        "AND (?2 = 0 OR (c.closed_at IS NULL AND c.due_at < ?3)) "
        "AND (?4 = '' OR (c.closed_at IS NULL AND c.due_at >= ?3 AND c.due_at <= ?4)) "
        "AND (?5 = '' OR m.code = ?5) AND (?6 = '' OR c.type = ?6) "
        "ORDER BY c.closed_at IS NOT NULL, CASE WHEN c.closed_at IS NULL THEN c.due_at END, c.opened_at DESC, c.id");
    s.bind(1, f.open_only ? 1 : 0).bind(2, f.overdue_only ? 1 : 0).bind(3, now).bind(4, until);
    s.bind(5, f.market).bind(6, f.type ? std::string(to_string(*f.type)) : std::string());
    while (s.step()) {
      CaseSummary c;
      c.id = CaseId{s.column_int64(0)};
      c.uuid = s.column_text(1);
      c.number = s.column_text(2);
      c.state.type = parse_case_type(s.column_text(3)).value_or(CaseType::rapid);
      c.state.state = s.column_text(4);
      c.state.recheck_state = s.column_text(5);
      c.market_code = s.column_text(6);
      c.market_name = s.column_text(7);
      c.sample_number = s.column_text(8);
      c.sample_name = s.column_text(9);
      c.item_code = s.column_text(10);
      c.item_name = s.column_text(11);
      c.opened_at = stored_time(s.column_text(12));
      c.due_at = stored_time(s.column_text(13));
      c.closed_at = stored_time(s.column_optional_text(14));
      c.state.closed = c.closed_at.has_value();
      c.outcome = s.column_text(15);
      c.extensions = static_cast<int>(s.column_int64(16));
      out.push_back(std::move(c));
    }
    s.reset();
    return out;
  });
}

}  // namespace kj::lims
