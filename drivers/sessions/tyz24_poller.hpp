// The Tianyang smart series read (TTNJ-Z16/Z24, instruments.md §4): link test `1B BF` → `1B 05`
// → (200 ms) start download `1B B1` → `1B C1` → `24` → the instrument then PUSHES its 501-byte
// groups on its own, "about 3 s apart", and ends with `1B FE`. After the `24` this poller only
// listens, framing groups by count, and finishes at `1B FE`.
//
// The instrument always sends everything it holds, so the ReadRequest is the host's: `all`
// hands on every record, date:D those whose group date is D, `last` the last one read.
//
// Timers: `answer` for `1B 05`, `1B C1` and the first group (a request that got no byte at all
// is sent again `retries` times); `gap` (5 s, the spec's recommendation, above the ~3 s between
// groups) once groups flow, with no retry: a second `24` could start the push over. A silence
// after that, a group cut off, or the link closing mid-read: a PollFailure; the partial group
// is the decoder's truncated error, never an observation.
#pragma once

#include <chrono>
#include <deque>
#include <memory>
#include <optional>
#include <vector>

#include "drivers/sessions/device_spec.hpp"
#include "drivers/sessions/poll_queue.hpp"
#include "drivers/sessions/poller.hpp"
#include "drivers/sessions/read_filter.hpp"
#include "drivers/sessions/tl310_poller.hpp"

namespace kj::drivers {

// 2 s per answer, 5 s between pushed groups, a request sent again twice.
inline constexpr PollTimers kTyz24Timers{std::chrono::milliseconds(2000), std::chrono::milliseconds(5000), 2};

class Tyz24Poller final : public Poller {
 public:
  // `settle`: the pause after `1B 05` before `1B B1` (200 ms in the spec).
  Tyz24Poller(ReadRequest read, std::unique_ptr<protocols::Decoder> decoder, PollTimers timers = kTyz24Timers,
              std::chrono::milliseconds settle = std::chrono::milliseconds(200));

  void begin() override;
  void feed(std::span<const std::uint8_t> bytes) override;
  void on_timeout() override;
  void on_closed() override;
  std::optional<PollOutput> next() override;
  [[nodiscard]] std::chrono::milliseconds wait() const override;
  [[nodiscard]] bool done() const override { return phase_ == Phase::done && queue_.empty(); }

 private:
  // identify: waiting for `1B 05`; settling: the pause before `1B B1`; started: waiting for
  // `1B C1`; pushing: groups (or `1B FE`) after `24`.
  enum class Phase { identify, settling, started, pushing, done };

  void request(std::vector<std::uint8_t> bytes);
  void take(std::uint8_t byte);
  void end(std::optional<Error> why);

  PollTimers timers_;
  std::chrono::milliseconds settle_;
  Phase phase_ = Phase::identify;
  std::vector<std::uint8_t> unit_;
  std::vector<std::uint8_t> last_request_;
  int attempts_ = 0;
  std::uint32_t groups_ = 0;
  PollQueue queue_;
};

}  // namespace kj::drivers
