// Samples (样品): what was bought or taken, where, from whom, with the fields county platforms
// require (shared/specs/domain.md, Records).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "lims/ids.hpp"
#include "lims/records/change_log.hpp"
#include "lims/storage/database.hpp"

namespace kj::lims {

struct SampleInput {
  std::string number;    // empty → generated: YYYYMMDD-NNNN (local date)
  std::string name;      // commodity as sold, e.g. 韭菜
  std::string category;  // needed when the name is not a catalogue commodity
  std::string market;    // market code
  std::string stall;     // stall number in that market
  std::string origin;
  std::string supplier;
  std::string supplier_contact;
  std::string purchase_date;  // YYYY-MM-DD
  std::optional<double> quantity;
  std::string quantity_unit;       // kg, g, 份 …
  std::string certificate;         // number, or the text of its QR code
  std::string source = "routine";  // routine | plan_task | event_order | walk_in | complaint
  std::optional<std::int64_t> task;
  std::optional<std::int64_t> event;  // the open event (你点我检) it was registered at
  std::string citizen_contact;        // a walk-in's phone, for follow-up; never published
  std::string sampled_at;             // ISO 8601; empty → now
  std::string sampler;                // empty → the acting user
};

struct SampleRow {
  SampleId id;
  std::string uuid, number, name, category, market, stall, vendor, source, sampled_at, certificate;
};

struct Registered {
  SampleId id;
  std::string number;
};

Result<Registered> register_sample(storage::Database& db, const Actor& actor, const SampleInput& input,
                                   std::chrono::minutes local_offset);
Result<SampleRow> find_sample(storage::Database& db, const std::string& number_or_uuid);
Result<std::vector<SampleRow>> list_samples(storage::Database& db, const std::string& market_code = {});

}  // namespace kj::lims
