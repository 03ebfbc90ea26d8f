#include "lims/results/sample_standing.hpp"

#include <algorithm>
#include <tuple>

#include "lims/catalogue/catalogue_store.hpp"
#include "lims/number_text.hpp"
#include "lims/results/results.hpp"

namespace kj::lims {
namespace {

std::string standing_of(const Conclusion& c) {
  switch (c.state) {
    case RetestState::confirmed_positive: return "positive";
    case RetestState::needs_retest: return "retest_pending";
    case RetestState::not_confirmed: return "negative";
    case RetestState::not_needed: break;
  }
  return std::string(protocols::to_string(c.verdict));
}

}  // namespace

Result<std::vector<ItemStanding>> item_standings(storage::Database& db, const Rulebook& rules, SampleId sample,
                                                 const std::string& sample_number) {
  auto results = list_results(db, ResultFilter{sample_number, "", false, false});
  if (!results) return results.error();
  std::vector<ItemStanding> out;
  for (const auto& r : *results) {  // results come in test order: the last of an item is its latest
    auto at = std::find_if(out.begin(), out.end(), [&](const auto& s) { return s.item_code == r.item_code; });
    if (at == out.end()) at = out.insert(out.end(), ItemStanding{r.item_code, r.item_name});
    at->tested_at = r.tested_at;
    at->value_text = r.value_number ? number_text(*r.value_number) + " " + r.unit : r.value_text;
    at->valid_test = at->valid_test || r.verdict != "invalid";
  }
  for (auto& s : out) {
    const auto item = find_item(db, s.item_code);  // results reference the catalogue: it is there
    if (!item) return item.error();
    const auto conclusion = conclusion_of(db, rules, sample, item->id);
    if (!conclusion) return conclusion.error();
    s.standing = standing_of(*conclusion);
    auto disposal = storage::read<std::pair<std::string, std::string>>([&] {
      auto& select = db.prepare(
          "SELECT number, state FROM disposal_case WHERE sample_id = ? AND (item_id = ? OR item_id IS NULL) "
          "ORDER BY id LIMIT 1");
      select.bind(1, sample.value).bind(2, item->id.value);
      std::pair<std::string, std::string> found;
      if (select.step()) found = {select.column_text(0), select.column_text(1)};
      select.reset();
      return found;
    });
    if (!disposal) return disposal.error();
    std::tie(s.case_number, s.case_state) = *disposal;
  }
  return out;
}

}  // namespace kj::lims
