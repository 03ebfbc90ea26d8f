// The five vendor protocols' device sessions end to end: each protocol's simulator runs on a
// pseudo-terminal (drivers::PtyPair + SimRunner, as `kuaijian sim PROFILE --pty` does) and the
// session make_session builds reads it. The records must arrive as observations carrying the
// simulator's values; pulling the port away mid-frame must give an error and no corrupt
// observation, and a new session on a re-plugged port must read the records again. A silent
// device (short timers) ends with a timeout error and nothing else.
#include <gtest/gtest.h>

#include <cmath>

#include "drivers/errors.hpp"
#include "drivers/sessions/device_session.hpp"
#include "drivers/sessions/dy3000_poller.hpp"
#include "drivers/sessions/dyrs2_poller.hpp"
#include "drivers/sessions/lz4000t_poller.hpp"
#include "drivers/sessions/polled_session.hpp"
#include "drivers/sessions/ty16_poller.hpp"
#include "drivers/sessions/tyz24_poller.hpp"
#include "drivers/simulators/dyrs2_simulator.hpp"
#include "drivers/simulators/pty_pair.hpp"
#include "drivers/simulators/sim_runner.hpp"
#include "drivers/simulators/simulator_profiles.hpp"
#include "protocols/registry.hpp"
#include "tests/integration/drivers/drivers_test_support.hpp"
#include "tests/integration/drivers/sessions_test_support.hpp"

namespace kj::test {
namespace {

using namespace std::chrono_literals;
using drivers::Scenario;
using drivers::SimReading;
using protocols::DeviceTime;

// The instrument's date, as make_session takes it (the LZ4000T reads by day): the booth's
// local date at the DeviceSpec's default offset (+08:00).
DeviceTime local_today() {
  const auto local = std::chrono::system_clock::now() + std::chrono::hours(8);
  const std::chrono::year_month_day day{std::chrono::floor<std::chrono::days>(local)};
  return {static_cast<int>(day.year()),
          static_cast<int>(static_cast<unsigned>(day.month())),
          static_cast<int>(static_cast<unsigned>(day.day())),
          0,
          0,
          0};
}

Scenario scenario_of(const std::string& protocol) {
  auto scenario = drivers::default_scenario(protocol);
  scenario.date = local_today();
  scenario.seed = 11;
  scenario.group_interval_ms = 50;  // TYZ24 pushes; the spec's ~3 s would only slow the test
  return scenario;
}

// Forwards a simulator's output until its `chunk`-th answer, which loses its last `lose` bytes
// — the cable pulled mid-frame — and nothing after it.
class CutDevice final : public drivers::DeviceSimulator {
 public:
  CutDevice(std::unique_ptr<drivers::DeviceSimulator> device, int chunk, std::size_t lose)
      : device_(std::move(device)), chunk_(chunk), lose_(lose) {}
  void start(drivers::SimTime now) override {
    device_->start(now);
    forward();
  }
  void feed(std::span<const std::uint8_t> bytes, drivers::SimTime now) override {
    device_->feed(bytes, now);
    forward();
  }
  [[nodiscard]] std::optional<drivers::SimTime> deadline() const override {
    return cut_ ? std::nullopt : device_->deadline();
  }
  void on_timeout(drivers::SimTime now) override {
    device_->on_timeout(now);
    forward();
  }
  [[nodiscard]] bool cut() const { return cut_; }

