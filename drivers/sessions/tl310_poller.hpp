// The TL310 read sequence (instruments.md §1): comm test 0x01 → answer 0x02 carrying the
// firmware version → read command chosen by version (0x10: last / all; others: by date) →
// N × 27-byte records, done when the record numbered `total` arrived. 2 s for the comm-test
// answer (retried twice), 2 s between records; no record at all within it means "no data".
#pragma once

#include <chrono>
#include <deque>
#include <memory>

#include "drivers/sessions/device_spec.hpp"
#include "drivers/sessions/poller.hpp"
#include "protocols/frame_hunter.hpp"

namespace kj::drivers {

struct PollTimers {
  std::chrono::milliseconds answer{2000};  // for the answer to a request
  std::chrono::milliseconds gap{2000};     // between frames once they flow
  int retries = 2;                         // a request sent again at most this often
};

class Tl310Poller final : public Poller {
 public:
  Tl310Poller(ReadRequest read, std::unique_ptr<protocols::Decoder> decoder, PollTimers timers = {});

  void begin() override;
  void feed(std::span<const std::uint8_t> bytes) override;
  void on_timeout() override;
  void on_closed() override;
  std::optional<PollOutput> next() override;
  [[nodiscard]] std::chrono::milliseconds wait() const override;
  [[nodiscard]] bool done() const override { return phase_ == Phase::done && out_.empty(); }

 private:
  enum class Phase { identify, reading, done };

  void request(std::vector<std::uint8_t> bytes);
  void on_version(std::uint8_t version);
  void end(std::optional<Error> why);
  void drain_decoder();

  ReadRequest read_;
  std::unique_ptr<protocols::Decoder> decoder_;
  PollTimers timers_;
  protocols::FrameHunter hunter_;
  Phase phase_ = Phase::identify;
  std::vector<std::uint8_t> last_request_;
  int attempts_ = 0;
  std::uint32_t records_seen_ = 0;
  std::deque<PollOutput> out_;
};

}  // namespace kj::drivers
