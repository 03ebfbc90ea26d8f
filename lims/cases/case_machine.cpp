#include "lims/cases/case_machine.hpp"

#include <algorithm>

#include "lims/cases/case_labels.hpp"

namespace kj::lims {
namespace {

using namespace step_field;
constexpr unsigned kDisposalFields = quantity | unit | method | supervisor;

// clang-format off
// The whole state machine. Each row: type, track, from, step, to, required fields, allowed
// fields, method vocabulary, guard, the deadline the guard reads, effect.
constexpr Transition kTransitions[] = {
  // Rapid-test case: 《关于规范食品快速检测使用的意见》.
  {CaseType::rapid, Track::main, "opened", "sale_suspended", "sale_suspended",
   0, quantity | unit | note},
  {CaseType::rapid, Track::main, "sale_suspended", "vendor_notified", "vendor_notified",
   0, note},
  {CaseType::rapid, Track::main, "vendor_notified", "recheck_requested", "recheck_requested",
   method, method | note, MethodVocabulary::laboratory, Guard::within_window, "objection_window"},
  {CaseType::rapid, Track::main, "vendor_notified", "disposed", "disposed",
   kDisposalFields, kDisposalFields | note, MethodVocabulary::disposal, Guard::after_window, "objection_window"},
  {CaseType::rapid, Track::main, "recheck_requested", "released", "released",
   note, method | note, MethodVocabulary::laboratory, Guard::none, "", Effect::release},
  {CaseType::rapid, Track::main, "recheck_requested", "recheck_positive", "recheck_positive",
   0, method | note, MethodVocabulary::laboratory},
  {CaseType::rapid, Track::main, "recheck_positive", "disposed", "disposed",
   kDisposalFields, kDisposalFields | note, MethodVocabulary::disposal},
  {CaseType::rapid, Track::main, "disposed", "publicized", "publicized",
   0, note},
  {CaseType::rapid, Track::main, "publicized", "reported", "reported",
   0, note},
  {CaseType::rapid, Track::main, "reported", "closed", "closed",
   0, note, MethodVocabulary::none, Guard::none, "", Effect::close},
  {CaseType::rapid, Track::side, "", "escalated", "",
   note, note},
  // Lab sampling case: 《食品安全抽样检验管理办法》.
  {CaseType::lab, Track::main, "conclusion_received", "verification_started", "verification_started",
   0, note},
  {CaseType::lab, Track::main, "verification_started", "investigated", "investigated",
   note, note},
  {CaseType::lab, Track::main, "investigated", "measures_taken", "measures_taken",
   method, quantity | unit | method | note, MethodVocabulary::measures},
  {CaseType::lab, Track::main, "measures_taken", "closed", "closed",
   0, note, MethodVocabulary::none, Guard::no_open_recheck, "", Effect::close},
  {CaseType::lab, Track::recheck, "none", "recheck_requested", "recheck_requested",
   0, note, MethodVocabulary::none, Guard::within_window, "recheck_request"},
  {CaseType::lab, Track::recheck, "recheck_requested", "recheck_accepted", "recheck_accepted",
   0, note},
  {CaseType::lab, Track::recheck, "recheck_requested", "recheck_rejected", "recheck_rejected",
   note, note},
};

constexpr DeadlineDef kDeadlines[] = {
  {CaseType::rapid, "sale_suspended", DeadlineKind::due, {"sale_suspended", ""}, false},
  {CaseType::rapid, "vendor_notified", DeadlineKind::due, {"vendor_notified", ""}, false},
  {CaseType::rapid, "objection_window", DeadlineKind::window, {"recheck_requested", ""}, true},
  {CaseType::rapid, "recheck_positive", DeadlineKind::due, {"recheck_positive", "released"}, false},
  {CaseType::rapid, "disposed", DeadlineKind::due, {"disposed", ""}, false},
  {CaseType::rapid, "publicized", DeadlineKind::due, {"publicized", ""}, false},
  {CaseType::rapid, "reported", DeadlineKind::due, {"reported", ""}, false},
  {CaseType::rapid, "closed", DeadlineKind::due, {"closed", "released"}, true},
  {CaseType::lab, "verification_started", DeadlineKind::due, {"verification_started", ""}, false},
  {CaseType::lab, "investigated", DeadlineKind::due, {"investigated", ""}, false},
  {CaseType::lab, "measures_taken", DeadlineKind::due, {"measures_taken", ""}, false},
  {CaseType::lab, "recheck_request", DeadlineKind::window, {"recheck_requested", ""}, true},
  {CaseType::lab, "recheck_decision", DeadlineKind::due, {"recheck_accepted", "recheck_rejected"}, false},
  {CaseType::lab, "closed", DeadlineKind::due, {"closed", ""}, true},
};
// clang-format on

const std::string& track_state(const CaseState& state, Track track) {
  return track == Track::recheck ? state.recheck_state : state.state;
}

bool admits(const Transition& t, const CaseState& state) {
  if (t.type != state.type || state.closed) return false;
  if (t.track == Track::side) return true;
  return track_state(state, t.track) == t.from;
}

}  // namespace

std::string_view to_string(CaseType type) {
  return type == CaseType::rapid ? "rapid" : "lab";
}

std::optional<CaseType> parse_case_type(std::string_view text) {
  if (text == "rapid") return CaseType::rapid;
  if (text == "lab") return CaseType::lab;
  return std::nullopt;
}

std::string_view to_string(DeadlineKind kind) {
  return kind == DeadlineKind::due ? "due" : "window";
}

std::span<const Transition> transitions() {
  return kTransitions;
}
std::span<const DeadlineDef> deadline_defs() {
  return kDeadlines;
}

const DeadlineDef* find_deadline_def(CaseType type, std::string_view name) {
  for (const auto& def : kDeadlines) {
    if (def.type == type && def.name == name) return &def;
  }
  return nullptr;
}

std::string_view opening_event(CaseType type) {
  return type == CaseType::rapid ? "opened" : "conclusion_received";
}

bool is_step(CaseType type, std::string_view step) {
  return std::any_of(std::begin(kTransitions), std::end(kTransitions),
                     [&](const Transition& t) { return t.type == type && t.step == step; });
}

bool is_event(CaseType type, std::string_view name) {
  return name == opening_event(type) || is_step(type, name);
}

std::vector<std::string_view> steps_of(CaseType type) {
  std::vector<std::string_view> out;
  for (const auto& t : kTransitions) {
    if (t.type == type && std::find(out.begin(), out.end(), t.step) == out.end()) out.push_back(t.step);
  }
  return out;
}

CaseState initial_state(CaseType type) {
  return CaseState{type, std::string(opening_event(type)), "none", false};
}

const Transition* find_transition(const CaseState& state, std::string_view step) {
  for (const auto& t : kTransitions) {
    if (t.step == step && admits(t, state)) return &t;
  }
  return nullptr;
}

std::vector<const Transition*> candidate_transitions(const CaseState& state) {
  std::vector<const Transition*> out;
  for (const auto& t : kTransitions) {
    if (admits(t, state)) out.push_back(&t);
  }
  return out;
}

std::optional<Text> blocked_by_guard(const Transition& t, const CaseState& state, const GuardInputs& inputs) {
  const Text window = case_label(t.window);
  const auto end = inputs.windows.find(t.window);
  switch (t.guard) {
    case Guard::none: return std::nullopt;
    case Guard::within_window: {
      if (end == inputs.windows.end()) {
        return Text{"the " + window.en + " has not started", window.zh + "尚未开始"};
      }
      if (inputs.now <= end->second) return std::nullopt;
      const std::string at = to_local_text(end->second, inputs.utc_offset);
      return Text{"the " + window.en + " ended at " + at, window.zh + "已于 " + at + " 结束"};
    }
    case Guard::after_window: {
      if (end == inputs.windows.end()) {
        return Text{"the " + window.en + " has not started", window.zh + "尚未开始"};
      }
      if (inputs.now > end->second) return std::nullopt;
      const std::string at = to_local_text(end->second, inputs.utc_offset);
      return Text{"only after the " + window.en + " ends at " + at, "须待" + window.zh + "于 " + at + " 结束后"};
    }
    case Guard::no_open_recheck: {
      if (state.recheck_state != "recheck_requested") return std::nullopt;
      return Text{"not while a recheck request awaits its decision", "复检申请尚待作出是否受理的决定"};
    }
  }
  return std::nullopt;
}

bool lapsed(const Transition& t, const GuardInputs& inputs) {
  if (t.guard != Guard::within_window) return false;
  const auto end = inputs.windows.find(t.window);
  return end != inputs.windows.end() && inputs.now > end->second;
}

CaseState apply(const Transition& t, CaseState state) {
  if (t.track == Track::main) state.state = std::string(t.to);
  if (t.track == Track::recheck) state.recheck_state = std::string(t.to);
  if (t.effect == Effect::close || t.effect == Effect::release) state.closed = true;
  return state;
}

}  // namespace kj::lims
