// Master data (基础数据) the county publishes on the hub and every booth pulls: the catalogue,
// the places and the sampling plans. This unit is both ends of that exchange — the records the
// county side builds (`kuaijian hub publish`) and the booth side that fetches them incrementally
// and applies them (`kuaijian sync pull`) — so the format is defined in one place.
//
// Kinds, in the order a booth applies them (later kinds refer to earlier ones), each record
// with its stable key and its payload (a JSON object):
//   category   name                           {"name"}
//   commodity  name                           {"name","category","subcategory"}
//   item       code                           {"code","name_zh","name_en","method","standard","unit","not_detected"}
//   limit      commodity|item|standard|from   {"commodity","item","standard","value","unit","effective_from",
//                                               "effective_to"}           (dates YYYY-MM-DD, to may be null)
//   township   name                           {"name","code"}
//   market     code                           {"code","name","township","kind","address"}
//   stall      market/number                  {"market","number","vendor":{"name","id_number","phone"}}
//   plan       year/name                      the JSON plan format of lims/plans/plan_file.hpp with the
//                                              quarters split into months; each quota becomes one task
// The hub numbers every change with one sequence (GET /api/v1/master/{kind}?since=N); the booth
// keeps, per kind, the last number it applied (table master_cursor).
//
// Applying: one transaction per kind, the cursor moving in the same transaction, so nothing is
// applied twice and an interrupted pull loses nothing. A record whose version is already
// applied is skipped. Places and catalogue rows are upserted by their natural keys with the
// checks of the CLI (`market add`, `stall add`, config/catalogue.json); places changes are
// audited and queued for the hub like any local change (record_change). Nothing is deleted.
// Plans go through `plan import --replace` (import_plan), which is its own transaction per
// plan; if the booth stops between a plan's import and the bookkeeping that follows, the next
// pull imports that plan once more, which changes no quota.
// A record the booth cannot apply (bad payload, unknown market or category) is held in
// master_applied with its reason, reported at every pull, and tried again until it applies or
// the hub sends a newer version; it never stops the other records.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lims/config/config.hpp"
#include "lims/plans/plan_file.hpp"
#include "lims/records/change_log.hpp"
#include "lims/storage/database.hpp"
#include "lims/sync/sync_client.hpp"

namespace kj::lims::sync {

// Every kind, in the order they are pulled and applied.
const std::vector<std::string>& master_kinds();
// What a kind is called in messages ("markets" / "市场"); the kind itself when unknown.
Text master_kind_text(const std::string& kind);

// ---- county side: building the records to publish -------------------------------------------

struct MasterRecord {
  std::string kind;
  std::string key;
  std::string payload;  // canonical JSON text of an object
};

// Categories, commodities, items and limits of a loaded config folder.
std::vector<MasterRecord> catalogue_master_records(const config::Catalogue& catalogue);

// A places file (JSON, // comments allowed):
//   {"townships": [{"name": "城南街道", "code": "330602001"}],
//    "markets":   [{"code": "CN01", "name": "城南农贸市场", "township": "城南街道",
//                   "kind": "farmers_market", "address": "…"}],
//    "stalls":    [{"market": "CN01", "number": "A-12",
//                   "vendor": {"name": "张三", "id_number": "…", "phone": "…"}}]}
// Every section is optional; township, kind, address, code and vendor may be left out. The
// checks are those of `market add` / `vendor add` / `stall add`; errors name the entry
// (markets[2].code) and what was expected.
Result<std::vector<MasterRecord>> places_master_records(std::string_view text);

// One plan of a plan file (CSV or JSON, as `plan import` reads it).
MasterRecord plan_master_record(const PlanFile& plan);

// ---- booth side: fetching and applying --------------------------------------------------------

struct MasterRow {
  std::string key;
  std::int64_t version = 0;
  std::int64_t seq = 0;
  std::string payload;
};

struct MasterPage {
  std::vector<MasterRow> rows;
  std::int64_t next = 0;  // the cursor after these rows
  bool more = false;      // another page follows
};

// Reads the hub's answer to GET /api/v1/master/{kind}.
Result<MasterPage> read_master_page(const std::string& body);

// A record of the hub not applied (now or still), and why.
struct MasterHeld {
  std::string kind;
  std::string key;
  std::int64_t version = 0;
  Text reason;
};

struct MasterKindReport {
  std::string kind;
  int fetched = 0;    // rows the hub sent this time
  int applied = 0;    // records applied to the local tables (new, changed, or held before)
  int unchanged = 0;  // versions already applied
  int held = 0;       // records not applied (see MasterPullReport::held)
  std::int64_t cursor = 0;
};

struct MasterPullReport {
  std::vector<MasterKindReport> kinds;
  std::vector<MasterHeld> held;
  // Set when the hub could not be asked (unreachable, refused, bad answer): the kinds after
  // the one named were not pulled this time.
  std::optional<Text> failure;
  bool hub_reachable = true;

  [[nodiscard]] int fetched() const;
  [[nodiscard]] int applied() const;
  [[nodiscard]] int unchanged() const;
};

// Applies `rows` of `kind` (and tries again the records of that kind held before), then moves
// the kind's cursor to `next`. Records not applied are appended to `held`.
Result<MasterKindReport> apply_master_rows(storage::Database& db, const std::string& kind,
                                           const std::vector<MasterRow>& rows, std::int64_t next, const Actor& actor,
                                           std::vector<MasterHeld>& held);

// Pulls every kind from the hub (signed GETs through `client`), page by page, and applies it.
Result<MasterPullReport> pull_master(storage::Database& db, SyncClient& client, const Actor& actor,
                                     const std::function<Timestamp()>& clock);

// The records currently held, for `sync status`-like views.
Result<std::vector<MasterHeld>> held_master_records(storage::Database& db);

}  // namespace kj::lims::sync
