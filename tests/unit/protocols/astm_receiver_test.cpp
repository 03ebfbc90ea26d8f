// The E1381 receiving state machine, live: replies, frame numbering, retransmissions, the
// receive timer (time set by hand, never slept), interrupts and bounds.
#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "protocols/astm/control.hpp"
#include "protocols/astm/frame.hpp"
#include "protocols/astm/link_receiver.hpp"
#include "tests/support/test_support.hpp"

namespace kj::protocols::astm {
namespace {

using namespace std::chrono_literals;

const TimePoint t0 = TimePoint{} + 1h;

std::string frame(int number, std::string_view text, FrameEnd end = FrameEnd::last) {
  const auto bytes = encode_frame(number, text, end);
  return {bytes.begin(), bytes.end()};
}

// What the receiver said after one feed, sorted by kind.
struct Outcome {
  std::string replies;  // "A" ACK, "N" NAK, "E" EOT
  std::vector<Message> messages;
  std::vector<DecodeError> errors;
  int established = 0;
  int released = 0;
  bool timed_out = false;
  int lost = 0;
};

class Receiver {
 public:
  explicit Receiver(LinkConfig config = {}) : link(config) {}

  Outcome feed(std::string_view bytes, TimePoint now = t0) {
    link.feed(std::span(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size()), now);
    return drain();
  }
  Outcome timeout(TimePoint now) {
    link.on_timeout(now);
    return drain();
  }
  Outcome drain() {
    Outcome out;
    while (auto event = link.next()) {
      if (const auto* reply = std::get_if<Reply>(&*event)) {
        out.replies += reply->byte == kAck ? 'A' : reply->byte == kNak ? 'N' : reply->byte == kEot ? 'E' : '?';
      } else if (auto* message = std::get_if<Message>(&*event)) {
        out.messages.push_back(std::move(*message));
      } else if (const auto* error = std::get_if<DecodeError>(&*event)) {
        out.errors.push_back(*error);
      } else if (std::holds_alternative<LinkEstablished>(*event)) {
        ++out.established;
      } else if (const auto* released = std::get_if<LinkReleased>(&*event)) {
        ++out.released;
        out.timed_out = released->timed_out;
      } else if (std::holds_alternative<MessageLost>(*event)) {
        ++out.lost;
      }
    }
    return out;
  }

