#include "lims/sync/master_pull.hpp"

#include <algorithm>
#include <initializer_list>
#include <map>
#include <set>

#include "lims/catalogue/catalogue_text.hpp"
#include "lims/config/json_fields.hpp"
#include "lims/errors.hpp"
#include "lims/places/places.hpp"
#include "lims/plans/plan_import.hpp"
#include "lims/records/sha256.hpp"
#include "lims/records/uuid.hpp"
#include "lims/records/validate.hpp"
#include "lims/time.hpp"
#include "protocols/json_reader.hpp"
#include "protocols/json_writer.hpp"

namespace kj::lims::sync {
namespace {

using protocols::JsonValue;
using protocols::JsonWriter;

const std::vector<std::string> kMarketKinds{"farmers_market", "supermarket", "canteen", "producer", "other"};
const std::vector<std::string> kMethods{"inhibition", "gold_line", "gold_ratio", "quantitative"};

// Rows per page: plans are large (hundreds of quotas), the rest are a line each.
std::int64_t page_size(const std::string& kind) {
  return kind == "plan" ? 20 : 500;
}

std::string joined(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& name : names) out += (out.empty() ? "" : ", ") + name;
  return out;
}

// Typed reads from one JSON object; the first problem is kept (with the field's path) and the
// reads after it return empty values, so a validator reads every field and checks once.
class Fields {
 public:
  Fields(const JsonValue& object, std::string path) : object_(object), path_(std::move(path)) {}

  [[nodiscard]] std::string name(std::string_view key) const {
    return path_.empty() ? std::string(key) : path_ + "." + std::string(key);
  }

  // Absent or null → ""; a string is trimmed; a number keeps its spelling.
  std::string text(std::string_view key) {
    const auto* value = object_.find(key);
    if (value == nullptr || value->is_null()) return {};
    if (value->is_string()) return trimmed(value->as_string());
    if (value->is_number()) return value->as_string();
    fail(key, "text", "文本");
    return {};
  }

  std::optional<double> number(std::string_view key) {
    const auto* value = object_.find(key);
    if (value != nullptr && value->is_number()) return value->as_number();
    fail(key, "a number", "数字");
    return std::nullopt;
  }

  bool flag(std::string_view key) {
    const auto* value = object_.find(key);
    if (value == nullptr || value->is_null()) return false;
    if (value->is_bool()) return value->as_bool();
    fail(key, "true or false", "true 或 false");
    return false;
  }

  const JsonValue* object(std::string_view key) {
    const auto* value = object_.find(key);
    if (value == nullptr || value->is_null()) return nullptr;
    if (value->is_object()) return value;
    fail(key, "an object", "对象");
    return nullptr;
  }

  // A file the county writes is read strictly: a misspelt key must not be silently ignored.
  // (Payloads from the hub are read leniently, so a newer hub may add fields.)
  void only(std::initializer_list<std::string_view> known) {
    std::vector<std::string> names(known.begin(), known.end());
    for (const auto& member : object_.members()) {
      if (std::find(names.begin(), names.end(), member.name) == names.end() && !error_) {
        const auto where = path_.empty() ? std::string("payload") : path_;
        error_ = make_error(make_error_code(Errc::invalid_input),
                            where + ": unknown key \"" + member.name + "\" (expected " + joined(names) + ")",
                            where + "：未知的键“" + member.name + "”（应为 " + joined(names) + "）");
      }
    }
  }

  void check(bool ok, std::string_view key, std::string_view en, std::string_view zh, std::string_view got = {}) {
    if (!ok) fail(key, en, zh, got);
  }

  void adopt(const std::optional<Error>& error) {
    if (error && !error_) error_ = error;
  }

  [[nodiscard]] const std::optional<Error>& error() const { return error_; }

 private:
  void fail(std::string_view key, std::string_view en, std::string_view zh, std::string_view got = {}) {
    if (!error_) error_ = invalid_field(name(key), en, zh, got);
  }

