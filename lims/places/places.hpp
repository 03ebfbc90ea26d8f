// Where samples come from: township → market → stall, and the vendor (经营户) of a stall.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "lims/ids.hpp"
#include "lims/records/change_log.hpp"
#include "lims/storage/database.hpp"

namespace kj::lims {

struct MarketInput {
  std::string code;
  std::string name;
  std::string township;  // name; created when new; empty = none
  std::string kind = "farmers_market";
  std::string address;
};

struct Market {
  MarketId id;
  std::string uuid;
  std::string code;
  std::string name;
  std::string township;
  std::string kind;
  std::string address;
};

struct VendorInput {
  std::string name;
  std::string id_number;  // ID card or unified social credit code; optional
  std::string phone;      // optional
};

struct Vendor {
  VendorId id;
  std::string uuid;
  std::string name;
  std::string id_number;
  std::string phone;
};

struct StallInput {
  std::string market;  // market code
  std::string number;
  std::string vendor;  // vendor name (and, when several share it, vendor_id_number); optional
  std::string vendor_id_number;
};

struct Stall {
  StallId id;
  std::string uuid;
  std::string market_code;
  std::string market_name;
  std::string number;
  std::string vendor;
};

Result<MarketId> add_market(storage::Database& db, const Actor& actor, const MarketInput& input);
Result<std::vector<Market>> list_markets(storage::Database& db);
Result<Market> find_market(storage::Database& db, const std::string& code_or_name);

Result<VendorId> add_vendor(storage::Database& db, const Actor& actor, const VendorInput& input);
Result<std::vector<Vendor>> list_vendors(storage::Database& db);

Result<StallId> add_stall(storage::Database& db, const Actor& actor, const StallInput& input);
Result<std::vector<Stall>> list_stalls(storage::Database& db, const std::string& market_code = {});

// Inside a transaction: the township of that name, created (and audited) when new.
TownshipId ensure_township(storage::Database& db, const Actor& actor, const std::string& name);

}  // namespace kj::lims
