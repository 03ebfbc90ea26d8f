// The polled vendor simulators as pure state machines: the host's requests (built with the
// codecs' host-side encoders) in, the device's bytes out, decoded by the protocol's own
// Decoder; the observations must be the scenario's samples.
#include <gtest/gtest.h>

#include <cmath>

#include "drivers/simulators/dy3000_simulator.hpp"
#include "drivers/simulators/dy6260_simulator.hpp"
#include "drivers/simulators/dyrs2_simulator.hpp"
#include "drivers/simulators/lz4000t_simulator.hpp"
#include "drivers/simulators/simulator_profiles.hpp"
#include "drivers/simulators/tianyang_simulators.hpp"
#include "drivers/simulators/tl310_simulator.hpp"
#include "protocols/dy3000/dy3000_messages.hpp"
#include "protocols/dy6260/dy6260_link.hpp"
#include "protocols/dyrs2/dyrs2_messages.hpp"
#include "protocols/lz4000t/lz4000t_messages.hpp"
#include "protocols/registry.hpp"
#include "protocols/tianyang/tianyang_link.hpp"
#include "protocols/tl310/tl310_messages.hpp"
#include "tests/support/test_support.hpp"

namespace kj::drivers {
namespace {

using protocols::DeviceTime;
using protocols::Observation;
using protocols::Verdict;

const DeviceTime kDay{2026, 11, 23, 0, 0, 0};
const SimTime kT0{};

Scenario scenario_for(std::string_view profile) {
  auto s = default_scenario(profile);
  s.date = kDay;
  s.seed = 7;
  return s;
}

std::vector<std::uint8_t> ask(DeviceSimulator& sim, const std::vector<std::uint8_t>& request) {
  sim.feed(request, kT0);
  return sim.take_output();
}

std::vector<Observation> decode(std::string_view protocol, const std::vector<std::uint8_t>& bytes) {
  auto decoder = protocols::make_decoder(protocol);
  EXPECT_TRUE(decoder.ok());
  const auto events = test::decode_all(**decoder, bytes);
  EXPECT_TRUE(test::errors(events).empty()) << protocol;
  return test::observations(events);
}

double value_of(const Observation& o) {
  return std::get<double>(o.value);
}

// Every generated reading is realistic: ΔAc 0.40–0.45, negatives 5–35 %, positives 55–85 %.
TEST(SimScenario, ReadingsAreRealisticAndDeterministic) {
  const auto s = scenario_for("tl310");
  const auto a = generate_readings(s, kDay);
  const auto b = generate_readings(s, kDay);
  ASSERT_EQ(a.size(), s.samples.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].inhibition, b[i].inhibition);
    EXPECT_NEAR(a[i].control_delta_a, 0.425, 0.03);
    EXPECT_EQ(a[i].positive, s.samples[i].positive);
    if (a[i].positive) {
      EXPECT_GE(a[i].inhibition, 54.0);
      EXPECT_LE(a[i].inhibition, 86.0);
    } else {
      EXPECT_GE(a[i].inhibition, 4.0);
      EXPECT_LE(a[i].inhibition, 36.0);
    }
    EXPECT_NEAR(a[i].inhibition, (a[i].control_delta_a - a[i].delta_a) / a[i].control_delta_a * 100, 1e-9);
    EXPECT_EQ(a[i].measured_at.day, 23);
  }
  auto other = s;
  other.seed = 8;
  EXPECT_NE(generate_readings(other, kDay)[0].inhibition, a[0].inhibition);
}

TEST(SimScenario, ParsesTheDocumentedFormat) {
  const auto s = parse_scenario(R"({"date":"2026-11-20","start_time":"08:30:00","interval_seconds":60,"seed":3,
    "standard":"NY/T 448-2001","faults":["garbage","silent"],
    "samples":[{"channel":2,"sample_id":"A-1","name":"韭菜","positive":true},{"value":12.5}]})");
  ASSERT_TRUE(s.ok()) << s.error().detail.en;
  EXPECT_EQ(s->date, (DeviceTime{2026, 11, 20, 0, 0, 0}));
  EXPECT_EQ(s->limit(), 70.0);
  EXPECT_TRUE(s->has_fault(SimFault::silent));
  ASSERT_EQ(s->samples.size(), 2u);
  EXPECT_EQ(s->samples[1].channel, 2);
  EXPECT_EQ(s->samples[1].sample_id, "0002");
  const auto r = generate_readings(*s, kDay);
  EXPECT_GE(r[0].inhibition, 74.0);
  EXPECT_NEAR(r[1].inhibition, 12.5, 1.0);
  EXPECT_EQ(r[1].measured_at, (DeviceTime{2026, 11, 20, 8, 31, 0}));
  EXPECT_FALSE(parse_scenario(R"({"samples":[{"positive":"yes"}]})").ok());
  EXPECT_FALSE(parse_scenario(R"({"samples":[],"faults":["x"]})").ok());
}

