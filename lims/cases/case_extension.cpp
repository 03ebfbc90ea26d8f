#include "lims/cases/case_extension.hpp"

#include "lims/cases/case_store.hpp"
#include "lims/cases/stored_time.hpp"
#include "lims/records/uuid.hpp"
#include "lims/records/validate.hpp"

namespace kj::lims {

Result<DisposalCase> extend_case(storage::Database& db, const Actor& actor, const CaseRules& rules,
                                 const std::string& key, const ExtensionInput& input) {
  const std::string approver = trimmed(input.approver);
  const std::string reason = trimmed(input.reason);
  if (approver.empty()) return invalid_field("approver", "who approved the extension", "批准延期的人");
  if (reason.empty()) return invalid_field("reason", "why the due date is extended", "延期理由");
  const auto offset = rules.utc_offset();
  auto number = db.transact([&]() -> Result<std::string> {
    const auto id = case_store::resolve(db, trimmed(key));
    const auto row = id ? case_store::read(db, *id) : std::nullopt;
    if (!row) return not_found("disposal case", "处置案件", key);
    if (row->closed_at) {
      return make_error(make_error_code(Errc::conflict),
                        "case " + row->number + " is closed; only an open case can be extended",
                        "案件 " + row->number + " 已办结，只能对未办结案件延期");
    }
    const std::string current = to_local_text(row->due_at, offset);
    if (actor.now > row->due_at) {
      return make_error(make_error_code(Errc::conflict),
                        "case " + row->number + " fell due at " + current +
                            "; an extension must be approved before the due date, not after",
                        "案件 " + row->number + " 已于 " + current + " 到期；延期须在期限届满前批准");
    }
    if (input.new_due_at <= row->due_at) {
      return invalid_field("until", "a due date later than the current one (" + current + ")",
                           "晚于当前期限（" + current + "）的日期", to_local_text(input.new_due_at, offset));
    }
    db.prepare(
          "INSERT INTO case_extension(uuid, case_id, previous_due_at, new_due_at, approver, reason, recorded_at, "
          "recorded_by) VALUES (?,?,?,?,?,?,?,?)")
        .bind(1, new_uuid())
        .bind(2, row->id.value)
        .bind(3, to_iso8601(row->due_at))
        .bind(4, to_iso8601(input.new_due_at))
        .bind(5, approver)
        .bind(6, reason)
        .bind(7, to_iso8601(actor.now))
        .bind(8, actor.name)
        .run();
    record_change(db, Actor{actor.name, actor.now, reason}, "insert", "case_extension", db.last_insert_rowid());
    db.prepare("UPDATE disposal_case SET due_at = ?, due_month = ?, version = version + 1 WHERE id = ?")
        .bind(1, to_iso8601(input.new_due_at))
        .bind(2, local_month(input.new_due_at, offset))
        .bind(3, row->id.value)
        .run();
    record_change(db, Actor{actor.name, actor.now, reason}, "extend", "disposal_case", row->id.value);
    auto& deadline = db.prepare("SELECT id FROM case_deadline WHERE case_id = ? AND name = 'closed'");
    deadline.bind(1, row->id.value);
    const auto deadline_id = deadline.step() ? std::optional(deadline.column_int64(0)) : std::nullopt;
    deadline.reset();
    if (deadline_id) {
      db.prepare("UPDATE case_deadline SET due_at = ?, version = version + 1 WHERE id = ?")
          .bind(1, to_iso8601(input.new_due_at))
          .bind(2, *deadline_id)
          .run();
      record_change(db, Actor{actor.name, actor.now, reason}, "extend", "case_deadline", *deadline_id);
    }
    return row->number;
  });
  if (!number) return number.error();
  return load_case(db, *number);
}

}  // namespace kj::lims
