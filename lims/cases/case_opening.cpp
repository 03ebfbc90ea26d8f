#include "lims/cases/case_opening.hpp"

#include <algorithm>

#include "lims/cases/case_store.hpp"
#include "lims/cases/stored_time.hpp"
#include "lims/records/uuid.hpp"
#include "lims/records/validate.hpp"
#include "lims/results/results.hpp"

namespace kj::lims {
namespace {

struct NewCase {
  CaseType type = CaseType::rapid;
  std::int64_t sample_id = 0;
  std::optional<std::int64_t> item_id;
  std::optional<std::int64_t> result_id;
  std::optional<std::int64_t> market_id;
  std::optional<std::int64_t> parent_id;
  Timestamp t0;
  std::string note;
  std::vector<EvidenceRef> evidence;
};

Result<OpenedCase> insert_case(storage::Database& db, const Actor& actor, const CaseRules& rules, const NewCase& c) {
  const auto* closing = rules.rule(c.type, "closed");
  if (closing == nullptr) {  // make_case_rules guarantees one; a hand-built CaseRules might not
    return make_error(make_error_code(Errc::config_invalid),
                      "config/deadlines.json: rules: expected a rule for the closed deadline",
                      "config/deadlines.json: rules：缺少 closed 期限的规则");
  }
  const auto due = deadline_of(*closing, c.t0, rules.calendar);
  if (!due) return due.error();
  OpenedCase opened;
  opened.number = case_store::next_number(db, c.type, c.t0, rules.utc_offset());
  const CaseState initial = initial_state(c.type);
  db.prepare(
        "INSERT INTO disposal_case(uuid, number, type, state, recheck_state, sample_id, item_id, result_id, "
        "market_id, parent_case_id, opened_at, initial_due_at, due_at, due_month, created_at) "
        "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")
      .bind(1, new_uuid())
      .bind(2, opened.number)
      .bind(3, to_string(c.type))
      .bind(4, initial.state)
      .bind(5, initial.recheck_state)
      .bind(6, c.sample_id)
      .bind(7, c.item_id)
      .bind(8, c.result_id)
      .bind(9, c.market_id)
      .bind(10, c.parent_id)
      .bind(11, to_iso8601(c.t0))
      .bind(12, to_iso8601(*due))
      .bind(13, to_iso8601(*due))
      .bind(14, local_month(*due, rules.utc_offset()))
      .bind(15, to_iso8601(actor.now))
      .run();
  opened.id = CaseId{db.last_insert_rowid()};
  opened.created = true;
  record_change(db, actor, "insert", "disposal_case", opened.id.value);
  case_store::NewStep step;
  step.step = std::string(opening_event(c.type));
  step.to_state = initial.state;
  step.at = c.t0;
  step.fields.note = trimmed(c.note);
  step.evidence = c.evidence;
  case_store::append_step(db, actor, opened.id, 1, step);
  if (auto started = case_store::start_deadlines(db, actor, rules, opened.id, c.type, step.step, c.t0); !started) {
    return started.error();
  }
  return opened;
}

std::optional<OpenedCase> existing_case(storage::Database& db, CaseType type, std::int64_t sample_id,
                                        std::optional<std::int64_t> item_id) {
  auto& s =
      type == CaseType::rapid
          ? db.prepare("SELECT id, number FROM disposal_case WHERE type = 'rapid' AND sample_id = ? AND item_id = ?")
          : db.prepare("SELECT id, number FROM disposal_case WHERE type = 'lab' AND sample_id = ?");
  s.bind(1, sample_id);
  if (type == CaseType::rapid) s.bind(2, item_id);
  if (!s.step()) return std::nullopt;
  OpenedCase found{CaseId{s.column_int64(0)}, s.column_text(1), false};
  s.reset();
  return found;
}

struct ResultRef {
  std::int64_t id = 0;
  std::int64_t sample_id = 0;
  std::int64_t item_id = 0;
  std::optional<std::int64_t> market_id;
  std::string uuid;
};

// The current version of the result `key` names (uuid, or a unique prefix of 8+ characters).
std::optional<ResultRef> result_ref(storage::Database& db, const std::string& key) {
  auto& s = db.prepare(
      "SELECT r.id, r.sample_id, r.item_id, s.market_id, r.uuid FROM result r JOIN sample s ON s.id = r.sample_id "
      "WHERE (r.uuid = ?1 OR (length(?1) >= 8 AND r.uuid >= lower(?1) AND r.uuid < lower(?1) || '~')) "
      "AND r.version = (SELECT max(version) FROM result WHERE uuid = r.uuid) LIMIT 2");
  s.bind(1, key);
  if (!s.step()) return std::nullopt;
  ResultRef ref{s.column_int64(0), s.column_int64(1), s.column_int64(2), s.column_optional_int64(3), s.column_text(4)};
  const bool ambiguous = s.step() && ref.uuid != key;
  s.reset();
  if (ambiguous) return std::nullopt;
  return ref;
}

// When the positive was confirmed: the latest valid current result of the sample × item.
Timestamp confirmed_at(storage::Database& db, const ResultRef& ref, Timestamp now) {
  auto& s = db.prepare(
      "SELECT max(r.tested_at) FROM result r WHERE r.sample_id = ? AND r.item_id = ? AND r.verdict <> 'invalid' "
      "AND r.version = (SELECT max(version) FROM result WHERE uuid = r.uuid)");
  s.bind(1, ref.sample_id).bind(2, ref.item_id);
  s.step();
  const auto latest = stored_time(s.column_optional_text(0));
  s.reset();
  return latest ? std::min(*latest, now) : now;
}

Result<OpenedCase> open_rapid(storage::Database& db, const Actor& actor, const CaseRules& rules, const ResultRef& ref,
                              const std::string& note, const std::vector<EvidenceRef>& evidence) {
  if (auto found = existing_case(db, CaseType::rapid, ref.sample_id, ref.item_id)) return *found;
  NewCase c;
  c.type = CaseType::rapid;
  c.sample_id = ref.sample_id;
  c.item_id = ref.item_id;
  c.result_id = ref.id;
  c.market_id = ref.market_id;
  c.t0 = confirmed_at(db, ref, actor.now);
  c.note = note;
  c.evidence = evidence;
  return insert_case(db, actor, rules, c);
}

Result<OpenedCase> open_lab(storage::Database& db, const Actor& actor, const CaseRules& rules,
                            const LabCaseInput& input) {
  NewCase c;
  c.type = CaseType::lab;
  if (!trimmed(input.result).empty()) {
    const auto ref = result_ref(db, trimmed(input.result));
    if (!ref) return not_found("result", "检测结果", input.result);
    c.sample_id = ref->sample_id;
    c.item_id = ref->item_id;
    c.result_id = ref->id;
    c.market_id = ref->market_id;
  } else {
    const std::string key = trimmed(input.sample);
    if (key.empty())
      return invalid_field("sample", "the sample number the conclusion is about", "检验结论所涉样品编号");
    auto& s = db.prepare("SELECT id, market_id FROM sample WHERE number = ?1 OR uuid = ?1");
    s.bind(1, key);
    if (!s.step()) return not_found("sample", "样品", key);
    c.sample_id = s.column_int64(0);
    c.market_id = s.column_optional_int64(1);
    s.reset();
  }
  if (const std::string item = trimmed(input.item); !item.empty()) {
    auto& s = db.prepare("SELECT id FROM test_item WHERE code = ?");
    s.bind(1, item);
    if (!s.step()) return not_found("test item", "检测项目", item);
    c.item_id = s.column_int64(0);
    s.reset();
  }
  c.t0 = input.conclusion_received_at.value_or(actor.now);
  if (c.t0 > actor.now) {
    return invalid_field("conclusion_received_at", "a time not in the future", "不晚于当前的时间", to_iso8601(c.t0));
  }
  if (const std::string parent = trimmed(input.escalated_from); !parent.empty()) {
    const auto id = case_store::resolve(db, parent);
    const auto row = id ? case_store::read(db, *id) : std::nullopt;
    if (!row) return not_found("disposal case", "处置案件", parent);
    if (row->state.type != CaseType::rapid) {
      return invalid_field("escalated_from", "a rapid-test case", "快检案件", parent);
    }
    c.parent_id = row->id.value;
  }
  if (auto found = existing_case(db, CaseType::lab, c.sample_id, c.item_id)) return *found;
  c.note = input.note;
  c.evidence = input.evidence;
  return insert_case(db, actor, rules, c);
}

}  // namespace

Result<CaseId> open_rapid_case_for_result(storage::Database& db, const Actor& actor, const CaseRules& rules,
                                          const std::string& result_uuid) {
  const auto ref = result_ref(db, result_uuid);
  if (!ref) return not_found("result", "检测结果", result_uuid);
  auto opened = open_rapid(db, actor, rules, *ref, {}, {});
  if (!opened) return opened.error();
  return opened->id;
}

Result<OpenedCase> open_rapid_case(storage::Database& db, const Actor& actor, const CaseRules& rules,
                                   const Rulebook& rulebook, const std::string& result_key,
                                   const std::vector<EvidenceRef>& evidence, const std::string& note) {
  return db.transact([&]() -> Result<OpenedCase> {
    const auto ref = result_ref(db, trimmed(result_key));
    if (!ref) return not_found("result", "检测结果", result_key);
    const auto conclusion = conclusion_of(db, rulebook, SampleId{ref->sample_id}, ItemId{ref->item_id});
    if (!conclusion) return conclusion.error();
    if (conclusion->state != RetestState::confirmed_positive) {
      if (auto found = existing_case(db, CaseType::rapid, ref->sample_id, ref->item_id)) return *found;
      return make_error(make_error_code(Errc::conflict),
                        "result " + ref->uuid + " is not a confirmed positive (" + conclusion->reason.en +
                            "): a rapid-test case opens when a positive is confirmed by its retests",
                        "检测结果 " + ref->uuid + " 不是经复检确认的阳性（" + conclusion->reason.zh +
                            "）：快检阳性经复检确认后才立案");
    }
    return open_rapid(db, actor, rules, *ref, note, evidence);
  });
}

Result<CaseId> open_lab_case_in_transaction(storage::Database& db, const Actor& actor, const CaseRules& rules,
                                            const LabCaseInput& input) {
  auto opened = open_lab(db, actor, rules, input);
  if (!opened) return opened.error();
  return opened->id;
}

Result<OpenedCase> open_lab_case(storage::Database& db, const Actor& actor, const CaseRules& rules,
                                 const LabCaseInput& input) {
  return db.transact([&]() -> Result<OpenedCase> { return open_lab(db, actor, rules, input); });
}

}  // namespace kj::lims
