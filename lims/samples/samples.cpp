#include "lims/samples/samples.hpp"

#include <algorithm>

#include "lims/config/config.hpp"
#include "lims/places/places.hpp"
#include "lims/records/uuid.hpp"
#include "lims/records/validate.hpp"
#include "lims/samples/certificate.hpp"

namespace kj::lims {
namespace {

std::optional<std::string> given(const std::string& text) {
  return text.empty() ? std::nullopt : std::optional<std::string>(text);
}

std::string next_number(storage::Database& db, Timestamp now, std::chrono::minutes offset) {
  const std::string day = to_local_text(now, offset).substr(0, 10);  // YYYY-MM-DD
  const std::string prefix = day.substr(0, 4) + day.substr(5, 2) + day.substr(8, 2) + "-";
  auto& count = db.prepare("SELECT count(*) FROM sample WHERE number LIKE ? || '%'");
  count.bind(1, prefix);
  count.step();
  const auto n = count.column_int64(0) + 1;
  count.reset();
  char buffer[24];
  std::snprintf(buffer, sizeof buffer, "%04lld", static_cast<long long>(n));
  return prefix + buffer;
}

}  // namespace

Result<Registered> register_sample(storage::Database& db, const Actor& actor, const SampleInput& raw,
                                   std::chrono::minutes local_offset) {
  SampleInput in = raw;
  for (std::string* field :
       {&in.number, &in.name, &in.category, &in.market, &in.stall, &in.origin, &in.supplier, &in.supplier_contact,
        &in.purchase_date, &in.quantity_unit, &in.source, &in.sampled_at, &in.sampler, &in.citizen_contact}) {
    *field = trimmed(*field);
  }
  if (!in.number.empty() && !is_code(in.number)) {
    return invalid_field("number", "letters, digits, - or _ (1–32 characters)", "字母、数字、- 或 _（1–32 个字符）",
                         in.number);
  }
  if (in.name.empty() || !fits(in.name, 64))
    return invalid_field("name", "the sample's name, e.g. 韭菜", "样品名称，例如 韭菜");
  static const std::vector<std::string> sources{"routine", "plan_task", "event_order", "walk_in", "complaint"};
  if (std::find(sources.begin(), sources.end(), in.source) == sources.end()) {
    return invalid_field("source", "routine, plan_task, event_order, walk_in or complaint",
                         "routine、plan_task、event_order、walk_in 或 complaint", in.source);
  }
  if (in.source == "plan_task" && !in.task) {
    return invalid_field("task", "the plan task this sample fulfils (source plan_task)",
                         "该样品对应的抽检任务（来源为 plan_task）");
  }
  if (!in.purchase_date.empty() && !config::parse_date(in.purchase_date)) {
    return invalid_field("purchase_date", "a date YYYY-MM-DD", "日期 YYYY-MM-DD", in.purchase_date);
  }
  if (in.quantity && !(*in.quantity > 0)) return invalid_field("quantity", "a quantity above 0", "大于 0 的数量");
  if (in.quantity && in.quantity_unit.empty())
    return invalid_field("quantity_unit", "the unit of the quantity, e.g. kg", "数量的单位，例如 kg");
  if (!in.supplier_contact.empty() && !is_phone(in.supplier_contact)) {
    return invalid_field("supplier_contact", "an 11-digit mobile number or a landline number",
                         "11 位手机号或固定电话号码", in.supplier_contact);
  }
  if (!in.citizen_contact.empty() && !is_phone(in.citizen_contact)) {
    return invalid_field("citizen_contact", "an 11-digit mobile number or a landline number",
                         "11 位手机号或固定电话号码", in.citizen_contact);
  }
  Timestamp sampled_at = actor.now;
  if (!in.sampled_at.empty()) {
    const auto parsed = parse_iso8601(in.sampled_at, local_offset);
    if (!parsed)
      return invalid_field("sampled_at", "a time YYYY-MM-DDTHH:MM[:SS]", "时间 YYYY-MM-DDTHH:MM[:SS]", in.sampled_at);
    if (*parsed > actor.now + std::chrono::minutes(5))
      return invalid_field("sampled_at", "a time not in the future", "不晚于当前的时间", in.sampled_at);
    sampled_at = *parsed;
  }
  const Certificate certificate = parse_certificate(raw.certificate);

  std::optional<Market> market;
  if (!in.market.empty()) {
    auto found = find_market(db, in.market);
    if (!found) return found.error();
    market = *found;
  } else if (!in.stall.empty()) {
    return invalid_field("market", "the market of stall " + in.stall, "摊位 " + in.stall + " 所在的市场");
  }

  return db.transact([&]() -> Result<Registered> {
    std::optional<std::int64_t> commodity, category, stall, vendor;
    auto& find_commodity = db.prepare("SELECT id, category_id FROM commodity WHERE name = ?");
    find_commodity.bind(1, in.name);
    if (find_commodity.step()) {
      commodity = find_commodity.column_int64(0);
      category = find_commodity.column_int64(1);
    }
    find_commodity.reset();
    if (!in.category.empty()) {
      auto& find_category = db.prepare("SELECT id FROM category WHERE name = ?");
      find_category.bind(1, in.category);
      if (!find_category.step()) return not_found("category", "类别", in.category);
      category = find_category.column_int64(0);
    }
    if (!category) {
      return invalid_field("category", "a food category (the name " + in.name + " is not in the catalogue)",
                           "食品类别（名称 " + in.name + " 不在目录中）");
    }
    if (market && !in.stall.empty()) {
      auto& find_stall = db.prepare("SELECT id, vendor_id FROM stall WHERE market_id = ? AND number = ?");
      find_stall.bind(1, market->id.value).bind(2, in.stall);
      if (!find_stall.step()) return not_found("stall", "摊位", market->code + "/" + in.stall);
      stall = find_stall.column_int64(0);
      vendor = find_stall.column_optional_int64(1);
    }
    if (in.task) {
      auto& find_task = db.prepare("SELECT 1 FROM task WHERE id = ? AND status = 'open'");
      find_task.bind(1, *in.task);
      if (!find_task.step()) return not_found("open task", "未完成的任务", std::to_string(*in.task));
    }
    if (in.event) {
      auto& find_event = db.prepare("SELECT state FROM event WHERE id = ?");
      find_event.bind(1, *in.event);
      if (!find_event.step()) return not_found("event", "活动", std::to_string(*in.event));
      const bool open = find_event.column_text(0) == "open";
      find_event.reset();
      if (!open) {
        return make_error(make_error_code(Errc::conflict), "the event is closed: no more samples can be registered",
                          "活动已结束，不能再登记样品");
      }
    }
    const std::string number = in.number.empty() ? next_number(db, actor.now, local_offset) : in.number;
    auto& exists = db.prepare("SELECT 1 FROM sample WHERE number = ?");
    exists.bind(1, number);
    if (exists.step()) return already_exists("sample", "样品", number);
    db.prepare(
          "INSERT INTO sample(uuid, number, name, commodity_id, category_id, market_id, stall_id, vendor_id, origin, "
          "supplier, supplier_contact, purchase_date, quantity, quantity_unit, certificate_number, certificate_qr, "
          "source, task_id, sampled_at, sampler, created_at, event_id, citizen_contact) "
          "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")
        .bind(1, new_uuid())
        .bind(2, number)
        .bind(3, in.name)
        .bind(4, commodity)
        .bind(5, category)
        .bind(6, market ? std::optional<std::int64_t>(market->id.value) : std::nullopt)
        .bind(7, stall)
        .bind(8, vendor)
        .bind(9, given(in.origin))
        .bind(10, given(in.supplier))
        .bind(11, given(in.supplier_contact))
        .bind(12, given(in.purchase_date))
        .bind(13, in.quantity)
        .bind(14, given(in.quantity_unit))
        .bind(15, certificate.number)
        .bind(16, certificate.qr_text)
        .bind(17, in.source)
        .bind(18, in.task)
        .bind(19, to_iso8601(sampled_at))
        .bind(20, in.sampler.empty() ? actor.name : in.sampler)
        .bind(21, to_iso8601(actor.now))
        .bind(22, in.event)
        .bind(23, given(in.citizen_contact))
        .run();
    const SampleId id{db.last_insert_rowid()};
    record_change(db, actor, "insert", "sample", id.value);
    return Registered{id, number};
  });
}

namespace {
constexpr const char* kSampleSelect =
    "SELECT s.id, s.uuid, s.number, s.name, coalesce(c.name, ''), coalesce(m.code, ''), coalesce(st.number, ''), "
    "coalesce(v.name, ''), s.source, s.sampled_at, coalesce(s.certificate_number, s.certificate_qr, '') "
    "FROM sample s LEFT JOIN category c ON c.id = s.category_id LEFT JOIN market m ON m.id = s.market_id "
    "LEFT JOIN stall st ON st.id = s.stall_id LEFT JOIN vendor v ON v.id = s.vendor_id ";

SampleRow sample_from(const storage::Statement& s) {
  return SampleRow{SampleId{s.column_int64(0)},
                   s.column_text(1),
                   s.column_text(2),
                   s.column_text(3),
                   s.column_text(4),
                   s.column_text(5),
                   s.column_text(6),
                   s.column_text(7),
                   s.column_text(8),
                   s.column_text(9),
                   s.column_text(10)};
}
}  // namespace

Result<SampleRow> find_sample(storage::Database& db, const std::string& key) {
  auto found = storage::read<std::optional<SampleRow>>([&]() -> std::optional<SampleRow> {
    auto& select = db.prepare(std::string(kSampleSelect) + "WHERE s.number = ? OR s.uuid = ?");
    select.bind(1, key).bind(2, key);
    if (!select.step()) return std::nullopt;
    auto row = sample_from(select);
    select.reset();
    return row;
  });
  if (!found) return found.error();
  if (!*found) return not_found("sample", "样品", key);
  return **found;
}

Result<std::vector<SampleRow>> list_samples(storage::Database& db, const std::string& market_code) {
  return storage::read<std::vector<SampleRow>>([&] {
    std::vector<SampleRow> out;
    auto& select = db.prepare(std::string(kSampleSelect) + "WHERE ? = '' OR m.code = ? ORDER BY s.sampled_at, s.id");
    select.bind(1, market_code).bind(2, market_code);
    while (select.step()) out.push_back(sample_from(select));
    return out;
  });
}

}  // namespace kj::lims