  const JsonValue& object_;
  std::string path_;
  std::optional<Error> error_;
};

// ---- the records of each kind, as validated fields ---------------------------------------------

struct TownshipFields {
  std::string name, code;
};
struct MarketFields {
  std::string code, name, township, kind, address;
};
struct VendorFields {
  std::string name, id_number, phone;
};
struct StallFields {
  std::string market, number;
  std::optional<VendorFields> vendor;
};
struct CommodityFields {
  std::string name, category, subcategory;
};
struct ItemFields {
  std::string code, name_zh, name_en, method, standard, unit;
  bool not_detected = false;
};
struct LimitFields {
  std::string commodity, item, standard, unit, effective_from, effective_to;
  double value = 0;
};

bool is_date(const std::string& text) {
  return config::parse_date(text).has_value();
}

TownshipFields township_fields(Fields& f) {
  TownshipFields t{f.text("name"), f.text("code")};
  f.check(!t.name.empty() && fits(t.name, 64), "name", "a township name of 1–64 characters", "1–64 个字的镇乡名称",
          t.name);
  f.check(t.code.empty() || is_code(t.code), "code", "letters, digits, - or _ (1–32 characters)",
          "字母、数字、- 或 _（1–32 个字符）", t.code);
  return t;
}

MarketFields market_fields(Fields& f) {
  MarketFields m{f.text("code"), f.text("name"), f.text("township"), f.text("kind"), f.text("address")};
  if (m.kind.empty()) m.kind = "farmers_market";
  f.check(is_code(m.code), "code", "letters, digits, - or _ (1–32 characters)", "字母、数字、- 或 _（1–32 个字符）",
          m.code);
  f.check(!m.name.empty() && fits(m.name, 64), "name", "a name of 1–64 characters", "1–64 个字的名称", m.name);
  f.check(fits(m.township, 64), "township", "a township name of at most 64 characters", "不超过 64 个字的镇乡名称");
  f.check(std::find(kMarketKinds.begin(), kMarketKinds.end(), m.kind) != kMarketKinds.end(), "kind",
          "farmers_market, supermarket, canteen, producer or other",
          "farmers_market、supermarket、canteen、producer 或 other", m.kind);
  f.check(fits(m.address, 200), "address", "an address of at most 200 characters", "不超过 200 个字的地址");
  return m;
}

StallFields stall_fields(Fields& f, bool strict) {
  StallFields s{f.text("market"), f.text("number"), std::nullopt};
  f.check(is_code(s.market), "market", "the code of a market", "市场编码", s.market);
  f.check(!s.number.empty() && fits(s.number, 32), "number", "a stall number of 1–32 characters", "1–32 个字符的摊位号",
          s.number);
  if (const auto* vendor = f.object("vendor")) {
    Fields v(*vendor, f.name("vendor"));
    if (strict) v.only({"name", "id_number", "phone"});
    VendorFields fields{v.text("name"), v.text("id_number"), v.text("phone")};
    v.check(!fields.name.empty() && fits(fields.name, 64), "name", "a name of 1–64 characters", "1–64 个字的名称",
            fields.name);
    v.check(fields.id_number.empty() || is_id_or_credit_code(fields.id_number), "id_number",
            "an 18-character ID card number or unified social credit code", "18 位身份证号或统一社会信用代码",
            fields.id_number);
    v.check(fields.phone.empty() || is_phone(fields.phone), "phone", "an 11-digit mobile number or a landline number",
            "11 位手机号或固定电话号码", fields.phone);
    f.adopt(v.error());
    s.vendor = fields;
  }
  return s;
}

std::string category_field(Fields& f) {
  const auto name = f.text("name");
  f.check(!name.empty() && fits(name, 64), "name", "a category name of 1–64 characters", "1–64 个字的类别名称", name);
  return name;
}

CommodityFields commodity_fields(Fields& f) {
  CommodityFields c{f.text("name"), f.text("category"), f.text("subcategory")};
  f.check(!c.name.empty() && fits(c.name, 64), "name", "a commodity name of 1–64 characters", "1–64 个字的品种名称",
          c.name);
  f.check(!c.category.empty(), "category", "a food category", "食品类别");
  return c;
}

ItemFields item_fields(Fields& f) {
  ItemFields i{f.text("code"),     f.text("name_zh"), f.text("name_en"),     f.text("method"),
               f.text("standard"), f.text("unit"),    f.flag("not_detected")};
  f.check(is_code(i.code), "code", "letters, digits, - or _ (1–32 characters)", "字母、数字、- 或 _（1–32 个字符）",
          i.code);
  f.check(!i.name_zh.empty(), "name_zh", "the item's Chinese name", "检测项目的中文名称");
  f.check(std::find(kMethods.begin(), kMethods.end(), i.method) != kMethods.end(), "method",
          "inhibition, gold_line, gold_ratio or quantitative", "inhibition、gold_line、gold_ratio 或 quantitative",
          i.method);
  f.check(!i.unit.empty(), "unit", "a unit such as %, mg/kg", "单位，如 %、mg/kg");
  return i;
}

LimitFields limit_fields(Fields& f) {
  LimitFields l{f.text("commodity"), f.text("item"),           f.text("standard"),
                f.text("unit"),      f.text("effective_from"), f.text("effective_to")};
  const auto value = f.number("value");
  l.value = value.value_or(0);
  f.check(!l.commodity.empty(), "commodity", "a commodity of the catalogue", "目录中的食品品种");
  f.check(!l.item.empty(), "item", "a test item code", "检测项目编码");
  f.check(!l.standard.empty(), "standard", "the standard setting the limit, e.g. GB 2763-2021",
          "规定限量的标准，如 GB 2763-2021");
  f.check(l.value >= 0, "value", "a limit ≥ 0", "不小于 0 的限量值");
  f.check(!l.unit.empty(), "unit", "a unit such as mg/kg", "单位，如 mg/kg");
  f.check(is_date(l.effective_from), "effective_from", "a date YYYY-MM-DD", "日期 YYYY-MM-DD", l.effective_from);
  f.check(l.effective_to.empty() || (is_date(l.effective_to) && l.effective_to >= l.effective_from), "effective_to",
          "a date YYYY-MM-DD not before effective_from, or null", "不早于 effective_from 的日期 YYYY-MM-DD，或 null",
          l.effective_to);
  return l;
}

// ---- keys and payloads ------------------------------------------------------------------------

std::string limit_key(const LimitFields& l) {
  return l.commodity + "|" + l.item + "|" + l.standard + "|" + l.effective_from;
}

std::string plan_key(int year, const std::string& name) {
  return std::to_string(year) + "/" + name;
}

JsonWriter& text_or_null(JsonWriter& json, std::string_view key, const std::string& value) {
  json.key(key);
  return value.empty() ? json.null() : json.value(value);
}

MasterRecord township_record(const TownshipFields& t) {
  JsonWriter json;
  json.begin_object().key("name").value(t.name);
  text_or_null(json, "code", t.code).end_object();
  return {"township", t.name, json.take()};
}

MasterRecord market_record(const MarketFields& m) {
  JsonWriter json;
  json.begin_object().key("code").value(m.code).key("name").value(m.name);
  text_or_null(json, "township", m.township).key("kind").value(m.kind);
  text_or_null(json, "address", m.address).end_object();
  return {"market", m.code, json.take()};
}

MasterRecord stall_record(const StallFields& s) {
  JsonWriter json;
  json.begin_object().key("market").value(s.market).key("number").value(s.number).key("vendor");
  if (s.vendor) {
    json.begin_object().key("name").value(s.vendor->name);
    text_or_null(json, "id_number", s.vendor->id_number);
    text_or_null(json, "phone", s.vendor->phone).end_object();
  } else {
    json.null();
  }
  json.end_object();
  return {"stall", s.market + "/" + s.number, json.take()};
}

// ---- applying one record (inside the kind's transaction) --------------------------------------

Error unknown_reference(std::string_view what_en, std::string_view what_zh, const std::string& key,
                        std::string_view fix_en, std::string_view fix_zh) {
  return make_error(make_error_code(Errc::not_found),
                    std::string(what_en) + " \"" + key + "\" is not known to this booth: " + std::string(fix_en),
                    "本快检室没有" + std::string(what_zh) + "“" + key + "”：" + std::string(fix_zh));
}

std::optional<std::int64_t> id_where(storage::Database& db, const char* sql, const std::string& value) {
  auto& select = db.prepare(sql);
  select.bind(1, value);
  if (!select.step()) return std::nullopt;
  const auto id = select.column_int64(0);
  select.reset();
  return id;
}

std::optional<std::string> optional_text(const std::string& text) {
  return text.empty() ? std::optional<std::string>{} : text;
}

// A township is created when new and otherwise left as it is: its table has no version, so a
// booth never rewrites one the hub may already have received from it.
Status apply_township(storage::Database& db, const Actor& actor, const TownshipFields& t) {
  if (id_where(db, "SELECT id FROM township WHERE name = ?", t.name)) return {};
  db.prepare("INSERT INTO township(uuid, name, code) VALUES (?, ?, ?)")
      .bind(1, new_uuid())
      .bind(2, t.name)
      .bind(3, optional_text(t.code))
      .run();
  record_change(db, actor, "insert", "township", db.last_insert_rowid());
  return {};
}

Status apply_market(storage::Database& db, const Actor& actor, const MarketFields& m) {
  std::optional<std::int64_t> township;
  if (!m.township.empty()) township = ensure_township(db, actor, m.township).value;
  auto& select = db.prepare("SELECT id, name, township_id, kind, coalesce(address, '') FROM market WHERE code = ?");
  select.bind(1, m.code);
  if (select.step()) {
    const auto id = select.column_int64(0);
    const bool same = select.column_text(1) == m.name && select.column_optional_int64(2) == township &&
                      select.column_text(3) == m.kind && select.column_text(4) == m.address;
    select.reset();
    if (same) return {};
    db.prepare("UPDATE market SET name = ?, township_id = ?, kind = ?, address = ?, version = version + 1 WHERE id = ?")
        .bind(1, m.name)
        .bind(2, township)
        .bind(3, m.kind)
        .bind(4, optional_text(m.address))
        .bind(5, id)
        .run();
    record_change(db, actor, "update", "market", id);
    return {};
  }
  select.reset();
  db.prepare("INSERT INTO market(uuid, code, name, township_id, kind, address, created_at) VALUES (?,?,?,?,?,?,?)")
      .bind(1, new_uuid())
      .bind(2, m.code)
      .bind(3, m.name)
      .bind(4, township)
      .bind(5, m.kind)
      .bind(6, optional_text(m.address))
      .bind(7, to_iso8601(actor.now))
      .run();
  record_change(db, actor, "insert", "market", db.last_insert_rowid());
  return {};
}

// The stall's vendor is set when the hub names one (found by name and ID number, registered
// when new); a stall the hub sends without a vendor keeps the one the booth recorded.
Status apply_stall(storage::Database& db, const Actor& actor, const StallFields& s) {
  const auto market = id_where(db, "SELECT id FROM market WHERE code = ?", s.market);
  if (!market) {
    return unknown_reference("market", "市场", s.market,
                             "the hub has not published it; register it with `kuaijian market add`",
                             "平台尚未发布该市场，可用 `kuaijian market add` 登记");
  }
  std::optional<std::int64_t> vendor;
  if (s.vendor) {
    auto& find = db.prepare("SELECT id FROM vendor WHERE name = ? AND coalesce(id_number, '') = ?");
    find.bind(1, s.vendor->name).bind(2, s.vendor->id_number);
    if (find.step()) {
      vendor = find.column_int64(0);
      find.reset();
    } else {
      find.reset();
      db.prepare("INSERT INTO vendor(uuid, name, id_number, phone, created_at) VALUES (?,?,?,?,?)")
          .bind(1, new_uuid())
          .bind(2, s.vendor->name)
          .bind(3, optional_text(s.vendor->id_number))
          .bind(4, optional_text(s.vendor->phone))
          .bind(5, to_iso8601(actor.now))
          .run();
      vendor = db.last_insert_rowid();
      record_change(db, actor, "insert", "vendor", *vendor);
    }
  }
  auto& select = db.prepare("SELECT id, vendor_id FROM stall WHERE market_id = ? AND number = ?");
  select.bind(1, *market).bind(2, s.number);
  if (select.step()) {
    const auto id = select.column_int64(0);
    const auto current = select.column_optional_int64(1);
    select.reset();
    if (!vendor || vendor == current) return {};
    db.prepare("UPDATE stall SET vendor_id = ?, version = version + 1 WHERE id = ?").bind(1, *vendor).bind(2, id).run();
    record_change(db, actor, "update", "stall", id);
    return {};
  }
  select.reset();
  db.prepare("INSERT INTO stall(uuid, market_id, number, vendor_id, created_at) VALUES (?,?,?,?,?)")
      .bind(1, new_uuid())
      .bind(2, *market)
      .bind(3, s.number)
      .bind(4, vendor)
      .bind(5, to_iso8601(actor.now))
      .run();
  record_change(db, actor, "insert", "stall", db.last_insert_rowid());
  return {};
}

// Catalogue rows are upserted as `kuaijian init` loads them from config/catalogue.json (they
// are not audited records; master_applied keeps which version of each was applied).
Status apply_category(storage::Database& db, const std::string& name) {
  db.prepare("INSERT INTO category(name) VALUES (?) ON CONFLICT(name) DO NOTHING").bind(1, name).run();
  return {};
}

Status apply_commodity(storage::Database& db, const CommodityFields& c) {
  const auto category = id_where(db, "SELECT id FROM category WHERE name = ?", c.category);
  if (!category) {
    return unknown_reference("category", "食品类别", c.category, "the hub has not published it", "平台尚未发布该类别");
  }
  db.prepare(
        "INSERT INTO commodity(name, category_id, subcategory) VALUES (?, ?, ?) "
        "ON CONFLICT(name) DO UPDATE SET category_id = excluded.category_id, subcategory = excluded.subcategory")
      .bind(1, c.name)
      .bind(2, *category)
      .bind(3, c.subcategory)
      .run();
  return {};
}

Status apply_item(storage::Database& db, const ItemFields& i) {
  db.prepare(
        "INSERT INTO test_item(code, name_zh, name_en, method, standard, unit, not_detected) VALUES (?,?,?,?,?,?,?) "
        "ON CONFLICT(code) DO UPDATE SET name_zh = excluded.name_zh, name_en = excluded.name_en, "
        "method = excluded.method, standard = excluded.standard, unit = excluded.unit, "
        "not_detected = excluded.not_detected")
      .bind(1, i.code)
      .bind(2, i.name_zh)
      .bind(3, i.name_en)
      .bind(4, i.method)
      .bind(5, i.standard)
      .bind(6, i.unit)
      .bind(7, i.not_detected ? 1 : 0)
      .run();
  // Typed-in results use the catalogue's own codes through the built-in "manual" device.
  db.prepare(
        "INSERT INTO device_item_map(device_id, device_code, item_id) "
        "SELECT d.id, i.code, i.id FROM device d, test_item i WHERE d.name = 'manual' AND i.code = ? "
        "ON CONFLICT(device_id, device_code) DO UPDATE SET item_id = excluded.item_id")
      .bind(1, i.code)
      .run();
  return {};
}

Status apply_limit(storage::Database& db, const LimitFields& l) {
  const auto commodity = id_where(db, "SELECT id FROM commodity WHERE name = ?", l.commodity);
  if (!commodity) {
    return unknown_reference("commodity", "食品品种", l.commodity, "the hub has not published it",
                             "平台尚未发布该品种");
  }
  const auto item = id_where(db, "SELECT id FROM test_item WHERE code = ?", l.item);
  if (!item) {
    return unknown_reference("test item", "检测项目", l.item, "the hub has not published it", "平台尚未发布该检测项目");
  }
  db.prepare(
        "INSERT INTO limit_rule(commodity_id, item_id, standard, value, unit, effective_from, effective_to) "
        "VALUES (?,?,?,?,?,?,?) ON CONFLICT(commodity_id, item_id, standard, effective_from) DO UPDATE SET "
        "value = excluded.value, unit = excluded.unit, effective_to = excluded.effective_to")
      .bind(1, *commodity)
      .bind(2, *item)
      .bind(3, l.standard)
      .bind(4, l.value)
      .bind(5, l.unit)
      .bind(6, l.effective_from)
      .bind(7, optional_text(l.effective_to))
      .run();
  return {};
}

Error key_mismatch(const std::string& key, const std::string& expected) {
  return make_error(make_error_code(Errc::invalid_input),
                    "key \"" + key + "\" does not match the payload (expected \"" + expected + "\")",
                    "键“" + key + "”与内容不符（应为“" + expected + "”）");
}

Result<JsonValue> parse_payload(const std::string& payload) {
  auto parsed = protocols::parse_json(payload);
  if (const auto* error = std::get_if<protocols::JsonError>(&parsed)) {
    return make_error(make_error_code(Errc::invalid_input), "payload is not JSON: " + protocols::to_string(*error),
                      "内容不是有效的 JSON：" + protocols::to_string(*error));
  }
  auto& value = std::get<JsonValue>(parsed);
  if (!value.is_object()) {
    return make_error(make_error_code(Errc::invalid_input), "payload: expected a JSON object", "内容：应为 JSON 对象");
  }
  return std::move(value);
}

// One record of a kind other than plan: checked as the CLI checks it, then upserted.
Status apply_record(storage::Database& db, const Actor& actor, const std::string& kind, const std::string& key,
                    const std::string& payload) {
  auto parsed = parse_payload(payload);
  if (!parsed) return parsed.error();
  Fields f(*parsed, {});
  const auto matches = [&](const std::string& expected) -> Status {
    if (f.error()) return *f.error();
    if (expected != key) return key_mismatch(key, expected);
    return {};
  };
  if (kind == "township") {
    const auto t = township_fields(f);
    if (auto ok = matches(t.name); !ok) return ok;
    return apply_township(db, actor, t);
  }
  if (kind == "market") {
    const auto m = market_fields(f);
    if (auto ok = matches(m.code); !ok) return ok;
    return apply_market(db, actor, m);
  }
  if (kind == "stall") {
    const auto s = stall_fields(f, false);
    if (auto ok = matches(s.market + "/" + s.number); !ok) return ok;
    return apply_stall(db, actor, s);
  }
  if (kind == "category") {
    const auto name = category_field(f);
    if (auto ok = matches(name); !ok) return ok;
    return apply_category(db, name);
  }
  if (kind == "commodity") {
    const auto c = commodity_fields(f);
    if (auto ok = matches(c.name); !ok) return ok;
    return apply_commodity(db, c);
  }
  if (kind == "item") {
    const auto i = item_fields(f);
    if (auto ok = matches(i.code); !ok) return ok;
    return apply_item(db, i);
  }
  if (kind == "limit") {
    const auto l = limit_fields(f);
    if (auto ok = matches(limit_key(l)); !ok) return ok;
    return apply_limit(db, l);
  }
  return make_error(make_error_code(Errc::invalid_input), "unknown kind of master data: " + kind,
                    "未知的基础数据类别：" + kind);
}

// A plan through `plan import --replace`: the same parsing, resolution and checks. Runs its
// own transaction (import_plan), so it is called outside the kind's.
Status apply_plan(storage::Database& db, const Actor& actor, const std::string& key, const std::string& payload) {
  auto file = parse_plan_json(payload);
  if (!file) return file.error();
  if (const auto expected = plan_key(file->year, file->name); expected != key) return key_mismatch(key, expected);
  auto imported = import_plan(db, *file, ImportOptions{true}, actor);
  if (!imported) return imported.error();
  return {};
}

// ---- bookkeeping -------------------------------------------------------------------------------

struct AppliedState {
  std::string status;
  std::int64_t version = 0;
  std::string digest;
};

std::optional<AppliedState> applied_state(storage::Database& db, const std::string& kind, const std::string& key) {
  auto& select = db.prepare("SELECT status, version, payload_sha256 FROM master_applied WHERE kind = ? AND key = ?");
  select.bind(1, kind).bind(2, key);
  if (!select.step()) return std::nullopt;
  AppliedState state{select.column_text(0), select.column_int64(1), select.column_text(2)};
  select.reset();
  return state;
}

enum class Decision { apply, unchanged, same_content };

Decision decide(const std::optional<AppliedState>& state, const MasterRow& row, const std::string& digest) {
  if (!state) return Decision::apply;
  if (state->status == "applied") {
    if (state->version >= row.version) return Decision::unchanged;
    if (state->digest == digest) return Decision::same_content;
    return Decision::apply;
  }
  // Held: a newer held version waits for its turn; an older one is not applied over it.
  return state->version > row.version ? Decision::unchanged : Decision::apply;
}

void mark_applied(storage::Database& db, const std::string& kind, const MasterRow& row, const std::string& digest,
                  Timestamp now) {
  db.prepare(
        "INSERT INTO master_applied(kind, key, version, payload_sha256, status, payload, reason, reason_zh, at) "
        "VALUES (?, ?, ?, ?, 'applied', NULL, NULL, NULL, ?) ON CONFLICT(kind, key) DO UPDATE SET "
        "version = excluded.version, payload_sha256 = excluded.payload_sha256, status = 'applied', payload = NULL, "
        "reason = NULL, reason_zh = NULL, at = excluded.at")
      .bind(1, kind)
      .bind(2, row.key)
      .bind(3, row.version)
      .bind(4, digest)
      .bind(5, to_iso8601(now))
      .run();
}

// A held record keeps the version applied before it, if any, so that one is still recognised.
void mark_held(storage::Database& db, const std::string& kind, const MasterRow& row, const std::string& digest,
               const Text& reason, Timestamp now) {
  db.prepare(
        "INSERT INTO master_applied(kind, key, version, payload_sha256, status, payload, reason, reason_zh, at) "
        "VALUES (?, ?, ?, ?, 'held', ?, ?, ?, ?) ON CONFLICT(kind, key) DO UPDATE SET "
        "version = excluded.version, payload_sha256 = excluded.payload_sha256, status = 'held', "
        "payload = excluded.payload, reason = excluded.reason, reason_zh = excluded.reason_zh, at = excluded.at")
      .bind(1, kind)
      .bind(2, row.key)
      .bind(3, row.version)
      .bind(4, digest)
      .bind(5, row.payload)
      .bind(6, reason.en)
      .bind(7, reason.zh)
      .bind(8, to_iso8601(now))
      .run();
}

void set_cursor(storage::Database& db, const std::string& kind, std::int64_t since, Timestamp now) {
  db.prepare(
        "INSERT INTO master_cursor(kind, since, pulled_at) VALUES (?, ?, ?) ON CONFLICT(kind) DO UPDATE SET "
        "since = max(master_cursor.since, excluded.since), pulled_at = excluded.pulled_at")
      .bind(1, kind)
      .bind(2, since)
      .bind(3, to_iso8601(now))
      .run();
}

std::int64_t read_cursor(storage::Database& db, const std::string& kind) {
  auto& select = db.prepare("SELECT since FROM master_cursor WHERE kind = ?");
  select.bind(1, kind);
  const std::int64_t since = select.step() ? select.column_int64(0) : 0;
  select.reset();
  return since;
}

// The rows fetched, then the records of the kind held before that the hub did not send again.
std::vector<MasterRow> candidates(storage::Database& db, const std::string& kind, const std::vector<MasterRow>& rows) {
  std::vector<MasterRow> out = rows;
  std::set<std::string> keys;
  for (const auto& row : rows) keys.insert(row.key);
  auto& select = db.prepare(
      "SELECT key, version, payload FROM master_applied WHERE kind = ? AND status = 'held' ORDER BY at, key");
  select.bind(1, kind);
  while (select.step()) {
    MasterRow row{select.column_text(0), select.column_int64(1), 0, select.column_text(2)};
    if (!keys.contains(row.key)) out.push_back(std::move(row));
  }
  select.reset();
  return out;
}

Actor record_actor(const Actor& actor, const std::string& kind, const MasterRow& row) {
  return Actor{actor.name, actor.now,
               "county hub master data: " + kind + " " + row.key + " v" + std::to_string(row.version)};
}

Text storage_text(const storage::StorageError& error) {
  return Text{std::string("the database refused it: ") + error.what(), std::string("数据库拒绝写入：") + error.what()};
}

struct KindOutcome {
  MasterKindReport report;
  std::vector<MasterHeld> held;
};

Result<KindOutcome> apply_plans(storage::Database& db, const std::vector<MasterRow>& rows, std::int64_t next,
                                const Actor& actor) {
  const std::string kind = "plan";
  struct Done {
    MasterRow row;
    std::string digest;
    std::optional<Text> problem;
  };
  std::vector<Done> done;
  KindOutcome outcome;
  outcome.report.kind = kind;
  outcome.report.fetched = static_cast<int>(rows.size());
  try {
    for (auto& row : candidates(db, kind, rows)) {
      const auto digest = sha256_hex(row.payload);
      const auto decision = decide(applied_state(db, kind, row.key), row, digest);
      if (decision == Decision::unchanged) {
        ++outcome.report.unchanged;
        continue;
      }
      if (decision == Decision::same_content) {
        ++outcome.report.unchanged;
        done.push_back(Done{std::move(row), digest, std::nullopt});
        continue;
      }
      const auto applied = apply_plan(db, record_actor(actor, kind, row), row.key, row.payload);
      if (applied) {
        ++outcome.report.applied;
        done.push_back(Done{std::move(row), digest, std::nullopt});
      } else {
        done.push_back(Done{std::move(row), digest, applied.error().detail});
      }
    }
  } catch (const storage::StorageError& error) {
    return storage::storage_error(error);
  }
  auto recorded = db.transact([&]() -> Status {
    for (const auto& d : done) {
      if (d.problem)
        mark_held(db, kind, d.row, d.digest, *d.problem, actor.now);
      else
        mark_applied(db, kind, d.row, d.digest, actor.now);
    }
    set_cursor(db, kind, next, actor.now);
    return {};
  });
  if (!recorded) return recorded.error();
  for (const auto& d : done) {
    if (!d.problem) continue;
    ++outcome.report.held;
    outcome.held.push_back(MasterHeld{kind, d.row.key, d.row.version, *d.problem});
  }
  outcome.report.cursor = std::max(next, read_cursor(db, kind));
  return outcome;
}

Result<KindOutcome> apply_kind(storage::Database& db, const std::string& kind, const std::vector<MasterRow>& rows,
                               std::int64_t next, const Actor& actor) {
  if (kind == "plan") return apply_plans(db, rows, next, actor);
  // Everything below runs in one transaction; each record in a savepoint, so a record that
  // fails is undone alone and the others still apply.
  return db.transact([&]() -> Result<KindOutcome> {
    KindOutcome outcome;
    outcome.report.kind = kind;
    outcome.report.fetched = static_cast<int>(rows.size());
    for (const auto& row : candidates(db, kind, rows)) {
      const auto digest = sha256_hex(row.payload);
      const auto decision = decide(applied_state(db, kind, row.key), row, digest);
      if (decision != Decision::apply) {
        if (decision == Decision::same_content) mark_applied(db, kind, row, digest, actor.now);
        ++outcome.report.unchanged;
        continue;
      }
      db.exec("SAVEPOINT master_record");
      std::optional<Text> problem;
      try {
        const auto applied = apply_record(db, record_actor(actor, kind, row), kind, row.key, row.payload);
        if (!applied) problem = applied.error().detail;
      } catch (const storage::StorageError& error) {
        if (error.is_busy()) throw;  // the whole transaction is retried
        problem = storage_text(error);
      }
      if (problem) {
        db.exec("ROLLBACK TO master_record; RELEASE master_record");
        mark_held(db, kind, row, digest, *problem, actor.now);
        ++outcome.report.held;
        outcome.held.push_back(MasterHeld{kind, row.key, row.version, *problem});
      } else {
        db.exec("RELEASE master_record");
        mark_applied(db, kind, row, digest, actor.now);
        ++outcome.report.applied;
      }
    }
    set_cursor(db, kind, next, actor.now);
    outcome.report.cursor = read_cursor(db, kind);
    return outcome;
  });
}

Text hub_failure(const std::string& kind, const std::string& en, const std::string& zh) {
  return Text{"master data \"" + kind + "\": " + en, "基础数据“" + kind + "”：" + zh};
}

}  // namespace

