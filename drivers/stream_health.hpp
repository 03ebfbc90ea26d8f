// What an operator (and the status page) wants to know about one device link: is it up, when
// did the device last say something, how much went each way, how often it had to reconnect,
// and why it last failed.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string_view>

#include "protocols/result.hpp"

namespace kj::drivers {

enum class LinkState {
  connecting,  // an open or TCP connect is under way
  open,        // bytes can flow
  backoff,     // the link failed; waiting before the next attempt
  closed,      // ended for good (closed by its owner, or a plain stream that failed)
};

std::string_view to_string(LinkState state);

struct StreamHealth {
  LinkState state = LinkState::closed;
  std::optional<std::chrono::system_clock::time_point> last_rx;  // wall time of the last byte received
  std::uint64_t bytes_in = 0;                                    // received from the device
  std::uint64_t bytes_out = 0;                                   // written to the device (completed)
  std::uint32_t reconnects = 0;                                  // successful reopens after the first open
  std::optional<Error> last_error;  // why the link last failed; kept after a successful reconnect
  std::optional<std::chrono::steady_clock::time_point> next_attempt;  // set while in backoff
};

}  // namespace kj::drivers
