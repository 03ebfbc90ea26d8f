// Every timer and limit of the E1381 link layer, in one place, with the standard's defaults.
// The standard leaves some of them loosely defined (the host's back-off after contention is
// often cited as 20 s, unconfirmed), so all of them are data a device's config may change.
#pragma once

#include <chrono>
#include <cstddef>

namespace kj::protocols::astm {

using Clock = std::chrono::steady_clock;
using TimePoint = Clock::time_point;

// Which side of the link we are when both sides want to send at once: the instrument wins.
enum class LinkRole { host, instrument };

struct LinkConfig {
  // --- sender ---
  // Wait for ACK/NAK/EOT after our ENQ or a frame; then EOT and give up.
  std::chrono::milliseconds reply_timeout{std::chrono::seconds(15)};
  // After the peer NAKs our ENQ (busy): at least 10 s before the next ENQ.
  std::chrono::milliseconds busy_retry_delay{std::chrono::seconds(10)};
  // Host side of contention: stand back this long, receiving what the instrument sends.
  std::chrono::milliseconds contention_backoff{std::chrono::seconds(20)};
  // Instrument side of contention: the standard's "at least 1 s" before its ENQ again.
  std::chrono::milliseconds instrument_contention_delay{std::chrono::seconds(1)};
  LinkRole role = LinkRole::host;
  // A frame NAKed this many times (sent and refused that often) ends the transfer with EOT.
  int max_naks_per_frame = 6;
  // Text bytes per frame our sender writes (the standard's 240).
  std::size_t max_text_per_frame = 240;
  // The receiver may answer EOT instead of ACK ("accepted, please stop"); the standard lets the
  // sender ignore it. true: end the transfer after that frame.
  bool stop_on_interrupt = false;

  // --- receiver ---
  // Wait for the next frame or EOT; then the incomplete message is discarded.
  std::chrono::milliseconds receive_timeout{std::chrono::seconds(30)};
  // Longest frame accepted, STX through LF. Real analyzers exceed the standard's 247 bytes
  // (a cobas c311 sends ~620, a GeneXpert far more), so the receiver is liberal up to here.
  std::size_t max_frame_bytes = 64 * 1024;
};

}  // namespace kj::protocols::astm
