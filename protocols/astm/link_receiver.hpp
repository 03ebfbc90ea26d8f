// The receiving side of the E1381 link as a pure state machine: bytes and the time in, events
// out (bytes to write back, reassembled messages, errors). It never reads a clock: a driver maps
// `deadline()` onto one timer and calls `on_timeout(now)`; tests set the time by hand.
//
// Neutral: only ENQ matters (ACK, or NAK while busy). Transfer: frames STX…LF are checked and
// answered ACK or NAK; frame numbers run 1…7, 0, 1…; a frame carrying the number of the last
// accepted one is a retransmission (our ACK was lost): ACK it and drop it. Frames up to an end
// frame (ETX) form one message, reported whole. EOT, or 30 s without a frame, ends the transfer
// and discards a message whose end frame never came.
//
// Passive mode is for captures of what a device sent: no replies, no timers, and after a gap in
// the frame numbers (our copy of the line missed or rejected a frame the real host accepted) it
// follows the sender's numbering instead of waiting for a retransmission that will never come.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <variant>
#include <vector>

#include "protocols/astm/event_queue.hpp"
#include "protocols/astm/link_config.hpp"
#include "protocols/decoder.hpp"

namespace kj::protocols::astm {

// One accepted frame's place in its message.
struct AcceptedFrame {
  std::uint64_t offset = 0;   // stream offset of its STX
  std::size_t raw_begin = 0;  // where its bytes (STX…LF) start in Message::raw
  std::size_t raw_size = 0;
  std::size_t text_begin = 0;  // where its text starts in Message::text
  std::size_t text_size = 0;
};

// An E1381 message: the text of the accepted frames from the first after ENQ (or after the
// previous end frame) through an end frame, with the frames' bytes. Records never span two
// messages, because an end frame's text ends with the record terminator CR.
struct Message {
  std::string text;
  std::vector<std::uint8_t> raw;
  std::vector<AcceptedFrame> frames;
};

// A byte to write to the peer: ACK, NAK, or EOT (an interrupt instead of ACK).
struct Reply {
  std::uint8_t byte = 0;
};

// The sender's ENQ was accepted (passive: seen): a transfer begins.
struct LinkEstablished {
  std::uint64_t offset = 0;
};

// The transfer ended: EOT received, or the receive timer ran out.
struct LinkReleased {
  std::uint64_t offset = 0;
  bool timed_out = false;
};

// Text the sender meant to deliver was lost (a message discarded, or frames skipped after a
// gap). The records after it in the same transfer may lack their context (H or O).
struct MessageLost {
  std::uint64_t offset = 0;
};

using ReceiverEvent = std::variant<Reply, Message, DecodeError, LinkEstablished, LinkReleased, MessageLost>;

enum class ReceiverMode { live, passive };

class LinkReceiver {
 public:
  explicit LinkReceiver(LinkConfig config = {}, ReceiverMode mode = ReceiverMode::live);

  // The next bytes from the peer, received at `now`.
  void feed(std::span<const std::uint8_t> bytes, TimePoint now);
  // When `on_timeout` is due; nothing when no timer runs (neutral, or passive).
  [[nodiscard]] std::optional<TimePoint> deadline() const { return deadline_; }
  // Call at or after `deadline()`; earlier calls do nothing.
  void on_timeout(TimePoint now);
  // End of input (captures): a partial frame or message becomes a `truncated` error.
  void finish();

  std::optional<ReceiverEvent> next() { return events_.pop(); }
  // Hands back a Message taken from next() once it is no longer needed, so that its buffers
  // are reused for the next one instead of allocated again (optional; it saves allocations).
  void recycle(Message&& message);

  // While busy, an ENQ is answered NAK (the sender retries after at least 10 s).
  void set_busy(bool busy) { busy_ = busy; }
  // Answers the next frame that would be ACKed with EOT instead: "accepted, please stop".
  void request_interrupt() { interrupt_requested_ = true; }
  [[nodiscard]] bool in_transfer() const { return phase_ == Phase::transfer; }

 private:
  enum class Phase { neutral, transfer };

  void process(std::span<const std::uint8_t> bytes);
  std::size_t scan_frame(std::span<const std::uint8_t> bytes, std::size_t at, bool starts_here);
  void on_control_byte(std::uint8_t byte);
  void complete_frame(std::span<const std::uint8_t> frame);
  void accept_frame(std::span<const std::uint8_t> frame, int number, std::string_view text, bool last);
  void start_message();
  void on_enq();
  void on_eot();
  void establish();
  void release(bool timed_out);
  void lose_pending(const std::string& why);
  void note_garbage();
  void flush_garbage();
  void overflow_error();
  void reply(std::uint8_t byte);
  void error(Errc code, std::string message, std::uint64_t offset);

  LinkConfig config_;
  ReceiverMode mode_;
  Phase phase_ = Phase::neutral;
  std::uint64_t offset_ = 0;  // stream offset of the byte being looked at
  std::optional<TimePoint> deadline_;
  bool busy_ = false;
  bool interrupt_requested_ = false;

  // The frame being received. Its bytes are copied to frame_ only when it is split across
  // feeds; a frame that arrives whole within one feed is checked where it lies.
  bool in_frame_ = false;
  bool frame_oversize_ = false;
  std::size_t frame_size_ = 0;
  std::uint64_t frame_offset_ = 0;
  std::vector<std::uint8_t> frame_;

  // Bytes outside any frame, reported once per run.
  std::optional<std::uint64_t> garbage_start_;
  std::uint64_t garbage_bytes_ = 0;

  // Frame numbering within the transfer.
  int expected_number_ = 1;
  std::optional<int> last_number_;
  bool skipping_ = false;  // passive: dropping the rest of a message broken by a gap

  Message pending_;
  std::vector<Message> spares_;  // recycled messages whose buffers the next ones reuse
  EventQueue<ReceiverEvent> events_;
};

}  // namespace kj::protocols::astm
