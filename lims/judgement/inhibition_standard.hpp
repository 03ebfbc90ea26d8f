// The judgement parameters of one enzyme-inhibition standard, as data (enzyme-inhibition.md
// §5, domain.md "Judgement rules"). The LIMS loads them from config/; the defaults below are
// the documented values, kept in one place so config/ and the tests agree.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "lims/judgement/quantities.hpp"
#include "protocols/result.hpp"

namespace kj::lims {

struct InhibitionStandard {
  std::string name;  // "GB/T 5009.199-2003"
  Percent positive_at_or_above{50.0};
  // (policy) Rounded rates in [suspect_from, positive_at_or_above) are `suspect`; none → no band.
  std::optional<Percent> suspect_from;
  // (policy) A control ΔA below this invalidates the batch; none → only C1 (ΔAc ≤ 0) applies.
  std::optional<Absorbance> min_control_delta_a;
};

// name not empty; 0 < positive_at_or_above ≤ 100; 0 ≤ suspect_from < positive_at_or_above;
// min_control_delta_a > 0; all finite.
Status validate(const InhibitionStandard& standard);

// GB/T 5009.199-2003: positive ≥ 50 %, suspect from 40 % (policy), control ΔA ≥ 0.3 (policy).
InhibitionStandard gb_t_5009_199_2003();
// NY/T 448-2001: positive ≥ 70 %, no suspect band, control ΔA ≥ 0.3 (policy).
InhibitionStandard ny_t_448_2001();
std::vector<InhibitionStandard> default_inhibition_standards();

// The standard whose name matches `name`, ignoring ASCII case, spaces and the full-width forms
// Chinese documents use ("GB/T 5009.199—2003" finds "GB/T 5009.199-2003"). No match → an
// `not_found` error listing the configured names.
Result<InhibitionStandard> find_inhibition_standard(std::span<const InhibitionStandard> standards,
                                                    std::string_view name);

// The limit as the platforms write it: "<50%".
std::string limit_text(const InhibitionStandard& standard);

}  // namespace kj::lims
