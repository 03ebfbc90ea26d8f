// The public results board (结果公示): the day's results of a market, or of a "you order, we
// test" event, as the public should read them — sample, stall, item, 合格 / 不合格 / 待复检, the
// test time and, for a positive, its disposal (the case and how far it has gone). Written for a
// screen at the booth: Chinese first, large type, high contrast.
//
// No personal data: the lines carry no citizen, vendor name, ID number or phone, so the page
// cannot show them. The county hub builds the same Board from the records booths pushed
// (lims/hub/hub_board.hpp) and serves it live.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lims/cases/working_calendar.hpp"
#include "lims/judgement/rulebook.hpp"
#include "lims/storage/database.hpp"
#include "lims/time.hpp"
#include "protocols/result.hpp"

namespace kj::lims::reports {

// One sample × item.
struct BoardLine {
  std::string sample_number, sample_name, stall, source, item_code, item_name;
  // negative | positive (confirmed) | suspect | retest_pending | invalid | untested
  std::string standing;
  std::string value_text;
  std::string tested_at;  // ISO 8601 UTC of the latest test, '' when untested
  std::string case_number, case_state;
};

struct Board {
  std::string kind;    // market | event
  std::string code;    // market code or event code
  std::string title;   // the market's name or the event's title
  std::string place;   // township / the event's place
  std::string day;     // YYYY-MM-DD, local
  std::string window;  // an event's HH:MM–HH:MM; '' for a market
  std::vector<BoardLine> lines;
};

// Samples of the market sampled or tested on `day` (local), in registration order.
// Errc::not_found naming the market.
Result<Board> market_board(storage::Database& db, const Rulebook& rules, const std::string& market_code, LocalDay day,
                           std::chrono::minutes utc_offset);
// The event's samples (from summarize_event, which carries no citizen data).
Result<Board> event_board(storage::Database& db, const Rulebook& rules, const std::string& event_key);

struct BoardRender {
  Timestamp now;  // "updated at"
  std::chrono::minutes utc_offset{8 * 60};
  std::optional<int> refresh_seconds;  // the hub's live board reloads itself
};

std::string render_board(const Board& board, const BoardRender& render);

// How the public reads a standing: 合格 / 不合格 / 待复检 / 无效 / 待检测.
Text standing_text(std::string_view standing);
// The line under it: 阴性 / 阳性（已确认）/ 初检阳性，复检中 …
Text standing_detail(std::string_view standing);
// The local time of an ISO 8601 UTC instant, "HH:MM"; '' when it is not one.
std::string local_clock(const std::string& iso, std::chrono::minutes utc_offset);

}  // namespace kj::lims::reports
