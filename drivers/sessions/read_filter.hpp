// The host's half of a ReadRequest for instruments that cannot select records themselves (the
// Tianyang series send everything they hold, a 2nd-generation DYRS2 has only "send all", an
// LZ4000T reads whole days): of the decoded observations, `all` hands on every one, `date` those
// measured on that day, `last` only the last one of the read, once the read has ended well.
// Decode errors always pass, at once: a rejected frame is never filtered away.
#pragma once

#include <deque>
#include <optional>
#include <string>

#include "drivers/sessions/device_spec.hpp"
#include "drivers/sessions/poller.hpp"

namespace kj::drivers {

class ReadFilter {
 public:
  explicit ReadFilter(ReadRequest read);

  void take(protocols::DecodeEvent event, std::deque<PollOutput>& out);
  // The read ended without error: `last` hands on what it held.
  void flush(std::deque<PollOutput>& out);
  // Observations the request did not ask for (for tests and logs).
  [[nodiscard]] std::size_t left_out() const { return left_out_; }

 private:
  ReadRequest read_;
  std::string day_;  // YYYY-MM-DD for Kind::date
  std::optional<protocols::Observation> held_;
  std::size_t left_out_ = 0;
};

// "YYYY-MM-DD" of a calendar day.
std::string iso_day(const std::chrono::year_month_day& day);

}  // namespace kj::drivers
