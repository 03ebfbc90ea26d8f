// Where a TCP device or listener is: host (name or address) and port, as config writes it.
#pragma once

#include <cstdint>
#include <string>

namespace kj::drivers {

struct TcpEndpoint {
  std::string host;        // "10.0.0.5", "analyzer-3.lab", "0.0.0.0" to listen everywhere
  std::uint16_t port = 0;  // 0 when listening: the OS picks a free port

  bool operator==(const TcpEndpoint&) const = default;
};

// "host:port", with brackets around an IPv6 address.
std::string to_string(const TcpEndpoint& endpoint);

}  // namespace kj::drivers
