#include "lims/sync/sync_client.hpp"

#include <Poco/JSON/Parser.h>

#include <map>
#include <random>

#include "lims/sync/request_signature.hpp"
#include "protocols/json_writer.hpp"

namespace kj::lims::sync {
namespace {

std::string key_of(const std::string& entity, const std::string& uuid, std::int64_t version) {
  return entity + '\n' + uuid + '\n' + std::to_string(version);
}

std::string short_body(const std::string& body) {
  return body.size() > 200 ? body.substr(0, 200) + "…" : body;
}

}  // namespace

std::string random_nonce() {
  thread_local std::random_device device;
  static const char* digits = "0123456789abcdef";
  std::string out;
  for (int i = 0; i < 4; ++i) {
    auto word = device();
    for (int j = 0; j < 8; ++j, word >>= 4) out.push_back(digits[word & 0xf]);
  }
  return out;
}

std::string push_body(const std::vector<OutboxRecord>& records) {
  std::string out = "{\"records\":[";
  for (std::size_t i = 0; i < records.size(); ++i) {
    const auto& r = records[i];
    if (i > 0) out += ',';
    out += "{\"entity\":";
    protocols::append_json_string(out, r.entity);
    out += ",\"uuid\":";
    protocols::append_json_string(out, r.uuid);
    out += ",\"version\":" + std::to_string(r.version) + ",\"payload\":";
    out += r.payload.empty() ? std::string("{}") : r.payload;
    out += '}';
  }
  out += "]}";
  return out;
}

std::vector<Outcome> read_push_reply(const std::vector<OutboxRecord>& records, const HubReply& reply) {
  std::vector<Outcome> out;
  out.reserve(records.size());
  const auto all = [&](Outcome::Kind kind, const std::string& error) {
    for (const auto& r : records) out.push_back(Outcome{r.id, kind, {}, error});
    return out;
  };
  Poco::JSON::Object::Ptr answer;
  try {
    Poco::JSON::Parser parser;
    answer = parser.parse(reply.body).extract<Poco::JSON::Object::Ptr>();
  } catch (const std::exception&) {
    answer = nullptr;
  }
  if (reply.status == 403 && answer && answer->has("forbidden")) {
    // Records owned by another booth are refused for good; the rest of the batch was not
    // stored either and goes again at once.
    std::map<std::string, std::string> forbidden;
    const auto list = answer->getArray("forbidden");
    for (std::size_t i = 0; list && i < list->size(); ++i) {
      const auto item = list->getObject(static_cast<unsigned>(i));
      if (!item) continue;
      forbidden[key_of(item->optValue<std::string>("entity", ""), item->optValue<std::string>("uuid", ""),
                       item->optValue<std::int64_t>("version", 0))] = item->optValue<std::string>("error", "forbidden");
    }
    for (const auto& r : records) {
      const auto found = forbidden.find(key_of(r.entity, r.uuid, r.version));
      if (found != forbidden.end())
        out.push_back(Outcome{r.id, Outcome::Kind::rejected, {}, found->second});
      else
        out.push_back(Outcome{r.id, Outcome::Kind::deferred, {}, {}});
    }
    return out;
  }
  if (reply.status != 200 || !answer || !answer->isArray("results")) {
    // A 401 (clock, secret) or a 5xx is about the request, not about any one record: retried,
    // and dead-lettered after max_attempts with this text so the operator sees why.
    return all(Outcome::Kind::failed,
               "hub answered HTTP " + std::to_string(reply.status) + ": " + short_body(reply.body));
  }
  std::map<std::string, Poco::JSON::Object::Ptr> by_key;
  const auto results = answer->getArray("results");
  for (std::size_t i = 0; i < results->size(); ++i) {
    const auto item = results->getObject(static_cast<unsigned>(i));
    if (!item) continue;
    by_key[key_of(item->optValue<std::string>("entity", ""), item->optValue<std::string>("uuid", ""),
                  item->optValue<std::int64_t>("version", 0))] = item;
  }
  for (const auto& r : records) {
    const auto found = by_key.find(key_of(r.entity, r.uuid, r.version));
    if (found == by_key.end()) {
      out.push_back(Outcome{r.id, Outcome::Kind::failed, {}, "the hub's answer did not mention this record"});
      continue;
    }
    const auto& item = found->second;
    const auto status = item->optValue<std::string>("status", "");
    const auto receipt = item->optValue<std::string>("receipt", "");
    if ((status == "stored" || status == "duplicate") && !receipt.empty()) {
      out.push_back(Outcome{r.id, Outcome::Kind::delivered, receipt, {}});
    } else if (status == "rejected") {
      out.push_back(Outcome{r.id, Outcome::Kind::rejected, {}, item->optValue<std::string>("error", "rejected")});
    } else {
      out.push_back(Outcome{r.id, Outcome::Kind::failed, {}, "unexpected per-record answer: " + status});
    }
  }
  return out;
}

Result<HubReply> SyncClient::signed_exchange(const std::string& method, const std::string& path,
                                             const std::string& body, Timestamp now) {
  const auto seconds = now.time_since_epoch().count();
  const auto nonce = nonce_();
  const auto full_path = transport_.path_prefix() + path;
  const std::vector<std::pair<std::string, std::string>> headers{
      {kBoothHeader, settings_.booth_id},
      {kTimestampHeader, std::to_string(seconds)},
      {kNonceHeader, nonce},
      {kSignatureHeader, sign_request(settings_.secret, method, full_path, seconds, nonce, body)},
  };
  return transport_.exchange(method, full_path, body, headers);
}

Result<PushReport> SyncClient::push_batch(Timestamp now) {
  PushReport report;
  auto records = due_records(db_, now, settings_.batch_size);
  if (!records) return records.error();
  if (records->empty()) return report;
  report.batches = 1;
  if (auto marked = mark_in_flight(db_, static_cast<std::int64_t>(records->size()), now); !marked) {
    return marked.error();
  }
  const auto reply = signed_exchange("POST", "/api/v1/records", push_body(*records), now);
  std::vector<Outcome> outcomes;
  if (!reply) {
    report.hub_reachable = false;
    for (const auto& r : *records)
      outcomes.push_back(Outcome{r.id, Outcome::Kind::failed, {}, reply.error().detail.en});
  } else {
    outcomes = read_push_reply(*records, *reply);
  }
  const auto applied = apply_outcomes(db_, outcomes, now, settings_.retry, uniform_);
  if (!applied) return applied.error();
  report.delivered = applied->delivered;
  report.rejected = applied->rejected;
  report.failed = applied->failed;
  report.dead = applied->dead;
  return report;
}

Result<PushReport> SyncClient::push_all(const std::function<Timestamp()>& clock) {
  PushReport total;
  for (;;) {
    auto batch = push_batch(clock());
    if (!batch) return batch.error();
    total.batches += batch->batches;
    total.delivered += batch->delivered;
    total.rejected += batch->rejected;
    total.failed += batch->failed;
    total.dead += batch->dead;
    total.hub_reachable = total.hub_reachable && batch->hub_reachable;
    if (batch->batches == 0 || batch->failed > 0) return total;
    // A batch of deferred records only (403 siblings) still made progress: loop again.
    if (batch->delivered == 0 && batch->rejected == 0) return total;
  }
}

}  // namespace kj::lims::sync
