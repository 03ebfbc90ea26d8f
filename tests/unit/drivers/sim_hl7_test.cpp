// The HL7 sender simulator against a hand-driven host: each ORU^R01 is decoded with the
// protocol's own decoder and acknowledged; a missing ACK makes it send the same message again.
#include <gtest/gtest.h>

#include <cmath>

#include "drivers/simulators/hl7_simulator.hpp"
#include "protocols/hl7/mllp.hpp"
#include "protocols/registry.hpp"
#include "tests/support/test_support.hpp"

namespace kj::drivers {
namespace {

namespace hl7 = protocols::hl7;
using protocols::DeviceTime;

const DeviceTime kDay{2026, 11, 23, 0, 0, 0};

std::vector<std::string> blocks(const std::vector<std::uint8_t>& bytes) {
  hl7::MllpFramer framer;
  framer.feed(bytes);
  std::vector<std::string> out;
  while (auto event = framer.next()) {
    if (auto* block = std::get_if<hl7::MllpBlock>(&*event)) out.emplace_back(block->text());
  }
  return out;
}

std::string control_id(const std::string& message) {
  std::string_view msh(message);
  msh = msh.substr(0, msh.find('\r'));
  for (int i = 0; i < 9; ++i) msh.remove_prefix(msh.find('|') + 1);
  return std::string(msh.substr(0, msh.find('|')));
}

std::vector<std::uint8_t> ack(const std::string& id, const char* code = "AA") {
  return hl7::mllp_encode("MSH|^~\\&|kuaijian||KJ-SIM|SIM|20261123090000||ACK^R01^ACK|A" + id + "|P|2.5\rMSA|" + code +
                          "|" + id + "\r");
}

TEST(SimHl7, SendsOneOruPerSampleAndWaitsForEachAck) {
  auto s = default_scenario("hl7");
  s.date = kDay;
  s.samples[1].sample_id = "S-0099";
  const auto readings = generate_readings(s, kDay);
  Hl7Simulator sim(s, readings);
  SimTime now{};
  sim.start(now);
  std::vector<std::uint8_t> wire;
  for (std::size_t i = 0; i < readings.size(); ++i) {
    const auto out = sim.take_output();
    const auto messages = blocks(out);
    ASSERT_EQ(messages.size(), 1u) << i;  // nothing more until the ACK
    wire.insert(wire.end(), out.begin(), out.end());
    EXPECT_EQ(control_id(messages[0]), sim.control_ids()[i]);
    sim.feed(ack("not-this-one"), now);  // an ACK for another message changes nothing
    EXPECT_TRUE(sim.take_output().empty());
    sim.feed(ack(sim.control_ids()[i]), now);
  }
  EXPECT_TRUE(sim.finished());
  EXPECT_EQ(sim.accepted(), static_cast<int>(readings.size()));
  auto decoder = protocols::make_decoder("hl7");
  ASSERT_TRUE(decoder.ok());
  const auto obs = test::observations(test::decode_all(**decoder, wire));
  ASSERT_EQ(obs.size(), readings.size());
  for (std::size_t i = 0; i < obs.size(); ++i) {
    EXPECT_EQ(obs[i].sample_id, readings[i].sample_id);
    EXPECT_EQ(obs[i].sample_name, readings[i].sample_name);
    EXPECT_NEAR(std::get<double>(obs[i].value), readings[i].inhibition, 0.05);
    EXPECT_EQ(obs[i].verdict, readings[i].positive ? protocols::Verdict::positive : protocols::Verdict::negative);
  }
  EXPECT_EQ(obs[1].sample_id, "S-0099");
}

TEST(SimHl7, NoAckMeansTheSameMessageAgainThenTheNext) {
  auto s = default_scenario("hl7");
  s.date = kDay;
  s.ack_timeout_ms = 5000;
  Hl7Simulator sim(s, generate_readings(s, kDay));
  SimTime now{};
  sim.start(now);
  const auto first = sim.take_output();
  ASSERT_EQ(sim.deadline(), now + std::chrono::seconds(5));
  now += std::chrono::seconds(5);
  sim.on_timeout(now);
  EXPECT_EQ(sim.take_output(), first);  // same control id, same bytes
  now += std::chrono::seconds(5);
  sim.on_timeout(now);
  EXPECT_EQ(sim.take_output(), first);
  now += std::chrono::seconds(5);
  sim.on_timeout(now);  // 3 tries: given up, the next message goes
  const auto next = blocks(sim.take_output());
  ASSERT_EQ(next.size(), 1u);
  EXPECT_EQ(control_id(next[0]), sim.control_ids()[1]);
  EXPECT_EQ(sim.refused(), 1);
  sim.feed(ack(sim.control_ids()[1], "AE"), now);
  EXPECT_EQ(sim.refused(), 2);
}

}  // namespace
}  // namespace kj::drivers
