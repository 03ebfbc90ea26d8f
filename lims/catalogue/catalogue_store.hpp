// The catalogue (categories, commodities, test items, limits) and the booth's devices with
// their item-code mappings, as stored in the database. Seeded from config/ by `kuaijian init`
// (and later refreshed from the county hub); lookups used by sample registration and judgement.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "lims/config/config.hpp"
#include "lims/ids.hpp"
#include "lims/storage/database.hpp"

namespace kj::lims {

struct SyncCounts {
  int categories = 0, commodities = 0, items = 0, limits = 0, devices = 0, mappings = 0;
};

// Inserts or updates everything of `config` (by natural keys: names, codes). Never deletes:
// results refer to items and devices. Runs in its own transaction.
Result<SyncCounts> sync_catalogue(storage::Database& db, const config::Config& config);

struct ItemRow {
  ItemId id;
  std::string code, name_zh, name_en, method, standard, unit;
  bool not_detected = false;
};

struct LimitRow {
  std::string commodity, item, standard, unit, effective_from, effective_to;
  double value = 0;
};

struct CommodityRow {
  CommodityId id;
  std::string name, category, subcategory;
};

Result<std::vector<ItemRow>> list_items(storage::Database& db);
Result<std::vector<LimitRow>> list_limits(storage::Database& db);
Result<std::vector<CommodityRow>> list_commodities(storage::Database& db);
Result<ItemRow> find_item(storage::Database& db, const std::string& code);

// The catalogue item a device's code maps to, if any (inside or outside a transaction).
std::optional<ItemId> mapped_item(storage::Database& db, DeviceId device, const std::string& device_code);
Result<DeviceId> find_device_id(storage::Database& db, const std::string& name);

}  // namespace kj::lims
