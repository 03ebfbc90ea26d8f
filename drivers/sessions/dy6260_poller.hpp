// The DY-6260 read (instruments.md §6): connect, send `READ`, read the JSON answer until the
// peer closes or the document is complete (its braces balance), with a 5 s idle timeout. The
// reference client reads once, at most 1024 bytes, and truncates long lists; we do not.
#pragma once

#include <chrono>
#include <deque>
#include <memory>

#include "drivers/sessions/poller.hpp"

namespace kj::drivers {

class Dy6260Poller final : public Poller {
 public:
  explicit Dy6260Poller(std::unique_ptr<protocols::Decoder> decoder,
                        std::chrono::milliseconds idle = std::chrono::seconds(5));

  void begin() override;
  void feed(std::span<const std::uint8_t> bytes) override;
  void on_timeout() override;
  void on_closed() override;
  std::optional<PollOutput> next() override;
  [[nodiscard]] std::chrono::milliseconds wait() const override { return idle_; }
  [[nodiscard]] bool done() const override { return done_ && out_.empty(); }

 private:
  void end(std::optional<Error> why);
  void drain_decoder();

  std::unique_ptr<protocols::Decoder> decoder_;
  std::chrono::milliseconds idle_;
  std::deque<PollOutput> out_;
  bool done_ = false;
  bool received_ = false;
  // Balance of the answer so far: depth of {…}/[…] outside strings.
  int depth_ = 0;
  bool in_string_ = false;
  bool escaped_ = false;
  bool opened_ = false;
};

}  // namespace kj::drivers