const std::vector<std::string>& master_kinds() {
  static const std::vector<std::string> kinds{"category", "commodity", "item",  "limit",
                                              "township", "market",    "stall", "plan"};
  return kinds;
}

Text master_kind_text(const std::string& kind) {
  static const std::map<std::string, Text> names{
      {"category", {"categories", "类别"}}, {"commodity", {"commodities", "品种"}},
      {"item", {"test items", "检测项目"}}, {"limit", {"limits", "限量"}},
      {"township", {"townships", "镇乡"}},  {"market", {"markets", "市场"}},
      {"stall", {"stalls", "摊位"}},        {"plan", {"plans", "抽检计划"}}};
  const auto found = names.find(kind);
  return found == names.end() ? Text{kind, kind} : found->second;
}

std::vector<MasterRecord> catalogue_master_records(const config::Catalogue& catalogue) {
  std::vector<MasterRecord> out;
  for (const auto& name : catalogue.categories) {
    JsonWriter json;
    json.begin_object().key("name").value(name).end_object();
    out.push_back({"category", name, json.take()});
  }
  for (const auto& c : catalogue.commodities) {
    JsonWriter json;
    json.begin_object().key("name").value(c.name).key("category").value(c.category);
    json.key("subcategory").value(c.subcategory).end_object();
    out.push_back({"commodity", c.name, json.take()});
  }
  for (const auto& i : catalogue.items) {
    JsonWriter json;
    json.begin_object().key("code").value(i.code).key("name_zh").value(i.name_zh).key("name_en").value(i.name_en);
    json.key("method").value(method_name(i.method)).key("standard").value(i.standard).key("unit").value(i.unit);
    json.key("not_detected").value(i.not_detected).end_object();
    out.push_back({"item", i.code, json.take()});
  }
  for (const auto& l : catalogue.limits) {
    const LimitFields fields{l.commodity,
                             l.item,
                             l.standard,
                             l.unit,
                             iso_date(l.effective_from),
                             l.effective_to ? iso_date(*l.effective_to) : std::string(),
                             l.value};
    JsonWriter json;
    json.begin_object().key("commodity").value(fields.commodity).key("item").value(fields.item);
    json.key("standard").value(fields.standard).key("value").value(fields.value).key("unit").value(fields.unit);
    json.key("effective_from").value(fields.effective_from);
    text_or_null(json, "effective_to", fields.effective_to).end_object();
    out.push_back({"limit", limit_key(fields), json.take()});
  }
  return out;
}

