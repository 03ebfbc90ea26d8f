// Our MLLP sender (the HL7 analyzer simulator of `kuaijian sim hl7 --tcp`) against a real
// receiver: python3-hl7's asyncio MLLP server (hl7.mllp, tests/integration/drivers/
// hl7_mllp_server.py), which parses each message and answers with python-hl7's own ACK. Every
// ORU^R01 of the scenario must arrive exactly once, each sent only after the previous one's
// ACK, and the sender must finish (exit 0) on those ACKs alone.
#include <gtest/gtest.h>

#include <cstdio>
#include <map>
#include <sstream>

#include "tests/support/test_support.hpp"

namespace kj::test {
namespace {

TEST(MllpSender, EveryMessageReachesAPythonHl7ServerOnceAndItsAckEndsTheSequence) {
  if (std::system("/usr/bin/python3 -c 'import hl7.mllp' 2>/dev/null") != 0) {
    GTEST_SKIP() << "python3-hl7 not installed";
  }
  TempDir dir;
  write_file(dir / "scenario.json", R"({"samples":[{"channel":1,"name":"白菜","positive":false},
                                       {"channel":2,"name":"豇豆","positive":true},
                                       {"channel":3,"name":"韭菜","positive":false}]})");
  const auto script = source_dir() / "tests" / "integration" / "drivers" / "hl7_mllp_server.py";
  const std::string server_command = "timeout 40 /usr/bin/python3 " + script.string() + " --count 3 --seconds 30";
  FILE* server = popen(server_command.c_str(), "r");
  ASSERT_NE(server, nullptr);
  char line[512];
  std::string port;
  if (std::fgets(line, sizeof line, server) != nullptr && std::string(line).rfind("port: ", 0) == 0) {
    port = std::string(line + 6);
    port.erase(port.find_last_not_of("\r\n") + 1);
  }
  ASSERT_FALSE(port.empty()) << "the python server did not start";

  const auto sim = run_kuaijian("--lang en sim hl7 --once --tcp 127.0.0.1:" + port + " --scenario " +
                                (dir / "scenario.json").string());
  std::string received;
  while (std::fgets(line, sizeof line, server) != nullptr) received += line;
  EXPECT_EQ(pclose(server), 0) << received;

  EXPECT_EQ(sim.exit_code, 0) << sim.out << sim.err;
  EXPECT_NE(sim.err.find("sequence finished"), std::string::npos) << sim.err;
  std::map<std::string, int> by_control_id;
  std::istringstream lines(received);
  for (std::string l; std::getline(lines, l);) {
    if (l.rfind("MSG ", 0) != 0) continue;
    std::istringstream fields(l.substr(4));
    std::string control_id, type;
    fields >> control_id >> type;
    EXPECT_EQ(type, "ORU^R01^ORU_R01");
    ++by_control_id[control_id];
  }
  EXPECT_EQ(by_control_id.size(), 3u) << received;
  for (const auto& [id, times] : by_control_id) EXPECT_EQ(times, 1) << id << " arrived " << times << " times";
  EXPECT_EQ(received.find("TIMEOUT"), std::string::npos) << received;
}

}  // namespace
}  // namespace kj::test
