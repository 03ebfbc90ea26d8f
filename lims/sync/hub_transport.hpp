// How the sync client reaches the hub: one signed HTTP exchange. An interface so the push logic
// is tested without sockets; PocoHubTransport is the real one (HTTP, or HTTPS for https:// URLs).
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "protocols/result.hpp"

namespace kj::lims::sync {

struct HubReply {
  int status = 0;
  std::string body;
};

class HubTransport {
 public:
  virtual ~HubTransport() = default;
  // The path the hub's base URL starts with ("" or e.g. "/kuaijian"); requests are signed over
  // the full path the hub receives, so the caller prefixes it.
  [[nodiscard]] virtual std::string path_prefix() const { return {}; }
  // Sends one request (`path` already prefixed) with the given extra headers. An Error means no
  // answer came (refused, reset, timed out): always transient for the caller.
  virtual Result<HubReply> exchange(const std::string& method, const std::string& path, const std::string& body,
                                    const std::vector<std::pair<std::string, std::string>>& headers) = 0;
};

// `base_url` like http://127.0.0.1:8443 or https://hub.example.cn (a path prefix is kept).
// `ca_file`: a PEM file of CA certificates trusted for an https hub besides the system's (a
// county's own CA); the hub's certificate must chain to one of them.
Result<std::unique_ptr<HubTransport>> make_poco_transport(const std::string& base_url,
                                                          std::chrono::seconds timeout = std::chrono::seconds(30),
                                                          const std::string& ca_file = {});

}  // namespace kj::lims::sync