Result<std::vector<MasterRecord>> places_master_records(std::string_view text) {
  constexpr std::string_view kBom = "\xEF\xBB\xBF";
  if (text.substr(0, kBom.size()) == kBom) text.remove_prefix(kBom.size());
  const auto stripped = config::strip_json_comments(text);
  auto parsed = protocols::parse_json(stripped);
  if (const auto* error = std::get_if<protocols::JsonError>(&parsed)) {
    return make_error(make_error_code(Errc::invalid_input), "not valid JSON: " + protocols::to_string(*error),
                      "不是有效的 JSON：" + protocols::to_string(*error));
  }
  const auto& root = std::get<JsonValue>(parsed);
  if (!root.is_object()) {
    return make_error(make_error_code(Errc::invalid_input),
                      "expected a JSON object {\"townships\": […], \"markets\": […], \"stalls\": […]}",
                      "应为 JSON 对象 {\"townships\": […], \"markets\": […], \"stalls\": […]}");
  }
  Fields top(root, "places");
  top.only({"townships", "markets", "stalls"});
  if (top.error()) return *top.error();

  std::vector<MasterRecord> out;
  std::map<std::string, std::string> seen;  // kind + key → where first given
  for (const std::string section : {"townships", "markets", "stalls"}) {
    const auto* list = root.find(section);
    if (list == nullptr || list->is_null()) continue;
    if (!list->is_array()) return invalid_field(section, "an array of objects", "对象数组");
    for (std::size_t i = 0; i < list->items().size(); ++i) {
      const auto where = section + "[" + std::to_string(i) + "]";
      const auto& item = list->items()[i];
      if (!item.is_object()) return invalid_field(where, "an object", "对象");
      Fields f(item, where);
      MasterRecord record;
      if (section == "townships") {
        f.only({"name", "code"});
        const auto t = township_fields(f);
        if (f.error()) return *f.error();
        record = township_record(t);
      } else if (section == "markets") {
        f.only({"code", "name", "township", "kind", "address"});
        const auto m = market_fields(f);
        if (f.error()) return *f.error();
        record = market_record(m);
      } else {
        f.only({"market", "number", "vendor"});
        const auto s = stall_fields(f, true);
        if (f.error()) return *f.error();
        record = stall_record(s);
      }
      const auto [at, fresh] = seen.emplace(record.kind + "\n" + record.key, where);
      if (!fresh) {
        return make_error(make_error_code(Errc::invalid_input),
                          where + ": " + record.kind + " \"" + record.key + "\" is already given as " + at->second,
                          where + "：" + record.kind + "“" + record.key + "”已在 " + at->second + " 给出");
      }
      out.push_back(std::move(record));
    }
  }
  return out;
}

