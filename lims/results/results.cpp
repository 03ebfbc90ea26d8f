#include "lims/results/results.hpp"

#include <algorithm>
#include <map>
#include <tuple>

#include "lims/cases/case_opening.hpp"
#include "lims/catalogue/catalogue_store.hpp"
#include "lims/judgement/batch_qc.hpp"
#include "lims/records/uuid.hpp"
#include "lims/records/validate.hpp"
#include "lims/results/judge.hpp"
#include "lims/results/observation_json.hpp"
#include "protocols/json_writer.hpp"

namespace kj::lims {
namespace {

using protocols::Verdict;

std::optional<std::string> given(const std::string& s) {
  return s.empty() ? std::nullopt : std::optional(s);
}

std::string flags_json(const std::vector<std::string>& flags) {
  protocols::JsonWriter json;
  json.begin_array();
  for (const auto& f : flags) json.value(f);
  json.end_array();
  return json.take();
}

std::chrono::year_month_day utc_day(Timestamp t) {
  return std::chrono::year_month_day{std::chrono::floor<std::chrono::days>(t)};
}

struct BatchRow {
  BatchId id;
  std::optional<std::int64_t> device_id;
  ItemId item;
  std::string standard;
  protocols::Readings control;
  bool has_control = false;
  std::string qc_outcome;
};

std::optional<BatchRow> load_batch(storage::Database& db, BatchId id) {
  auto& s = db.prepare(
      "SELECT device_id, item_id, standard, control_a0, control_a3, control_delta_a, qc_outcome FROM batch WHERE id = "
      "?");
  s.bind(1, id.value);
  if (!s.step()) return std::nullopt;
  BatchRow b{id, s.column_optional_int64(0), ItemId{s.column_int64(1)}, s.column_text(2), {}, false, s.column_text(6)};
  b.control.a0 = s.column_optional_double(3);
  b.control.a3 = s.column_optional_double(4);
  b.control.delta_a = s.column_optional_double(5);
  b.has_control = b.control.delta_a.has_value() || (b.control.a0 && b.control.a3);
  s.reset();
  return b;
}

struct SampleRef {
  SampleId id;
  std::string number;
  std::string commodity;
};

std::optional<SampleRef> sample_by_number(storage::Database& db, const std::string& number) {
  auto& s = db.prepare(
      "SELECT s.id, s.number, coalesce(c.name, '') FROM sample s LEFT JOIN commodity c ON c.id = s.commodity_id "
      "WHERE s.number = ?");
  s.bind(1, number);
  if (!s.step()) return std::nullopt;
  SampleRef ref{SampleId{s.column_int64(0)}, s.column_text(1), s.column_text(2)};
  s.reset();
  return ref;
}

std::optional<SampleRef> sample_by_channel(storage::Database& db, BatchId batch, int channel) {
  auto& s = db.prepare(
      "SELECT s.number FROM batch_channel bc JOIN sample s ON s.id = bc.sample_id WHERE bc.batch_id = ? AND bc.channel "
      "= ?");
  s.bind(1, batch.value).bind(2, channel);
  if (!s.step()) return std::nullopt;
  const std::string number = s.column_text(0);
  s.reset();
  return sample_by_number(db, number);
}

// The current initial (first valid) result of a sample × item, if any.
struct InitialResult {
  std::int64_t id = 0;
  std::string uuid;
  Verdict verdict = Verdict::invalid;
};

std::optional<InitialResult> initial_result(storage::Database& db, SampleId sample, ItemId item) {
  // The earliest is picked here rather than by ORDER BY … LIMIT 1, for which SQLite builds a
  // temporary b-tree on every reading stored; a sample has a handful of results per item.
  auto& s = db.prepare(
      "SELECT r.id, r.uuid, r.verdict, r.tested_at FROM result r WHERE r.sample_id = ? AND r.item_id = ? "
      "AND r.test_kind = 'initial' AND r.verdict <> 'invalid' "
      "AND r.version = (SELECT max(version) FROM result WHERE uuid = r.uuid)");
  s.bind(1, sample.value).bind(2, item.value);
  std::optional<InitialResult> earliest;
  std::pair<std::string, std::int64_t> earliest_key;
  while (s.step()) {
    std::pair<std::string, std::int64_t> key{s.column_text(3), s.column_int64(0)};
    if (earliest && key >= earliest_key) continue;
    earliest = InitialResult{key.second, s.column_text(1),
                             protocols::verdict_from_string(s.column_text(2)).value_or(Verdict::invalid)};
    earliest_key = std::move(key);
  }
  return earliest;
}

Conclusion conclusion_from(Verdict first, const std::vector<Verdict>& retests, const RetestPolicy& rule) {
  const auto outcome = retest_outcome(first, retests, rule);
  if (!outcome) return Conclusion{RetestState::not_needed, 0, first, outcome.error().detail};
  return Conclusion{outcome->state, outcome->retests_outstanding, outcome->verdict, outcome->reason};
}

Conclusion conclude(storage::Database& db, const Rulebook& rules, SampleId sample, ItemId item) {
  const auto initial = initial_result(db, sample, item);
  if (!initial)
    return Conclusion{RetestState::not_needed, 0, Verdict::invalid, Text{"no valid test yet", "尚无有效检测"}};
  std::vector<Verdict> retests;
  auto& s = db.prepare(
      "SELECT r.verdict FROM result r JOIN result f ON f.id = r.first_result_id WHERE f.uuid = ? "
      "AND r.version = (SELECT max(version) FROM result WHERE uuid = r.uuid) ORDER BY r.tested_at, r.id");
  s.bind(1, initial->uuid);  // retests link to the version of the first test current when they ran
  while (s.step()) retests.push_back(protocols::verdict_from_string(s.column_text(0)).value_or(Verdict::invalid));
  return conclusion_from(initial->verdict, retests, rules.retest);
}

std::int64_t hold(storage::Database& db, const Actor& actor, std::int64_t device_id, const protocols::Observation& obs,
                  const Text& reason) {
  db.prepare(
        "INSERT INTO held_observation(device_id, device_code, observation, received_at, reason) VALUES (?,?,?,?,?)")
      .bind(1, device_id)
      .bind(2, obs.item_code)
      .bind(3, protocols::to_json(obs))
      .bind(4, to_iso8601(actor.now))
      .bind(5, reason.en + " / " + reason.zh)
      .run();
  const auto id = db.last_insert_rowid();
  record_change(db, actor, "hold", "held_observation", id);
  return id;
}

std::string case_number_of(storage::Database& db, CaseId id) {
  auto& s = db.prepare("SELECT number FROM disposal_case WHERE id = ?");
  s.bind(1, id.value);
  std::string number = s.step() ? s.column_text(0) : std::string();
  s.reset();
  return number;
}

std::int64_t last_case_id(storage::Database& db) {
  auto& s = db.prepare("SELECT coalesce(max(id), 0) FROM disposal_case");
  s.step();
  const auto id = s.column_int64(0);
  s.reset();
  return id;
}

// Opens the disposal case `out` calls for, if any (see ingest_observation), inside the
// caller's transaction; an error (e.g. no calendar for the deadline's year) rolls the whole
// ingest back, so the result is never stored without its case.
Status open_case_for(storage::Database& db, const Actor& actor, const CaseRules& cases, const Provenance& provenance,
                     Ingested& out) {
  const bool lab_conclusion = provenance.lab_conclusion && out.verdict == Verdict::positive;
  const bool confirmed = !provenance.lab_conclusion && out.conclusion.state == RetestState::confirmed_positive;
  if (!lab_conclusion && !confirmed) return {};
  const auto newest_before = last_case_id(db);
  Result<CaseId> opened = lab_conclusion
                              ? open_lab_case_in_transaction(db, actor, cases, LabCaseInput{.result = out.result_uuid})
                              : open_rapid_case_for_result(db, actor, cases, out.result_uuid);
  if (!opened) return opened.error();
  out.case_number = case_number_of(db, *opened);
  out.case_opened = opened->value > newest_before;
  return {};
}

// What stays the same through the readings of one device stored in one transaction — the
// batch, the device's item mapping, the items' catalogue rows — looked up once per run
// instead of once per reading.
struct RunLookups {
  struct ItemInfo {
    std::string code, method, standard, unit;
  };
  std::optional<std::optional<BatchRow>> batch;
  std::map<std::string, std::optional<ItemId>> mapped;  // device code → catalogue item
  std::map<std::int64_t, ItemInfo> items;               // by item id

