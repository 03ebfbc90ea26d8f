// The E1381 sending state machine: establishment, busy and contention back-offs, the NAK limit,
// the reply timer (time set by hand, never slept), receiver interrupts; and a sender wired to a
// receiver.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <string>

#include "protocols/astm/control.hpp"
#include "protocols/astm/frame.hpp"
#include "protocols/astm/link_receiver.hpp"
#include "protocols/astm/link_sender.hpp"

namespace kj::protocols::astm {
namespace {

using namespace std::chrono_literals;

const TimePoint t0 = TimePoint{} + 1h;
const std::uint8_t ack[] = {kAck};
const std::uint8_t nak[] = {kNak};
const std::uint8_t eot[] = {kEot};
const std::uint8_t enq[] = {kEnq};

// What the sender did, as text: "ENQ", "F1" (frame number 1), "EOT", "contention",
// "interrupted 1", "finished delivered"…
std::vector<std::string> drain(LinkSender& sender) {
  std::vector<std::string> out;
  while (auto event = sender.next()) {
    if (const auto* w = std::get_if<Write>(&*event)) {
      if (w->bytes == std::vector<std::uint8_t>{kEnq}) {
        out.emplace_back("ENQ");
      } else if (w->bytes == std::vector<std::uint8_t>{kEot}) {
        out.emplace_back("EOT");
      } else {
        const auto view = std::get<FrameView>(check_frame(w->bytes));
        out.push_back("F" + std::to_string(view.number));
      }
    } else if (std::holds_alternative<Contention>(*event)) {
      out.emplace_back("contention");
    } else if (const auto* i = std::get_if<Interrupted>(&*event)) {
      out.push_back("interrupted " + std::to_string(i->frame_number));
    } else if (const auto* f = std::get_if<SendFinished>(&*event)) {
      const char* names[] = {"delivered", "interrupted", "timed_out", "too_many_naks", "cancelled"};
      out.push_back(std::string("finished ") + names[static_cast<int>(f->outcome)]);
    }
  }
  return out;
}

using Steps = std::vector<std::string>;

TEST(AstmSender, EnqFramesEot) {
  LinkSender sender;
  ASSERT_TRUE(sender.send("H|\\^&\rL|1|N\r", t0));
  EXPECT_EQ(drain(sender), Steps{"ENQ"});
  EXPECT_EQ(sender.deadline(), t0 + 15s);
  EXPECT_FALSE(sender.send("again", t0));  // one send at a time

  sender.feed(ack, t0 + 1s);
  EXPECT_EQ(drain(sender), Steps{"F1"});
  EXPECT_EQ(sender.deadline(), t0 + 16s);
  sender.feed(ack, t0 + 2s);
  EXPECT_EQ(drain(sender), (Steps{"EOT", "finished delivered"}));
  EXPECT_TRUE(sender.idle());
  EXPECT_FALSE(sender.deadline());
}

TEST(AstmSender, BusyNakWaitsTenSecondsBeforeTheNextEnq) {
  LinkSender sender;
  sender.send("Q|1|^S1||^^^ALL\rL|1|N\r", t0);
  drain(sender);
  sender.feed(nak, t0 + 1s);
  EXPECT_TRUE(drain(sender).empty());  // no ENQ at once
  EXPECT_EQ(sender.deadline(), t0 + 11s);
  sender.on_timeout(t0 + 10s);
  EXPECT_TRUE(drain(sender).empty());
  sender.on_timeout(t0 + 11s);
  EXPECT_EQ(drain(sender), Steps{"ENQ"});
  EXPECT_EQ(sender.deadline(), t0 + 26s);
  sender.feed(ack, t0 + 12s);
  EXPECT_EQ(drain(sender), Steps{"F1"});
}

TEST(AstmSender, ContentionTheInstrumentWinsAndTheHostReceivesFirst) {
  LinkSender host_sender;
  LinkReceiver host_receiver;
  host_sender.send("Q|1|^S1||^^^ALL\rL|1|N\r", t0);
  drain(host_sender);

  // The instrument's ENQ crosses ours.
  host_sender.feed(enq, t0 + 100ms);
  EXPECT_EQ(drain(host_sender), Steps{"contention"});
  EXPECT_EQ(host_sender.deadline(), t0 + 100ms + 20s);
  EXPECT_FALSE(host_sender.idle());

  // The instrument waits ≥ 1 s and sends ENQ again: the driver hands the line to the receiver.
  const auto feed_receiver = [&](const std::vector<std::uint8_t>& bytes, TimePoint now) {
    host_receiver.feed(bytes, now);
    std::string replies;
    int messages = 0;
    while (auto event = host_receiver.next()) {
      if (const auto* r = std::get_if<Reply>(&*event)) replies += r->byte == kAck ? 'A' : 'N';
      if (std::holds_alternative<Message>(*event)) ++messages;
    }
    return std::make_pair(replies, messages);
  };
  EXPECT_EQ(feed_receiver({kEnq}, t0 + 1100ms).first, "A");
  EXPECT_EQ(feed_receiver(encode_frame(1, "H|\\^&\rR|1|^^^GLU|5.5\rL|1|N\r", FrameEnd::last), t0 + 2s),
            std::make_pair(std::string("A"), 1));
  feed_receiver({kEot}, t0 + 3s);
  EXPECT_FALSE(host_receiver.in_transfer());

  // The host's back-off ends; the line is neutral again: ENQ.
  host_sender.on_timeout(t0 + 20s);
  EXPECT_TRUE(drain(host_sender).empty());
  host_sender.on_timeout(t0 + 20s + 100ms);
  EXPECT_EQ(drain(host_sender), Steps{"ENQ"});
  host_sender.feed(ack, t0 + 21s);
  EXPECT_EQ(drain(host_sender), Steps{"F1"});
}

TEST(AstmSender, ContentionOnTheInstrumentSideWaitsOneSecond) {
  LinkConfig config;
  config.role = LinkRole::instrument;
  LinkSender sender(config);
  sender.send("R|1\r", t0);
  drain(sender);
  sender.feed(enq, t0);
  EXPECT_EQ(drain(sender), Steps{"contention"});
  EXPECT_EQ(sender.deadline(), t0 + 1s);
  sender.on_timeout(t0 + 1s);
  EXPECT_EQ(drain(sender), Steps{"ENQ"});
}

TEST(AstmSender, ContentionBackoffIsConfigurable) {
  LinkConfig config;
  config.contention_backoff = 5s;
  LinkSender sender(config);
  sender.send("R|1\r", t0);
  sender.feed(enq, t0);
  EXPECT_EQ(sender.deadline(), t0 + 5s);
}

TEST(AstmSender, NakRetransmitsAndTheSixthNakAborts) {
  LinkSender sender;
  sender.send("H|\\^&\rL|1|N\r", t0);
  sender.feed(ack, t0);
  EXPECT_EQ(drain(sender), (Steps{"ENQ", "F1"}));
  for (int i = 1; i <= 5; ++i) {
    sender.feed(nak, t0 + std::chrono::seconds(i));
    EXPECT_EQ(drain(sender), Steps{"F1"}) << "NAK " << i;  // the same frame again, at once
    EXPECT_EQ(sender.naks(), i);
  }
  sender.feed(nak, t0 + 6s);
  EXPECT_EQ(drain(sender), (Steps{"EOT", "finished too_many_naks"}));
  EXPECT_TRUE(sender.idle());
}

TEST(AstmSender, NakCountIsPerFrame) {
  LinkSender sender;
  sender.send(std::string(300, 'x') + "\r", t0);
  sender.feed(ack, t0);
  for (int i = 0; i < 5; ++i) sender.feed(nak, t0);
  sender.feed(ack, t0);  // frame 1 finally accepted
  for (int i = 0; i < 5; ++i) sender.feed(nak, t0);
  sender.feed(ack, t0);
  const auto steps = drain(sender);
  EXPECT_EQ(steps.back(), "finished delivered");
  EXPECT_EQ(std::count(steps.begin(), steps.end(), "F1"), 6);
  EXPECT_EQ(std::count(steps.begin(), steps.end(), "F2"), 6);
}

TEST(AstmSender, NoReplyToEnqWithinFifteenSeconds) {
  LinkSender sender;
  sender.send("R|1\r", t0);
  drain(sender);
  sender.on_timeout(t0 + 14s);
  EXPECT_TRUE(drain(sender).empty());
  sender.on_timeout(t0 + 15s);
  EXPECT_EQ(drain(sender), (Steps{"EOT", "finished timed_out"}));
  EXPECT_TRUE(sender.idle());
}

TEST(AstmSender, NoReplyToAFrameWithinFifteenSeconds) {
  LinkSender sender;
  sender.send("R|1\r", t0);
  sender.feed(ack, t0 + 5s);
  drain(sender);
  EXPECT_EQ(sender.deadline(), t0 + 20s);
  // A late reply after the deadline: the timer wins.
  sender.feed(ack, t0 + 21s);
  EXPECT_EQ(drain(sender), (Steps{"EOT", "finished timed_out"}));
}

TEST(AstmSender, ReceiverInterruptIsRecordedAndIgnoredByDefault) {
  LinkSender sender;
  sender.send(std::string(300, 'x') + "\r", t0);
  sender.feed(ack, t0);
  sender.feed(eot, t0);
  sender.feed(ack, t0);
  EXPECT_EQ(drain(sender), (Steps{"ENQ", "F1", "interrupted 1", "F2", "EOT", "finished delivered"}));
}

TEST(AstmSender, ReceiverInterruptCanStopTheTransfer) {
  LinkConfig config;
  config.stop_on_interrupt = true;
  LinkSender sender(config);
  sender.send(std::string(300, 'x') + "\r", t0);
  sender.feed(ack, t0);
  sender.feed(eot, t0);
  EXPECT_EQ(drain(sender), (Steps{"ENQ", "F1", "interrupted 1", "EOT", "finished interrupted"}));
  EXPECT_TRUE(sender.idle());
}

TEST(AstmSender, CancelWritesEotOnlyWhenTheLinkIsOurs) {
  LinkSender sender;
  sender.send("R|1\r", t0);
  sender.feed(ack, t0);
  drain(sender);
  sender.cancel();
  EXPECT_EQ(drain(sender), (Steps{"EOT", "finished cancelled"}));

  sender.send("R|1\r", t0);
  sender.feed(nak, t0);  // waiting to retry: the line is neutral
  drain(sender);
  sender.cancel();
  EXPECT_EQ(drain(sender), Steps{"finished cancelled"});
}

TEST(AstmSender, EmptyMessageIsEnqThenEot) {
  LinkSender sender;
  sender.send("", t0);
  sender.feed(ack, t0);
  EXPECT_EQ(drain(sender), (Steps{"ENQ", "EOT", "finished delivered"}));
}

TEST(AstmSender, LongMessageThroughAReceiverArrivesWhole) {
  std::string text = "H|\\^&|||kuaijian\r";
  for (int i = 1; i <= 150; ++i) text += "O|" + std::to_string(i) + "|S" + std::to_string(i) + "||^^^OPC\r";
  text += "L|1|N\r";

  LinkSender sender;
  LinkReceiver receiver;
  std::string received;
  std::size_t frames = 0;
  bool done = false;
  TimePoint now = t0;
  sender.send(text, now);
  // Pump bytes both ways until the sender is done; every frame stays within 240 text bytes.
  while (!done) {
    now += 10ms;
    auto event = sender.next();
    ASSERT_TRUE(event);
    if (const auto* w = std::get_if<Write>(&*event)) {
      if (w->bytes.size() > 1) {
        ++frames;
        EXPECT_LE(w->bytes.size(), 247U);
      }
      receiver.feed(w->bytes, now);
      while (auto r = receiver.next()) {
        if (const auto* reply = std::get_if<Reply>(&*r)) sender.feed(std::span(&reply->byte, 1), now);
        if (const auto* m = std::get_if<Message>(&*r)) received += m->text;
        EXPECT_FALSE(std::holds_alternative<DecodeError>(*r));
      }
    } else if (const auto* f = std::get_if<SendFinished>(&*event)) {
      EXPECT_EQ(f->outcome, SendOutcome::delivered);
      done = true;
    }
  }
  EXPECT_GT(frames, 8U);
  EXPECT_EQ(received, text);
  EXPECT_FALSE(receiver.in_transfer());
}

}  // namespace
}  // namespace kj::protocols::astm
