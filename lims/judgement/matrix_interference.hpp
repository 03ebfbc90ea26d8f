// Commodities whose own chemistry inhibits the enzyme (domain.md: 韭菜 chives, 茭白 and carrots
// give false positives with the enzyme method). A positive enzyme-inhibition result on one of
// them carries a flag asking for the heat-treatment retest before it is believed.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lims/judgement/verdict_text.hpp"

namespace kj::lims {

struct MatrixInterferencePolicy {
  // Commodity names as the sample catalogue writes them; matched exactly.
  std::vector<std::string> commodities{"韭菜", "茭白", "胡萝卜"};
};

struct ResultFlag {
  std::string code;  // machine form, stored and sent in --json output
  Text text;
};

inline constexpr std::string_view kMatrixInterferenceFlag = "matrix_interference";

// The flag for a positive enzyme-inhibition verdict on a listed commodity; nothing otherwise.
std::optional<ResultFlag> matrix_interference_flag(std::string_view commodity, Verdict verdict,
                                                   const MatrixInterferencePolicy& policy = {});

}  // namespace kj::lims
