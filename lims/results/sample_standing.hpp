// Where a sample stands, item by item, as the public and the county read it: the standing its
// results give under the retest rule (conclusion_of), its latest value and test time, and the
// disposal case of a positive. One reading shared by the event summary and the market board,
// so they always agree.
#pragma once

#include <string>
#include <vector>

#include "lims/ids.hpp"
#include "lims/judgement/rulebook.hpp"
#include "lims/storage/database.hpp"

namespace kj::lims {

struct ItemStanding {
  std::string item_code, item_name;
  // negative | positive (confirmed) | suspect | retest_pending | invalid
  std::string standing;
  std::string value_text;  // the latest value with its unit, e.g. "63.2 %"
  std::string tested_at;   // ISO 8601 UTC of the latest test
  std::string case_number, case_state;
  bool valid_test = false;  // at least one result of the item is not invalid
};

// One entry per item the sample was tested for, in the order of its first tests; none when it
// is untested.
Result<std::vector<ItemStanding>> item_standings(storage::Database& db, const Rulebook& rules, SampleId sample,
                                                 const std::string& sample_number);

}  // namespace kj::lims
