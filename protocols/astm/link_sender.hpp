// The sending side of the E1381 link (host queries and orders) as a pure state machine: the
// message and the time in, bytes to write and the outcome out. Like the receiver it never reads
// a clock; a driver maps `deadline()` onto its timer.
//
// ENQ → wait for ACK (NAK: busy, ENQ again after at least 10 s; the peer's own ENQ: contention,
// the instrument wins and the host stands back, receiving first) → frames of at most 240 text
// bytes numbered 1…7, 0, 1…, each answered ACK (next), NAK (send again; NAKed 6 times: EOT and
// give up) or EOT (receiver interrupt, recorded) → EOT. No reply within 15 s: EOT and give up.
//
// While the sender waits out a NAK or a contention, the line belongs to the peer: the driver
// feeds incoming bytes to its LinkReceiver, and calls `on_timeout` only once that receiver is
// back in neutral (`!LinkReceiver::in_transfer()`).
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <variant>
#include <vector>

#include "protocols/astm/event_queue.hpp"
#include "protocols/astm/frame.hpp"
#include "protocols/astm/link_config.hpp"

namespace kj::protocols::astm {

// Bytes to write to the peer: ENQ, a frame, or EOT.
struct Write {
  std::vector<std::uint8_t> bytes;
};

// The peer sent ENQ while we were establishing. Host role: stand back (`contention_backoff`) and
// hand the line to the receiver; instrument role: ENQ again after `instrument_contention_delay`.
struct Contention {};

// The receiver answered a frame with EOT: accepted, but it asks us to stop.
struct Interrupted {
  int frame_number = 0;
};

enum class SendOutcome {
  delivered,      // every frame ACKed, EOT sent
  interrupted,    // stopped after a receiver interrupt (config.stop_on_interrupt)
  timed_out,      // no reply within reply_timeout
  too_many_naks,  // one frame NAKed max_naks_per_frame times
  cancelled,      // cancel() called
};

struct SendFinished {
  SendOutcome outcome = SendOutcome::delivered;
};

using SenderEvent = std::variant<Write, Contention, Interrupted, SendFinished>;

class LinkSender {
 public:
  explicit LinkSender(LinkConfig config = {}, FrameSplit split = FrameSplit::per_message);

  // Starts sending `text` (records, each ending with CR) as one transfer. false, and nothing
  // done, while another send is under way.
  bool send(std::string_view text, TimePoint now);
  // Bytes the peer wrote while we send (ACK, NAK, EOT, ENQ); anything else is ignored.
  void feed(std::span<const std::uint8_t> bytes, TimePoint now);
  [[nodiscard]] std::optional<TimePoint> deadline() const { return deadline_; }
  void on_timeout(TimePoint now);
  // Gives up the send under way; EOT is written when the link is ours.
  void cancel();

  std::optional<SenderEvent> next() { return events_.pop(); }
  [[nodiscard]] bool idle() const { return state_ == State::idle; }
  // How many times the frame being sent was NAKed so far.
  [[nodiscard]] int naks() const { return naks_; }

 private:
  enum class State { idle, awaiting_enq_reply, waiting_to_retry, awaiting_frame_reply };

  void on_byte(std::uint8_t byte, TimePoint now);
  void send_enq(TimePoint now);
  void send_frame(TimePoint now);
  void finish(SendOutcome outcome, bool write_eot);
  void write(std::vector<std::uint8_t> bytes) { events_.push(Write{std::move(bytes)}); }

  LinkConfig config_;
  FrameSplit split_;
  State state_ = State::idle;
  std::optional<TimePoint> deadline_;
  std::vector<std::vector<std::uint8_t>> frames_;
  std::size_t current_ = 0;
  int naks_ = 0;
  EventQueue<SenderEvent> events_;
};

}  // namespace kj::protocols::astm
