// The words of disposal cases in Chinese and English: case types, states, steps, deadlines
// and the disposal / control-measure methods. Stored data and --json keep the language-neutral
// names (e.g. "sale_suspended"); people read these labels.
#pragma once

#include <string_view>

#include "protocols/result.hpp"

namespace kj::lims {

// The label of a case type, state, step, deadline or method code; the name itself when unknown.
Text case_label(std::string_view name);

// A deadline or event named after its step, as a deed rather than a state: "暂停销售" rather
// than "已暂停销售"; the `closed` deadline is the case's closure (办结).
Text deadline_label(std::string_view name);

}  // namespace kj::lims
