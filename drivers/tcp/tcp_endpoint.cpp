#include "drivers/tcp/tcp_endpoint.hpp"

namespace kj::drivers {

std::string to_string(const TcpEndpoint& endpoint) {
  const bool ipv6 = endpoint.host.find(':') != std::string::npos;
  return (ipv6 ? "[" + endpoint.host + "]" : endpoint.host) + ":" + std::to_string(endpoint.port);
}

}  // namespace kj::drivers
