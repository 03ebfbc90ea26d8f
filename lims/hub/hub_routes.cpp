#include "lims/hub/hub_routes.hpp"

#include <Poco/JSON/Parser.h>
#include <Poco/JSON/Stringifier.h>
#include <Poco/URI.h>

#include <algorithm>
#include <sstream>

#include "lims/errors.hpp"
#include "lims/hub/county_views.hpp"
#include "lims/hub/hub_board.hpp"
#include "lims/hub/request_auth.hpp"
#include "lims/sync/request_signature.hpp"
#include "protocols/json_writer.hpp"

namespace kj::lims::hub {
namespace {

using protocols::JsonWriter;

HttpAnswer error_answer(int status, const std::string& en, const std::string& zh = {}) {
  JsonWriter json;
  json.begin_object().key("error").value(en);
  if (!zh.empty()) json.key("error_zh").value(zh);
  json.end_object();
  return HttpAnswer{status, json.take()};
}

std::string header(const HttpExchange& exchange, const char* name) {
  for (const auto& [key, value] : exchange.headers) {
    if (Poco::icompare(key, std::string(name)) == 0) return value;
  }
  return {};
}

std::string stringify(const Poco::Dynamic::Var& value) {
  std::ostringstream out;
  Poco::JSON::Stringifier::condense(value, out);
  return out.str();
}

bool plain_name(const std::string& name) {
  if (name.empty() || name.size() > 64) return false;
  for (const char c : name) {
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_')) return false;
  }
  return true;
}

// Parses a push body into records; a malformed record is kept with its problem (rejected
// individually), a malformed body is an error for the whole request.
std::optional<std::vector<IncomingRecord>> parse_push(const std::string& body, std::string& problem) {
  Poco::JSON::Object::Ptr root;
  try {
    Poco::JSON::Parser parser;
    root = parser.parse(body).extract<Poco::JSON::Object::Ptr>();
  } catch (const std::exception& error) {
    problem = std::string("body is not a JSON object: ") + error.what();
    return std::nullopt;
  }
  if (!root || !root->isArray("records")) {
    problem = "expected {\"records\":[…]}";
    return std::nullopt;
  }
  const auto array = root->getArray("records");
  std::vector<IncomingRecord> out;
  out.reserve(array->size());
  for (std::size_t i = 0; i < array->size(); ++i) {
    IncomingRecord r;
    const auto item = array->getObject(static_cast<unsigned>(i));
    if (!item) {
      r.problem = "record " + std::to_string(i) + " is not an object";
      out.push_back(std::move(r));
      continue;
    }
    try {
      r.entity = item->optValue<std::string>("entity", "");
      r.uuid = item->optValue<std::string>("uuid", "");
      r.version = item->optValue<std::int64_t>("version", 0);
    } catch (const std::exception&) {
      r.problem = "entity, uuid and version must be text, text and integer";
    }
    if (r.problem.empty() && !plain_name(r.entity)) r.problem = "entity must be a table name ([A-Za-z0-9_]+)";
    if (r.problem.empty() && (r.uuid.empty() || r.uuid.size() > 64)) r.problem = "uuid must be 1 to 64 characters";
    if (r.problem.empty() && r.version < 1) r.problem = "version must be an integer ≥ 1";
    if (r.problem.empty()) {
      if (!item->isObject("payload"))
        r.problem = "payload must be a JSON object";
      else
        r.payload = stringify(item->get("payload"));
    }
    out.push_back(std::move(r));
  }
  return out;
}

void write_answer(JsonWriter& json, const RecordAnswer& a) {
  json.begin_object().key("entity").value(a.entity).key("uuid").value(a.uuid).key("version").value(a.version);
  json.key("status").value(a.status);
  if (a.receipt.empty())
    json.key("receipt").null();
  else
    json.key("receipt").value(a.receipt);
  if (a.error.empty())
    json.key("error").null();
  else
    json.key("error").value(a.error);
  json.end_object();
}

std::map<std::string, std::string> query_params(const Poco::URI& uri) {
  std::map<std::string, std::string> out;
  for (const auto& [key, value] : uri.getQueryParameters()) out[key] = value;
  return out;
}

std::int64_t number_param(const std::map<std::string, std::string>& params, const char* key, std::int64_t fallback) {
  const auto found = params.find(key);
  if (found == params.end()) return fallback;
  try {
    return std::stoll(found->second);
  } catch (const std::exception&) {
    return fallback;
  }
}

std::optional<std::string> text_param(const std::map<std::string, std::string>& params, const char* key) {
  const auto found = params.find(key);
  if (found == params.end() || found->second.empty()) return std::nullopt;
  return found->second;
}

// The common filters of every record list.
RecordQuery base_query(const std::map<std::string, std::string>& params, std::string entity, std::string time_field) {
  RecordQuery q;
  q.entity = std::move(entity);
  q.time_field = std::move(time_field);
  q.booth_id = text_param(params, "booth");
  q.from = text_param(params, "from");
  q.to = text_param(params, "to");
  q.limit = number_param(params, "limit", 100);
  q.offset = number_param(params, "offset", 0);
  return q;
}

}  // namespace

HttpAnswer HubRoutes::failure(const Error& error) {
  const int status = deps_.http_status ? deps_.http_status(error.code) : 500;
  return error_answer(status, error.detail.en, error.detail.zh);
}

HttpAnswer HubRoutes::handle(const HttpExchange& exchange) {
  try {
    const Poco::URI uri(exchange.target);
    const auto path = uri.getPath();
    if (path == "/health") return HttpAnswer{200, R"({"ok":true})"};
    // The public live board (unsigned, HTML): lims/hub/hub_board.hpp.
    if (path == "/board") {
      if (exchange.method != "GET") return error_answer(405, "use GET");
      const auto params = query_params(uri);
      const auto page = hub_board_page(store_, text_param(params, "market").value_or(""),
                                       text_param(params, "date").value_or(""), deps_.clock());
      if (!page) return failure(page.error());
      return HttpAnswer{200, *page, "text/html; charset=utf-8"};
    }
    if (path.rfind("/api/v1/", 0) != 0) return error_answer(404, "no such endpoint", "没有此接口");

    const auto now = deps_.clock();
    const SignedRequest signed_request{exchange.method,
                                       exchange.target,
                                       exchange.body,
                                       header(exchange, sync::kBoothHeader),
                                       header(exchange, sync::kTimestampHeader),
                                       header(exchange, sync::kNonceHeader),
                                       header(exchange, sync::kSignatureHeader)};
    const auto auth = authenticate(store_, signed_request, now.time_since_epoch().count(), window_seconds_);
    if (!auth.ok) return error_answer(401, auth.reason, "请求签名校验失败");

    const auto params = query_params(uri);
    if (path == "/api/v1/records") {
      if (exchange.method != "POST") return error_answer(405, "use POST");
      return push(auth.booth_id, exchange.body);
    }
    if (exchange.method != "GET") return error_answer(405, "use GET");
    if (path.rfind("/api/v1/master/", 0) == 0) {
      const auto kind = path.substr(std::string("/api/v1/master/").size());
      if (!plain_name(kind)) return error_answer(400, "bad master data kind", "基础数据类别无效");
      const auto since = number_param(params, "since", 0);
      const auto limit = std::clamp<std::int64_t>(number_param(params, "limit", 500), 1, 5000);
      if (since < 0) return error_answer(400, "since: expected a sequence number ≥ 0", "since：应为不小于 0 的序号");
      // One row more than asked tells whether another page follows.
      auto rows = store_.master_since(kind, since, limit + 1);
      if (!rows) return failure(rows.error());
      const bool more = static_cast<std::int64_t>(rows->size()) > limit;
      if (more) rows->pop_back();
      const std::int64_t next = rows->empty() ? since : rows->back().seq;
      std::string out = "{\"kind\":";
      protocols::append_json_string(out, kind);
      out += ",\"since\":" + std::to_string(since) + ",\"next\":" + std::to_string(next) +
             ",\"more\":" + (more ? "true" : "false") + ",\"rows\":[";
      for (std::size_t i = 0; i < rows->size(); ++i) {
        const auto& r = (*rows)[i];
        if (i > 0) out += ',';
        out += "{\"key\":";
        protocols::append_json_string(out, r.key);
        out += ",\"version\":" + std::to_string(r.version) + ",\"seq\":" + std::to_string(r.seq) + ",\"updated_at\":";
        protocols::append_json_string(out, r.updated_at);
        out += ",\"payload\":" + r.payload + "}";
      }
      out += "]}";
      return HttpAnswer{200, std::move(out)};
    }
    if (path == "/api/v1/results" || path == "/api/v1/positives") {
      auto q = base_query(params, "result", "tested_at");
      if (path == "/api/v1/positives")
        q.equals["verdict"] = "positive";
      else if (const auto verdict = text_param(params, "verdict"))
        q.equals["verdict"] = *verdict;
      if (const auto kind = text_param(params, "test_kind")) q.equals["test_kind"] = *kind;
      return list(q);
    }
    if (path.rfind("/api/v1/records/", 0) == 0) {
      const auto entity = path.substr(std::string("/api/v1/records/").size());
      if (!plain_name(entity)) return error_answer(400, "bad entity name");
      auto q = base_query(params, entity, text_param(params, "time_field").value_or("created_at"));
      for (const auto& [key, value] : params) {
        if (key == "booth" || key == "from" || key == "to" || key == "limit" || key == "offset" ||
            key == "time_field") {
          continue;
        }
        q.equals[key] = value;
      }
      return list(q);
    }
    if (path == "/api/v1/cases") {
      auto q = base_query(params, text_param(params, "entity").value_or("disposal_case"), "due_at");
      if (const auto status = text_param(params, "status")) q.equals["status"] = *status;
      return list(q);
    }
    if (path == "/api/v1/closure") {
      ClosureQuery q;
      q.entity = text_param(params, "entity").value_or(q.entity);
      q.due_field = text_param(params, "due_field").value_or(q.due_field);
      q.closed_field = text_param(params, "closed_field").value_or(q.closed_field);
      q.from = text_param(params, "from").value_or("0000");
      q.to = text_param(params, "to").value_or("9999");
      q.now = to_iso8601(now);
      const auto rate = closure_rate(store_, q);
      if (!rate) return failure(rate.error());
      JsonWriter json;
      json.begin_object().key("entity").value(q.entity).key("from").value(q.from).key("to").value(q.to);
      json.key("due").value(rate->due).key("closed_on_time").value(rate->closed_on_time);
      json.key("closed_late").value(rate->closed_late).key("open_overdue").value(rate->open_overdue);
      json.key("open_not_yet_due").value(rate->open_not_yet_due).key("on_time_rate");
      if (rate->rate)
        json.value(*rate->rate);
      else
        json.null();
      json.end_object();
      return HttpAnswer{200, json.take()};
    }
    if (path == "/api/v1/plan-progress") {
      const auto rows =
          plan_progress(store_, text_param(params, "from").value_or("0000"), text_param(params, "to").value_or("9999"));
      if (!rows) return failure(rows.error());
      JsonWriter json;
      json.begin_object().key("booths").begin_array();
      for (const auto& r : *rows) {
        json.begin_object().key("booth").value(r.booth_id).key("name").value(r.booth_name);
        json.key("samples").value(r.samples).key("plan_task_samples").value(r.plan_task_samples);
        json.key("results").value(r.results).key("positives").value(r.positives).end_object();
      }
      json.end_array().end_object();
      return HttpAnswer{200, json.take()};
    }
    return error_answer(404, "no such endpoint", "没有此接口");
  } catch (const std::exception& error) {
    // A broken invariant: answer 500 rather than drop the connection; the booth retries.
    return error_answer(500, std::string("internal error: ") + error.what(), "内部错误");
  }
}

HttpAnswer HubRoutes::push(const std::string& booth_id, const std::string& body) {
  std::string problem;
  const auto records = parse_push(body, problem);
  if (!records) return error_answer(400, problem, "上传内容格式错误");
  const auto result = store_.ingest(booth_id, *records, deps_.clock());
  if (!result) return failure(result.error());
  JsonWriter json;
  if (!result->forbidden.empty()) {
    json.begin_object().key("error").value("some records belong to another booth; nothing was stored");
    json.key("error_zh").value("部分记录属于其他快检室，本批均未保存").key("forbidden").begin_array();
    for (const auto& a : result->forbidden) write_answer(json, a);
    json.end_array().end_object();
    return HttpAnswer{403, json.take()};
  }
  json.begin_object().key("results").begin_array();
  for (const auto& a : result->answers) write_answer(json, a);
  json.end_array().end_object();
  return HttpAnswer{200, json.take()};
}

HttpAnswer HubRoutes::list(const RecordQuery& query) {
  const auto rows = store_.query(query);
  if (!rows) return failure(rows.error());
  std::string out = "{\"count\":" + std::to_string(rows->size()) + ",\"records\":[";
  for (std::size_t i = 0; i < rows->size(); ++i) {
    const auto& r = (*rows)[i];
    if (i > 0) out += ',';
    out += "{\"entity\":";
    protocols::append_json_string(out, r.entity);
    out += ",\"uuid\":";
    protocols::append_json_string(out, r.uuid);
    out += ",\"booth\":";
    protocols::append_json_string(out, r.booth_id);
    out += ",\"version\":" + std::to_string(r.version) + ",\"received_at\":";
    protocols::append_json_string(out, r.received_at);
    out += ",\"payload\":" + r.payload + "}";
  }
  out += "]}";
  return HttpAnswer{200, std::move(out)};
}

}  // namespace kj::lims::hub
