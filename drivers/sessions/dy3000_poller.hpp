// The DY-3000 family read sequence (instruments.md §5), strictly one request outstanding:
// link test 0x20 ("DEVICE??") → item table 0x42, page after page while a page holds two slots
// (records name their item by its place in the table, and the decoder learns the table from
// these answers) → record window 0x43 for the days asked → one 0x45 per record index.
//
// What is asked: date:D the window of D; `all` and `last` the window 2000-01-01 … 2099-12-31
// (everything a device clock can hold). `all` and date read every index first … end − 1,
// oldest first; `last` reads end − 1, stepping back over empty (deleted) records until a valid
// one. first + 1 > end is "no data": the read ends well with nothing.
//
// Timers (spec recommendation): 1 s per answer, each request sent again at most twice; no
// answer after that, or the link closing mid-read, is a PollFailure. A frame cut off is the
// decoder's truncated error, never an observation.
//
// The decoder sees every byte, so it also decodes an answer that came late, after its request
// was sent again (the device then answers twice), and an answer for an index not asked. Their
// readings are handed on once, and only for the records this read asked for: a repeated
// answer is not a second test.
#pragma once

#include <chrono>
#include <deque>
#include <memory>
#include <optional>
#include <set>
#include <utility>
#include <vector>

#include "drivers/sessions/device_spec.hpp"
#include "drivers/sessions/poll_queue.hpp"
#include "drivers/sessions/poller.hpp"
#include "drivers/sessions/tl310_poller.hpp"
#include "protocols/frame_hunter.hpp"

namespace kj::drivers {

// 1 s per answer, 2 retries (instruments.md §5 "recommended").
inline constexpr PollTimers kDy3000Timers{std::chrono::milliseconds(1000), std::chrono::milliseconds(1000), 2};

class Dy3000Poller final : public Poller {
 public:
  Dy3000Poller(ReadRequest read, std::unique_ptr<protocols::Decoder> decoder, PollTimers timers = kDy3000Timers);

  void begin() override;
  void feed(std::span<const std::uint8_t> bytes) override;
  void on_timeout() override;
  void on_closed() override;
  std::optional<PollOutput> next() override;
  [[nodiscard]] std::chrono::milliseconds wait() const override { return timers_.answer; }
  [[nodiscard]] bool done() const override { return phase_ == Phase::done && queue_.empty(); }

 private:
  enum class Phase { link, items, window, records, done };

  void request(Phase phase, std::vector<std::uint8_t> bytes);
  void ask_window();
  void ask_record();
  void on_record(bool valid);
  void end(std::optional<Error> why);
  [[nodiscard]] const char* asked() const;
  [[nodiscard]] bool first_reading_of_an_asked_record(const protocols::Observation& o);

  ReadRequest read_;
  PollTimers timers_;
  protocols::FrameHunter hunter_;
  Phase phase_ = Phase::link;
  std::vector<std::uint8_t> last_request_;
  int attempts_ = 0;
  std::uint8_t page_ = 0;
  std::uint32_t first_ = 0;
  std::uint32_t end_ = 0;
  std::uint32_t index_ = 0;  // the record asked for
  std::uint32_t records_ = 0;
  PollQueue queue_;
  std::set<std::vector<std::uint8_t>> asked_records_;              // answer frames the read asked for
  std::set<std::pair<std::vector<std::uint8_t>, int>> handed_on_;  // (answer frame, channel)
};

}  // namespace kj::drivers
