// All judgement rules of this installation in the judgement engine's own types, built once
// from config/ (judgement.json, catalogue.json) and validated as a whole: inhibition standards,
// colloidal-gold items, residue limits, the retest policy and matrix interference.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "lims/config/config.hpp"
#include "lims/judgement/colloidal_gold.hpp"
#include "lims/judgement/inhibition_standard.hpp"
#include "lims/judgement/matrix_interference.hpp"
#include "lims/judgement/residue_limit_table.hpp"
#include "lims/judgement/retest_rule.hpp"

namespace kj::lims {

struct Rulebook {
  std::vector<InhibitionStandard> inhibition;
  std::map<std::string, GoldItem> gold;  // by catalogue item code
  ResidueLimitTable limits;              // items by catalogue code
  RetestPolicy retest;
  MatrixInterferencePolicy matrix;
};

// Errors carry Errc::config_invalid and name the file and the entry.
Result<Rulebook> make_rulebook(const config::Config& config);

}  // namespace kj::lims
