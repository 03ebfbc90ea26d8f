// "You order, we test" events (你点我检 / 你送我检, shared/specs/domain.md "Events"): an event
// at a place on a day within a time window; citizens' orders (votes for a food, optionally an
// item) entered or imported from CSV; the top N foods become tasks; walk-in samples registered
// on the spot with the citizen's contact; consultations; then the normal batch flow tests the
// samples; closing the event freezes it. Every change is audited and queued for the hub.
//
// Citizens' names and contacts are stored for follow-up only: nothing here that is meant for
// the public (the summary's lists) carries them.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "lims/ids.hpp"
#include "lims/judgement/rulebook.hpp"
#include "lims/records/change_log.hpp"
#include "lims/samples/samples.hpp"
#include "lims/storage/database.hpp"

namespace kj::lims {

using EventId = Id<struct EventTag>;

struct EventInput {
  std::string title;           // e.g. 你点我检·城南农贸市场
  std::string kind = "order";  // order (你点我检) | send (你送我检)
  std::string place;           // where it is held
  std::string market;          // market code, when held at a market; optional
  std::string day;             // YYYY-MM-DD (local)
  std::string starts;          // HH:MM (local)
  std::string ends;            // HH:MM (local), after starts
  std::string booth;           // the booth (or team) that tests; optional
  std::string note;
};

struct EventRow {
  EventId id;
  std::string uuid, code, title, kind, place, market_code, market_name, day, starts, ends, booth, note, state;
  std::string closed_at;  // empty while open
};

// Errc::invalid_input naming the field (title, kind, place, day, starts, ends); not_found for
// an unknown market.
Result<EventRow> create_event(storage::Database& db, const Actor& actor, const EventInput& input,
                              std::chrono::minutes utc_offset);
// By code (E20261123-01) or uuid.
Result<EventRow> find_event(storage::Database& db, const std::string& key);
Result<std::vector<EventRow>> list_events(storage::Database& db);

struct OrderInput {
  std::string food;  // required
  std::string item;  // catalogue item code; optional
  int votes = 1;
  std::string citizen;
  std::string contact;
};

// An order on an open event (Errc::conflict once it is closed).
Status add_order(storage::Database& db, const Actor& actor, const std::string& event, const OrderInput& input);

struct OrderImport {
  int imported = 0;
  std::vector<Text> problems;  // "line N: …" for each line refused; the others are imported
};
// CSV with a header naming at least `food` (and optionally item, votes, citizen, contact), in
// any order, UTF-8. All good lines in one transaction.
Result<OrderImport> import_orders(storage::Database& db, const Actor& actor, const std::string& event,
                                  const std::filesystem::path& csv);

struct OrderTally {
  std::string food;
  std::string item;        // '' when the orders named none
  int votes = 0;           // sum of votes
  int orders = 0;          // number of orders
  std::string task_title;  // the task it became, if any
};
// Foods by votes, most first (ties: more orders, then name).
Result<std::vector<OrderTally>> tally_orders(storage::Database& db, const std::string& event);

// The top `n` tallies become tasks of the event (due on its day); foods that have a task
// already are skipped. Returns the tasks' titles.
Result<std::vector<std::string>> orders_to_tasks(storage::Database& db, const Actor& actor, const std::string& event,
                                                 int n);

// A sample registered at the event: `sample.source` walk_in (默认) or event_order; the
// citizen's contact is kept with it (never published).
Result<Registered> register_event_sample(storage::Database& db, const Actor& actor, const std::string& event,
                                         SampleInput sample, const std::string& citizen_contact,
                                         std::chrono::minutes utc_offset);

struct ConsultationInput {
  std::string topic;  // required
  std::string answer;
  std::string citizen;
  std::string contact;
};
Status record_consultation(storage::Database& db, const Actor& actor, const std::string& event,
                           const ConsultationInput& input);

// Errc::conflict when already closed.
Result<EventRow> close_event(storage::Database& db, const Actor& actor, const std::string& event);

// One tested sample of the event, for the summary, the board and the event report: no
// citizen data.
struct EventSampleLine {
  std::string sample_number, sample_name, source, stall;
  std::string item_code, item_name;
  std::string verdict;  // the sample's standing: negative | positive (confirmed) | suspect | retest pending | invalid |
                        // untested
  std::string value_text;   // e.g. "63.2 %"
  std::string tested_at;    // ISO 8601 UTC of the latest test, '' when untested
  std::string case_number;  // the disposal case of a positive, if any
  std::string case_state;
};

struct EventSummary {
  EventRow event;
  int orders = 0;
  int votes = 0;
  int samples = 0;    // registered at the event
  int batches = 0;    // analyzer runs that tested its samples
  int tested = 0;     // samples with at least one valid result
  int positives = 0;  // samples whose standing is positive
  int consultations = 0;
  std::vector<OrderTally> most_ordered;  // at most 10
  std::vector<EventSampleLine> lines;    // in registration order
};
// `rules` decides each sample's standing from its results (retests confirm a positive).
Result<EventSummary> summarize_event(storage::Database& db, const Rulebook& rules, const std::string& event);

}  // namespace kj::lims
