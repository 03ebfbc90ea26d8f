#include "lims/cases/case_steps.hpp"

#include <algorithm>

#include "lims/cases/case_labels.hpp"
#include "lims/cases/case_store.hpp"
#include "lims/cases/stored_time.hpp"
#include "lims/records/validate.hpp"
#include "lims/results/results.hpp"

namespace kj::lims {
namespace {

std::vector<AllowedStep> allowed_for(const CaseState& state, const GuardInputs& inputs) {
  std::vector<AllowedStep> out;
  for (const auto* t : candidate_transitions(state)) {
    if (lapsed(*t, inputs)) continue;  // a right that has lapsed is not a step for later
    out.push_back(AllowedStep{std::string(t->step), blocked_by_guard(*t, state, inputs)});
  }
  return out;
}

// "a (label a), b (label b)" of the steps allowed now, and "c (label c): why" of those later.
Text describe_allowed(const std::vector<AllowedStep>& allowed, std::string_view refused_step) {
  Text now, later;
  for (const auto& a : allowed) {
    if (a.step == refused_step) continue;  // the message has said why already
    const Text label = case_label(a.step);
    if (!a.not_yet) {
      now.en += (now.en.empty() ? "" : ", ") + a.step + " (" + label.en + ")";
      now.zh += (now.zh.empty() ? "" : "、") + a.step + "（" + label.zh + "）";
    } else {
      later.en += (later.en.empty() ? "" : "; ") + a.step + " (" + a.not_yet->en + ")";
      later.zh += (later.zh.empty() ? "" : "；") + a.step + "（" + a.not_yet->zh + "）";
    }
  }
  Text out{now.en.empty() ? "Nothing can be recorded now" : "Allowed now: " + now.en,
           now.zh.empty() ? "现在没有可执行的步骤" : "现在可执行：" + now.zh};
  if (!later.en.empty()) {
    out.en += ". Later: " + later.en;
    out.zh += "。稍后可执行：" + later.zh;
  }
  out.en += ".";
  out.zh += "。";
  return out;
}

Error refusal(const case_store::CaseRow& row, std::string_view step, const std::optional<Text>& why,
              const std::vector<AllowedStep>& allowed) {
  const Text type = case_label(to_string(row.state.type));
  const Text state = case_label(row.state.state);
  const Text label = case_label(step);
  const std::string s(step);
  Text reason =
      why ? Text{" (" + why->en + ")", "（" + why->zh + "）"} : Text{" from this state", "（不能在此状态下执行）"};
  std::string en = type.en + " " + row.number + " is at \"" + state.en + "\"";
  std::string zh = type.zh + " " + row.number + " 当前状态为“" + state.zh + "”";
  if (row.state.type == CaseType::lab && row.state.recheck_state != "none") {
    en += ", recheck \"" + case_label(row.state.recheck_state).en + "\"";
    zh += "，复检“" + case_label(row.state.recheck_state).zh + "”";
  }
  const Text list = describe_allowed(allowed, step);
  return make_error(make_error_code(Errc::conflict),
                    en + ": step " + s + " (" + label.en + ") is not allowed now" + reason.en + ". " + list.en,
                    zh + "：现在不能执行 " + s + "（" + label.zh + "）" + reason.zh + "。" + list.zh);
}

Error unknown_step(CaseType type, const std::string& step) {
  std::string en, zh;
  for (const auto name : steps_of(type)) {
    en += (en.empty() ? "" : ", ") + std::string(name);
    zh += (zh.empty() ? "" : "、") + std::string(name) + "（" + case_label(name).zh + "）";
  }
  const Text kind = case_label(to_string(type));
  return invalid_field("step", "a step of a " + kind.en + ": " + en, kind.zh + "的步骤之一：" + zh, step);
}

// The step `text` names: its code, or its label in either language ("已处置", "处置", "disposed").
std::string step_named(CaseType type, const std::string& text) {
  if (is_step(type, text)) return text;
  for (const auto step : steps_of(type)) {
    const Text label = case_label(step);
    if (text == label.zh || text == label.en || text == deadline_label(step).zh) return std::string(step);
  }
  return text;
}

struct Checked {
  case_store::CaseRow row;
  const Transition* transition = nullptr;
  StepFields fields;
};

Result<Checked> check(storage::Database& db, const Actor& actor, const CaseRules& rules, const std::string& key,
                      const StepInput& input) {
  const auto id = case_store::resolve(db, trimmed(key));
  auto row = id ? case_store::read(db, *id) : std::nullopt;
  if (!row) return not_found("disposal case", "处置案件", key);
  const std::string step = step_named(row->state.type, trimmed(input.step));
  if (!is_step(row->state.type, step)) return unknown_step(row->state.type, step);
  if (row->closed_at) {
    const std::string at = to_local_text(*row->closed_at, rules.utc_offset());
    return make_error(make_error_code(Errc::conflict),
                      "case " + row->number + " was closed at " + at + "; a closed case takes no more steps",
                      "案件 " + row->number + " 已于 " + at + " 办结，不能再记录步骤");
  }
  const GuardInputs guards{actor.now, case_store::window_ends(db, row->id), rules.utc_offset()};
  const Transition* t = find_transition(row->state, step);
  if (t == nullptr) return refusal(*row, step, std::nullopt, allowed_for(row->state, guards));
  if (auto why = blocked_by_guard(*t, row->state, guards)) {
    return refusal(*row, step, why, allowed_for(row->state, guards));
  }
  auto fields = check_step_fields(*t, input.fields);
  if (!fields) return fields.error();
  if (actor.now < row->last_step_at) {
    const std::string now = to_local_text(actor.now, rules.utc_offset());
    const std::string last = to_local_text(row->last_step_at, rules.utc_offset());
    return make_error(
        make_error_code(Errc::conflict),
        "the time of this step (" + now + ") is before the case's previous step (" + last + "); check the clock",
        "本步骤时间（" + now + "）早于案件上一步骤（" + last + "），请检查时钟");
  }
  return Checked{std::move(*row), t, std::move(*fields)};
}

struct FirstResult {
  std::string uuid;
  std::string verdict;
};

std::optional<FirstResult> first_result(storage::Database& db, const case_store::CaseRow& row) {
  auto& s = db.prepare(
      "SELECT r.uuid, r.verdict FROM result r WHERE r.sample_id = ? AND r.item_id = ? AND r.test_kind = 'initial' "
      "AND r.verdict <> 'invalid' AND r.version = (SELECT max(version) FROM result WHERE uuid = r.uuid) "
      "ORDER BY r.tested_at, r.id LIMIT 1");
  s.bind(1, row.sample_id).bind(2, row.item_id);
  if (!s.step()) return std::nullopt;
  FirstResult first{s.column_text(0), s.column_text(1)};
  s.reset();
  return first;
}

std::optional<std::int64_t> current_result_id(storage::Database& db, const std::string& uuid) {
  auto& s = db.prepare("SELECT id FROM result WHERE uuid = ? ORDER BY version DESC LIMIT 1");
  s.bind(1, uuid);
  if (!s.step()) return std::nullopt;
  const auto id = s.column_int64(0);
  s.reset();
  return id;
}

// Recheck negative: the first test's verdict becomes negative, in a new version with a reason.
Result<std::string> correct_first_verdict(storage::Database& db, const Actor& actor, const Rulebook& rulebook,
                                          const Checked& checked) {
  auto first = storage::read<std::optional<FirstResult>>([&] { return first_result(db, checked.row); });
  if (!first) return first.error();
  if (!*first) {
    return make_error(make_error_code(Errc::conflict),
                      "case " + checked.row.number + " has no first test result whose verdict could be corrected",
                      "案件 " + checked.row.number + " 没有可更正判定的初检结果");
  }
  if ((*first)->verdict == "negative") return (*first)->uuid;  // corrected already (a retried step)
  const auto& f = checked.fields;
  const std::string method = f.method.empty() ? std::string() : " (" + f.method + ")";
  Actor corrector{actor.name, actor.now,
                  "复检阴性" + method + "，处置案件 " + checked.row.number + " 解除：" + f.note +
                      " / lab recheck negative" + method + ", disposal case " + checked.row.number + " released"};
  auto corrected =
      correct_result(db, corrector, rulebook, (*first)->uuid, Correction{std::nullopt, protocols::Verdict::negative});
  if (!corrected) return corrected.error();
  return (*first)->uuid;
}

bool releases(const std::string& step) {
  return std::any_of(transitions().begin(), transitions().end(),
                     [&](const Transition& t) { return t.step == step && t.effect == Effect::release; });
}

Status apply_step(storage::Database& db, const Actor& actor, const CaseRules& rules, const Checked& checked,
                  const StepInput& input, const std::optional<std::string>& corrected_uuid) {
  const Transition& t = *checked.transition;
  const auto& row = checked.row;
  const CaseState after = apply(t, row.state);
  case_store::NewStep step;
  step.step = std::string(t.step);
  step.from_state = std::string(t.from);
  step.to_state = std::string(t.to);
  step.at = actor.now;
  step.fields = checked.fields;
  step.evidence = input.evidence;
  if (corrected_uuid) step.result_id = current_result_id(db, *corrected_uuid);
  const auto step_id = case_store::append_step(db, actor, row.id, row.last_seq + 1, step);
  if (t.track != Track::side) {
    const bool closing = after.closed;
    db.prepare(
          "UPDATE disposal_case SET state = ?, recheck_state = ?, closed_at = ?, outcome = ?, version = version + 1 "
          "WHERE id = ?")
        .bind(1, after.state)
        .bind(2, after.recheck_state)
        .bind(3, closing ? std::optional(to_iso8601(actor.now)) : std::nullopt)
        .bind(4,
              closing ? std::optional<std::string>(t.effect == Effect::release ? "released" : "closed") : std::nullopt)
        .bind(5, row.id.value)
        .run();
    record_change(db, actor, t.effect == Effect::none ? "step" : "close", "disposal_case", row.id.value);
  }
  case_store::meet_deadlines(db, actor, row.id, row.state.type, t.step, actor.now, step_id);
  if (after.closed) {
    case_store::cancel_pending_deadlines(db, actor, row.id);
    return {};
  }
  return case_store::start_deadlines(db, actor, rules, row.id, row.state.type, t.step, actor.now);
}

}  // namespace

Result<DisposalCase> record_step(storage::Database& db, const Actor& actor, const CaseRules& rules,
                                 const Rulebook& rulebook, const std::string& key, const StepInput& input) {
  std::optional<std::string> corrected;
  if (releases(trimmed(input.step)) || releases(step_named(CaseType::rapid, trimmed(input.step)))) {
    // Checked before the correction too, so a refused step corrects nothing.
    auto pre = db.transact([&]() -> Result<Checked> { return check(db, actor, rules, key, input); });
    if (!pre) return pre.error();
    if (pre->transition->effect == Effect::release) {
      auto uuid = correct_first_verdict(db, actor, rulebook, *pre);
      if (!uuid) return uuid.error();
      corrected = *uuid;
    }
  }
  auto number = db.transact([&]() -> Result<std::string> {
    auto checked = check(db, actor, rules, key, input);
    if (!checked) return checked.error();
    if (auto applied = apply_step(db, actor, rules, *checked, input, corrected); !applied) return applied.error();
    return checked->row.number;
  });
  if (!number) return number.error();
  return load_case(db, *number);
}

std::vector<AllowedStep> allowed_steps(const DisposalCase& c, Timestamp now, std::chrono::minutes utc_offset) {
  GuardInputs inputs{now, {}, utc_offset};
  for (const auto& d : c.deadlines) {
    if (d.kind == DeadlineKind::window) inputs.windows.emplace(d.name, d.due_at);
  }
  return allowed_for(c.state, inputs);
}

}  // namespace kj::lims
