#include "drivers/stream_health.hpp"

namespace kj::drivers {

std::string_view to_string(LinkState state) {
  switch (state) {
    case LinkState::connecting: return "connecting";
    case LinkState::open: return "open";
    case LinkState::backoff: return "backoff";
    case LinkState::closed: return "closed";
  }
  return "closed";
}

}  // namespace kj::drivers