  LinkReceiver link;
};

TEST(AstmReceiver, EnqAckFramesEotGiveOneMessagePerEndFrame) {
  Receiver r;
  auto out = r.feed("\x05");
  EXPECT_EQ(out.replies, "A");
  EXPECT_EQ(out.established, 1);
  EXPECT_TRUE(r.link.in_transfer());

  out = r.feed(frame(1, "H|\\^&\r"));
  EXPECT_EQ(out.replies, "A");
  ASSERT_EQ(out.messages.size(), 1U);
  EXPECT_EQ(out.messages[0].text, "H|\\^&\r");

  // A record spanning two frames: one message when the end frame arrives.
  out = r.feed(frame(2, "R|1|^^^GL", FrameEnd::intermediate));
  EXPECT_EQ(out.replies, "A");
  EXPECT_TRUE(out.messages.empty());
  out = r.feed(frame(3, "U|5.5\rL|1|N\r"));
  ASSERT_EQ(out.messages.size(), 1U);
  EXPECT_EQ(out.messages[0].text, "R|1|^^^GLU|5.5\rL|1|N\r");
  ASSERT_EQ(out.messages[0].frames.size(), 2U);
  EXPECT_EQ(out.messages[0].frames[1].text_begin, 9U);
  EXPECT_EQ(out.messages[0].raw.size(), frame(2, "R|1|^^^GL").size() + frame(3, "U|5.5\rL|1|N\r").size());

  out = r.feed("\x04");
  EXPECT_EQ(out.replies, "");
  EXPECT_EQ(out.released, 1);
  EXPECT_FALSE(r.link.in_transfer());
  EXPECT_TRUE(out.errors.empty());
}

TEST(AstmReceiver, NeutralIgnoresEverythingButEnq) {
  Receiver r;
  // A frame in neutral is no frame: no reply, no message; one error for the whole run.
  auto out = r.feed(frame(1, "R|1|x\r") + "\x06\x15\x04");
  EXPECT_EQ(out.replies, "");
  EXPECT_TRUE(out.messages.empty());
  EXPECT_TRUE(out.errors.empty());  // reported when the run ends
  out = r.feed("\x05");
  ASSERT_EQ(out.errors.size(), 1U);
  EXPECT_EQ(out.errors[0].code, Errc::garbage);
  EXPECT_EQ(out.errors[0].offset, 0U);
  EXPECT_EQ(out.replies, "A");
}

TEST(AstmReceiver, LinkNoiseInNeutralIsNoError) {
  Receiver r;
  auto out = r.feed("\x04\x06\x15\x04\x05");
  EXPECT_TRUE(out.errors.empty());
  EXPECT_EQ(out.replies, "A");
}

TEST(AstmReceiver, BusyReceiverNaksEnq) {
  Receiver r;
  r.link.set_busy(true);
  auto out = r.feed("\x05");
  EXPECT_EQ(out.replies, "N");
  EXPECT_EQ(out.established, 0);
  EXPECT_FALSE(r.link.in_transfer());
  r.link.set_busy(false);
  EXPECT_EQ(r.feed("\x05").replies, "A");
}

TEST(AstmReceiver, BadFramesAreNakedAndTheRetransmissionContinues) {
  Receiver r;
  r.feed("\x05");
  std::string bad = frame(1, "R|1|^^^GLU|5.5\r");
  bad[5] = 'X';  // checksum no longer matches
  auto out = r.feed(bad);
  EXPECT_EQ(out.replies, "N");
  ASSERT_EQ(out.errors.size(), 1U);
  EXPECT_EQ(out.errors[0].code, Errc::bad_checksum);
  EXPECT_EQ(out.errors[0].offset, 1U);
  out = r.feed(frame(1, "R|1|^^^GLU|5.5\r"));
  EXPECT_EQ(out.replies, "A");
  ASSERT_EQ(out.messages.size(), 1U);
  EXPECT_EQ(out.messages[0].text, "R|1|^^^GLU|5.5\r");
}

TEST(AstmReceiver, WrongFrameNumberIsNaked) {
  Receiver r;
  r.feed("\x05");
  auto out = r.feed(frame(2, "R|1\r"));
  EXPECT_EQ(out.replies, "N");
  ASSERT_EQ(out.errors.size(), 1U);
  EXPECT_EQ(out.errors[0].code, Errc::bad_frame_number);
  EXPECT_TRUE(out.messages.empty());
  EXPECT_EQ(r.feed(frame(1, "R|1\r")).replies, "A");
}

TEST(AstmReceiver, RetransmissionOfTheLastAcceptedFrameIsAckedAndDropped) {
  Receiver r;
  r.feed("\x05");
  EXPECT_EQ(r.feed(frame(1, "H|\\^&\r")).messages.size(), 1U);
  auto out = r.feed(frame(1, "H|\\^&\r"));  // our ACK was lost; the sender tries again
  EXPECT_EQ(out.replies, "A");
  EXPECT_TRUE(out.messages.empty());
  EXPECT_TRUE(out.errors.empty());
  EXPECT_EQ(r.feed(frame(2, "L|1\r")).messages.size(), 1U);
}

TEST(AstmReceiver, FrameNumbersRunModulo8) {
  Receiver r;
  r.feed("\x05");
  for (int i = 1; i <= 20; ++i) {
    const auto out = r.feed(frame(i % 8, "R|" + std::to_string(i) + "\r"));
    EXPECT_EQ(out.replies, "A") << i;
    EXPECT_EQ(out.messages.size(), 1U) << i;
  }
  // After EOT and a new ENQ the numbering starts again at 1.
  r.feed("\x04\x05");
  EXPECT_EQ(r.feed(frame(5, "R|x\r")).replies, "N");
  EXPECT_EQ(r.feed(frame(1, "R|x\r")).replies, "A");
}

TEST(AstmReceiver, ReceiveTimerDiscardsTheIncompleteMessage) {
  Receiver r;
  r.feed("\x05", t0);
  EXPECT_EQ(r.link.deadline(), t0 + 30s);
  r.feed(frame(1, "H|\\^&\r"), t0 + 10s);
  EXPECT_EQ(r.link.deadline(), t0 + 40s);
  r.feed(frame(2, "R|1|^^^GL", FrameEnd::intermediate), t0 + 20s);
  EXPECT_EQ(r.link.deadline(), t0 + 50s);

  // Too early: nothing happens.
  auto out = r.timeout(t0 + 49s);
  EXPECT_TRUE(out.errors.empty());
  EXPECT_TRUE(r.link.in_transfer());

  out = r.timeout(t0 + 50s);
  ASSERT_EQ(out.errors.size(), 1U);
  EXPECT_EQ(out.errors[0].code, Errc::truncated);
  EXPECT_EQ(out.errors[0].offset, 1U + frame(1, "H|\\^&\r").size());
  EXPECT_EQ(out.lost, 1);
  EXPECT_EQ(out.released, 1);
  EXPECT_TRUE(out.timed_out);
  EXPECT_FALSE(r.link.in_transfer());
  EXPECT_FALSE(r.link.deadline());

  // Back in neutral: the late end frame is ignored (one garbage error at the next ENQ).
  out = r.feed(frame(3, "U|5.5\r"), t0 + 60s);
  EXPECT_EQ(out.replies, "");
  EXPECT_TRUE(out.messages.empty());
}

TEST(AstmReceiver, ReceiveTimerWithNothingPendingJustReleases) {
  Receiver r;
  r.feed("\x05", t0);
  r.feed(frame(1, "H|\\^&\r"), t0 + 1s);
  const auto out = r.timeout(t0 + 31s);
  EXPECT_TRUE(out.errors.empty());
  EXPECT_EQ(out.released, 1);
  EXPECT_TRUE(out.timed_out);
}

TEST(AstmReceiver, ReceiveTimerCoversAPartialFrame) {
  Receiver r;
  r.feed("\x05", t0);
  r.feed(
      "\x02"
      "1R|1|^^^GLU",
      t0 + 1s);
  const auto out = r.timeout(t0 + 31s);
  ASSERT_EQ(out.errors.size(), 1U);
  EXPECT_EQ(out.errors[0].offset, 1U);
  EXPECT_EQ(out.lost, 1);
}

TEST(AstmReceiver, LateBytesAfterTheDeadlineFirstExpireTheTimer) {
  Receiver r;
  r.feed("\x05", t0);
  r.feed(frame(1, "R|1|^^^GL", FrameEnd::intermediate), t0 + 1s);
  // The driver's timer has not fired yet, but the bytes come after the deadline.
  const auto out = r.feed(frame(2, "U\r"), t0 + 40s);
  EXPECT_EQ(out.errors.size(), 1U);
  EXPECT_TRUE(out.timed_out);
  EXPECT_TRUE(out.messages.empty());
  EXPECT_EQ(out.replies, "");
}

TEST(AstmReceiver, NoTimerInNeutral) {
  Receiver r;
  EXPECT_FALSE(r.link.deadline());
  r.feed("xyz", t0);
  EXPECT_FALSE(r.link.deadline());
  r.feed("\x05\x04", t0);
  EXPECT_FALSE(r.link.deadline());
}

TEST(AstmReceiver, EotBeforeTheEndFrameLosesTheMessage) {
  Receiver r;
  r.feed("\x05");
  r.feed(frame(1, "R|1|^^^GL", FrameEnd::intermediate));
  const auto out = r.feed("\x04");
  ASSERT_EQ(out.errors.size(), 1U);
  EXPECT_EQ(out.errors[0].code, Errc::truncated);
  EXPECT_EQ(out.errors[0].offset, 1U);
  EXPECT_EQ(out.lost, 1);
  EXPECT_EQ(out.released, 1);
}

TEST(AstmReceiver, EnqInsideATransferStartsOver) {
  Receiver r;
  r.feed("\x05");
  r.feed(frame(1, "R|1|^^^GL", FrameEnd::intermediate));
  const auto out = r.feed("\x05");
  EXPECT_EQ(out.replies, "A");
  EXPECT_EQ(out.errors.size(), 1U);
  EXPECT_EQ(out.lost, 1);
  EXPECT_EQ(out.established, 1);
  EXPECT_EQ(r.feed(frame(1, "L|1\r")).messages.size(), 1U);
}

TEST(AstmReceiver, InterruptAnswersEotInsteadOfAck) {
  Receiver r;
  r.feed("\x05");
  r.link.request_interrupt();
  auto out = r.feed(frame(1, "H|\\^&\r"));
  EXPECT_EQ(out.replies, "E");
  EXPECT_EQ(out.messages.size(), 1U);  // the frame was accepted
  // One interrupt only; a sender that ignores it goes on normally.
  out = r.feed(frame(2, "L|1\r"));
  EXPECT_EQ(out.replies, "A");
}

TEST(AstmReceiver, AcceptsLongFramesUpToTheBound) {
  // A cobas c311 sends its whole 18-record message (~620 bytes) in one frame.
  std::string text;
  while (text.size() < 615) text += "R|1|^^^685/|22.4|U/l||A||F|||||P1\r";
  Receiver r;
  r.feed("\x05");
  auto out = r.feed(frame(1, text));
  EXPECT_EQ(out.replies, "A");
  ASSERT_EQ(out.messages.size(), 1U);
  EXPECT_EQ(out.messages[0].text, text);

  LinkConfig small;
  small.max_frame_bytes = 100;
  Receiver bounded(small);
  bounded.feed("\x05");
  out = bounded.feed(frame(1, std::string(92, 'x') + "\r"));  // exactly 100 bytes
  EXPECT_EQ(out.replies, "A");
  out = bounded.feed(frame(2, std::string(93, 'x') + "\r"));  // 101 bytes: NAK, after the frame ends
  EXPECT_EQ(out.replies, "N");
  ASSERT_EQ(out.errors.size(), 1U);
  EXPECT_EQ(out.errors[0].code, Errc::buffer_overflow);
  EXPECT_EQ(out.errors[0].offset, 1U + 100U);
  EXPECT_EQ(bounded.feed(frame(2, "L|1\r")).replies, "A");
}

TEST(AstmReceiver, OversizeFrameFedByteByByteIsStillOneNak) {
  LinkConfig small;
  small.max_frame_bytes = 64;
  Receiver r(small);
  r.feed("\x05");
  const std::string big = frame(1, std::string(500, 'y') + "\r");
  Outcome total;
  for (const char c : big) {
    auto out = r.feed(std::string_view(&c, 1));
    total.replies += out.replies;
    total.errors.insert(total.errors.end(), out.errors.begin(), out.errors.end());
  }
  EXPECT_EQ(total.replies, "N");
  ASSERT_EQ(total.errors.size(), 1U);
  EXPECT_EQ(total.errors[0].code, Errc::buffer_overflow);
}

TEST(AstmReceiver, FrameCutShortByStxIsTruncatedNotNaked) {
  Receiver r;
  r.feed("\x05");
  const auto out = r.feed(
      "\x02"
      "1R|1|^^" +
      frame(1, "R|1|^^^GLU|5.5\r"));
  ASSERT_EQ(out.errors.size(), 1U);
  EXPECT_EQ(out.errors[0].code, Errc::truncated);
  EXPECT_EQ(out.errors[0].offset, 1U);
  EXPECT_EQ(out.replies, "A");
  EXPECT_EQ(out.messages.size(), 1U);
}

TEST(AstmReceiver, GarbageBetweenFramesIsOneError) {
  Receiver r;
  r.feed("\x05");
  const auto out = r.feed(frame(1, "H|\\^&\r") + "noise\r\n!!" + frame(2, "L|1\r"));
  ASSERT_EQ(out.errors.size(), 1U);
  EXPECT_EQ(out.errors[0].code, Errc::garbage);
  EXPECT_EQ(out.errors[0].offset, 1U + frame(1, "H|\\^&\r").size());
  EXPECT_EQ(out.messages.size(), 2U);
  EXPECT_EQ(out.replies, "AA");
}

TEST(AstmReceiver, FinishReportsAPartialMessage) {
  Receiver r;
  r.feed("\x05");
  r.feed(frame(1, "R|1|^^^GL", FrameEnd::intermediate) +
         "\x02"
         "2U|");
  r.link.finish();
  const auto out = r.drain();
  ASSERT_EQ(out.errors.size(), 1U);
  EXPECT_EQ(out.errors[0].code, Errc::truncated);
  EXPECT_EQ(out.errors[0].offset, 1U);
}

TEST(AstmReceiver, PassiveModeRepliesNothingAndFollowsAGap) {
  LinkReceiver passive({}, ReceiverMode::passive);
  std::string input = "\x05" + frame(1, "H|\\^&\r") + frame(3, "R|lost O before me\r") + frame(4, "L|1\r") + "\x04";
  passive.feed(std::span(reinterpret_cast<const std::uint8_t*>(input.data()), input.size()), t0);
  EXPECT_FALSE(passive.deadline());
  int messages = 0;
  int lost = 0;
  std::vector<DecodeError> errors;
  while (auto event = passive.next()) {
    EXPECT_FALSE(std::holds_alternative<Reply>(*event));
    if (std::holds_alternative<Message>(*event)) ++messages;
    if (std::holds_alternative<MessageLost>(*event)) ++lost;
    if (const auto* e = std::get_if<DecodeError>(&*event)) errors.push_back(*e);
  }
  EXPECT_EQ(messages, 2);  // H, then L: the numbering is followed after the gap
  EXPECT_EQ(lost, 1);
  ASSERT_EQ(errors.size(), 1U);
  EXPECT_EQ(errors[0].code, Errc::bad_frame_number);
}

}  // namespace
}  // namespace kj::protocols::astm
