// The ASTM analyzer simulator against the protocols layer's own LinkReceiver (the host side),
// time driven by hand: with each fault the receiver must end with exactly the scenario's
// records, once each.
#include <gtest/gtest.h>

#include <cmath>

#include "drivers/simulators/astm_simulator.hpp"
#include "protocols/astm/control.hpp"
#include "protocols/astm/link_receiver.hpp"
#include "protocols/astm/observation_mapper.hpp"
#include "tests/support/test_support.hpp"

namespace kj::drivers {
namespace {

namespace astm = protocols::astm;
using protocols::DeviceTime;

const DeviceTime kDay{2026, 11, 23, 0, 0, 0};

struct HostOutcome {
  std::vector<protocols::Observation> observations;
  int errors = 0;
  int lost = 0;
  int timeouts = 0;
  int naks = 0;
  SimTime end;
};

// Runs the analyzer against a live receiver until the analyzer has finished and the line is
// quiet. `nak_first_frames`: the host NAKs that many good frames first (a NAK storm).
HostOutcome run(AstmSimulator& sim, int nak_first_frames = 0) {
  HostOutcome outcome;
  astm::LinkReceiver host;
  astm::ObservationMapper mapper;
  astm::EventQueue<protocols::DecodeEvent> decoded;
  SimTime now{};
  sim.start(now);
  for (int step = 0; step < 10000; ++step) {
    auto out = sim.take_output();
    if (!out.empty()) {
      // The host's clock and ours are one: TimePoint and SimTime are both steady_clock.
      host.feed(out, now);
      std::vector<std::uint8_t> replies;
      while (auto event = host.next()) {
        if (auto* reply = std::get_if<astm::Reply>(&*event)) {
          std::uint8_t byte = reply->byte;
          if (byte == astm::kAck && nak_first_frames > 0 && out.front() == astm::kStx) {
            --nak_first_frames;
            byte = astm::kNak;  // (the receiver thinks it ACKed; the sender sees NAK and resends)
          }
          if (byte == astm::kNak) ++outcome.naks;
          replies.push_back(byte);
        } else if (auto* message = std::get_if<astm::Message>(&*event)) {
          mapper.map(*message, decoded);
        } else if (std::holds_alternative<protocols::DecodeError>(*event)) {
          ++outcome.errors;
        } else if (std::holds_alternative<astm::LinkEstablished>(*event)) {
          mapper.start_transfer();
        } else if (std::holds_alternative<astm::MessageLost>(*event)) {
          ++outcome.lost;
          mapper.message_lost();
        } else if (auto* released = std::get_if<astm::LinkReleased>(&*event)) {
          if (released->timed_out) ++outcome.timeouts;
        }
      }
      if (!replies.empty()) sim.feed(replies, now);
      continue;
    }
    // Nothing on the line: let time pass to the next deadline of either side.
    std::optional<SimTime> due = sim.deadline();
    if (auto d = host.deadline(); d && (!due || *d < *due)) due = d;
    if (!due) break;
    now = std::max(now, *due);
    if (host.deadline() && now >= *host.deadline()) {
      host.on_timeout(now);
      while (auto event = host.next()) {
        if (auto* released = std::get_if<astm::LinkReleased>(&*event); released && released->timed_out) {
          ++outcome.timeouts;
        } else if (std::holds_alternative<astm::MessageLost>(*event)) {
          ++outcome.lost;
          mapper.message_lost();
        } else if (std::holds_alternative<protocols::DecodeError>(*event)) {
          ++outcome.errors;
        }
      }
    }
    if (sim.deadline() && now >= *sim.deadline()) sim.on_timeout(now);
  }
  while (auto event = decoded.pop()) {
    if (auto* o = std::get_if<protocols::Observation>(&*event)) outcome.observations.push_back(*o);
  }
  outcome.end = now;
  return outcome;
}

Scenario scenario_with(std::vector<SimFault> faults, int frame_text = 64) {
  auto s = default_scenario("astm");
  s.date = kDay;
  s.seed = 11;
  s.samples[3].sample_id = "S-2026-0042";
  s.frame_text = frame_text;
  s.faults = std::move(faults);
  return s;
}

void expect_records(const HostOutcome& outcome, const Scenario& s) {
  const auto readings = generate_readings(s, kDay);
  ASSERT_EQ(outcome.observations.size(), readings.size());
  for (std::size_t i = 0; i < readings.size(); ++i) {
    const auto& o = outcome.observations[i];
    EXPECT_EQ(o.sample_id, readings[i].sample_id);
    EXPECT_EQ(o.item_code, "pesticide");
    EXPECT_NEAR(std::get<double>(o.value), readings[i].inhibition, 0.05);
    EXPECT_EQ(o.unit, "%");
    EXPECT_EQ(o.measured_at.value_or("").substr(0, 10), "2026-11-23");
  }
}

TEST(SimAstm, MessageIsSplitIntoFramesOfAtMostTheConfiguredText) {
  const auto s = scenario_with({}, 240);
  AstmSimulator sim(s, generate_readings(s, kDay));
  EXPECT_TRUE(sim.message().starts_with("H|\\^&|"));
  EXPECT_TRUE(sim.message().ends_with("L|1|N\r"));
  sim.start(SimTime{});
  EXPECT_EQ(sim.take_output(), std::vector<std::uint8_t>{astm::kEnq});
  const std::uint8_t ack = astm::kAck;
  std::size_t frames = 0;
  for (;;) {
    sim.feed(std::span(&ack, 1), SimTime{});
    const auto out = sim.take_output();
    if (out == std::vector<std::uint8_t>{astm::kEot}) break;
    ASSERT_EQ(out.front(), astm::kStx);
    EXPECT_LE(out.size(), 247u);
    ++frames;
  }
  EXPECT_EQ(frames, (sim.message().size() + 239) / 240);
  EXPECT_TRUE(sim.finished());
}

TEST(SimAstm, CleanRun) {
  const auto s = scenario_with({});
  AstmSimulator sim(s, generate_readings(s, kDay));
  const auto outcome = run(sim);
  EXPECT_TRUE(sim.finished());
  EXPECT_EQ(sim.outcome(), astm::SendOutcome::delivered);
  EXPECT_EQ(outcome.errors, 0);
  expect_records(outcome, s);
}

TEST(SimAstm, BadChecksumIsNakedAndTheGoodFrameFollows) {
  const auto s = scenario_with({SimFault::bad_checksum});
  AstmSimulator sim(s, generate_readings(s, kDay));
  const auto outcome = run(sim);
  EXPECT_EQ(outcome.naks, 1);
  EXPECT_EQ(outcome.errors, 1);  // the host's bad_checksum error
  expect_records(outcome, s);
}

TEST(SimAstm, GarbageBetweenFramesIsOneErrorAndNoRecordIsLost) {
  const auto s = scenario_with({SimFault::garbage});
  AstmSimulator sim(s, generate_readings(s, kDay));
  const auto outcome = run(sim);
  EXPECT_EQ(outcome.errors, 1);
  expect_records(outcome, s);
}

TEST(SimAstm, SilentMidMessageThenTheWholeTransferAgain) {
  const auto s = scenario_with({SimFault::silent});
  AstmSimulator sim(s, generate_readings(s, kDay));
  const auto outcome = run(sim);
  EXPECT_EQ(outcome.timeouts, 1);  // the host gave up after 30 s
  EXPECT_GE(outcome.lost, 1);      // and discarded the partial message
  EXPECT_GE(outcome.end - SimTime{}, std::chrono::milliseconds(s.silent_ms));
  expect_records(outcome, s);
}

TEST(SimAstm, ContentionMeansEnqAgainAfterOneSecond) {
  const auto s = scenario_with({SimFault::contention});
  AstmSimulator sim(s, generate_readings(s, kDay));
  sim.start(SimTime{});
  EXPECT_EQ(sim.take_output(), std::vector<std::uint8_t>{astm::kEnq});
  ASSERT_TRUE(sim.deadline());
  EXPECT_EQ(*sim.deadline(), SimTime{} + std::chrono::seconds(1));
  AstmSimulator again(s, generate_readings(s, kDay));
  const auto outcome = run(again);
  expect_records(outcome, s);
}

TEST(SimAstm, NakStormIsRetriedWithinTheLimit) {
  const auto s = scenario_with({});
  AstmSimulator sim(s, generate_readings(s, kDay));
  const auto outcome = run(sim, 5);  // 5 NAKs: the 6th try of the frame is accepted
  EXPECT_EQ(outcome.naks, 5);
  EXPECT_EQ(sim.outcome(), astm::SendOutcome::delivered);
}

TEST(SimAstm, AllFaultsAtOnce) {
  const auto s = scenario_with({SimFault::bad_checksum, SimFault::garbage, SimFault::silent, SimFault::contention});
  AstmSimulator sim(s, generate_readings(s, kDay));
  const auto outcome = run(sim);
  expect_records(outcome, s);
}

TEST(SimAstm, BusyAnswersTheHostsFirstEnqWithNak) {
  const auto s = scenario_with({SimFault::busy});
  AstmSimulator sim(s, generate_readings(s, kDay));
  sim.start(SimTime{});
  (void)sim.take_output();
  const std::uint8_t ack = astm::kAck;
  for (int i = 0; i < 40 && !sim.finished(); ++i) {
    sim.feed(std::span(&ack, 1), SimTime{});
    (void)sim.take_output();
  }
  ASSERT_TRUE(sim.finished());
  const std::uint8_t enq = astm::kEnq;
  sim.feed(std::span(&enq, 1), SimTime{});
  EXPECT_EQ(sim.take_output(), std::vector<std::uint8_t>{astm::kNak});
  sim.feed(std::span(&enq, 1), SimTime{});
  EXPECT_EQ(sim.take_output(), std::vector<std::uint8_t>{astm::kAck});
}

}  // namespace
}  // namespace kj::drivers
