// The ASTM receiver session end to end over a pseudo-terminal, the test playing the analyzer
// with the codec's own frame encoder: ACK/NAK written back, observations per R record, and the
// faults of a real line (bad checksum and NAK storms, garbage, a silent sender, the port
// pulled away mid-frame and plugged back).
#include <gtest/gtest.h>

#include <set>

#include "drivers/sessions/device_session.hpp"
#include "drivers/simulators/pty_pair.hpp"
#include "drivers/simulators/sim_runner.hpp"
#include "drivers/simulators/simulator_profiles.hpp"
#include "protocols/astm/frame.hpp"
#include "tests/integration/drivers/drivers_test_support.hpp"
#include "tests/integration/drivers/sessions_test_support.hpp"
#include "tests/support/test_support.hpp"

namespace kj::test {
namespace {

using namespace std::chrono_literals;
namespace astm = protocols::astm;

constexpr std::uint8_t ENQ = 0x05, ACK = 0x06, NAK = 0x15, EOT = 0x04;

std::string message_text(const std::string& sample, const std::string& value) {
  return "H|\\^&|||Analyzer^1.0|||||||P|LIS2-A2|20261123101500\r"
         "P|1\r"
         "O|1|" +
         sample +
         "||^^^PEST\r"
         "R|1|^^^PEST^Pesticide|" +
         value +
         "|%||N||F||||20261123101500\r"
         "L|1|N\r";
}

// The analyzer's side of a pty: writes and waits for the host's one-byte replies.
class Analyzer {
 public:
  Analyzer(drivers::IoContext& io, int fd) : io_(io), fd_(fd) {}
  void send(std::span<const std::uint8_t> bytes) { write_fully(fd_, bytes); }
  void send_byte(std::uint8_t byte) { send(std::span<const std::uint8_t>(&byte, 1)); }
  // Runs the io_context until the host answered; the answer byte, or 0 on timeout.
  std::uint8_t reply() {
    std::vector<std::uint8_t> got;
    if (!run_until(io_, [&] {
          drain(fd_, got);
          return !got.empty();
        }))
      return 0;
    return got.front();
  }
  // ENQ, every frame, EOT; the replies to each.
  std::vector<std::uint8_t> transfer(const std::string& text) {
    std::vector<std::uint8_t> replies;
    send_byte(ENQ);
    replies.push_back(reply());
    for (const auto& frame : astm::encode_frames(text, astm::FrameSplit::per_record)) {
      send(frame);
      replies.push_back(reply());
    }
    send_byte(EOT);
    return replies;
  }

