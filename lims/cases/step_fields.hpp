// The fields a case step records beside who and when — quantity + unit, method, supervisor and
// a note — checked against what the step requires and allows (case_machine.hpp). A field the
// step does not record is refused rather than silently dropped.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "lims/cases/case_machine.hpp"
#include "protocols/result.hpp"

namespace kj::lims {

struct StepFields {
  std::optional<double> quantity;
  std::string unit;
  std::string method;
  std::string supervisor;
  std::string note;
};

// The fields trimmed and checked; `method` of a fixed vocabulary becomes its code(s): a
// disposal "无害化销毁" → "destroy", measures "封存、召回" → "seal,recall".
Result<StepFields> check_step_fields(const Transition& transition, StepFields fields);

// True when `method` names a rapid-test method (enzyme inhibition, colloidal gold, test
// strips …): a recheck must use a laboratory method instead.
bool is_rapid_method(std::string_view method);

}  // namespace kj::lims