  const std::optional<BatchRow>& batch_row(storage::Database& db, BatchId id) {
    if (!batch) batch = load_batch(db, id);
    return *batch;
  }
  std::optional<ItemId> item_of(storage::Database& db, DeviceId device, const std::string& code) {
    auto found = mapped.find(code);
    if (found == mapped.end()) found = mapped.emplace(code, mapped_item(db, device, code)).first;
    return found->second;
  }
  const ItemInfo& item_info(storage::Database& db, ItemId item) {
    auto found = items.find(item.value);
    if (found != items.end()) return found->second;
    auto& row = db.prepare("SELECT code, method, standard, unit FROM test_item WHERE id = ?");
    row.bind(1, item.value);
    row.step();
    ItemInfo info{row.column_text(0), row.column_text(1), row.column_text(2), row.column_text(3)};
    row.reset();
    return items.emplace(item.value, std::move(info)).first->second;
  }
};

// The body of ingest_observation, inside the caller's transaction; `run` is shared by the
// readings of one device stored in this transaction.
Result<Ingested> ingest_in_transaction(storage::Database& db, const Actor& actor, const Rulebook& rules,
                                       std::int64_t device_id, const protocols::Observation& obs,
                                       std::optional<BatchId> batch_id, const Provenance& provenance,
                                       const CaseRules* cases, RunLookups& run) {
  Ingested out;
  out.item_code = obs.item_code;
  out.channel = obs.channel.value_or(0);
  std::optional<BatchRow> batch;
  if (batch_id) {
    batch = run.batch_row(db, *batch_id);
    if (!batch) return not_found("batch", "批次", std::to_string(batch_id->value));
  }
  const auto item = run.item_of(db, DeviceId{device_id}, obs.item_code);
  std::optional<SampleRef> sample;
  if (obs.sample_id) sample = sample_by_number(db, *obs.sample_id);
  if (!sample && batch && obs.channel) sample = sample_by_channel(db, batch->id, *obs.channel);
  Text why;
  if (!item) {
    why = Text{"item code \"" + obs.item_code + "\" of this device is not mapped to a catalogue item",
               "该设备的项目代码“" + obs.item_code + "”未对应目录中的检测项目"};
  } else if (!sample) {
    why = obs.sample_id ? Text{"no sample numbered " + *obs.sample_id, "没有编号为 " + *obs.sample_id + " 的样品"}
                        : Text{"no sample is assigned to channel " + std::to_string(out.channel),
                               "通道 " + std::to_string(out.channel) + " 未分配样品"};
  }
  if (!item || !sample) {
    hold(db, actor, device_id, obs, why);
    out.held = true;
    out.held_reason = why;
    return out;
  }
  out.sample_number = sample->number;
  const auto& info = run.item_info(db, *item);
  const std::string& item_code = info.code;
  const std::string& method = info.method;
  const std::string& item_standard = info.standard;
  const std::string& item_unit = info.unit;
  out.item_code = item_code;

  Timestamp tested_at = actor.now;
  if (obs.measured_at) {
    // Device clocks carry no zone: they show the booth's local time.
    if (auto t = parse_iso8601(*obs.measured_at, std::chrono::hours(8))) tested_at = *t;
  }
  Measurement m{item_code,
                method,
                obs.standard.value_or(batch && !batch->standard.empty() ? batch->standard : item_standard),
                sample->commodity,
                utc_day(tested_at + std::chrono::hours(8)),
                obs.readings,
                obs.value,
                obs.unit.value_or(item_unit),
                obs.verdict,
                batch && batch->has_control ? std::optional(batch->control) : std::nullopt};
  auto judged = judge(rules, m);
  if (!judged) {
    hold(db, actor, device_id, obs, judged.error().detail);
    out.held = true;
    out.held_reason = judged.error().detail;
    return out;
  }
  if (batch && batch->qc_outcome == "failed") {
    judged->verdict = Verdict::invalid;
    judged->reason =
        Text{"the batch's control failed: every result of the run is invalid", "本批次对照无效：本批全部结果无效"};
    judged->review = review_verdict(Verdict::invalid, std::nullopt);
  }
  const auto initial = initial_result(db, sample->id, *item);
  out.retest = initial.has_value();
  out.result_uuid = new_uuid();
  const bool held_for_review = judged->review.state == ReviewState::held_for_review;
  db.prepare(
        "INSERT INTO result(uuid, sample_id, item_id, method, standard, batch_id, device_id, channel, readings, "
        "value_number, value_text, unit, limit_text, verdict, device_verdict, review, review_note, flags, test_kind, "
        "first_result_id, tester, tested_at, data_source, raw_ref, raw_hex, created_at) "
        "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")
      .bind(1, out.result_uuid)
      .bind(2, sample->id.value)
      .bind(3, item->value)
      .bind(4, method)
      .bind(5, m.standard)
      .bind(6, batch ? std::optional(batch->id.value) : std::nullopt)
      .bind(7, device_id)
      .bind(8, obs.channel)
      .bind(9, readings_json(obs.readings))
      .bind(10, judged->value_number)
      .bind(11, judged->value_text)
      .bind(12, judged->unit)
      .bind(13, judged->limit_text)
      .bind(14, std::string(protocols::to_string(judged->verdict)))
      .bind(15, obs.verdict ? std::optional(std::string(protocols::to_string(*obs.verdict))) : std::nullopt)
      .bind(16, held_for_review ? "held" : "none")
      .bind(17, held_for_review ? std::optional(describe(judged->review).en) : std::nullopt)
      .bind(18, flags_json(judged->flags))
      .bind(19, out.retest ? "retest" : "initial")
      .bind(20, initial ? std::optional(initial->id) : std::nullopt)
      .bind(21, actor.name)
      .bind(22, to_iso8601(tested_at))
      .bind(23, provenance.data_source)
      .bind(24, given(provenance.raw_ref))
      .bind(25, obs.raw.empty() ? std::nullopt : std::optional(protocols::to_hex(obs.raw)))
      .bind(26, to_iso8601(actor.now))
      .run();
  out.result_id = ResultId{db.last_insert_rowid()};
  record_change(db, actor, "insert", "result", out.result_id.value);
  out.verdict = judged->verdict;
  out.value = judged->value_number;
  out.unit = judged->unit;
  out.held_for_review = held_for_review;
  out.flags = judged->flags;
  out.reason = judged->reason;
  // A sample's first test has no retests yet: its standing follows from its verdict alone.
  out.conclusion =
      initial ? conclude(db, rules, sample->id, *item) : conclusion_from(judged->verdict, {}, rules.retest);
  if (cases != nullptr) {
    if (auto opened = open_case_for(db, actor, *cases, provenance, out); !opened) return opened.error();
  }
  return out;
}

std::optional<std::int64_t> device_id_of(storage::Database& db, const std::string& name) {
  auto& s = db.prepare("SELECT id FROM device WHERE name = ?");
  s.bind(1, name);
  if (!s.step()) return std::nullopt;
  const auto id = s.column_int64(0);
  s.reset();
  return id;
}

}  // namespace

Result<BatchInfo> open_batch(storage::Database& db, const Actor& actor, const Rulebook& rules,
                             const BatchInput& input) {
  auto item = find_item(db, input.item);
  if (!item) return item.error();
  const std::string standard = input.standard.empty() ? item->standard : input.standard;
  std::optional<ControlCheck> qc;
  std::optional<double> control_delta;
  if (item->method == "inhibition") {
    auto found = find_inhibition_standard(rules.inhibition, standard);
    if (!found) return invalid_field("standard", found.error().detail.en, found.error().detail.zh, standard);
    if (input.control) {
      DeltaA delta = input.control->delta_a
                         ? DeltaA::of(Absorbance(*input.control->delta_a))
                         : delta_absorbance(AbsorbancePair{Absorbance(input.control->a0.value_or(0)),
                                                           Absorbance(input.control->a3.value_or(0))});
      if (delta.value) control_delta = delta.value->value();
      auto check = check_control(delta, *found);
      if (!check) return check.error();
      qc = *check;
    }
  }
  std::vector<int> seen;
  for (const auto& [channel, number] : input.channels) {
    if (channel < 1)
      return invalid_field("channel", "a channel number from 1", "从 1 开始的通道号", std::to_string(channel));
    if (std::find(seen.begin(), seen.end(), channel) != seen.end()) {
      return invalid_field("channel", "each channel once", "每个通道只能分配一次", std::to_string(channel));
    }
    seen.push_back(channel);
  }
  return db.transact([&]() -> Result<BatchInfo> {
    std::optional<std::int64_t> device;
    if (!input.device.empty()) {
      device = device_id_of(db, input.device);
      if (!device) return not_found("device", "设备", input.device);
    }
    BatchInfo info{BatchId{}, new_uuid(), qc ? (qc->passed() ? "passed" : "failed") : "pending",
                   qc ? qc->reason : Text{}};
    db.prepare(
          "INSERT INTO batch(uuid, device_id, item_id, standard, operator, started_at, control_a0, control_a3, "
          "control_delta_a, qc_outcome, qc_reason) VALUES (?,?,?,?,?,?,?,?,?,?,?)")
        .bind(1, info.uuid)
        .bind(2, device)
        .bind(3, item->id.value)
        .bind(4, standard)
        .bind(5, actor.name)
        .bind(6, to_iso8601(actor.now))
        .bind(7, input.control ? input.control->a0 : std::nullopt)
        .bind(8, input.control ? input.control->a3 : std::nullopt)
        .bind(9, control_delta)
        .bind(10, info.qc_outcome)
        .bind(11, qc ? std::optional(qc->reason.en) : std::nullopt)
        .run();
    info.id = BatchId{db.last_insert_rowid()};
    record_change(db, actor, "insert", "batch", info.id.value);
    for (const auto& [channel, number] : input.channels) {
      const auto sample = sample_by_number(db, number);
      if (!sample) return not_found("sample", "样品", number);
      db.prepare("INSERT INTO batch_channel(batch_id, channel, sample_id) VALUES (?,?,?)")
          .bind(1, info.id.value)
          .bind(2, channel)
          .bind(3, sample->id.value)
          .run();
      record_change(db, actor, "insert", "batch_channel", db.last_insert_rowid());
    }
    return info;
  });
}

Status close_batch(storage::Database& db, const Actor& actor, BatchId batch) {
  return db.transact([&]() -> Status {
    db.prepare("UPDATE batch SET ended_at = ?, version = version + 1 WHERE id = ? AND ended_at IS NULL")
        .bind(1, to_iso8601(actor.now))
        .bind(2, batch.value)
        .run();
    record_change(db, actor, "update", "batch", batch.value);
    return {};
  });
}

Result<Ingested> ingest_observation(storage::Database& db, const Actor& actor, const Rulebook& rules,
                                    const std::string& device, const protocols::Observation& observation,
                                    std::optional<BatchId> batch, const Provenance& provenance,
                                    const CaseRules* cases) {
  return db.transact([&]() -> Result<Ingested> {
    const auto device_id = device_id_of(db, device);
    if (!device_id) return not_found("device", "设备", device);
    RunLookups run;
    return ingest_in_transaction(db, actor, rules, *device_id, observation, batch, provenance, cases, run);
  });
}

Result<std::vector<Ingested>> ingest_observations(storage::Database& db, const Actor& actor, const Rulebook& rules,
                                                  const std::string& device,
                                                  std::span<const protocols::Observation> observations,
                                                  std::optional<BatchId> batch, std::span<const Provenance> provenance,
                                                  const CaseRules* cases) {
  if (!provenance.empty() && provenance.size() != observations.size()) {
    return invalid_field("provenance", "one per observation", "每条观测一项");
  }
  return db.transact([&]() -> Result<std::vector<Ingested>> {
    const auto device_id = device_id_of(db, device);
    if (!device_id) return not_found("device", "设备", device);
    std::vector<Ingested> out;
    out.reserve(observations.size());
    RunLookups run;
    const Provenance instrument;
    for (std::size_t i = 0; i < observations.size(); ++i) {
      const auto& source = provenance.empty() ? instrument : provenance[i];
      auto one = ingest_in_transaction(db, actor, rules, *device_id, observations[i], batch, source, cases, run);
      if (!one) return one.error();
      out.push_back(std::move(*one));
    }
    return out;
  });
}

Result<int> map_device_item(storage::Database& db, const Actor& actor, const Rulebook& rules, const std::string& device,
                            const std::string& device_code, const std::string& item_code, const CaseRules* cases) {
  auto item = find_item(db, item_code);
  if (!item) return item.error();
  return db.transact([&]() -> Result<int> {
    const auto device_id = device_id_of(db, device);
    if (!device_id) return not_found("device", "设备", device);
    db.prepare(
          "INSERT INTO device_item_map(device_id, device_code, item_id) VALUES (?,?,?) "
          "ON CONFLICT(device_id, device_code) DO UPDATE SET item_id = excluded.item_id")
        .bind(1, *device_id)
        .bind(2, device_code)
        .bind(3, item->id.value)
        .run();
    // Re-ingest what was held for this code; each keeps its own audit trail.
    std::vector<std::pair<std::int64_t, std::string>> held;
    auto& select = db.prepare(
        "SELECT id, observation FROM held_observation WHERE status = 'held' AND device_id = ? AND device_code = ? "
        "ORDER BY id");
    select.bind(1, *device_id).bind(2, device_code);
    while (select.step()) held.emplace_back(select.column_int64(0), select.column_text(1));
    select.reset();
    int ingested = 0;
    RunLookups run;
    for (const auto& [held_id, json] : held) {
      const auto observation = observation_from_json(json);
      if (!observation) continue;  // stays held; the row says why it was held
      auto result = ingest_in_transaction(db, actor, rules, *device_id, *observation, std::nullopt, {}, cases, run);
      if (!result) return result.error();
      if (result->held) continue;  // e.g. the sample is still unknown: the new hold row says so
      db.prepare("UPDATE held_observation SET status = 'ingested', result_id = ?, resolved_at = ? WHERE id = ?")
          .bind(1, result->result_id.value)
          .bind(2, to_iso8601(actor.now))
          .bind(3, held_id)
          .run();
      record_change(db, actor, "update", "held_observation", held_id);
      ++ingested;
    }
    return ingested;
  });
}

namespace {

constexpr const char* kResultSelect =
    "SELECT r.id, r.uuid, r.version, s.number, s.name, i.code, i.name_zh, r.method, r.standard, r.value_number, "
    "coalesce(r.value_text, ''), r.unit, r.limit_text, r.verdict, coalesce(r.device_verdict, ''), r.review, "
    "r.test_kind, r.tester, coalesce(r.reviewer, ''), coalesce(r.tester_signed_at, ''), "
    "coalesce(r.reviewer_signed_at, ''), r.tested_at, r.data_source, r.flags, coalesce(r.correction_reason, ''), "
    "r.channel, coalesce(b.uuid, '') "
    "FROM result r JOIN sample s ON s.id = r.sample_id JOIN test_item i ON i.id = r.item_id "
    "LEFT JOIN batch b ON b.id = r.batch_id ";
constexpr const char* kCurrent = "r.version = (SELECT max(version) FROM result WHERE uuid = r.uuid)";

ResultRow result_from(const storage::Statement& s) {
  ResultRow r;
  r.id = ResultId{s.column_int64(0)};
  r.uuid = s.column_text(1);
  r.version = static_cast<int>(s.column_int64(2));
  r.sample_number = s.column_text(3);
  r.sample_name = s.column_text(4);
  r.item_code = s.column_text(5);
  r.item_name = s.column_text(6);
  r.method = s.column_text(7);
  r.standard = s.column_text(8);
  r.value_number = s.column_optional_double(9);
  r.value_text = s.column_text(10);
  r.unit = s.column_text(11);
  r.limit_text = s.column_text(12);
  r.verdict = s.column_text(13);
  r.device_verdict = s.column_text(14);
  r.review = s.column_text(15);
  r.test_kind = s.column_text(16);
  r.tester = s.column_text(17);
  r.reviewer = s.column_text(18);
  r.tester_signed_at = s.column_text(19);
  r.reviewer_signed_at = s.column_text(20);
  r.tested_at = s.column_text(21);
  r.data_source = s.column_text(22);
  r.flags = s.column_text(23);
  r.correction_reason = s.column_text(24);
  if (auto ch = s.column_optional_int64(25)) r.channel = static_cast<int>(*ch);
  r.batch_uuid = s.column_text(26);
  return r;
}

std::optional<ResultRow> current_result(storage::Database& db, const std::string& key) {
  auto& s = db.prepare(std::string(kResultSelect) + "WHERE (r.uuid = ? OR r.uuid LIKE ? || '%') AND " + kCurrent +
                       " LIMIT 2");
  s.bind(1, key).bind(2, key);
  if (!s.step()) return std::nullopt;
  auto row = result_from(s);
  if (s.step() && key.size() < 36) {
    s.reset();
    return std::nullopt;  // an ambiguous prefix names no result
  }
  s.reset();
  return row;
}

}  // namespace

Result<std::vector<ResultRow>> list_results(storage::Database& db, const ResultFilter& f) {
  return storage::read<std::vector<ResultRow>>([&] {
    std::vector<ResultRow> out;
    auto& s = db.prepare(std::string(kResultSelect) + "WHERE " + kCurrent +
                         " AND (? = '' OR s.number = ?) AND (? = '' OR r.verdict = ?)"
                         " AND (? = 0 OR r.reviewer_signed_at IS NULL) AND (? = 0 OR r.review = 'held')"
                         " ORDER BY r.tested_at, r.id");
    s.bind(1, f.sample).bind(2, f.sample).bind(3, f.verdict).bind(4, f.verdict);
    s.bind(5, f.unsigned_only ? 1 : 0).bind(6, f.held_only ? 1 : 0);
    while (s.step()) out.push_back(result_from(s));
    return out;
  });
}

Result<ResultRow> find_result(storage::Database& db, const std::string& key) {
  auto found = storage::read<std::optional<ResultRow>>([&] { return current_result(db, key); });
  if (!found) return found.error();
  if (!*found) return not_found("result", "检测结果", key);
  return **found;
}

Result<std::vector<ResultRow>> result_history(storage::Database& db, const std::string& uuid) {
  return storage::read<std::vector<ResultRow>>([&] {
    std::vector<ResultRow> out;
    auto& s = db.prepare(std::string(kResultSelect) + "WHERE r.uuid = ? ORDER BY r.version");
    s.bind(1, uuid);
    while (s.step()) out.push_back(result_from(s));
    return out;
  });
}

Result<ResultRow> sign_result(storage::Database& db, const Actor& actor, const std::string& key, SignRole role,
                              std::optional<Verdict> decision) {
  return db.transact([&]() -> Result<ResultRow> {
    auto row = current_result(db, key);
    if (!row) return not_found("result", "检测结果", key);
    if (!row->reviewer_signed_at.empty()) {
      return make_error(make_error_code(Errc::conflict), "result " + row->uuid + " is already signed by the reviewer",
                        "检测结果 " + row->uuid + " 已由复核人签名");
    }
    if (role == SignRole::tester) {
      if (!row->tester_signed_at.empty()) {
        return make_error(make_error_code(Errc::conflict), "the tester has already signed result " + row->uuid,
                          "检测员已签署检测结果 " + row->uuid);
      }
      db.prepare("UPDATE result SET tester = ?, tester_signed_at = ?, version = version + 1 WHERE id = ?")
          .bind(1, actor.name)
          .bind(2, to_iso8601(actor.now))
          .bind(3, row->id.value)
          .run();
    } else {
      if (row->tester_signed_at.empty()) {
        return make_error(make_error_code(Errc::conflict), "the tester must sign result " + row->uuid + " first",
                          "检测结果 " + row->uuid + " 须先由检测员签名");
      }
      if (row->tester == actor.name) {
        return make_error(make_error_code(Errc::conflict),
                          "the reviewer must be another person than the tester (" + row->tester + ")",
                          "复核人不能是检测员本人（" + row->tester + "）");
      }
      if (row->review == "held" && !decision) {
        return invalid_field(
            "decision",
            "the reviewer's verdict: the device judged " + row->device_verdict + ", kuaijian judged " + row->verdict,
            "复核人的判定：设备判定为 " + row->device_verdict + "，本系统判定为 " + row->verdict);
      }
      const std::string verdict = decision ? std::string(protocols::to_string(*decision)) : row->verdict;
      db.prepare(
            "UPDATE result SET reviewer = ?, reviewer_signed_at = ?, verdict = ?, "
            "review = CASE review WHEN 'held' THEN 'decided' ELSE review END, version = version + 1 WHERE id = ?")
          .bind(1, actor.name)
          .bind(2, to_iso8601(actor.now))
          .bind(3, verdict)
          .bind(4, row->id.value)
          .run();
    }
    record_change(db, actor, role == SignRole::tester ? "sign_tester" : "sign_reviewer", "result", row->id.value);
    return *current_result(db, row->uuid);
  });
}

Result<ResultRow> correct_result(storage::Database& db, const Actor& actor, const Rulebook& rules,
                                 const std::string& key, const Correction& correction) {
  if (trimmed(actor.reason).empty()) {
    return invalid_field("reason", "why the result is corrected", "更正检测结果的原因");
  }
  if (!correction.value && !correction.verdict) {
    return invalid_field("value", "a corrected value or verdict", "更正后的数值或判定");
  }
  return db.transact([&]() -> Result<ResultRow> {
    auto row = current_result(db, key);
    if (!row) return not_found("result", "检测结果", key);
    std::string verdict = row->verdict;
    std::optional<double> value = row->value_number;
    if (correction.value) {
      auto& s = db.prepare(
          "SELECT coalesce(c.name, ''), r.readings, r.tested_at FROM result r JOIN sample s ON s.id = r.sample_id "
          "LEFT JOIN commodity c ON c.id = s.commodity_id WHERE r.id = ?");
      s.bind(1, row->id.value);
      s.step();
      const std::string commodity = s.column_text(0);
      const auto tested = parse_iso8601(s.column_text(2), std::chrono::minutes(0)).value_or(actor.now);
      s.reset();
      Measurement m{
          row->item_code,    row->method, row->standard, commodity,   utc_day(tested + std::chrono::hours(8)), {},
          *correction.value, row->unit,   std::nullopt,  std::nullopt};
      auto judged = judge(rules, m);
      if (!judged) return judged.error();
      verdict = std::string(protocols::to_string(judged->verdict));
      value = judged->value_number;
    }
    if (correction.verdict) verdict = std::string(protocols::to_string(*correction.verdict));
    db.prepare(
          "INSERT INTO result(uuid, version, supersedes, correction_reason, sample_id, item_id, method, standard, "
          "batch_id, device_id, channel, readings, value_number, value_text, unit, limit_text, verdict, "
          "device_verdict, "
          "review, flags, test_kind, first_result_id, tester, tested_at, data_source, raw_ref, raw_hex, created_at) "
          "SELECT uuid, version + 1, id, ?, sample_id, item_id, method, standard, batch_id, device_id, channel, "
          "readings, ?, value_text, unit, limit_text, ?, device_verdict, 'none', flags, test_kind, first_result_id, "
          "tester, tested_at, data_source, raw_ref, raw_hex, ? FROM result WHERE id = ?")
        .bind(1, actor.reason)
        .bind(2, value)
        .bind(3, verdict)
        .bind(4, to_iso8601(actor.now))
        .bind(5, row->id.value)
        .run();
    record_change(db, actor, "correct", "result", db.last_insert_rowid());
    return *current_result(db, row->uuid);
  });
}

Result<std::vector<PendingRetest>> pending_retests(storage::Database& db, const Rulebook& rules,
                                                   const std::string& item_code) {
  return storage::read<std::vector<PendingRetest>>([&] {
    std::vector<std::tuple<SampleId, ItemId, PendingRetest>> candidates;
    auto& s = db.prepare(
        "SELECT DISTINCT r.sample_id, r.item_id, s.number, s.name FROM result r JOIN sample s ON s.id = r.sample_id "
        "JOIN test_item i ON i.id = r.item_id WHERE i.code = ? AND r.test_kind = 'initial' "
        "AND r.verdict IN ('positive', 'suspect') AND " +
        std::string(kCurrent) + " ORDER BY r.tested_at, r.id");
    s.bind(1, item_code);
    while (s.step()) {
      candidates.emplace_back(SampleId{s.column_int64(0)}, ItemId{s.column_int64(1)},
                              PendingRetest{s.column_text(2), s.column_text(3), 0});
    }
    s.reset();
    std::vector<PendingRetest> out;
    for (auto& [sample, item, pending] : candidates) {
      const auto conclusion = conclude(db, rules, sample, item);
      if (conclusion.state != RetestState::needs_retest || conclusion.retests_outstanding <= 0) continue;
      pending.outstanding = conclusion.retests_outstanding;
      out.push_back(std::move(pending));
    }
    return out;
  });
}

Result<Conclusion> conclusion_of(storage::Database& db, const Rulebook& rules, SampleId sample, ItemId item) {
  return storage::read<Conclusion>([&] { return conclude(db, rules, sample, item); });
}

}  // namespace kj::lims
