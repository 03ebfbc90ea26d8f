#include "protocols/astm/link_sender.hpp"

#include "protocols/astm/control.hpp"

namespace kj::protocols::astm {

LinkSender::LinkSender(LinkConfig config, FrameSplit split) : config_(config), split_(split) {}

bool LinkSender::send(std::string_view text, TimePoint now) {
  if (state_ != State::idle) return false;
  frames_ = encode_frames(text, split_, config_.max_text_per_frame);
  current_ = 0;
  naks_ = 0;
  send_enq(now);
  return true;
}

void LinkSender::feed(std::span<const std::uint8_t> bytes, TimePoint now) {
  if (deadline_ && now >= *deadline_) on_timeout(now);
  for (const std::uint8_t byte : bytes) on_byte(byte, now);
}

void LinkSender::on_byte(std::uint8_t byte, TimePoint now) {
  switch (state_) {
    case State::awaiting_enq_reply:
      if (byte == kAck) {
        if (frames_.empty()) {
          finish(SendOutcome::delivered, true);
        } else {
          send_frame(now);
        }
      } else if (byte == kNak) {
        // Busy: re-sending ENQ at once is a known fault of public implementations.
        state_ = State::waiting_to_retry;
        deadline_ = now + config_.busy_retry_delay;
      } else if (byte == kEnq) {
        state_ = State::waiting_to_retry;
        deadline_ =
            now + (config_.role == LinkRole::host ? config_.contention_backoff : config_.instrument_contention_delay);
        events_.push(Contention{});
      }
      return;
    case State::awaiting_frame_reply:
      if (byte == kAck || byte == kEot) {
        if (byte == kEot) {
          events_.push(Interrupted{static_cast<int>((current_ + 1) % 8)});
          if (config_.stop_on_interrupt) {
            finish(SendOutcome::interrupted, true);
            return;
          }
        }
        ++current_;
        naks_ = 0;
        if (current_ == frames_.size()) {
          finish(SendOutcome::delivered, true);
        } else {
          send_frame(now);
        }
      } else if (byte == kNak) {
        if (++naks_ >= config_.max_naks_per_frame) {
          finish(SendOutcome::too_many_naks, true);
        } else {
          send_frame(now);
        }
      }
      return;
    case State::idle:
    case State::waiting_to_retry: return;  // the line is the peer's: its bytes belong to our receiver
  }
}

void LinkSender::on_timeout(TimePoint now) {
  if (!deadline_ || now < *deadline_) return;
  deadline_.reset();
  switch (state_) {
    case State::waiting_to_retry: send_enq(now); return;
    case State::awaiting_enq_reply:
    case State::awaiting_frame_reply: finish(SendOutcome::timed_out, true); return;
    case State::idle: return;
  }
}

void LinkSender::cancel() {
  if (state_ == State::idle) return;
  // In waiting_to_retry the line is neutral or the peer's: an EOT from us would mean nothing.
  finish(SendOutcome::cancelled, state_ != State::waiting_to_retry);
}

void LinkSender::send_enq(TimePoint now) {
  write({kEnq});
  state_ = State::awaiting_enq_reply;
  deadline_ = now + config_.reply_timeout;
}

void LinkSender::send_frame(TimePoint now) {
  write(frames_[current_]);
  state_ = State::awaiting_frame_reply;
  deadline_ = now + config_.reply_timeout;
}

void LinkSender::finish(SendOutcome outcome, bool write_eot) {
  if (write_eot) write({kEot});
  state_ = State::idle;
  deadline_.reset();
  frames_.clear();
  events_.push(SendFinished{outcome});
}

}  // namespace kj::protocols::astm