MasterRecord plan_master_record(const PlanFile& plan) {
  JsonWriter json;
  json.begin_object().key("year").value(plan.year).key("plan").value(plan.name).key("quotas").begin_array();
  for (const auto& q : plan.quotas) {
    json.begin_object().key("category").value(q.category);
    text_or_null(json, "township", q.township);
    text_or_null(json, "market", q.market);
    json.key("month").value(q.month).key("batches").value(q.batches).end_object();
  }
  json.end_array().end_object();
  return {"plan", plan_key(plan.year, plan.name), json.take()};
}

Result<MasterPage> read_master_page(const std::string& body) {
  const auto bad = [](const std::string& en, const std::string& zh) {
    return make_error(make_error_code(Errc::invalid_input), "the hub's answer: " + en, "平台应答：" + zh);
  };
  protocols::JsonLimits limits;
  limits.max_bytes = std::size_t{256} * 1024 * 1024;
  auto parsed = protocols::parse_json(body, limits);
  if (const auto* error = std::get_if<protocols::JsonError>(&parsed)) {
    return bad("not JSON: " + protocols::to_string(*error), "不是有效的 JSON：" + protocols::to_string(*error));
  }
  const auto& root = std::get<JsonValue>(parsed);
  const auto* rows = root.find("rows");
  const auto* next = root.find("next");
  if (rows == nullptr || !rows->is_array() || next == nullptr || !next->is_number()) {
    return bad("expected {\"next\", \"more\", \"rows\": […]}", "应为 {\"next\", \"more\", \"rows\": […]}");
  }
  MasterPage page;
  page.next = static_cast<std::int64_t>(next->as_number());
  const auto* more = root.find("more");
  page.more = more != nullptr && more->is_bool() && more->as_bool();
  for (const auto& item : rows->items()) {
    const auto* key = item.find("key");
    const auto* version = item.find("version");
    const auto* seq = item.find("seq");
    const auto* payload = item.find("payload");
    if (key == nullptr || !key->is_string() || version == nullptr || !version->is_number() || seq == nullptr ||
        !seq->is_number() || payload == nullptr) {
      return bad("a row without key, version, seq and payload", "某行缺少 key、version、seq 或 payload");
    }
    // The payload exactly as the hub sent it: its digest tells an unchanged record.
    page.rows.push_back(MasterRow{key->as_string(), static_cast<std::int64_t>(version->as_number()),
                                  static_cast<std::int64_t>(seq->as_number()),
                                  body.substr(payload->offset(), payload->length())});
  }
  return page;
}