TEST(SimScenario, ShippedScenariosLoad) {
  for (const auto& p : sim_profiles()) {
    const auto file = test::source_dir() / "samples" / "scenarios" / (std::string(p.name) + ".json");
    const auto s = load_scenario(file);
    ASSERT_TRUE(s.ok()) << file << ": " << s.error().detail.en;
    EXPECT_EQ(s->samples.size(), default_scenario(p.name).samples.size()) << p.name;
  }
}

TEST(SimTl310, AnswersIdentifyReadAllReadLastAndReadDate) {
  const auto s = scenario_for("tl310");
  const auto readings = generate_readings(s, kDay);
  Tl310Simulator sim(s, readings);
  EXPECT_EQ(ask(sim, protocols::tl310::encode_comm_test()), test::hex("7E 02 04 00 FF 02 10 10 F8 AA"));
  EXPECT_FALSE(sim.finished());
  const auto all = decode("tl310", ask(sim, protocols::tl310::encode_read_all()));
  EXPECT_TRUE(sim.finished());
  ASSERT_EQ(all.size(), readings.size());
  for (std::size_t i = 0; i < all.size(); ++i) {
    EXPECT_EQ(all[i].channel, readings[i].channel);
    EXPECT_NEAR(value_of(all[i]), readings[i].inhibition, 0.05);
    EXPECT_EQ(all[i].verdict, readings[i].positive ? Verdict::positive : Verdict::negative);
    EXPECT_EQ(all[i].measured_at, protocols::to_iso8601(readings[i].measured_at));
  }
  // The last run is the scenario's run: every channel of it.
  const auto last = decode("tl310", ask(sim, protocols::tl310::encode_read_last()));
  ASSERT_EQ(last.size(), readings.size());
  EXPECT_EQ(last.back().channel, readings.back().channel);
  EXPECT_EQ(decode("tl310", ask(sim, protocols::tl310::encode_read_date(kDay))).size(), readings.size());
  EXPECT_TRUE(ask(sim, protocols::tl310::encode_read_date(DeviceTime{2026, 11, 22, 0, 0, 0})).empty());
}

TEST(SimTl310, RequestsSplitByteByByteAndNoiseAreTolerated) {
  const auto s = scenario_for("tl310");
  Tl310Simulator sim(s, generate_readings(s, kDay));
  auto request = test::hex("00 7E 99");
  const auto read_all = protocols::tl310::encode_read_all();
  request.insert(request.end(), read_all.begin(), read_all.end());
  std::vector<std::uint8_t> out;
  for (auto b : request) {
    sim.feed(std::span(&b, 1), kT0);
    const auto chunk = sim.take_output();
    out.insert(out.end(), chunk.begin(), chunk.end());
  }
  EXPECT_EQ(decode("tl310", out).size(), s.samples.size());
}

TEST(SimLz4000t, CountsAndSendsTheDayWithSampleNumbersAndGbkNames) {
  auto s = scenario_for("lz4000t");
  s.samples[0].sample_id = "0042";
  const auto readings = generate_readings(s, kDay);
  Lz4000tSimulator sim(readings);
  EXPECT_EQ(ask(sim, protocols::lz4000t::encode_comm_test()).size(), 9u);
  EXPECT_EQ(ask(sim, protocols::lz4000t::encode_count_day(kDay))[7], readings.size());
  EXPECT_EQ(ask(sim, protocols::lz4000t::encode_count_day(DeviceTime{2026, 11, 1, 0, 0, 0}))[7], 0);
  const auto obs = decode("lz4000t", ask(sim, protocols::lz4000t::encode_send_day(kDay)));
  EXPECT_TRUE(sim.finished());
  ASSERT_EQ(obs.size(), readings.size());
  EXPECT_EQ(obs[0].sample_id, "0042");
  EXPECT_EQ(obs[0].sample_name, "白菜");
  EXPECT_EQ(obs[1].sample_name, "黄瓜");
  for (std::size_t i = 0; i < obs.size(); ++i) EXPECT_NEAR(value_of(obs[i]), readings[i].inhibition, 0.005);
}