 private:
  void forward() {
    auto out = device_->take_output();
    if (out.empty() || cut_) return;
    if (++seen_ == chunk_) {
      out.resize(out.size() > lose_ ? out.size() - lose_ : 0);
      cut_ = true;
    }
    emit(out);
  }
  std::unique_ptr<drivers::DeviceSimulator> device_;
  int chunk_;
  std::size_t lose_;
  int seen_ = 0;
  bool cut_ = false;
};

// A simulator on the master side of a fresh pty; the session opens the slave path.
struct SimOnPty {
  SimOnPty(drivers::IoContext& io, const std::string& protocol, const Scenario& scenario, int cut_chunk = 0) {
    auto opened = drivers::PtyPair::open(io);
    if (!opened) throw std::runtime_error(opened.error().detail.en);
    pty = std::move(*opened);
    auto device = drivers::make_simulator(protocol, scenario, local_today());
    if (!device) throw std::runtime_error(device.error().detail.en);
    std::unique_ptr<drivers::DeviceSimulator> sim = std::move(*device);
    if (cut_chunk > 0) {
      auto cutting = std::make_unique<CutDevice>(std::move(sim), cut_chunk, 7);
      cutter = cutting.get();
      sim = std::move(cutting);
    }
    runner = std::make_unique<drivers::SimRunner>(io, pty->take_master(), std::move(sim), nullptr);
    runner->start();
  }
  // The cable pulled: the simulator's side of the pty is gone.
  void unplug() {
    runner.reset();
    pty.reset();
  }
  std::unique_ptr<drivers::PtyPair> pty;
  std::unique_ptr<drivers::SimRunner> runner;
  const CutDevice* cutter = nullptr;
};

// The value each simulator puts on the wire for a reading, as its codec reads it back.
double wire_value(const std::string& protocol, const SimReading& r) {
  if (protocol == "lz4000t") return std::lround(r.inhibition * 100) / 100.0;
  if (protocol == "dy3000") return std::lround(r.inhibition * 10) / 10.0;
  if (protocol == "ty16") return std::round(static_cast<double>(static_cast<float>(r.inhibition)) * 100) / 100;
  if (protocol == "tyz24")
    return std::round(static_cast<double>(static_cast<float>(r.inhibition / 100.0)) * 100 * 100) / 100;
  return drivers::Dyrs2Simulator::moisture_x10(r) / 10.0;
}

double value_of(const protocols::Observation& o) {
  return std::get<double>(o.value);
}

// Every observation is one of the simulator's readings, with its value, and no reading twice.
void expect_readings(const std::string& protocol, const std::vector<protocols::Observation>& observations) {
  auto readings = drivers::generate_readings(scenario_of(protocol), local_today());
  for (const auto& o : observations) {
    const auto match = std::find_if(readings.begin(), readings.end(), [&](const SimReading& r) {
      return std::abs(wire_value(protocol, r) - value_of(o)) < 0.006;
    });
    ASSERT_NE(match, readings.end()) << protocol << ": no reading has the value " << value_of(o);
    readings.erase(match);
  }
}

class VendorSession : public ::testing::TestWithParam<std::string> {};

TEST_P(VendorSession, ReadsTheSimulatorsRecordsAsObservations) {
  const std::string protocol = GetParam();
  drivers::IoContext io;
  SimOnPty device(io, protocol, scenario_of(protocol));
  SessionRecorder recorder;
  auto session = drivers::make_session(io, serial_spec(protocol, device.pty->slave_path()), recorder.handlers());
  ASSERT_TRUE(session.ok()) << session.error().detail.en;
  (*session)->start();
  ASSERT_TRUE(run_until(
      io, [&] { return recorder.done == 1; }, 10s));
  for (const auto& e : recorder.errors)
    ADD_FAILURE() << protocol << ": " << (e.link ? e.link->detail.en : e.decode->message);
  const auto samples = scenario_of(protocol).samples.size();
  ASSERT_EQ(recorder.observations.size(), samples);
  expect_readings(protocol, recorder.observations);
  for (const auto& o : recorder.observations) EXPECT_EQ(o.protocol, protocol);
  const auto health = (*session)->health();
  EXPECT_EQ(health.state, drivers::SessionState::done);
  EXPECT_EQ(health.observations, samples);
  EXPECT_GT(health.frames_ok, 0U);
}

// Which answer of the read the cable is pulled in, 7 bytes before its end: one holding records.
int data_chunk(const std::string& protocol) {
  if (protocol == "lz4000t") return 3;  // comm answer, today's count, the day's records
  if (protocol == "dy3000") return 4;   // link, item page, window, the first record
  if (protocol == "dyrs2") return 2;    // version, the list
  if (protocol == "ty16") return 3;     // model, 1B C1 + first group, the second group
  return 4;                             // tyz24: 1B 05, 1B C1, first group, second group
}

TEST_P(VendorSession, PullingThePortMidFrameIsAnErrorAndTheNextSessionReadsTheRecords) {
  const std::string protocol = GetParam();
  drivers::IoContext io;
  std::size_t before_cut = 0;
  {
    SimOnPty device(io, protocol, scenario_of(protocol), data_chunk(protocol));
    SessionRecorder recorder;
    auto session = drivers::make_session(io, serial_spec(protocol, device.pty->slave_path()), recorder.handlers());
    ASSERT_TRUE(session.ok()) << session.error().detail.en;
    (*session)->start();
    ASSERT_TRUE(run_until(
        io, [&] { return device.cutter->cut(); }, 10s));
    run_for(io, 100ms);  // the cut answer reaches the session
    device.unplug();
    ASSERT_TRUE(run_until(
        io, [&] { return recorder.done == 1; }, 5s));
    EXPECT_EQ((*session)->health().state, drivers::SessionState::failed);
    EXPECT_GE(recorder.link_errors(), 1U);
    // The cut frame is a truncated error, never an observation.
    const bool truncated = std::any_of(recorder.errors.begin(), recorder.errors.end(), [](const auto& e) {
      return e.decode && e.decode->code == protocols::Errc::truncated;
    });
    EXPECT_TRUE(truncated);
    EXPECT_LT(recorder.observations.size(), scenario_of(protocol).samples.size());
    expect_readings(protocol, recorder.observations);
    before_cut = recorder.observations.size();
  }
  // Plugged in again: a new session reads what the device holds.
  SimOnPty device(io, protocol, scenario_of(protocol));
  SessionRecorder recorder;
  auto session = drivers::make_session(io, serial_spec(protocol, device.pty->slave_path()), recorder.handlers());
  ASSERT_TRUE(session.ok());
  (*session)->start();
  ASSERT_TRUE(run_until(
      io, [&] { return recorder.done == 1; }, 10s));
  EXPECT_TRUE(recorder.errors.empty());
  EXPECT_EQ(recorder.observations.size(), scenario_of(protocol).samples.size());
  EXPECT_GE(recorder.observations.size(), before_cut);
  expect_readings(protocol, recorder.observations);
}

// A poller with short timers, as make_session would build it.
std::unique_ptr<drivers::Poller> short_poller(const std::string& protocol) {
  const drivers::PollTimers timers{150ms, 150ms, 1};
  auto decoder = protocols::make_decoder(protocol);
  if (!decoder) return nullptr;
  const drivers::ReadRequest all{drivers::ReadRequest::Kind::all, {}};
  const auto today = local_today();
  const std::chrono::year_month_day ymd{std::chrono::year(today.year),
                                        std::chrono::month(static_cast<unsigned>(today.month)),
                                        std::chrono::day(static_cast<unsigned>(today.day))};
  if (protocol == "lz4000t")
    return std::make_unique<drivers::Lz4000tPoller>(all, ymd, std::move(*decoder), timers,
                                                    drivers::Lz4000tScan{0ms, 3});
  if (protocol == "dy3000") return std::make_unique<drivers::Dy3000Poller>(all, std::move(*decoder), timers);
  if (protocol == "dyrs2") return std::make_unique<drivers::Dyrs2Poller>(all, std::move(*decoder), timers);
  if (protocol == "ty16") return std::make_unique<drivers::Ty16Poller>(all, std::move(*decoder), timers);
  return std::make_unique<drivers::Tyz24Poller>(all, std::move(*decoder), timers, 0ms);
}

TEST_P(VendorSession, ASilentDeviceIsATimeoutErrorAfterTheRetries) {
  const std::string protocol = GetParam();
  drivers::IoContext io;
  auto opened = drivers::PtyPair::open(io);
  ASSERT_TRUE(opened.ok());
  auto master = (*opened)->take_master();  // nobody answers
  RecordingListener heard;
  master->start(heard);
  SessionRecorder recorder;
  const auto spec = serial_spec(protocol, (*opened)->slave_path());
  drivers::PolledSession session(io, spec, recorder.handlers(), std::nullopt, drivers::make_opener(io, spec),
                                 short_poller(protocol));
  session.start();
  ASSERT_TRUE(run_until(
      io, [&] { return recorder.done == 1; }, 3s));
  EXPECT_TRUE(recorder.observations.empty());
  ASSERT_EQ(recorder.link_errors(), 1U);
  EXPECT_EQ(recorder.errors.back().link->code, drivers::make_error_code(drivers::Errc::timed_out));
  EXPECT_EQ(session.health().state, drivers::SessionState::failed);
  EXPECT_FALSE(heard.received.empty());  // the first request, then once more
}

INSTANTIATE_TEST_SUITE_P(Protocols, VendorSession, ::testing::Values("lz4000t", "dy3000", "dyrs2", "ty16", "tyz24"),
                         [](const auto& info) { return info.param; });

TEST(VendorSessions, EveryKnownProtocolHasASessionAndAnUnknownOneIsRefused) {
  drivers::IoContext io;
  for (const auto& info : protocols::known_protocols()) {
    auto spec = serial_spec(std::string(info.name), "/dev/null");
    if (info.name == "hl7") spec.transport = drivers::TcpListen{{"127.0.0.1", 0}};
    if (info.name == "dy6260") spec.transport = drivers::TcpConnect{{"127.0.0.1", 1}};
    SessionRecorder recorder;
    auto session = drivers::make_session(io, spec, recorder.handlers());
    EXPECT_TRUE(session.ok()) << info.name << ": " << (session.ok() ? "" : session.error().detail.en);
  }
  SessionRecorder recorder;
  auto unknown = drivers::make_session(io, serial_spec("tl999", "/dev/null"), recorder.handlers());
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().code, protocols::make_error_code(protocols::Errc::bad_option));
  EXPECT_NE(unknown.error().detail.en.find("tl999"), std::string::npos);
}

}  // namespace
}  // namespace kj::test
