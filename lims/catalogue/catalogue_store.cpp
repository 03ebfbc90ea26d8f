#include "lims/catalogue/catalogue_store.hpp"

#include "lims/catalogue/catalogue_text.hpp"
#include "lims/records/validate.hpp"
#include "lims/time.hpp"

namespace kj::lims {
namespace {

std::int64_t id_of(storage::Database& db, const char* sql, const std::string& key) {
  auto& select = db.prepare(sql);
  select.bind(1, key);
  if (!select.step()) throw storage::StorageError(0, std::string("missing catalogue key: ") + key);
  const auto id = select.column_int64(0);
  select.reset();
  return id;
}

}  // namespace

Result<SyncCounts> sync_catalogue(storage::Database& db, const config::Config& config) {
  return db.transact([&]() -> Result<SyncCounts> {
    SyncCounts counts;
    const auto& c = config.catalogue;
    for (const auto& category : c.categories) {
      db.prepare("INSERT INTO category(name) VALUES (?) ON CONFLICT(name) DO NOTHING").bind(1, category).run();
      ++counts.categories;
    }
    for (const auto& commodity : c.commodities) {
      db.prepare(
            "INSERT INTO commodity(name, category_id, subcategory) VALUES (?, (SELECT id FROM category WHERE name = "
            "?), ?) "
            "ON CONFLICT(name) DO UPDATE SET category_id = excluded.category_id, subcategory = excluded.subcategory")
          .bind(1, commodity.name)
          .bind(2, commodity.category)
          .bind(3, commodity.subcategory)
          .run();
      ++counts.commodities;
    }
    for (const auto& item : c.items) {
      db.prepare(
            "INSERT INTO test_item(code, name_zh, name_en, method, standard, unit, not_detected) VALUES "
            "(?,?,?,?,?,?,?) "
            "ON CONFLICT(code) DO UPDATE SET name_zh = excluded.name_zh, name_en = excluded.name_en, "
            "method = excluded.method, standard = excluded.standard, unit = excluded.unit, "
            "not_detected = excluded.not_detected")
          .bind(1, item.code)
          .bind(2, item.name_zh)
          .bind(3, item.name_en)
          .bind(4, method_name(item.method))
          .bind(5, item.standard)
          .bind(6, item.unit)
          .bind(7, item.not_detected ? 1 : 0)
          .run();
      ++counts.items;
    }
    for (const auto& limit : c.limits) {
      db.prepare(
            "INSERT INTO limit_rule(commodity_id, item_id, standard, value, unit, effective_from, effective_to) "
            "VALUES (?,?,?,?,?,?,?) ON CONFLICT(commodity_id, item_id, standard, effective_from) DO UPDATE SET "
            "value = excluded.value, unit = excluded.unit, effective_to = excluded.effective_to")
          .bind(1, id_of(db, "SELECT id FROM commodity WHERE name = ?", limit.commodity))
          .bind(2, id_of(db, "SELECT id FROM test_item WHERE code = ?", limit.item))
          .bind(3, limit.standard)
          .bind(4, limit.value)
          .bind(5, limit.unit)
          .bind(6, iso_date(limit.effective_from))
          .bind(7, limit.effective_to ? std::optional<std::string>(iso_date(*limit.effective_to)) : std::nullopt)
          .run();
      ++counts.limits;
    }
    // The built-in "manual" device: results typed in by hand, its codes are the catalogue's own.
    db.prepare("INSERT INTO device(name, protocol) VALUES ('manual', 'manual') ON CONFLICT(name) DO NOTHING").run();
    db.prepare(
          "INSERT INTO device_item_map(device_id, device_code, item_id) "
          "SELECT d.id, i.code, i.id FROM device d, test_item i WHERE d.name = 'manual' "
          "ON CONFLICT(device_id, device_code) DO UPDATE SET item_id = excluded.item_id")
        .run();
    for (const auto& device : config.devices) {
      db.prepare(
            "INSERT INTO device(name, maker, model, serial, protocol) VALUES (?,?,?,?,?) ON CONFLICT(name) DO UPDATE "
            "SET maker = excluded.maker, model = excluded.model, serial = excluded.serial, protocol = "
            "excluded.protocol")
          .bind(1, device.name)
          .bind(2, device.maker)
          .bind(3, device.model)
          .bind(4, device.serial)
          .bind(5, device.protocol)
          .run();
      ++counts.devices;
      const auto device_id = id_of(db, "SELECT id FROM device WHERE name = ?", device.name);
      for (const auto& [code, item] : device.item_codes) {
        db.prepare(
              "INSERT INTO device_item_map(device_id, device_code, item_id) VALUES (?, ?, ?) "
              "ON CONFLICT(device_id, device_code) DO UPDATE SET item_id = excluded.item_id")
            .bind(1, device_id)
            .bind(2, code)
            .bind(3, id_of(db, "SELECT id FROM test_item WHERE code = ?", item))
            .run();
        ++counts.mappings;
      }
    }
    return counts;
  });
}

namespace {
constexpr const char* kItemSelect =
    "SELECT id, code, name_zh, name_en, method, standard, unit, not_detected FROM test_item ";
ItemRow item_from(const storage::Statement& s) {
  return ItemRow{ItemId{s.column_int64(0)}, s.column_text(1), s.column_text(2), s.column_text(3),
                 s.column_text(4),          s.column_text(5), s.column_text(6), s.column_int64(7) != 0};
}
}  // namespace

Result<std::vector<ItemRow>> list_items(storage::Database& db) {
  return storage::read<std::vector<ItemRow>>([&] {
    std::vector<ItemRow> out;
    auto& select = db.prepare(std::string(kItemSelect) + "ORDER BY code");
    while (select.step()) out.push_back(item_from(select));
    return out;
  });
}

Result<ItemRow> find_item(storage::Database& db, const std::string& code) {
  auto found = storage::read<std::optional<ItemRow>>([&]() -> std::optional<ItemRow> {
    auto& select = db.prepare(std::string(kItemSelect) + "WHERE code = ? OR name_zh = ?");
    select.bind(1, code).bind(2, code);
    if (!select.step()) return std::nullopt;
    auto item = item_from(select);
    select.reset();
    return item;
  });
  if (!found) return found.error();
  if (!*found) return not_found("test item", "检测项目", code);
  return **found;
}

Result<std::vector<LimitRow>> list_limits(storage::Database& db) {
  return storage::read<std::vector<LimitRow>>([&] {
    std::vector<LimitRow> out;
    auto& select = db.prepare(
        "SELECT c.name, i.code, l.standard, l.unit, l.effective_from, coalesce(l.effective_to, ''), l.value "
        "FROM limit_rule l JOIN commodity c ON c.id = l.commodity_id JOIN test_item i ON i.id = l.item_id "
        "ORDER BY c.name, i.code, l.effective_from");
    while (select.step()) {
      out.push_back(LimitRow{select.column_text(0), select.column_text(1), select.column_text(2), select.column_text(3),
                             select.column_text(4), select.column_text(5), select.column_double(6)});
    }
    return out;
  });
}

Result<std::vector<CommodityRow>> list_commodities(storage::Database& db) {
  return storage::read<std::vector<CommodityRow>>([&] {
    std::vector<CommodityRow> out;
    auto& select = db.prepare(
        "SELECT m.id, m.name, c.name, m.subcategory FROM commodity m JOIN category c ON c.id = m.category_id "
        "ORDER BY c.name, m.name");
    while (select.step()) {
      out.push_back(CommodityRow{CommodityId{select.column_int64(0)}, select.column_text(1), select.column_text(2),
                                 select.column_text(3)});
    }
    return out;
  });
}

std::optional<ItemId> mapped_item(storage::Database& db, DeviceId device, const std::string& device_code) {
  auto& select = db.prepare("SELECT item_id FROM device_item_map WHERE device_id = ? AND device_code = ?");
  select.bind(1, device.value).bind(2, device_code);
  if (!select.step()) return std::nullopt;
  const ItemId id{select.column_int64(0)};
  select.reset();
  return id;
}

Result<DeviceId> find_device_id(storage::Database& db, const std::string& name) {
  auto found = storage::read<std::optional<DeviceId>>([&]() -> std::optional<DeviceId> {
    auto& select = db.prepare("SELECT id FROM device WHERE name = ?");
    select.bind(1, name);
    if (!select.step()) return std::nullopt;
    const DeviceId id{select.column_int64(0)};
    select.reset();
    return id;
  });
  if (!found) return found.error();
  if (!*found) return not_found("device", "设备", name);
  return **found;
}

}  // namespace kj::lims