 private:
  drivers::IoContext& io_;
  int fd_;
};

TEST(SessionsAstm, ReceivesATransferAndAcknowledgesEveryFrame) {
  drivers::IoContext io;
  PtyPair pty;
  SessionRecorder recorder;
  auto session = drivers::make_session(io, serial_spec("astm", pty.slave_path()), recorder.handlers());
  ASSERT_TRUE(session.ok()) << session.error().detail.en;
  (*session)->start();
  ASSERT_TRUE(run_until(io, [&] { return (*session)->health().link.state == drivers::LinkState::open; }));

  Analyzer analyzer(io, pty.master());
  const auto replies = analyzer.transfer(message_text("S001", "35.6"));
  EXPECT_EQ(replies, std::vector<std::uint8_t>(6, ACK));  // ENQ + 5 records
  ASSERT_TRUE(run_until(io, [&] { return recorder.observations.size() == 1; }));
  const auto& o = recorder.observations[0];
  EXPECT_EQ(o.protocol, "astm");
  EXPECT_EQ(o.sample_id, "S001");
  EXPECT_EQ(o.item_code, "PEST");
  EXPECT_EQ(protocols::to_json(o).find("\"value\":35.6") != std::string::npos, true) << protocols::to_json(o);
  EXPECT_EQ(recorder.refs[0].device, "dev1");
  EXPECT_EQ(recorder.refs[0].size, o.raw.size());
  EXPECT_TRUE(recorder.errors.empty());
  const auto health = (*session)->health();
  EXPECT_EQ(health.frames_ok, 5U);
  EXPECT_EQ(health.observations, 1U);
  EXPECT_TRUE(health.last_frame.has_value());

  // A second transfer on the same link.
  analyzer.transfer(message_text("S002", "12.0"));
  ASSERT_TRUE(run_until(io, [&] { return recorder.observations.size() == 2; }));
  EXPECT_EQ(recorder.observations[1].sample_id, "S002");
}

TEST(SessionsAstm, NaksABadChecksumAndTakesTheRetransmissionOnce) {
  drivers::IoContext io;
  PtyPair pty;
  SessionRecorder recorder;
  auto session = drivers::make_session(io, serial_spec("astm", pty.slave_path()), recorder.handlers());
  ASSERT_TRUE(session.ok());
  (*session)->start();
  ASSERT_TRUE(run_until(io, [&] { return (*session)->health().link.state == drivers::LinkState::open; }));
  Analyzer analyzer(io, pty.master());

  // Garbage on a neutral line is ignored.
  analyzer.send(to_bytes("\x01noise\x7f"));
  analyzer.send_byte(ENQ);
  ASSERT_EQ(analyzer.reply(), ACK);
  const auto frames = astm::encode_frames(message_text("S009", "7.5"), astm::FrameSplit::per_message);
  ASSERT_EQ(frames.size(), 1U);
  // A NAK storm: the same frame corrupted five times, NAKed each time.
  for (int i = 0; i < 5; ++i) {
    auto bad = frames[0];
    auto& c1 = bad[bad.size() - 4];  // C1 of the checksum, still a hex digit
    c1 = c1 == '0' ? '1' : '0';
    analyzer.send(bad);
    EXPECT_EQ(analyzer.reply(), NAK) << i;
  }
  analyzer.send(frames[0]);
  EXPECT_EQ(analyzer.reply(), ACK);
  analyzer.send(frames[0]);  // our ACK "lost": a retransmission, ACKed and dropped
  EXPECT_EQ(analyzer.reply(), ACK);
  analyzer.send_byte(EOT);
  run_for(io, 100ms);
  ASSERT_EQ(recorder.observations.size(), 1U);
  EXPECT_EQ(recorder.observations[0].sample_id, "S009");
  // Five bad checksums, and the noise on the neutral line as one garbage run.
  ASSERT_EQ(recorder.decode_errors(), 6U);
  EXPECT_EQ(recorder.errors[0].decode->code, protocols::Errc::garbage);
  for (int i = 1; i <= 5; ++i) EXPECT_EQ(recorder.errors[i].decode->code, protocols::Errc::bad_checksum) << i;
  EXPECT_EQ((*session)->health().frames_rejected, 6U);
}

TEST(SessionsAstm, ASilentSenderTimesOutAndThePartialMessageIsNeverAnObservation) {
  drivers::IoContext io;
  PtyPair pty;
  SessionRecorder recorder;
  auto spec = serial_spec("astm", pty.slave_path());
  spec.options["receive_timeout_ms"] = "200";
  auto session = drivers::make_session(io, spec, recorder.handlers());
  ASSERT_TRUE(session.ok()) << session.error().detail.en;
  (*session)->start();
  ASSERT_TRUE(run_until(io, [&] { return (*session)->health().link.state == drivers::LinkState::open; }));
  Analyzer analyzer(io, pty.master());

  analyzer.send_byte(ENQ);
  ASSERT_EQ(analyzer.reply(), ACK);
  const auto frames = astm::encode_frames(message_text("S010", "1.0"), astm::FrameSplit::per_message, 40);
  ASSERT_GT(frames.size(), 2U);
  analyzer.send(frames[0]);
  ASSERT_EQ(analyzer.reply(), ACK);
  // Then nothing: the receive timer (on the session's steady_timer) discards the message.
  ASSERT_TRUE(run_until(
      io, [&] { return !recorder.errors.empty(); }, 2s));
  EXPECT_TRUE(recorder.observations.empty());

  // The line is neutral again: a fresh transfer goes through.
  analyzer.transfer(message_text("S011", "2.0"));
  ASSERT_TRUE(run_until(io, [&] { return recorder.observations.size() == 1; }));
  EXPECT_EQ(recorder.observations[0].sample_id, "S011");
}

TEST(SessionsAstm, PortPulledMidFrameReconnectsAndReportsTheCutFrame) {
  TempDir dir;
  SocatPair socat(dir / "ttyA", dir / "ttyB");
  ASSERT_TRUE(socat.start());
  drivers::IoContext io;
  SessionRecorder recorder;
  auto session = drivers::make_session(io, serial_spec("astm", (dir / "ttyA").string()), recorder.handlers());
  ASSERT_TRUE(session.ok());
  (*session)->start();
  ASSERT_TRUE(run_until(io, [&] { return (*session)->health().link.state == drivers::LinkState::open; }));

  int device = socat.open_b();
  {
    Analyzer analyzer(io, device);
    analyzer.send_byte(ENQ);
    ASSERT_EQ(analyzer.reply(), ACK);
    const auto frames = astm::encode_frames(message_text("S020", "3.0"), astm::FrameSplit::per_message);
    analyzer.send(std::span<const std::uint8_t>(frames[0]).first(frames[0].size() / 2));
    run_for(io, 100ms);
  }
  ::close(device);
  socat.stop();
  ASSERT_TRUE(run_until(io, [&] { return (*session)->health().link.state == drivers::LinkState::backoff; }));
  ASSERT_TRUE(socat.start());
  ASSERT_TRUE(run_until(
      io,
      [&] {
        return (*session)->health().link.state == drivers::LinkState::open && (*session)->health().reconnects == 1;
      },
      10s));
  // The cut frame is an error, not an observation.
  EXPECT_GE(recorder.decode_errors(), 1U);
  EXPECT_TRUE(recorder.observations.empty());
  EXPECT_GE(recorder.link_errors(), 1U);

  device = socat.open_b();
  Analyzer analyzer(io, device);
  const auto replies = analyzer.transfer(message_text("S021", "4.0"));
  EXPECT_EQ(replies.front(), ACK);
  ASSERT_TRUE(run_until(io, [&] { return recorder.observations.size() == 1; }));
  EXPECT_EQ(recorder.observations[0].sample_id, "S021");
  ::close(device);
}

TEST(SessionsAstm, CapturesEveryByteAndPointsObservationsIntoTheCapture) {
  TempDir dir;
  drivers::IoContext io;
  PtyPair pty;
  SessionRecorder recorder;
  auto spec = serial_spec("astm", pty.slave_path());
  spec.capture = dir / "captures" / "dev1.kjcap";
  auto session = drivers::make_session(io, spec, recorder.handlers());
  ASSERT_TRUE(session.ok());
  (*session)->start();
  ASSERT_TRUE(run_until(io, [&] { return (*session)->health().link.state == drivers::LinkState::open; }));
  Analyzer analyzer(io, pty.master());
  analyzer.transfer(message_text("S030", "5.0"));
  ASSERT_TRUE(run_until(io, [&] { return recorder.observations.size() == 1; }));
  ASSERT_TRUE(recorder.refs[0].capture.has_value());
  EXPECT_EQ(*recorder.refs[0].capture, *spec.capture);
  // ENQ is byte 0 of the rx stream; the R record's frame lies after it.
  EXPECT_GT(recorder.refs[0].offset, 0U);
  (*session)->stop();
  EXPECT_TRUE(std::filesystem::exists(*spec.capture));
  EXPECT_GT(std::filesystem::file_size(*spec.capture), 0U);
}

}  // namespace
}  // namespace kj::test

