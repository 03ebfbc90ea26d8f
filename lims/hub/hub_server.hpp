// The county hub's HTTP(S) server (Poco HTTPServer): authenticates every /api/v1 request, takes
// booth pushes and serves master data and the county views as JSON. Endpoints: see
// hub_routes.cpp's header comment, mirrored in the README.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <system_error>

#include "lims/hub/hub_store.hpp"
#include "lims/time.hpp"

namespace kj::lims::hub {

struct ServerOptions {
  std::string host = "127.0.0.1";
  int port = 0;           // 0: an ephemeral port, read back with HubServer::port()
  std::string cert_file;  // PEM; TLS when set (with key_file)
  std::string key_file;
  int max_threads = 64;
  std::int64_t window_seconds = 300;
  std::size_t max_body = 32 * 1024 * 1024;
};

// Supplied by the caller: the clock (tests shift it) and the one error table's HTTP statuses.
struct ServerDeps {
  std::function<Timestamp()> clock;
  std::function<int(std::error_code)> http_status;
};

class HubServer {
 public:
  static Result<std::unique_ptr<HubServer>> start(HubStore& store, const ServerOptions& options, ServerDeps deps);
  ~HubServer();
  HubServer(const HubServer&) = delete;
  HubServer& operator=(const HubServer&) = delete;

  [[nodiscard]] int port() const;
  void stop();

  struct Impl;

 private:
  explicit HubServer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace kj::lims::hub