int MasterPullReport::fetched() const {
  int n = 0;
  for (const auto& k : kinds) n += k.fetched;
  return n;
}

int MasterPullReport::applied() const {
  int n = 0;
  for (const auto& k : kinds) n += k.applied;
  return n;
}

int MasterPullReport::unchanged() const {
  int n = 0;
  for (const auto& k : kinds) n += k.unchanged;
  return n;
}

Result<MasterKindReport> apply_master_rows(storage::Database& db, const std::string& kind,
                                           const std::vector<MasterRow>& rows, std::int64_t next, const Actor& actor,
                                           std::vector<MasterHeld>& held) {
  auto outcome = apply_kind(db, kind, rows, next, actor);
  if (!outcome) return outcome.error();
  held.insert(held.end(), outcome->held.begin(), outcome->held.end());
  return outcome->report;
}

Result<MasterPullReport> pull_master(storage::Database& db, SyncClient& client, const Actor& actor,
                                     const std::function<Timestamp()>& clock) {
  MasterPullReport report;
  for (const auto& kind : master_kinds()) {
    std::int64_t cursor = 0;
    try {
      cursor = read_cursor(db, kind);
    } catch (const storage::StorageError& error) {
      return storage::storage_error(error);
    }
    std::vector<MasterRow> rows;
    for (;;) {
      const auto path =
          "/api/v1/master/" + kind + "?since=" + std::to_string(cursor) + "&limit=" + std::to_string(page_size(kind));
      const auto reply = client.signed_exchange("GET", path, "", clock());
      if (!reply) {
        report.hub_reachable = false;
        report.failure = hub_failure(kind, reply.error().detail.en, reply.error().detail.zh);
        return report;
      }
      if (reply->status != 200) {
        const auto body = reply->body.size() > 200 ? reply->body.substr(0, 200) + "…" : reply->body;
        const auto status = std::to_string(reply->status);
        report.failure =
            hub_failure(kind, "the hub answered HTTP " + status + ": " + body, "平台应答 HTTP " + status + "：" + body);
        return report;
      }
      auto page = read_master_page(reply->body);
      if (!page) {
        report.failure = hub_failure(kind, page.error().detail.en, page.error().detail.zh);
        return report;
      }
      for (auto& row : page->rows) rows.push_back(std::move(row));
      const bool advanced = page->next > cursor;
      cursor = std::max(cursor, page->next);
      if (!page->more || !advanced) break;
    }
    auto applied = apply_master_rows(db, kind, rows, cursor, actor, report.held);
    if (!applied) return applied.error();
    report.kinds.push_back(*applied);
  }
  return report;
}

Result<std::vector<MasterHeld>> held_master_records(storage::Database& db) {
  return storage::read<std::vector<MasterHeld>>([&] {
    std::vector<MasterHeld> out;
    auto& select = db.prepare(
        "SELECT kind, key, version, coalesce(reason, ''), coalesce(reason_zh, '') FROM master_applied "
        "WHERE status = 'held' ORDER BY kind, key");
    while (select.step()) {
      out.push_back(MasterHeld{select.column_text(0), select.column_text(1), select.column_int64(2),
                               Text{select.column_text(3), select.column_text(4)}});
    }
    select.reset();
    return out;
  });
}

}  // namespace kj::lims::sync
