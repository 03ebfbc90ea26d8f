// The county monthly report (月度报表) for one local calendar month:
// - plan progress against quota for the month, by food category and by township (the quotas
//   of that month and the samples of that month that count, matched as lims/plans/plan_progress
//   matches them), with charts;
// - positives by commodity and by test item: disposal cases opened in the month (a confirmed
//   rapid positive or a lab's non-conforming conclusion), less those released on a negative
//   recheck, with charts;
// - the on-time closure rate by township of the cases due in the month (the computation of
//   `kuaijian report closure`, lims/cases/closure_query.hpp), with a chart.
// HTML with inline SVG; each table also goes to CSV.
#pragma once

#include <chrono>
#include <string>

#include "lims/reports/report_table.hpp"
#include "lims/storage/database.hpp"
#include "lims/time.hpp"

namespace kj::lims::reports {

struct MonthlyQuery {
  int year = 0;
  unsigned month = 0;  // 1–12
  std::string plan;    // the plan's name, needed when the year has several
  std::string county;  // the county's name, for the headings
  Timestamp now;
  std::chrono::minutes utc_offset{8 * 60};
};

// Tables: monthly-figures, monthly-plan-by-category, monthly-plan-by-township,
// monthly-positives-by-commodity, monthly-positives-by-item, monthly-closure-by-township.
// A year without a plan gives empty plan tables and says so; several plans and no name is
// Errc::invalid_input naming --plan.
Result<Report> monthly_report(storage::Database& db, const MonthlyQuery& query);

}  // namespace kj::lims::reports
