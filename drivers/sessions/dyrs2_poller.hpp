// The DYRS2 meat-moisture meter's read (instruments.md §7): version query `V`; an answer that
// starts with `V` (framed `01 56 …` or bare `56 …`) marks a 3rd-generation meter, any other
// answer a 2nd-generation one. 3rd generation: `R` + YYMMDD + YYMMDD → one 'D' frame per record,
// the list closed by an 'E' frame. 2nd generation: `U` ("send all") → one frame holding every
// record.
//
// What is asked: 3rd generation, date:D the range D … D, `all` and `last` 000101 … 991231
// (everything a two-digit year can name), `last` handing on only the last record of the list.
// The 2nd generation can only send all: date:D hands on the records dated D, `last` the last.
//
// Timers: `answer` for the version answer and the first frame of the list, each request sent
// again `retries` times while nothing came; `gap` between 'D' frames, no retry (the list would
// start again). No answer after the retries, a list that stops before its 'E', or the link
// closing mid-read: a PollFailure; a frame cut off is the decoder's truncated error.
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
#include "protocols/frame_hunter.hpp"

namespace kj::drivers {

class Dyrs2Poller final : public Poller {
 public:
  Dyrs2Poller(ReadRequest read, std::unique_ptr<protocols::Decoder> decoder, PollTimers timers = {});

  void begin() override;
  void feed(std::span<const std::uint8_t> bytes) override;
  void on_timeout() override;
  void on_closed() override;
  std::optional<PollOutput> next() override;
  [[nodiscard]] std::chrono::milliseconds wait() const override;
  [[nodiscard]] bool done() const override { return phase_ == Phase::done && queue_.empty(); }

  // Known once the version answer came: true for a 3rd-generation meter.
  [[nodiscard]] std::optional<bool> third_generation() const { return third_; }

 private:
  enum class Phase { version, reading, done };

  void request(std::vector<std::uint8_t> bytes);
  void on_generation(bool third);
  void end(std::optional<Error> why);

  ReadRequest read_;
  PollTimers timers_;
  protocols::FrameHunter hunter_;
  Phase phase_ = Phase::version;
  std::optional<bool> third_;
  bool heard_ = false;  // bytes arrived since the version query
  std::vector<std::uint8_t> last_request_;
  int attempts_ = 0;
  std::uint32_t records_ = 0;
  PollQueue queue_;
};

}  // namespace kj::drivers
