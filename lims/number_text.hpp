// A measured value as people read it on a board, a report or a summary: at most 6 significant
// digits, no trailing zeros (63.2, 0.05, 18).
#pragma once

#include <string>

namespace kj::lims {

std::string number_text(double value);

}  // namespace kj::lims
