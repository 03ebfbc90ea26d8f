// The disposal-case state machine (核查处置, shared/specs/domain.md "Disposal cases") as data:
// one table of transitions (case type × track state × step → next state, with the fields the
// step needs, a time guard and an effect) and one table of the deadlines a case can carry.
// Everything here is pure; disposal_case / case_steps apply it to stored cases.
//
// Rapid-test case (快检阳性), one track:
//   opened ─sale_suspended→ sale_suspended ─vendor_notified→ vendor_notified
//   vendor_notified ─recheck_requested (lab method; only within the objection window)→ recheck_requested
//       recheck_requested ─released (recheck negative: the first verdict is corrected; closes)→ released
//       recheck_requested ─recheck_positive→ recheck_positive ─disposed→ disposed
//   vendor_notified ─disposed (only once the objection window has ended unused)→ disposed
//   disposed ─publicized→ publicized ─reported→ reported ─closed→ closed
//   escalated (to lab sampling) is a side step: allowed in any open state, changes none.
// Lab sampling case (监督抽检不合格), two tracks run in parallel:
//   main:    conclusion_received ─verification_started→ ─investigated→ ─measures_taken→ ─closed→
//            (closing waits while a recheck request awaits its decision)
//   recheck: none ─recheck_requested (only within the recheck request window)→ recheck_requested
//            ─recheck_accepted | recheck_rejected→
// A step's name is also the name of the event it records, which deadline rules count from.
#pragma once

#include <array>
#include <chrono>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "lims/time.hpp"
#include "protocols/result.hpp"

namespace kj::lims {

enum class CaseType { rapid, lab };
std::string_view to_string(CaseType type);
std::optional<CaseType> parse_case_type(std::string_view text);

// A lab case's recheck request runs beside its main line; side steps change no state.
enum class Track { main, recheck, side };

// The fields a step takes, as bits.
namespace step_field {
inline constexpr unsigned quantity = 1U << 0;
inline constexpr unsigned unit = 1U << 1;
inline constexpr unsigned method = 1U << 2;
inline constexpr unsigned supervisor = 1U << 3;
inline constexpr unsigned note = 1U << 4;
}  // namespace step_field

// What `method` may hold for a step (step_fields.hpp checks and normalises it).
enum class MethodVocabulary {
  none,
  laboratory,  // free text, but never a rapid-test method (a recheck must use a lab method)
  disposal,    // 无害化销毁 destroy | 下架 off_shelf | 退市 market_exit
  measures,    // 封存 seal | 下架 off_shelf | 召回 recall | 整改 rectify (one or several)
};

enum class Guard {
  none,
  within_window,    // only until the deadline `window` ends (a right of the vendor or producer)
  after_window,     // only once the deadline `window` has ended (the right lapsed unused)
  no_open_recheck,  // not while a recheck request awaits its decision
};

enum class Effect {
  none,
  close,    // the case is closed by this step
  release,  // recheck negative: the first verdict is corrected to negative, the case is closed
};

struct Transition {
  CaseType type;
  Track track;
  std::string_view from;  // the track's state before the step; empty for side steps
  std::string_view step;
  std::string_view to;  // the track's state after it; empty for side steps
  unsigned required = 0;
  unsigned allowed = 0;  // includes `required`
  MethodVocabulary method = MethodVocabulary::none;
  Guard guard = Guard::none;
  std::string_view window;  // the deadline a time guard reads
  Effect effect = Effect::none;
};

std::span<const Transition> transitions();

// A deadline the case carries: `due` binds the office (met when one of `met_by` is recorded,
// on time or late); `window` bounds a right of the vendor or producer (used by `met_by`, and
// after it ends the step is refused).
enum class DeadlineKind { due, window };

struct DeadlineDef {
  CaseType type;
  std::string_view name;
  DeadlineKind kind;
  std::array<std::string_view, 2> met_by;
  bool required;  // deadlines.json must give a rule for it (the machine's guards or the due date read it)
};

std::span<const DeadlineDef> deadline_defs();
const DeadlineDef* find_deadline_def(CaseType type, std::string_view name);
std::string_view to_string(DeadlineKind kind);

// "opened" for a rapid case, "conclusion_received" for a lab case: the case's t0.
std::string_view opening_event(CaseType type);
// The opening event or the name of a step of `type`: what a deadline rule may count from.
bool is_event(CaseType type, std::string_view name);
bool is_step(CaseType type, std::string_view step);
std::vector<std::string_view> steps_of(CaseType type);  // in table order, without duplicates

struct CaseState {
  CaseType type = CaseType::rapid;
  std::string state;                   // main track
  std::string recheck_state = "none";  // lab cases' recheck track
  bool closed = false;
};

// The initial state of a new case of `type`.
CaseState initial_state(CaseType type);

// The transition for `step` from the case's present states (guards not applied), if any.
const Transition* find_transition(const CaseState& state, std::string_view step);
// Every transition the present states admit (guards not applied), in table order.
std::vector<const Transition*> candidate_transitions(const CaseState& state);

// What guards read: the present time and the end of each window deadline that has started.
struct GuardInputs {
  Timestamp now;
  std::map<std::string, Timestamp, std::less<>> windows;
  std::chrono::minutes utc_offset{8 * 60};  // for the times in messages
};

// Why `transition` cannot be taken now, or nothing when it can.
std::optional<Text> blocked_by_guard(const Transition& transition, const CaseState& state, const GuardInputs& inputs);
// True when the transition's window has ended: it will never be allowed again.
bool lapsed(const Transition& transition, const GuardInputs& inputs);

// The state after `transition`.
CaseState apply(const Transition& transition, CaseState state);

}  // namespace kj::lims
