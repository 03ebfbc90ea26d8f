#include "lims/events/events.hpp"

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <fstream>
#include <map>
#include <sstream>

#include "lims/config/config.hpp"
#include "lims/places/places.hpp"
#include "lims/plans/csv_reader.hpp"
#include "lims/records/uuid.hpp"
#include "lims/records/validate.hpp"
#include "lims/results/results.hpp"
#include "lims/results/sample_standing.hpp"

namespace kj::lims {
namespace {

constexpr const char* kEventSelect =
    "SELECT e.id, e.uuid, e.code, e.title, e.kind, e.place, coalesce(m.code, ''), coalesce(m.name, ''), e.day, "
    "e.starts, e.ends, e.booth, e.note, e.state, coalesce(e.closed_at, '') FROM event e "
    "LEFT JOIN market m ON m.id = e.market_id ";

EventRow event_from(const storage::Statement& s) {
  EventRow e;
  e.id = EventId{s.column_int64(0)};
  e.uuid = s.column_text(1);
  e.code = s.column_text(2);
  e.title = s.column_text(3);
  e.kind = s.column_text(4);
  e.place = s.column_text(5);
  e.market_code = s.column_text(6);
  e.market_name = s.column_text(7);
  e.day = s.column_text(8);
  e.starts = s.column_text(9);
  e.ends = s.column_text(10);
  e.booth = s.column_text(11);
  e.note = s.column_text(12);
  e.state = s.column_text(13);
  e.closed_at = s.column_text(14);
  return e;
}

std::optional<EventRow> event_by_key(storage::Database& db, const std::string& key) {
  auto& s = db.prepare(std::string(kEventSelect) + "WHERE e.code = ? OR e.uuid = ?");
  s.bind(1, key).bind(2, key);
  if (!s.step()) return std::nullopt;
  auto e = event_from(s);
  s.reset();
  return e;
}

// The event, open for changes (inside the caller's transaction).
Result<EventRow> open_event(storage::Database& db, const std::string& key) {
  auto e = event_by_key(db, key);
  if (!e) return not_found("event", "活动", key);
  if (e->state != "open") {
    return make_error(make_error_code(Errc::conflict), "event " + e->code + " is closed",
                      "活动 " + e->code + " 已结束");
  }
  return *e;
}

// "HH:MM" with hours 00–23 and minutes 00–59.
bool is_clock_time(const std::string& text) {
  if (text.size() != 5 || text[2] != ':') return false;
  int hours = 0, minutes = 0;
  const auto h = std::from_chars(text.data(), text.data() + 2, hours);
  const auto m = std::from_chars(text.data() + 3, text.data() + 5, minutes);
  return h.ec == std::errc() && h.ptr == text.data() + 2 && m.ec == std::errc() && m.ptr == text.data() + 5 &&
         hours >= 0 && hours <= 23 && minutes >= 0 && minutes <= 59;
}

std::string next_event_code(storage::Database& db, const std::string& day) {
  const std::string prefix = "E" + day.substr(0, 4) + day.substr(5, 2) + day.substr(8, 2) + "-";
  auto& count = db.prepare("SELECT count(*) FROM event WHERE code LIKE ? || '%'");
  count.bind(1, prefix);
  count.step();
  const auto n = count.column_int64(0) + 1;
  count.reset();
  char buffer[24];
  std::snprintf(buffer, sizeof buffer, "%02lld", static_cast<long long>(n));
  return prefix + buffer;
}

Status check_order(const OrderInput& in) {
  if (trimmed(in.food).empty() || !fits(trimmed(in.food), 64)) {
    return invalid_field("food", "the food to test, e.g. 韭菜", "要检测的食品，例如 韭菜");
  }
  if (in.votes < 1 || in.votes > 100000) {
    return invalid_field("votes", "a number of votes from 1", "票数（至少 1）", std::to_string(in.votes));
  }
  if (!trimmed(in.contact).empty() && !is_phone(trimmed(in.contact))) {
    return invalid_field("contact", "an 11-digit mobile number or a landline number", "11 位手机号或固定电话号码",
                         in.contact);
  }
  return {};
}

// Inside the caller's transaction. An item code, when given, must be in the catalogue.
Status insert_order(storage::Database& db, const Actor& actor, EventId event, const OrderInput& in,
                    const std::string& source) {
  const std::string item = trimmed(in.item);
  if (!item.empty()) {
    auto& known = db.prepare("SELECT 1 FROM test_item WHERE code = ?");
    known.bind(1, item);
    const bool found = known.step();
    known.reset();
    if (!found) return not_found("item", "检测项目", item);
  }
  db.prepare(
        "INSERT INTO event_order(uuid, event_id, food, item, votes, citizen, contact, source, created_at) "
        "VALUES (?,?,?,?,?,?,?,?,?)")
      .bind(1, new_uuid())
      .bind(2, event.value)
      .bind(3, trimmed(in.food))
      .bind(4, item)
      .bind(5, in.votes)
      .bind(6, trimmed(in.citizen))
      .bind(7, trimmed(in.contact))
      .bind(8, source)
      .bind(9, to_iso8601(actor.now))
      .run();
  record_change(db, actor, "insert", "event_order", db.last_insert_rowid());
  return {};
}

std::vector<OrderTally> tally(storage::Database& db, EventId event) {
  std::vector<OrderTally> out;
  auto& s = db.prepare(
      "SELECT o.food, o.item, sum(o.votes), count(*), "
      "coalesce((SELECT t.title FROM task t WHERE t.event_id = o.event_id AND (t.title LIKE '你点我检：' || o.food || "
      "'，%' OR t.title LIKE '你点我检：' || o.food || '（%') ORDER BY t.id LIMIT 1), '') "
      "FROM event_order o WHERE o.event_id = ? GROUP BY o.food, o.item "
      "ORDER BY sum(o.votes) DESC, count(*) DESC, o.food, o.item");
  s.bind(1, event.value);
  while (s.step()) {
    out.push_back(OrderTally{s.column_text(0), s.column_text(1), static_cast<int>(s.column_int64(2)),
                             static_cast<int>(s.column_int64(3)), s.column_text(4)});
  }
  return out;
}

std::string task_title(const OrderTally& t) {
  return "你点我检：" + t.food + (t.item.empty() ? std::string() : "（" + t.item + "）") + "，" +
         std::to_string(t.votes) + " 票";
}

}  // namespace

Result<EventRow> create_event(storage::Database& db, const Actor& actor, const EventInput& raw,
                              std::chrono::minutes /*utc_offset*/) {
  EventInput in = raw;
  for (std::string* field :
       {&in.title, &in.kind, &in.place, &in.market, &in.day, &in.starts, &in.ends, &in.booth, &in.note}) {
    *field = trimmed(*field);
  }
  if (in.title.empty() || !fits(in.title, 80)) {
    return invalid_field("title", "the event's title, e.g. 你点我检·城南农贸市场",
                         "活动名称，例如 你点我检·城南农贸市场");
  }
  if (in.kind != "order" && in.kind != "send") {
    return invalid_field("kind", "order (你点我检) or send (你送我检)", "order（你点我检）或 send（你送我检）",
                         in.kind);
  }
  if (in.place.empty() || !fits(in.place, 80)) return invalid_field("place", "where it is held", "活动地点");
  if (!config::parse_date(in.day)) return invalid_field("day", "a date YYYY-MM-DD", "日期 YYYY-MM-DD", in.day);
  if (!is_clock_time(in.starts))
    return invalid_field("starts", "a time HH:MM, e.g. 07:00", "时间 HH:MM，例如 07:00", in.starts);
  if (!is_clock_time(in.ends) || in.ends <= in.starts) {
    return invalid_field("ends", "a time HH:MM after the start (" + in.starts + ")",
                         "晚于开始时间（" + in.starts + "）的时间 HH:MM", in.ends);
  }
  std::optional<Market> market;
  if (!in.market.empty()) {
    auto found = find_market(db, in.market);
    if (!found) return found.error();
    market = *found;
  }
  return db.transact([&]() -> Result<EventRow> {
    const std::string code = next_event_code(db, in.day);
    db.prepare(
          "INSERT INTO event(uuid, code, title, kind, place, market_id, day, starts, ends, booth, note, created_at) "
          "VALUES (?,?,?,?,?,?,?,?,?,?,?,?)")
        .bind(1, new_uuid())
        .bind(2, code)
        .bind(3, in.title)
        .bind(4, in.kind)
        .bind(5, in.place)
        .bind(6, market ? std::optional(market->id.value) : std::nullopt)
        .bind(7, in.day)
        .bind(8, in.starts)
        .bind(9, in.ends)
        .bind(10, in.booth)
        .bind(11, in.note)
        .bind(12, to_iso8601(actor.now))
        .run();
    record_change(db, actor, "insert", "event", db.last_insert_rowid());
    return *event_by_key(db, code);
  });
}

Result<EventRow> find_event(storage::Database& db, const std::string& key) {
  auto found = storage::read<std::optional<EventRow>>([&] { return event_by_key(db, trimmed(key)); });
  if (!found) return found.error();
  if (!*found) return not_found("event", "活动", key);
  return **found;
}

Result<std::vector<EventRow>> list_events(storage::Database& db) {
  return storage::read<std::vector<EventRow>>([&] {
    std::vector<EventRow> out;
    auto& s = db.prepare(std::string(kEventSelect) + "ORDER BY e.day DESC, e.code DESC");
    while (s.step()) out.push_back(event_from(s));
    return out;
  });
}

Status add_order(storage::Database& db, const Actor& actor, const std::string& event, const OrderInput& input) {
  if (auto ok = check_order(input); !ok) return ok;
  return db.transact([&]() -> Status {
    auto e = open_event(db, event);
    if (!e) return e.error();
    return insert_order(db, actor, e->id, input, "entered");
  });
}

Result<OrderImport> import_orders(storage::Database& db, const Actor& actor, const std::string& event,
                                  const std::filesystem::path& csv) {
  std::ifstream file(csv, std::ios::binary);
  if (!file) {
    return make_error(make_error_code(Errc::invalid_input), "cannot read " + csv.string(), "无法读取 " + csv.string());
  }
  std::ostringstream text;
  text << file.rdbuf();
  auto records = read_csv(text.str());
  if (!records) return records.error();
  if (records->empty()) return invalid_field("csv", "a header line naming at least food", "至少含 food 列的表头");
  // The header names the columns, in any order; English or Chinese names.
  const std::map<std::string, std::string> aliases{
      {"food", "food"},  {"食品", "food"},       {"item", "item"},    {"项目", "item"},       {"votes", "votes"},
      {"票数", "votes"}, {"citizen", "citizen"}, {"市民", "citizen"}, {"contact", "contact"}, {"电话", "contact"}};
  std::map<std::string, std::size_t> column;
  for (std::size_t i = 0; i < records->front().fields.size(); ++i) {
    const auto name = trimmed(records->front().fields[i]);
    const auto alias = aliases.find(name);
    if (alias == aliases.end()) {
      return invalid_field("csv header", "columns food, item, votes, citizen, contact (got \"" + name + "\")",
                           "列名 food、item、votes、citizen、contact（实际为“" + name + "”）");
    }
    column[alias->second] = i;
  }
  if (!column.contains("food")) return invalid_field("csv header", "a food column", "food（食品）列");
  const auto cell = [&](const CsvRecord& r, const char* name) -> std::string {
    const auto at = column.find(name);
    return at == column.end() || at->second >= r.fields.size() ? std::string() : trimmed(r.fields[at->second]);
  };
  return db.transact([&]() -> Result<OrderImport> {
    auto e = open_event(db, event);
    if (!e) return e.error();
    OrderImport report;
    for (std::size_t i = 1; i < records->size(); ++i) {
      const auto& r = (*records)[i];
      OrderInput order{cell(r, "food"), cell(r, "item"), 1, cell(r, "citizen"), cell(r, "contact")};
      const auto votes = cell(r, "votes");
      if (!votes.empty()) {
        const auto parsed = std::from_chars(votes.data(), votes.data() + votes.size(), order.votes);
        if (parsed.ec != std::errc() || parsed.ptr != votes.data() + votes.size()) order.votes = 0;
      }
      auto ok = check_order(order);
      if (ok) ok = insert_order(db, actor, e->id, order, "import");
      if (!ok) {
        const auto line = std::to_string(r.line);
        report.problems.push_back(
            Text{"line " + line + ": " + ok.error().detail.en, "第 " + line + " 行：" + ok.error().detail.zh});
        continue;
      }
      ++report.imported;
    }
    return report;
  });
}

Result<std::vector<OrderTally>> tally_orders(storage::Database& db, const std::string& event) {
  auto e = find_event(db, event);
  if (!e) return e.error();
  return storage::read<std::vector<OrderTally>>([&] { return tally(db, e->id); });
}

Result<std::vector<std::string>> orders_to_tasks(storage::Database& db, const Actor& actor, const std::string& event,
                                                 int n) {
  if (n < 1)
    return invalid_field("top", "how many of the most ordered foods become tasks (from 1)",
                         "转为任务的最多票食品数（至少 1）", std::to_string(n));
  return db.transact([&]() -> Result<std::vector<std::string>> {
    auto e = open_event(db, event);
    if (!e) return e.error();
    std::vector<std::string> made;
    int taken = 0;
    for (const auto& t : tally(db, e->id)) {
      if (taken == n) break;
      ++taken;
      if (!t.task_title.empty()) continue;  // became a task at an earlier call
      std::optional<std::int64_t> commodity, category;
      auto& find = db.prepare("SELECT id, category_id FROM commodity WHERE name = ?");
      find.bind(1, t.food);
      if (find.step()) {
        commodity = find.column_int64(0);
        category = find.column_int64(1);
      }
      find.reset();
      const auto title = task_title(t);
      auto& market = db.prepare("SELECT market_id FROM event WHERE id = ?");
      market.bind(1, e->id.value);
      market.step();
      const auto market_id = market.column_optional_int64(0);
      market.reset();
      db.prepare(
            "INSERT INTO task(uuid, market_id, category_id, commodity_id, title, batches, due_date, event_id, "
            "created_at) VALUES (?,?,?,?,?,1,?,?,?)")
          .bind(1, new_uuid())
          .bind(2, market_id)
          .bind(3, category)
          .bind(4, commodity)
          .bind(5, title)
          .bind(6, e->day)
          .bind(7, e->id.value)
          .bind(8, to_iso8601(actor.now))
          .run();
      record_change(db, actor, "insert", "task", db.last_insert_rowid());
      made.push_back(title);
    }
    return made;
  });
}

Result<Registered> register_event_sample(storage::Database& db, const Actor& actor, const std::string& event,
                                         SampleInput sample, const std::string& citizen_contact,
                                         std::chrono::minutes utc_offset) {
  auto e = find_event(db, event);
  if (!e) return e.error();
  if (e->state != "open") {
    return make_error(make_error_code(Errc::conflict), "event " + e->code + " is closed",
                      "活动 " + e->code + " 已结束");
  }
  if (sample.source == "routine") sample.source = "walk_in";
  if (sample.source != "walk_in" && sample.source != "event_order") {
    return invalid_field("source", "walk_in or event_order", "walk_in 或 event_order", sample.source);
  }
  if (sample.market.empty()) sample.market = e->market_code;
  sample.event = e->id.value;
  sample.citizen_contact = citizen_contact;
  return register_sample(db, actor, sample, utc_offset);
}

Status record_consultation(storage::Database& db, const Actor& actor, const std::string& event,
                           const ConsultationInput& in) {
  if (trimmed(in.topic).empty() || !fits(trimmed(in.topic), 200)) {
    return invalid_field("topic", "what the citizen asked about", "咨询的内容");
  }
  if (!trimmed(in.contact).empty() && !is_phone(trimmed(in.contact))) {
    return invalid_field("contact", "an 11-digit mobile number or a landline number", "11 位手机号或固定电话号码",
                         in.contact);
  }
  return db.transact([&]() -> Status {
    auto e = open_event(db, event);
    if (!e) return e.error();
    db.prepare(
          "INSERT INTO consultation(uuid, event_id, topic, answer, citizen, contact, at, created_at) "
          "VALUES (?,?,?,?,?,?,?,?)")
        .bind(1, new_uuid())
        .bind(2, e->id.value)
        .bind(3, trimmed(in.topic))
        .bind(4, trimmed(in.answer))
        .bind(5, trimmed(in.citizen))
        .bind(6, trimmed(in.contact))
        .bind(7, to_iso8601(actor.now))
        .bind(8, to_iso8601(actor.now))
        .run();
    record_change(db, actor, "insert", "consultation", db.last_insert_rowid());
    return {};
  });
}

Result<EventRow> close_event(storage::Database& db, const Actor& actor, const std::string& event) {
  return db.transact([&]() -> Result<EventRow> {
    auto e = open_event(db, event);
    if (!e) return e.error();
    db.prepare("UPDATE event SET state = 'closed', closed_at = ?, version = version + 1 WHERE id = ?")
        .bind(1, to_iso8601(actor.now))
        .bind(2, e->id.value)
        .run();
    record_change(db, actor, "update", "event", e->id.value);
    return *event_by_key(db, e->code);
  });
}

Result<EventSummary> summarize_event(storage::Database& db, const Rulebook& rules, const std::string& event) {
  auto e = find_event(db, event);
  if (!e) return e.error();
  auto counted = storage::read<EventSummary>([&] {
    EventSummary out;
    out.event = *e;
    const auto count = [&](const std::string& sql) {
      auto& s = db.prepare(sql);
      s.bind(1, e->id.value);
      s.step();
      const auto n = static_cast<int>(s.column_int64(0));
      s.reset();
      return n;
    };
    out.orders = count("SELECT count(*) FROM event_order WHERE event_id = ?");
    out.votes = count("SELECT coalesce(sum(votes), 0) FROM event_order WHERE event_id = ?");
    out.samples = count("SELECT count(*) FROM sample WHERE event_id = ?");
    out.batches = count(
        "SELECT count(DISTINCT r.batch_id) FROM result r JOIN sample s ON s.id = r.sample_id WHERE s.event_id = ?");
    out.consultations = count("SELECT count(*) FROM consultation WHERE event_id = ?");
    out.most_ordered = tally(db, e->id);
    if (out.most_ordered.size() > 10) out.most_ordered.resize(10);
    return out;
  });
  if (!counted) return counted.error();
  EventSummary summary = std::move(*counted);

  // One line per sample × item tested (or one "untested" line), in registration order.
  struct SampleKey {
    SampleId id;
    std::string number, name, source, stall;
  };
  auto samples = storage::read<std::vector<SampleKey>>([&] {
    std::vector<SampleKey> out;
    auto& s = db.prepare(
        "SELECT s.id, s.number, s.name, s.source, coalesce(st.number, '') FROM sample s "
        "LEFT JOIN stall st ON st.id = s.stall_id WHERE s.event_id = ? ORDER BY s.id");
    s.bind(1, e->id.value);
    while (s.step())
      out.push_back(SampleKey{SampleId{s.column_int64(0)}, s.column_text(1), s.column_text(2), s.column_text(3),
                              s.column_text(4)});
    return out;
  });
  if (!samples) return samples.error();
  for (const auto& sample : *samples) {
    const auto items = item_standings(db, rules, sample.id, sample.number);
    if (!items) return items.error();
    if (items->empty()) {
      summary.lines.push_back(
          EventSampleLine{sample.number, sample.name, sample.source, sample.stall, "", "", "untested", "", "", "", ""});
    }
    bool tested = false, positive = false;
    for (const auto& i : *items) {
      tested = tested || i.valid_test;
      positive = positive || i.standing == "positive";
      summary.lines.push_back(EventSampleLine{sample.number, sample.name, sample.source, sample.stall, i.item_code,
                                              i.item_name, i.standing, i.value_text, i.tested_at, i.case_number,
                                              i.case_state});
    }
    if (tested) ++summary.tested;
    if (positive) ++summary.positives;
  }
  return summary;
}

}  // namespace kj::lims
