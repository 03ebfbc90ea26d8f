// The LZ4000 / LZ4000T read sequence (instruments.md §2). The device only reads by day:
// comm test 0x00 → answer 0x01; then for each day D: record count 0x12(D) → 0x13; a count of 0
// moves on to the next day, otherwise "send the day" 0x10(D) → that many 26-byte record frames
// back to back (the count at record offset 4 says how many), then the next day. The reference UI
// rests 50 ms before each request ("let the MCU rest").
//
// Which days (the spec has no "read all" or "read last" command; the UI asks the operator for a
// range): date:D asks D; `all` asks the last `days` days, today included, oldest first; `last`
// asks back from today, one day at a time within the same `days`, until a day holds records,
// reads that day and hands on its last record only.
//
// Timers: `answer` for the comm-test, count and first-record answers, each request sent again
// `retries` times (asking again before any record came cannot duplicate one); `gap` between
// records once they flow, with no retry (the device would send the whole day again). No answer
// after the retries, records stopping short, or the link closing mid-read: a PollFailure, and
// a record cut off is the decoder's truncated error, never an observation.
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

struct Lz4000tScan {
  std::chrono::milliseconds rest{50};  // before each request after the first
  int days = 31;                       // how far back `all` and `last` look, today included
};

class Lz4000tPoller final : public Poller {
 public:
  // `today`: the station's local date, the last day `all` and `last` ask for.
  Lz4000tPoller(ReadRequest read, std::chrono::year_month_day today, std::unique_ptr<protocols::Decoder> decoder,
                PollTimers timers = {}, Lz4000tScan scan = {});

  void begin() override;
  void feed(std::span<const std::uint8_t> bytes) override;
  void on_timeout() override;
  void on_closed() override;
  std::optional<PollOutput> next() override;
  [[nodiscard]] std::chrono::milliseconds wait() const override;
  [[nodiscard]] bool done() const override { return phase_ == Phase::done && queue_.empty(); }

 private:
  enum class Phase { identify, count, records, done };

  void request(std::vector<std::uint8_t> bytes);
  void ask_count();
  void next_day();
  void on_count(std::uint16_t count);
  void on_record(std::uint16_t day_count);
  void end(std::optional<Error> why);
  [[nodiscard]] std::string day_text() const;

  ReadRequest read_;
  std::vector<std::chrono::year_month_day> days_;
  std::size_t day_ = 0;  // index into days_
  PollTimers timers_;
  Lz4000tScan scan_;
  protocols::FrameHunter hunter_;
  Phase phase_ = Phase::identify;
  std::vector<std::uint8_t> last_request_;
  std::optional<std::vector<std::uint8_t>> resting_;  // the next request, sent when the rest is over
  int attempts_ = 0;
  std::uint32_t records_ = 0;  // of the current day
  std::uint32_t expected_ = 0;
  PollQueue queue_;
};

}  // namespace kj::drivers
