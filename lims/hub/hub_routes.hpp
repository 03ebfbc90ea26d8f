// The hub's request handling without sockets (sans-I/O): an HTTP exchange in, an answer out.
// HubServer feeds it from Poco; tests may call it directly.
//
// Every /api/v1 request is signed (lims/sync/request_signature.hpp); 401 when it is not.
//   POST /api/v1/records                 push: {"records":[{"entity","uuid","version","payload":{…}}]}
//        200 {"results":[{"entity","uuid","version","status":"stored|duplicate|rejected","receipt","error"}]}
//        403 {"error", "forbidden":[{"entity","uuid","version","error"}]}  nothing stored
//   GET  /api/v1/master/{kind}?since=SEQ&limit=N   master data changed after sequence number SEQ
//        200 {"kind","since","next","more","rows":[{"key","version","seq","updated_at","payload":{…}}]}
//   GET  /api/v1/results?verdict=&test_kind=&booth=&from=&to=&limit=&offset=   (tested_at window)
//   GET  /api/v1/positives?booth=&from=&to=&limit=&offset=
//   GET  /api/v1/records/{entity}?FIELD=VALUE…&booth=&time_field=&from=&to=&limit=&offset=
//   GET  /api/v1/cases?entity=disposal_case&status=&booth=&from=&to=   (due_at window)
//   GET  /api/v1/closure?from=&to=&entity=&due_field=due_at&closed_field=closed_at
//   GET  /api/v1/plan-progress?from=&to=
//   record lists answer {"count","records":[{"entity","uuid","booth","version","received_at","payload":{…}}]}
//   GET  /health (unsigned)              {"ok":true}
#pragma once

#include <functional>
#include <map>
#include <string>
#include <system_error>

#include "lims/hub/hub_server.hpp"
#include "lims/hub/hub_store.hpp"

namespace kj::lims::hub {

struct HttpExchange {
  std::string method;
  std::string target;  // path with the query string, as received
  std::map<std::string, std::string> headers;
  std::string body;
};

struct HttpAnswer {
  int status = 200;
  std::string body;
  std::string content_type = "application/json; charset=utf-8";
};

class HubRoutes {
 public:
  HubRoutes(HubStore& store, ServerDeps deps, std::int64_t window_seconds, std::size_t max_body)
      : store_(store), deps_(std::move(deps)), window_seconds_(window_seconds), max_body_(max_body) {}

  HttpAnswer handle(const HttpExchange& exchange);
  [[nodiscard]] std::size_t max_body() const { return max_body_; }

 private:
  HttpAnswer push(const std::string& booth_id, const std::string& body);
  HttpAnswer list(const RecordQuery& query);
  HttpAnswer failure(const Error& error);

  HubStore& store_;
  ServerDeps deps_;
  std::int64_t window_seconds_;
  std::size_t max_body_;
};

}  // namespace kj::lims::hub
