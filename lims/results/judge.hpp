// Judges one measurement by the configured rules, whatever wire it came from: enzyme
// inhibition (from A0/A3 against the batch control, or from the rate the device sent),
// colloidal gold (from C/T line readings), or a quantitative value against the MRL in force.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "lims/judgement/rulebook.hpp"
#include "lims/judgement/verdict_review.hpp"
#include "protocols/observation.hpp"

namespace kj::lims {

struct Measurement {
  std::string item_code;
  std::string method;     // inhibition | gold_line | gold_ratio | quantitative (the catalogue item's)
  std::string standard;   // judged under this standard (inhibition)
  std::string commodity;  // the sample's catalogue commodity, empty when unknown
  std::chrono::year_month_day tested_on;
  protocols::Readings readings;
  protocols::ObservedValue value;
  std::string unit;
  std::optional<protocols::Verdict> device_verdict;
  // Batch control (enzyme inhibition): A0/A3 of the control channel, when measured.
  std::optional<protocols::Readings> control;
};

struct Judged {
  protocols::Verdict verdict = protocols::Verdict::invalid;
  std::optional<double> value_number;  // the judged value (rounded as shown for inhibition)
  std::optional<std::string> value_text;
  std::string unit;
  std::string limit_text;
  VerdictReview review;
  std::vector<std::string> flags;  // machine codes, e.g. matrix_interference
  Text reason;
};

// Errors are rule problems (no limit in force, unknown standard): the measurement is then held.
Result<Judged> judge(const Rulebook& rules, const Measurement& m);

}  // namespace kj::lims
