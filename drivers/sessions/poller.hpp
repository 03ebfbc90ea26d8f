// The request/response sequence of a host-polled instrument, as a state machine without I/O:
// the session feeds it the device's bytes and tells it when the answer did not come in time;
// it says what to send, what it decoded, and when the sequence is over. Each vendor protocol
// (instruments.md: identify, then read last/all/by date) is one Poller.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <span>
#include <variant>
#include <vector>

#include "protocols/decoder.hpp"
#include "protocols/result.hpp"

namespace kj::drivers {

// Bytes to write to the device.
struct PollRequest {
  std::vector<std::uint8_t> bytes;
};
// A frame of the sequence was received intact (for the health counters).
struct PollFrame {};
// The sequence cannot go on as asked (no answer after the retries, a request the firmware does
// not offer). An error line, never an observation.
struct PollFailure {
  Error error;
};
using PollOutput = std::variant<PollRequest, protocols::DecodeEvent, PollFrame, PollFailure>;

class Poller {
 public:
  virtual ~Poller() = default;
  // Queues the first request.
  virtual void begin() = 0;
  virtual void feed(std::span<const std::uint8_t> bytes) = 0;
  // Nothing arrived for wait(): retry the request, or end the sequence.
  virtual void on_timeout() = 0;
  // The device closed the link.
  virtual void on_closed() = 0;
  virtual std::optional<PollOutput> next() = 0;
  // How long to wait for the device, counted from the last byte sent or received.
  [[nodiscard]] virtual std::chrono::milliseconds wait() const = 0;
  // The sequence is over (everything, including errors, has been handed out by next()).
  [[nodiscard]] virtual bool done() const = 0;
};

}  // namespace kj::drivers