namespace kj::test {
namespace {

// The simulated analyzer of `kuaijian sim astm` with its "contention" fault: it writes ENQ,
// ignores the host's answer as if the host's ENQ had crossed its own, and ENQs again 1 s
// later as the winner of the contention. The receiver must take the transfer that follows,
// and every result exactly once.
TEST(SessionsAstm, ContentionWithTheSimulatedAnalyzerStillDeliversEveryResultOnce) {
  drivers::IoContext io;
  auto opened = drivers::PtyPair::open(io);
  ASSERT_TRUE(opened.ok()) << opened.error().detail.en;
  auto scenario = drivers::default_scenario("astm");
  scenario.faults = {drivers::SimFault::contention};
  auto device = drivers::make_simulator("astm", scenario, protocols::DeviceTime{2026, 11, 23, 0, 0, 0});
  ASSERT_TRUE(device.ok()) << device.error().detail.en;
  drivers::SimRunner runner(io, (*opened)->take_master(), std::move(*device), nullptr);
  runner.start();

  SessionRecorder recorder;
  auto session = drivers::make_session(io, serial_spec("astm", (*opened)->slave_path()), recorder.handlers());
  ASSERT_TRUE(session.ok()) << session.error().detail.en;
  (*session)->start();
  const auto expected = scenario.samples.size();
  ASSERT_TRUE(run_until(
      io, [&] { return recorder.observations.size() >= expected; }, std::chrono::seconds(15)))
      << recorder.observations.size() << " of " << expected;
  run_until(
      io, [] { return false; }, std::chrono::milliseconds(300));  // nothing more may follow
  ASSERT_EQ(recorder.observations.size(), expected);
  std::set<std::string> samples;
  for (const auto& o : recorder.observations) samples.insert(o.sample_id.value_or(""));
  EXPECT_EQ(samples.size(), expected) << "a result arrived twice";
  EXPECT_TRUE(recorder.errors.empty());
}

}  // namespace
}  // namespace kj::test
