#include "protocols/dy6260/dy6260_link.hpp"

namespace kj::protocols::dy6260 {

std::vector<std::uint8_t> encode_read_request() {
  return {kReadRequest.begin(), kReadRequest.end()};
}

std::vector<std::uint8_t> encode_probe_request() {
  return {kProbeRequest.begin(), kProbeRequest.end()};
}

}  // namespace kj::protocols::dy6260
