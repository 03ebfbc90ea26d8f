// What a vendor poller hands out, in order: the requests it queues, frame notices, failures,
// and the decoder's events passed through its ReadFilter (the host's half of a read request).
// Every poller ends a read the same way — the decoder finishes (a record cut off becomes a
// truncated error, never an observation), then either the failure or what the filter held —
// so that lives here once.
#pragma once

#include <deque>
#include <memory>
#include <optional>

#include "drivers/sessions/poller.hpp"
#include "drivers/sessions/read_filter.hpp"
#include "protocols/decoder.hpp"

namespace kj::drivers {

class PollQueue {
 public:
  PollQueue(ReadRequest filter, std::unique_ptr<protocols::Decoder> decoder)
      : decoder_(std::move(decoder)), filter_(filter) {}

  [[nodiscard]] protocols::Decoder& decoder() { return *decoder_; }
  // Hands on what the filter keeps for this request from now on (e.g. once the device's
  // generation says whether it can select records itself).
  void set_filter(ReadRequest filter) { filter_ = ReadFilter(filter); }

  void push(PollOutput output) { out_.push_back(std::move(output)); }
  // The decoder's events so far, through the filter.
  void drain();
  // The read is over: with `why` it failed, else the filter hands on what it held.
  void finish(std::optional<Error> why);

  std::optional<PollOutput> pop();
  [[nodiscard]] bool empty() const { return out_.empty(); }

 private:
  std::unique_ptr<protocols::Decoder> decoder_;
  ReadFilter filter_;
  std::deque<PollOutput> out_;
};

}  // namespace kj::drivers
