// The report of a "you order, we test" event (你点我检活动报告), from summarize_event (which
// carries no citizen data): the figures (orders, votes, samples, batches, tested, positives,
// consultations), the most ordered foods with a chart, every sample's standing with a chart of
// the conclusions, and the positives with their disposal. HTML with inline SVG; each table also
// goes to CSV.
#pragma once

#include <chrono>
#include <string>

#include "lims/judgement/rulebook.hpp"
#include "lims/reports/report_table.hpp"
#include "lims/storage/database.hpp"
#include "lims/time.hpp"

namespace kj::lims::reports {

struct EventReportQuery {
  std::string event;  // code or uuid
  Timestamp now;
  std::chrono::minutes utc_offset{8 * 60};
};

// Tables: event-figures, event-orders, event-samples, event-positives.
Result<Report> event_report(storage::Database& db, const Rulebook& rules, const EventReportQuery& query);

}  // namespace kj::lims::reports
