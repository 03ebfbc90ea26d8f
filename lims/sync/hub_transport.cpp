#include "lims/sync/hub_transport.hpp"

#include <Poco/Exception.h>
#include <Poco/Net/AcceptCertificateHandler.h>
#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/StreamCopier.h>
#include <Poco/URI.h>

#include <filesystem>
#include <sstream>

#include "lims/errors.hpp"

namespace kj::lims::sync {
namespace {

Error unreachable(const std::string& what) {
  return make_error(make_error_code(Errc::database_unavailable), "hub unreachable: " + what,
                    "无法连接县级平台：" + what);
}

class PocoHubTransport final : public HubTransport {
 public:
  PocoHubTransport(Poco::URI uri, std::chrono::seconds timeout, std::string ca_file)
      : uri_(std::move(uri)), timeout_(timeout), ca_file_(std::move(ca_file)) {}

  Result<HubReply> exchange(const std::string& method, const std::string& path, const std::string& body,
                            const std::vector<std::pair<std::string, std::string>>& headers) override {
    try {
      if (!session_) connect();
      Poco::Net::HTTPRequest request(method, path, Poco::Net::HTTPMessage::HTTP_1_1);
      request.setContentType("application/json");
      request.setContentLength(static_cast<std::streamsize>(body.size()));
      request.setKeepAlive(true);
      for (const auto& [name, value] : headers) request.set(name, value);
      session_->sendRequest(request) << body;
      Poco::Net::HTTPResponse response;
      auto& in = session_->receiveResponse(response);
      HubReply reply;
      reply.status = static_cast<int>(response.getStatus());
      std::ostringstream text;
      Poco::StreamCopier::copyStream(in, text);
      reply.body = text.str();
      return reply;
    } catch (const Poco::Exception& error) {
      session_.reset();  // a broken keep-alive connection is not reused
      return unreachable(error.displayText());
    } catch (const std::exception& error) {
      session_.reset();
      return unreachable(error.what());
    }
  }

  std::string path_prefix() const override {
    auto path = uri_.getPath();
    while (!path.empty() && path.back() == '/') path.pop_back();
    return path;
  }

 private:
  void connect() {
    const Poco::Timespan timeout(static_cast<long>(timeout_.count()), 0);
    if (uri_.getScheme() == "https") {
      // Verifies the hub's certificate against the system's CAs and, when configured, the
      // county's own CA file.
      Poco::Net::Context::Ptr context = new Poco::Net::Context(Poco::Net::Context::TLS_CLIENT_USE, ca_file_,
                                                               Poco::Net::Context::VERIFY_RELAXED, 9, true);
      session_ = std::make_unique<Poco::Net::HTTPSClientSession>(uri_.getHost(), uri_.getPort(), context);
    } else {
      session_ = std::make_unique<Poco::Net::HTTPClientSession>(uri_.getHost(), uri_.getPort());
    }
    session_->setTimeout(timeout);
    session_->setKeepAlive(true);
  }

  Poco::URI uri_;
  std::chrono::seconds timeout_;
  std::string ca_file_;
  std::unique_ptr<Poco::Net::HTTPClientSession> session_;
};

}  // namespace

Result<std::unique_ptr<HubTransport>> make_poco_transport(const std::string& base_url, std::chrono::seconds timeout,
                                                          const std::string& ca_file) {
  try {
    Poco::URI uri(base_url);
    if (uri.getScheme() != "http" && uri.getScheme() != "https") {
      return make_error(make_error_code(Errc::config_invalid),
                        "hub.url: expected an http:// or https:// URL, got " + base_url,
                        "hub.url：应为 http:// 或 https:// 地址，实际为 " + base_url);
    }
    if (!ca_file.empty() && !std::filesystem::is_regular_file(ca_file)) {
      return make_error(make_error_code(Errc::config_invalid), "hub.ca_file: no such file " + ca_file,
                        "hub.ca_file：文件不存在 " + ca_file);
    }
    return std::unique_ptr<HubTransport>(std::make_unique<PocoHubTransport>(std::move(uri), timeout, ca_file));
  } catch (const Poco::Exception& error) {
    return make_error(make_error_code(Errc::config_invalid), "hub.url: " + error.displayText(),
                      "hub.url：" + error.displayText());
  }
}

}  // namespace kj::lims::sync
