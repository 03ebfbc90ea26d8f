#include "lims/hub/hub_server.hpp"

#include <Poco/Exception.h>
#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/SecureServerSocket.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/ThreadPool.h>

#include "lims/errors.hpp"
#include "lims/hub/hub_routes.hpp"

namespace kj::lims::hub {

struct HubServer::Impl {
  std::unique_ptr<Poco::ThreadPool> pool;
  std::unique_ptr<Poco::Net::HTTPServer> server;
  int port = 0;
  bool running = false;
};

namespace {

class Handler final : public Poco::Net::HTTPRequestHandler {
 public:
  explicit Handler(HubRoutes& routes) : routes_(routes) {}

  void handleRequest(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response) override {
    HttpExchange exchange;
    exchange.method = request.getMethod();
    exchange.target = request.getURI();
    for (const auto& [name, value] : request) exchange.headers[name] = value;
    const auto length = request.getContentLength64();
    HttpAnswer answer;
    if (length != Poco::Net::HTTPMessage::UNKNOWN_CONTENT_LENGTH &&
        static_cast<std::uint64_t>(length) > routes_.max_body()) {
      answer = HttpAnswer{413, R"({"error":"body too large"})"};
    } else {
      auto& in = request.stream();
      std::string body;
      char buffer[16384];
      bool too_large = false;
      while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
        body.append(buffer, static_cast<std::size_t>(in.gcount()));
        if (body.size() > routes_.max_body()) {
          too_large = true;
          break;
        }
      }
      exchange.body = std::move(body);
      answer = too_large ? HttpAnswer{413, R"({"error":"body too large"})"} : routes_.handle(exchange);
    }
    response.setStatus(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(answer.status));
    response.setContentType(answer.content_type);
    response.setContentLength(static_cast<std::streamsize>(answer.body.size()));
    response.send() << answer.body;
  }

 private:
  HubRoutes& routes_;
};

class Factory final : public Poco::Net::HTTPRequestHandlerFactory {
 public:
  explicit Factory(std::shared_ptr<HubRoutes> routes) : routes_(std::move(routes)) {}
  Poco::Net::HTTPRequestHandler* createRequestHandler(const Poco::Net::HTTPServerRequest&) override {
    return new Handler(*routes_);  // Poco takes ownership
  }

 private:
  std::shared_ptr<HubRoutes> routes_;
};

}  // namespace

HubServer::HubServer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

HubServer::~HubServer() {
  stop();
}

int HubServer::port() const {
  return impl_->port;
}

void HubServer::stop() {
  if (impl_ && impl_->running) {
    impl_->server->stopAll(true);
    impl_->pool->joinAll();
    impl_->running = false;
  }
}

Result<std::unique_ptr<HubServer>> HubServer::start(HubStore& store, const ServerOptions& options, ServerDeps deps) {
  try {
    auto routes = std::make_shared<HubRoutes>(store, std::move(deps), options.window_seconds, options.max_body);
    const Poco::Net::SocketAddress address(options.host, static_cast<Poco::UInt16>(options.port));
    std::unique_ptr<Poco::Net::ServerSocket> socket;
    if (!options.cert_file.empty()) {
      Poco::Net::Context::Ptr context = new Poco::Net::Context(Poco::Net::Context::TLS_SERVER_USE, options.key_file,
                                                               options.cert_file, "", Poco::Net::Context::VERIFY_NONE);
      socket = std::make_unique<Poco::Net::SecureServerSocket>(address, 64, context);
    } else {
      socket = std::make_unique<Poco::Net::ServerSocket>(address, 64);
    }
    auto impl = std::make_unique<Impl>();
    impl->pool = std::make_unique<Poco::ThreadPool>(2, options.max_threads);
    auto* params = new Poco::Net::HTTPServerParams;  // Poco reference-counts it
    params->setMaxThreads(options.max_threads);
    params->setMaxQueued(256);
    params->setKeepAlive(true);
    params->setMaxKeepAliveRequests(0);  // unlimited: a booth pushes many batches on one connection
    params->setKeepAliveTimeout(Poco::Timespan(30, 0));
    impl->server = std::make_unique<Poco::Net::HTTPServer>(new Factory(routes), *impl->pool, *socket, params);
    impl->server->start();
    impl->port = socket->address().port();
    impl->running = true;
    return std::unique_ptr<HubServer>(new HubServer(std::move(impl)));
  } catch (const Poco::Exception& error) {
    return make_error(make_error_code(Errc::invalid_input), "hub serve: " + error.displayText(),
                      "启动县级平台失败：" + error.displayText());
  }
}

}  // namespace kj::lims::hub
