// The Tianyang keypad series read (TTNJ-8/16, instruments.md §3), host-paced, one group per
// request, framed by counting bytes as the reference driver does: link test `1B BF` → model
// answer `1B nn` (an optional `1B CF` before it is skipped; any model code a vendor document
// lists is accepted) → start download `1B B1` → `1B C1` + the first 73-byte group → for each
// further group `24` → 73 bytes, until `1B FE` (no more data; also taken as the answer to
// `1B B1` of an instrument holding nothing) → end of session `1B FF` (no answer).
//
// The instrument always sends everything it holds, so the ReadRequest is the host's: `all`
// hands on every channel, date:D those measured on D, `last` the last one read.
//
// Timers: `answer` for each answer (a request that got no byte at all is sent again `retries`
// times: the spec's "resend 24 once"), `gap` between the bytes of a group. The spec also
// suggests resending `24` when a group stops half-way; we end the read with an error instead:
// the cut group's bytes are already in the decoder, which cannot forget them, and a group
// pieced together from two would decode as a corrupt observation. No answer after the retries
// or the link closing mid-read: a PollFailure; the partial group is the decoder's truncated
// error, never an observation.
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

// 2 s per answer, 1 s between the bytes of a group, a request sent again once.
inline constexpr PollTimers kTy16Timers{std::chrono::milliseconds(2000), std::chrono::milliseconds(1000), 1};

class Ty16Poller final : public Poller {
 public:
  Ty16Poller(ReadRequest read, std::unique_ptr<protocols::Decoder> decoder, PollTimers timers = kTy16Timers);

  void begin() override;
  void feed(std::span<const std::uint8_t> bytes) override;
  void on_timeout() override;
  void on_closed() override;
  std::optional<PollOutput> next() override;
  [[nodiscard]] std::chrono::milliseconds wait() const override;
  [[nodiscard]] bool done() const override { return phase_ == Phase::done && queue_.empty(); }

  // The model code of the `1B nn` answer, once it came.
  [[nodiscard]] std::optional<std::uint8_t> model() const { return model_; }

 private:
  // identify: waiting for `1B nn`; started: for `1B C1` (or `1B FE`); group: for a group
  // (or `1B FE`) after `1B C1` or `24`.
  enum class Phase { identify, started, group, done };

  void request(std::vector<std::uint8_t> bytes);
  void take(std::uint8_t byte);
  void finish_download();
  void end(std::optional<Error> why);

  PollTimers timers_;
  Phase phase_ = Phase::identify;
  std::vector<std::uint8_t> unit_;  // bytes of the answer being counted
  std::optional<std::uint8_t> model_;
  std::vector<std::uint8_t> last_request_;
  int attempts_ = 0;
  std::uint32_t groups_ = 0;
  PollQueue queue_;
};

}  // namespace kj::drivers
