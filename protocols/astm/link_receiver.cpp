#include "protocols/astm/link_receiver.hpp"

#include <array>
#include <string>
#include <utility>

#include "protocols/astm/control.hpp"
#include "protocols/astm/frame.hpp"

namespace kj::protocols::astm {
namespace {

// Bytes that end a frame (LF) or cut it short (STX, EOT, ENQ: the sender started over or gave up).
constexpr std::array<bool, 256> kFrameBreaks = [] {
  std::array<bool, 256> table{};
  table[kLf] = table[kStx] = table[kEot] = table[kEnq] = true;
  return table;
}();

const char* name_of(std::uint8_t byte) {
  switch (byte) {
    case kStx: return "<STX>";
    case kEot: return "<EOT>";
    case kEnq: return "<ENQ>";
    default: return "a control byte";
  }
}

}  // namespace

LinkReceiver::LinkReceiver(LinkConfig config, ReceiverMode mode) : config_(config), mode_(mode) {}

void LinkReceiver::feed(std::span<const std::uint8_t> bytes, TimePoint now) {
  if (deadline_ && now >= *deadline_) on_timeout(now);
  if (bytes.empty()) return;
  process(bytes);
  // Any byte from the sender shows it is still there: a long frame at a low baud rate may take
  // longer than the timer to arrive whole.
  if (mode_ == ReceiverMode::live && phase_ == Phase::transfer) {
    deadline_ = now + config_.receive_timeout;
  } else {
    deadline_.reset();
  }
}

void LinkReceiver::process(std::span<const std::uint8_t> bytes) {
  std::size_t at = 0;
  while (at < bytes.size()) {
    if (in_frame_) {
      at = scan_frame(bytes, at, false);
      continue;
    }
    const std::uint8_t byte = bytes[at];
    if (phase_ == Phase::transfer && byte == kStx) {
      flush_garbage();
      in_frame_ = true;
      frame_oversize_ = false;
      frame_size_ = 0;
      frame_offset_ = offset_;
      frame_.clear();
      at = scan_frame(bytes, at, true);
      continue;
    }
    on_control_byte(byte);
    ++at;
    ++offset_;
  }
}

std::size_t LinkReceiver::scan_frame(std::span<const std::uint8_t> bytes, std::size_t at, bool starts_here) {
  const std::uint8_t* data = bytes.data();
  std::size_t end = starts_here ? at + 1 : at;  // the STX itself is no break
  // Skip whole blocks without a break byte first: the block test has no branch and no table,
  // so the compiler vectorizes it. Then find the exact byte.
  constexpr std::size_t kBlock = 32;
  while (end + kBlock <= bytes.size()) {
    unsigned found = 0;
    for (std::size_t i = 0; i < kBlock; ++i) {
      const std::uint8_t b = data[end + i];
      found |= static_cast<unsigned>(b == kLf) | static_cast<unsigned>(b == kStx) | static_cast<unsigned>(b == kEot) |
               static_cast<unsigned>(b == kEnq);
    }
    if (found != 0) break;
    end += kBlock;
  }
  while (end < bytes.size() && !kFrameBreaks[data[end]]) ++end;
  const bool complete = end < bytes.size() && data[end] == kLf;
  const std::size_t take = end - at + (complete ? 1 : 0);
  offset_ += take;
  frame_size_ += take;
  if (frame_size_ > config_.max_frame_bytes && !frame_oversize_) {
    frame_oversize_ = true;
    frame_.clear();
  }
  if (end == bytes.size()) {  // the frame goes on in the next feed
    if (!frame_oversize_) frame_.insert(frame_.end(), data + at, data + end);
    return end;
  }
  in_frame_ = false;
  if (complete) {
    if (frame_oversize_) {
      overflow_error();
      reply(kNak);
    } else if (frame_.empty()) {
      complete_frame(bytes.subspan(at, take));
    } else {
      frame_.insert(frame_.end(), data + at, data + at + take);
      complete_frame(frame_);
    }
    return end + 1;
  }
  // STX, EOT or ENQ inside a frame: the rest of it never came. The byte is looked at again as
  // the start of what follows.
  if (frame_oversize_) {
    overflow_error();
  } else {
    error(Errc::truncated, std::string("frame cut short by ") + name_of(data[end]), frame_offset_);
  }
  return end;
}

void LinkReceiver::on_control_byte(std::uint8_t byte) {
  // ACK and NAK are the other side's replies (a capture of both directions holds them); EOT in
  // neutral is a late end of a transfer we already gave up on. None of them is noise.
  const bool reply_byte = byte == kAck || byte == kNak;
  if (phase_ == Phase::neutral) {
    if (byte == kEnq) {
      flush_garbage();
      on_enq();
    } else if (!reply_byte && byte != kEot) {
      note_garbage();
    }
    return;
  }
  if (byte == kEot) {
    flush_garbage();
    on_eot();
  } else if (byte == kEnq) {
    flush_garbage();
    on_enq();
  } else if (!reply_byte) {
    note_garbage();
  }
}

void LinkReceiver::complete_frame(std::span<const std::uint8_t> bytes) {
  const auto checked = check_frame(bytes);
  if (const auto* problem = std::get_if<FrameProblem>(&checked)) {
    error(problem->code, problem->message, frame_offset_);
    reply(kNak);
    return;
  }
  const auto& frame = std::get<FrameView>(checked);
  if (last_number_ && frame.number == *last_number_) {
    reply(kAck);  // a retransmission: the sender missed our ACK; we have this text already
    return;
  }
  if (frame.number != expected_number_) {
    const std::string what =
        "frame number " + std::to_string(frame.number) + " where " + std::to_string(expected_number_) + " was expected";
    if (mode_ == ReceiverMode::live) {
      error(Errc::bad_frame_number, what, frame_offset_);
      reply(kNak);
      return;
    }
    // Passive: the real host accepted a frame we never saw whole. What the sender meant to say
    // is lost until its next end frame; follow its numbering from here.
    error(Errc::bad_frame_number, what + ": frames missing, message discarded", frame_offset_);
    events_.push(MessageLost{pending_.frames.empty() ? frame_offset_ : pending_.frames.front().offset});
    start_message();
    last_number_ = frame.number;
    expected_number_ = (frame.number + 1) % 8;
    skipping_ = frame.end == FrameEnd::intermediate;
    return;
  }
  accept_frame(bytes, frame.number, frame.text, frame.end == FrameEnd::last);
}

void LinkReceiver::accept_frame(std::span<const std::uint8_t> frame, int number, std::string_view text, bool last) {
  last_number_ = number;
  expected_number_ = (number + 1) % 8;
  if (interrupt_requested_) {
    interrupt_requested_ = false;
    reply(kEot);
  } else {
    reply(kAck);
  }
  if (skipping_) {
    skipping_ = !last;
    return;
  }
  pending_.frames.push_back(
      AcceptedFrame{frame_offset_, pending_.raw.size(), frame.size(), pending_.text.size(), text.size()});
  pending_.raw.insert(pending_.raw.end(), frame.begin(), frame.end());
  pending_.text.append(text);
  if (last) {
    events_.push(std::move(pending_));
    if (spares_.empty()) {
      pending_ = Message{};
    } else {
      pending_ = std::move(spares_.back());
      spares_.pop_back();
      start_message();
    }
  }
}

void LinkReceiver::start_message() {
  pending_.text.clear();
  pending_.raw.clear();
  pending_.frames.clear();
}

void LinkReceiver::recycle(Message&& message) {
  // Bounded, so that a burst of messages or one huge message does not pin memory for good.
  constexpr std::size_t kMaxSpares = 64;
  constexpr std::size_t kMaxSpareBytes = 16 * 1024;
  if (spares_.size() < kMaxSpares && message.raw.capacity() <= kMaxSpareBytes) {
    spares_.push_back(std::move(message));
  }
}

void LinkReceiver::on_enq() {
  if (phase_ == Phase::transfer) {
    // The sender started over without EOT (it timed out waiting for us, or its EOT was lost).
    lose_pending("new <ENQ> before the end frame of a message");
    release(false);
  }
  if (mode_ == ReceiverMode::live && busy_) {
    reply(kNak);
    return;
  }
  establish();
}

void LinkReceiver::on_eot() {
  lose_pending("<EOT> before the end frame of a message");
  release(false);
}

void LinkReceiver::establish() {
  phase_ = Phase::transfer;
  expected_number_ = 1;
  last_number_.reset();
  skipping_ = false;
  start_message();
  reply(kAck);
  events_.push(LinkEstablished{offset_});
}

void LinkReceiver::release(bool timed_out) {
  phase_ = Phase::neutral;
  in_frame_ = false;
  skipping_ = false;
  deadline_.reset();
  events_.push(LinkReleased{offset_, timed_out});
}

void LinkReceiver::lose_pending(const std::string& why) {
  if (pending_.frames.empty()) return;
  const std::uint64_t at = pending_.frames.front().offset;
  error(Errc::truncated, why + ": " + std::to_string(pending_.frames.size()) + " frame(s) discarded", at);
  events_.push(MessageLost{at});
  start_message();
}

void LinkReceiver::on_timeout(TimePoint now) {
  if (!deadline_ || now < *deadline_) return;
  deadline_.reset();
  if (phase_ != Phase::transfer) return;
  const std::string why = "no frame or <EOT> within " + std::to_string(config_.receive_timeout.count()) + " ms";
  if (!pending_.frames.empty()) {
    lose_pending(why);
  } else if (in_frame_) {
    error(Errc::truncated, why + ": partial frame discarded", frame_offset_);
    events_.push(MessageLost{frame_offset_});
  }
  flush_garbage();
  release(true);
}

void LinkReceiver::finish() {
  if (!pending_.frames.empty()) {
    lose_pending("input ended before the end frame of a message");
  } else if (in_frame_) {
    if (frame_oversize_) {
      overflow_error();
    } else {
      error(Errc::truncated, "input ended inside a frame", frame_offset_);
    }
  }
  flush_garbage();
  in_frame_ = false;
  phase_ = Phase::neutral;
  skipping_ = false;
  deadline_.reset();
}

void LinkReceiver::note_garbage() {
  if (!garbage_start_) garbage_start_ = offset_;
  ++garbage_bytes_;
}

void LinkReceiver::flush_garbage() {
  if (!garbage_start_) return;
  error(Errc::garbage, "ignored " + std::to_string(garbage_bytes_) + " byte(s) outside a frame", *garbage_start_);
  garbage_start_.reset();
  garbage_bytes_ = 0;
}

void LinkReceiver::overflow_error() {
  error(Errc::buffer_overflow, "frame longer than " + std::to_string(config_.max_frame_bytes) + " bytes",
        frame_offset_);
}

void LinkReceiver::reply(std::uint8_t byte) {
  if (mode_ == ReceiverMode::live) events_.push(Reply{byte});
}

void LinkReceiver::error(Errc code, std::string message, std::uint64_t offset) {
  events_.push(DecodeError{code, std::move(message), offset});
}

}  // namespace kj::protocols::astm
