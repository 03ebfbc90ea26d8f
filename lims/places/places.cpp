#include "lims/places/places.hpp"

#include <algorithm>

#include "lims/records/uuid.hpp"
#include "lims/records/validate.hpp"

namespace kj::lims {
namespace {

std::optional<std::int64_t> find_vendor_id(storage::Database& db, const std::string& name, const std::string& id_number,
                                           int* matches) {
  auto& select = db.prepare("SELECT id FROM vendor WHERE name = ? AND (? = '' OR id_number = ?)");
  select.bind(1, name).bind(2, id_number).bind(3, id_number);
  std::optional<std::int64_t> id;
  *matches = 0;
  while (select.step()) {
    id = select.column_int64(0);
    ++*matches;
  }
  return id;
}

}  // namespace

TownshipId ensure_township(storage::Database& db, const Actor& actor, const std::string& name) {
  auto& select = db.prepare("SELECT id FROM township WHERE name = ?");
  select.bind(1, name);
  if (select.step()) return TownshipId{select.column_int64(0)};
  db.prepare("INSERT INTO township(uuid, name) VALUES (?, ?)").bind(1, new_uuid()).bind(2, name).run();
  const TownshipId id{db.last_insert_rowid()};
  record_change(db, actor, "insert", "township", id.value);
  return id;
}

Result<MarketId> add_market(storage::Database& db, const Actor& actor, const MarketInput& raw) {
  MarketInput input{trimmed(raw.code), trimmed(raw.name), trimmed(raw.township), trimmed(raw.kind),
                    trimmed(raw.address)};
  if (!is_code(input.code)) {
    return invalid_field("code", "letters, digits, - or _ (1–32 characters)", "字母、数字、- 或 _（1–32 个字符）",
                         input.code);
  }
  if (input.name.empty() || !fits(input.name, 64))
    return invalid_field("name", "a name of 1–64 characters", "1–64 个字的名称");
  if (input.kind.empty()) input.kind = "farmers_market";
  static const std::vector<std::string> kinds{"farmers_market", "supermarket", "canteen", "producer", "other"};
  if (std::find(kinds.begin(), kinds.end(), input.kind) == kinds.end()) {
    return invalid_field("kind", "farmers_market, supermarket, canteen, producer or other",
                         "farmers_market、supermarket、canteen、producer 或 other", input.kind);
  }
  return db.transact([&]() -> Result<MarketId> {
    auto& exists = db.prepare("SELECT 1 FROM market WHERE code = ?");
    exists.bind(1, input.code);
    if (exists.step()) return already_exists("market", "市场", input.code);
    std::optional<std::int64_t> township;
    if (!input.township.empty()) township = ensure_township(db, actor, input.township).value;
    db.prepare("INSERT INTO market(uuid, code, name, township_id, kind, address, created_at) VALUES (?,?,?,?,?,?,?)")
        .bind(1, new_uuid())
        .bind(2, input.code)
        .bind(3, input.name)
        .bind(4, township)
        .bind(5, input.kind)
        .bind(6, input.address.empty() ? std::optional<std::string>{} : input.address)
        .bind(7, to_iso8601(actor.now))
        .run();
    const MarketId id{db.last_insert_rowid()};
    record_change(db, actor, "insert", "market", id.value);
    return id;
  });
}

namespace {
constexpr const char* kMarketSelect =
    "SELECT m.id, m.uuid, m.code, m.name, coalesce(t.name, ''), m.kind, coalesce(m.address, '') "
    "FROM market m LEFT JOIN township t ON t.id = m.township_id ";

Market market_from(const storage::Statement& s) {
  return Market{MarketId{s.column_int64(0)},
                s.column_text(1),
                s.column_text(2),
                s.column_text(3),
                s.column_text(4),
                s.column_text(5),
                s.column_text(6)};
}
}  // namespace

Result<std::vector<Market>> list_markets(storage::Database& db) {
  return storage::read<std::vector<Market>>([&] {
    std::vector<Market> out;
    auto& select = db.prepare(std::string(kMarketSelect) + "ORDER BY m.code");
    while (select.step()) out.push_back(market_from(select));
    return out;
  });
}

Result<Market> find_market(storage::Database& db, const std::string& code_or_name) {
  auto found = storage::read<std::optional<Market>>([&]() -> std::optional<Market> {
    auto& select = db.prepare(std::string(kMarketSelect) + "WHERE m.code = ? OR m.name = ? ORDER BY m.code = ? DESC");
    select.bind(1, code_or_name).bind(2, code_or_name).bind(3, code_or_name);
    if (!select.step()) return std::nullopt;
    auto market = market_from(select);
    select.reset();
    return market;
  });
  if (!found) return found.error();
  if (!*found) return not_found("market", "市场", code_or_name);
  return **found;
}

Result<VendorId> add_vendor(storage::Database& db, const Actor& actor, const VendorInput& raw) {
  const VendorInput input{trimmed(raw.name), trimmed(raw.id_number), trimmed(raw.phone)};
  if (input.name.empty() || !fits(input.name, 64))
    return invalid_field("name", "a name of 1–64 characters", "1–64 个字的名称");
  if (!input.id_number.empty() && !is_id_or_credit_code(input.id_number)) {
    return invalid_field("id_number", "an 18-character ID card number or unified social credit code",
                         "18 位身份证号或统一社会信用代码", input.id_number);
  }
  if (!input.phone.empty() && !is_phone(input.phone)) {
    return invalid_field("phone", "an 11-digit mobile number or a landline number", "11 位手机号或固定电话号码",
                         input.phone);
  }
  return db.transact([&]() -> Result<VendorId> {
    // Identity is name + ID number (the unique index vendor_identity); same name, other ID = another vendor.
    auto& same = db.prepare("SELECT 1 FROM vendor WHERE name = ? AND coalesce(id_number, '') = ?");
    same.bind(1, input.name).bind(2, input.id_number);
    if (same.step()) return already_exists("vendor", "经营户", input.name);
    const auto optional = [](const std::string& s) { return s.empty() ? std::optional<std::string>{} : s; };
    db.prepare("INSERT INTO vendor(uuid, name, id_number, phone, created_at) VALUES (?,?,?,?,?)")
        .bind(1, new_uuid())
        .bind(2, input.name)
        .bind(3, optional(input.id_number))
        .bind(4, optional(input.phone))
        .bind(5, to_iso8601(actor.now))
        .run();
    const VendorId id{db.last_insert_rowid()};
    record_change(db, actor, "insert", "vendor", id.value);
    return id;
  });
}

Result<std::vector<Vendor>> list_vendors(storage::Database& db) {
  return storage::read<std::vector<Vendor>>([&] {
    std::vector<Vendor> out;
    auto& select =
        db.prepare("SELECT id, uuid, name, coalesce(id_number, ''), coalesce(phone, '') FROM vendor ORDER BY name, id");
    while (select.step()) {
      out.push_back(Vendor{VendorId{select.column_int64(0)}, select.column_text(1), select.column_text(2),
                           select.column_text(3), select.column_text(4)});
    }
    return out;
  });
}

Result<StallId> add_stall(storage::Database& db, const Actor& actor, const StallInput& raw) {
  const StallInput input{trimmed(raw.market), trimmed(raw.number), trimmed(raw.vendor), trimmed(raw.vendor_id_number)};
  if (input.number.empty() || !fits(input.number, 32)) {
    return invalid_field("number", "a stall number of 1–32 characters", "1–32 个字符的摊位号");
  }
  auto market = find_market(db, input.market);
  if (!market) return market.error();
  return db.transact([&]() -> Result<StallId> {
    std::optional<std::int64_t> vendor;
    if (!input.vendor.empty()) {
      int matches = 0;
      vendor = find_vendor_id(db, input.vendor, input.vendor_id_number, &matches);
      if (!vendor) return not_found("vendor", "经营户", input.vendor);
      if (matches > 1) {
        return invalid_field("vendor_id_number", "the vendor's ID number: several vendors are named " + input.vendor,
                             "经营户证件号：有多个经营户名为" + input.vendor);
      }
    }
    auto& exists = db.prepare("SELECT 1 FROM stall WHERE market_id = ? AND number = ?");
    exists.bind(1, market->id.value).bind(2, input.number);
    if (exists.step()) return already_exists("stall", "摊位", market->code + "/" + input.number);
    db.prepare("INSERT INTO stall(uuid, market_id, number, vendor_id, created_at) VALUES (?,?,?,?,?)")
        .bind(1, new_uuid())
        .bind(2, market->id.value)
        .bind(3, input.number)
        .bind(4, vendor)
        .bind(5, to_iso8601(actor.now))
        .run();
    const StallId id{db.last_insert_rowid()};
    record_change(db, actor, "insert", "stall", id.value);
    return id;
  });
}

Result<std::vector<Stall>> list_stalls(storage::Database& db, const std::string& market_code) {
  return storage::read<std::vector<Stall>>([&] {
    std::vector<Stall> out;
    auto& select = db.prepare(
        "SELECT s.id, s.uuid, m.code, m.name, s.number, coalesce(v.name, '') FROM stall s "
        "JOIN market m ON m.id = s.market_id LEFT JOIN vendor v ON v.id = s.vendor_id "
        "WHERE ? = '' OR m.code = ? ORDER BY m.code, s.number");
    select.bind(1, market_code).bind(2, market_code);
    while (select.step()) {
      out.push_back(Stall{StallId{select.column_int64(0)}, select.column_text(1), select.column_text(2),
                          select.column_text(3), select.column_text(4), select.column_text(5)});
    }
    return out;
  });
}

}  // namespace kj::lims
