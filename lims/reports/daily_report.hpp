// The daily booth report (快检日报): one market, one local day — the figures, every sample's
// standing (as on the board), every test run (first tests and retests, with value, limit,
// tester and reviewer), the positives and their disposal cases, and a chart of the results
// per item and verdict. HTML with an inline SVG chart; each table also goes to CSV.
#pragma once

#include <chrono>
#include <string>

#include "lims/cases/working_calendar.hpp"
#include "lims/judgement/rulebook.hpp"
#include "lims/reports/report_table.hpp"
#include "lims/storage/database.hpp"
#include "lims/time.hpp"

namespace kj::lims::reports {

struct DailyQuery {
  std::string market;  // code
  LocalDay day;
  std::string booth;  // the installation's booth name, shown in the heading
  Timestamp now;
  std::chrono::minutes utc_offset{8 * 60};
};

// Tables: daily-figures, daily-samples, daily-results, daily-positives, daily-by-item.
// Errc::not_found naming the market.
Result<Report> daily_report(storage::Database& db, const Rulebook& rules, const DailyQuery& query);

}  // namespace kj::lims::reports
