// The hub's live public board (GET /board?market=CODE[&date=YYYY-MM-DD]): the page of
// lims/reports/board.hpp built from the records the booths pushed — their market, stall,
// sample, result and disposal_case rows, whose payloads are the booth tables' columns
// (lims/records/row_json.cpp). Unsigned and public, so it shows only what the booth's own board
// shows: no vendor, no citizen contact. It reloads itself every minute.
//
// Ids in payloads are the booth's own row ids, so every join stays within one booth. A market
// code known to several booths (the same market from the county's master data) gathers them
// all. Standing at the hub, without the booth's rule book: a sample × item with a rapid case
// (not released) is positive; a first positive or suspect with fewer than two retests and no
// case is awaiting its retests; one whose retests did not open a case is negative.
#pragma once

#include <chrono>
#include <string>

#include "lims/hub/hub_store.hpp"
#include "lims/reports/board.hpp"

namespace kj::lims::hub {

// `day` YYYY-MM-DD (local). Errc::not_found naming the market when no booth sent it.
Result<reports::Board> hub_market_board(HubStore& store, const std::string& market_code, const std::string& day,
                                        std::chrono::minutes utc_offset);

// The page: market and date from the query parameters (date: today, local, when absent).
// Errc::invalid_input naming `market` or `date` when missing or malformed.
Result<std::string> hub_board_page(HubStore& store, const std::string& market_code, const std::string& date,
                                   Timestamp now, std::chrono::minutes utc_offset = std::chrono::hours(8));

}  // namespace kj::lims::hub
