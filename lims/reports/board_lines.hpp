// The lines of a market's day (sample × item, its standing and disposal), read from the booth
// database the way the event summary reads an event's (lims/events): the standing from the
// retest rule (conclusion_of), the case from disposal_case. Shared by the board and the daily
// report, so the two always agree.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "lims/cases/working_calendar.hpp"
#include "lims/ids.hpp"
#include "lims/judgement/rulebook.hpp"
#include "lims/reports/board.hpp"
#include "lims/storage/database.hpp"

namespace kj::lims::reports {

// YYYY-MM-DD.
std::string day_text(LocalDay day);

// The instants of a local day as stored text: [from, to).
struct DayBounds {
  std::string from;
  std::string to;
};
DayBounds day_bounds(LocalDay day, std::chrono::minutes utc_offset);

// Samples of `market` sampled on `day` or with a result tested on it, in registration order:
// one line per item tested, or one "untested" line.
Result<std::vector<BoardLine>> market_day_lines(storage::Database& db, const Rulebook& rules, MarketId market,
                                                LocalDay day, std::chrono::minutes utc_offset);

}  // namespace kj::lims::reports