TEST(SimTy16, DownloadsGroupsUntilNoMoreData) {
  const auto s = scenario_for("ty16");
  const auto readings = generate_readings(s, kDay);
  Ty16Simulator sim(readings);
  namespace ty = protocols::tianyang;
  EXPECT_EQ(ask(sim, ty::encode_link_test()), test::hex("1B 02"));
  std::vector<std::uint8_t> wire = test::hex("1B 02");
  auto append = [&wire](const std::vector<std::uint8_t>& b) { wire.insert(wire.end(), b.begin(), b.end()); };
  append(ask(sim, ty::encode_start_download()));
  for (int i = 0; i < 3; ++i) append(ask(sim, ty::encode_next_group()));
  EXPECT_TRUE(sim.finished());
  EXPECT_EQ(std::vector<std::uint8_t>(wire.end() - 2, wire.end()), test::hex("1B FE"));
  const auto obs = decode("ty16", wire);
  ASSERT_EQ(obs.size(), readings.size());  // 10 samples: two groups (8 + 2)
  for (std::size_t i = 0; i < obs.size(); ++i) {
    EXPECT_EQ(obs[i].channel, (readings[i].channel - 1) % 8 + 1);
    EXPECT_NEAR(value_of(obs[i]), readings[i].inhibition, 0.006);
    EXPECT_TRUE(obs[i].readings.a3.has_value());
  }
}

TEST(SimTyz24, PushesGroupsOnItsTimerThenEnds) {
  auto s = scenario_for("tyz24");
  s.group_interval_ms = 3000;
  const auto readings = generate_readings(s, kDay);
  Tyz24Simulator sim(s, readings);
  namespace ty = protocols::tianyang;
  std::vector<std::uint8_t> wire = ask(sim, ty::encode_link_test());
  EXPECT_EQ(wire, test::hex("1B 05"));
  auto append = [&wire](const std::vector<std::uint8_t>& b) { wire.insert(wire.end(), b.begin(), b.end()); };
  append(ask(sim, ty::encode_start_download()));
  append(ask(sim, ty::encode_next_group()));
  EXPECT_EQ(wire.size(), 4u + 501u);  // first group at once, the second waits for the timer
  ASSERT_TRUE(sim.deadline());
  EXPECT_EQ(*sim.deadline(), kT0 + std::chrono::seconds(3));
  sim.on_timeout(kT0 + std::chrono::seconds(3));
  append(sim.take_output());
  sim.on_timeout(kT0 + std::chrono::seconds(6));
  append(sim.take_output());
  EXPECT_TRUE(sim.finished());
  EXPECT_FALSE(sim.deadline());
  const auto obs = decode("tyz24", wire);
  ASSERT_EQ(obs.size(), readings.size());
  for (std::size_t i = 0; i < obs.size(); ++i) {
    EXPECT_EQ(obs[i].channel, readings[i].channel);
    EXPECT_EQ(obs[i].sample_name, readings[i].sample_name);
    EXPECT_EQ(obs[i].verdict, readings[i].positive ? Verdict::positive : Verdict::negative);
    EXPECT_NEAR(value_of(obs[i]), readings[i].inhibition, 0.006);
  }
}

TEST(SimDy3000, ServesItemTableWindowAndRecords) {
  const auto s = scenario_for("dy3000");
  const auto readings = generate_readings(s, kDay);
  Dy3000Simulator sim(s, readings);
  namespace dy = protocols::dy3000;
  std::vector<std::uint8_t> wire;
  auto append = [&wire](const std::vector<std::uint8_t>& b) { wire.insert(wire.end(), b.begin(), b.end()); };
  append(ask(sim, dy::encode_link_test()));
  append(ask(sim, dy::encode_read_item_page(0)));
  const auto window = ask(sim, dy::encode_find_window(DeviceTime{2026, 11, 1, 0, 0, 0}, kDay));
  append(window);
  const auto first = dy::read_u16_le(window, 12 + 8);
  const auto end = dy::read_u16_le(window, 12 + 10);
  ASSERT_EQ(end - first, 1);  // 6 samples: one run
  for (std::uint32_t i = first; i < end; ++i) append(ask(sim, dy::encode_read_record(i)));
  EXPECT_TRUE(sim.finished());
  const auto obs = decode("dy3000", wire);
  ASSERT_EQ(obs.size(), readings.size());
  for (std::size_t i = 0; i < obs.size(); ++i) {
    EXPECT_EQ(obs[i].channel, readings[i].channel);
    EXPECT_EQ(obs[i].item_name, "农药残留");
    EXPECT_NEAR(value_of(obs[i]), readings[i].inhibition, 0.05);
  }
  const auto other =
      ask(sim, dy::encode_find_window(DeviceTime{2026, 10, 1, 0, 0, 0}, DeviceTime{2026, 10, 2, 0, 0, 0}));
  EXPECT_EQ(dy::read_u16_le(other, 12 + 8), dy::read_u16_le(other, 12 + 10));
}

