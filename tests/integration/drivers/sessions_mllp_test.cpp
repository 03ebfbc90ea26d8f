// The MLLP listener session with a real peer: Debian's `mllp_send` (python3-hl7) sends three
// ORU^R01 into it; each message's observation arrives exactly once, and mllp_send prints our
// `MSA|AA|<its control id>` for each, written only after the observation was handed on.
#include <fcntl.h>
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "drivers/sessions/device_session.hpp"
#include "protocols/hl7/mllp.hpp"
#include "tests/integration/drivers/drivers_test_support.hpp"
#include "tests/integration/drivers/sessions_test_support.hpp"
#include "tests/support/test_support.hpp"

namespace kj::test {
namespace {

using namespace std::chrono_literals;
namespace asio = drivers::asio;
using drivers::IoError;

std::string oru(const std::string& control_id, const std::string& sample, const std::string& value) {
  return "MSH|^~\\&|ANALYZER|LAB|KJ|STATION|20261123101500||ORU^R01^ORU_R01|" + control_id +
         "|P|2.5|||||||UNICODE UTF-8\r"
         "PID|1||" +
         sample +
         "\r"
         "OBR|1|" +
         sample +
         "||PEST^Pesticide\r"
         "OBX|1|NM|PEST^Pesticide||" +
         value + "|%|||||F|||20261123101500\r";
}

drivers::DeviceSpec listen_spec() {
  drivers::DeviceSpec spec;
  spec.name = "hl7in";
  spec.protocol = "hl7";
  spec.transport = drivers::TcpListen{{"127.0.0.1", 0}};
  return spec;
}

TEST(SessionsMllp, MllpSendGetsAnAaForEachMessageAndEachAppearsOnce) {
  if (!std::filesystem::exists("/usr/bin/mllp_send")) GTEST_SKIP() << "python3-hl7 (mllp_send) not installed";
  TempDir dir;
  const auto file = dir / "messages.hl7";
  {
    std::ofstream out(file, std::ios::binary);
    out << oru("CTRL-1", "S1", "11.5") << '\x1c' << oru("CTRL-2", "S2", "22.5") << '\x1c' << oru("CTRL-3", "S3", "33.5")
        << '\x1c';
  }
  drivers::IoContext io;
  SessionRecorder recorder;
  auto session = drivers::make_session(io, listen_spec(), recorder.handlers());
  ASSERT_TRUE(session.ok()) << session.error().detail.en;
  (*session)->start();
  const auto port = (*session)->listening_port();
  ASSERT_TRUE(port.has_value());

  const auto output = dir / "mllp_send.out";
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, output.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  const std::string port_text = std::to_string(*port);
  std::vector<std::string> args{"timeout", "20", "/usr/bin/mllp_send", "-p",
                                port_text, "-f", file.string(),        "127.0.0.1"};
  std::vector<char*> argv;
  for (auto& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);
  pid_t pid = -1;
  ASSERT_EQ(::posix_spawnp(&pid, "timeout", &actions, nullptr, argv.data(), environ), 0);
  posix_spawn_file_actions_destroy(&actions);
  int status = -1;
  ASSERT_TRUE(run_until(
      io, [&] { return ::waitpid(pid, &status, WNOHANG) == pid; }, 25s));
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  run_for(io, 50ms);

  std::stringstream printed;
  printed << std::ifstream(output).rdbuf();
  for (const char* id : {"CTRL-1", "CTRL-2", "CTRL-3"})
    EXPECT_NE(printed.str().find(std::string("MSA|AA|") + id), std::string::npos) << printed.str();

  ASSERT_EQ(recorder.observations.size(), 3U);
  EXPECT_EQ(recorder.observations[0].sample_id, "S1");
  EXPECT_EQ(recorder.observations[1].sample_id, "S2");
  EXPECT_EQ(recorder.observations[2].sample_id, "S3");
  EXPECT_TRUE(recorder.errors.empty());
  EXPECT_EQ((*session)->health().frames_ok, 3U);
}

TEST(SessionsMllp, AcksOnlyAfterHandingOnAndRejectsWhatIsNotAnOru) {
  drivers::IoContext io;
  SessionRecorder recorder;
  std::vector<std::string> order;
  auto handlers = recorder.handlers();
  auto record = handlers.on_observation;
  handlers.on_observation = [&](const protocols::Observation& o, const drivers::RawRef& ref) {
    order.push_back("observation");
    record(o, ref);
  };
  auto session = drivers::make_session(io, listen_spec(), handlers);
  ASSERT_TRUE(session.ok());
  (*session)->start();

  asio::ip::tcp::socket peer(io);
  peer.connect({asio::ip::make_address("127.0.0.1"), *(*session)->listening_port()});
  // A message split in the middle of a segment, then an ADT (AR), then a cut-off block.
  const auto block = protocols::hl7::mllp_encode(oru("C-7", "S7", "7.5"));
  asio::write(peer, asio::buffer(block.data(), 20));
  run_for(io, 30ms);
  EXPECT_TRUE(recorder.observations.empty());
  asio::write(peer, asio::buffer(block.data() + 20, block.size() - 20));
  std::string acks;
  auto read_acks = [&](std::size_t count) {
    return run_until(io, [&] {
      std::array<char, 4096> buffer{};
      peer.non_blocking(true);
      IoError error;
      const std::size_t got = peer.read_some(asio::buffer(buffer), error);
      if (!error) {
        acks.append(buffer.data(), got);
        order.push_back("ack");
      }
      std::size_t n = 0;
      for (std::size_t at = acks.find("MSA|"); at != std::string::npos; at = acks.find("MSA|", at + 1)) ++n;
      return n >= count;
    });
  };
  ASSERT_TRUE(read_acks(1));
  EXPECT_NE(acks.find("MSA|AA|C-7"), std::string::npos);
  ASSERT_EQ(order.size(), 2U);
  EXPECT_EQ(order[0], "observation");
  EXPECT_EQ(order[1], "ack");

  const auto adt = protocols::hl7::mllp_encode("MSH|^~\\&|A|B|C|D|20261123||ADT^A01|ADT-1|P|2.5\rPID|1||X\r");
  asio::write(peer, asio::buffer(adt));
  ASSERT_TRUE(read_acks(2));
  EXPECT_NE(acks.find("MSA|AR|ADT-1"), std::string::npos);

  // A block cut off by the peer closing: an error, never an observation.
  const auto cut = protocols::hl7::mllp_encode(oru("C-8", "S8", "8.5"));
  asio::write(peer, asio::buffer(cut.data(), cut.size() - 3));
  peer.close();
  ASSERT_TRUE(run_until(io, [&] { return recorder.decode_errors() >= 1; }));
  EXPECT_EQ(recorder.observations.size(), 1U);
}

}  // namespace
}  // namespace kj::test