TEST(SimDyrs2, ThirdGenerationRangeAndSecondGenerationSendAll) {
  const auto s = scenario_for("dyrs2");
  const auto readings = generate_readings(s, kDay);
  Dyrs2Simulator sim(readings);
  namespace rs = protocols::dyrs2;
  std::vector<std::uint8_t> wire = ask(sim, rs::encode_version_query());
  const auto range = ask(sim, rs::encode_read_range(DeviceTime{2026, 11, 1, 0, 0, 0}, kDay));
  wire.insert(wire.end(), range.begin(), range.end());
  EXPECT_TRUE(sim.finished());
  const auto obs = decode("dyrs2", wire);
  ASSERT_EQ(obs.size(), readings.size());
  EXPECT_EQ(obs[0].sample_name, "猪肉");
  EXPECT_EQ(obs[1].sample_name, "牛肉");
  for (std::size_t i = 0; i < obs.size(); ++i) {
    EXPECT_EQ(value_of(obs[i]) > 77.0, readings[i].positive);
    EXPECT_EQ(obs[i].measured_at, protocols::to_iso8601(readings[i].measured_at));
  }
  EXPECT_EQ(decode("dyrs2", ask(sim, rs::encode_send_all())).size(), readings.size());
}

TEST(SimDy6260, AnswersReadWithJsonAndCloses) {
  auto s = scenario_for("dy6260");
  s.samples[2].sample_id = "B-17";
  const auto readings = generate_readings(s, kDay);
  Dy6260Simulator sim(readings);
  EXPECT_EQ(ask(sim, protocols::dy6260::encode_probe_request()), test::bytes("OK"));
  const auto obs = decode("dy6260", ask(sim, protocols::dy6260::encode_read_request()));
  EXPECT_TRUE(sim.wants_close());
  ASSERT_EQ(obs.size(), readings.size());
  EXPECT_EQ(obs[2].sample_id, "B-17");
  EXPECT_EQ(obs[2].sample_name, "羊肉");
  EXPECT_EQ(obs[2].item_name, "克伦特罗");
  EXPECT_EQ(obs[2].verdict, Verdict::positive);
  EXPECT_EQ(obs[0].verdict, Verdict::negative);
  EXPECT_EQ(obs[0].measured_at, protocols::to_iso8601(readings[0].measured_at));
}

TEST(SimProfiles, EveryProfileBuilds) {
  for (const auto& p : sim_profiles()) {
    EXPECT_TRUE(make_simulator(p.name, scenario_for(p.name), kDay).ok()) << p.name;
  }
  EXPECT_FALSE(make_simulator("nope", scenario_for("tl310"), kDay).ok());
}

}  // namespace
}  // namespace kj::drivers

namespace kj::drivers {
namespace {

// Cheap vendor faults: noise before the first answer costs one garbage error, and a read-all
// answer cut mid-frame ends in a truncated error, never in a corrupt observation.
TEST(SimFaults, GarbageAndTruncatedAnswerForAPolledDevice) {
  auto s = default_scenario("tl310");
  s.date = DeviceTime{2026, 11, 23, 0, 0, 0};
  s.faults = {SimFault::garbage, SimFault::truncate};
  auto sim = make_simulator("tl310", s, *s.date);
  ASSERT_TRUE(sim.ok());
  (*sim)->feed(protocols::tl310::encode_comm_test(), SimTime{});
  auto wire = (*sim)->take_output();
  (*sim)->feed(protocols::tl310::encode_read_all(), SimTime{});
  const auto records = (*sim)->take_output();
  wire.insert(wire.end(), records.begin(), records.end());
  EXPECT_TRUE((*sim)->finished());
  auto decoder = protocols::make_decoder("tl310");
  const auto events = test::decode_all(**decoder, wire);
  const auto errors = test::errors(events);
  ASSERT_EQ(errors.size(), 2u);
  EXPECT_EQ(errors[0].code, protocols::Errc::garbage);
  EXPECT_EQ(errors[1].code, protocols::Errc::truncated);
  EXPECT_EQ(test::observations(events).size(), s.samples.size() - 1);
}

}  // namespace
}  // namespace kj::drivers
