// The booth's day with the command line alone (issue #5 acceptance): from a fresh database,
// register a market, a stall and two samples; run a batch against `kuaijian sim` on a
// pseudo-terminal through `kuaijian batch run`; one sample is positive; run its retests the
// same way; end with one confirmed positive (and its disposal case), one negative, every
// result signed by tester and reviewer, and `audit verify` clean. Each simulator is a real
// separate process, as an operator would start it in another terminal.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <regex>
#include <sstream>

#include "tests/support/test_support.hpp"

namespace kj::test {
namespace {

// `kuaijian sim PROFILE --pty --scenario FILE` in the background; its pty path.
struct BackgroundSim {
  BackgroundSim(const std::string& profile, const std::filesystem::path& scenario)
      : process({"--lang", "en", "sim", profile, "--pty", "--scenario", scenario.string()}),
        path_(process.line_after("pty: ")) {}
  [[nodiscard]] const std::string& path() const { return path_; }
  BackgroundKuaijian process;
  std::string path_;
};

class BoothFlow : public ::testing::Test {
 protected:
  CommandResult run(const std::string& args, const std::string& user = "wang") {
    return run_kuaijian("--lang en " + args, {}, "KJ_HOME=" + dir_.path().string() + " KJ_USER=" + user);
  }
  CommandResult ok(const std::string& args, const std::string& user = "wang") {
    auto r = run(args, user);
    EXPECT_EQ(r.exit_code, 0) << args << "\n" << r.out << r.err;
    return r;
  }
  static std::string field(const std::string& json, const std::string& key) {
    std::smatch m;
    const std::regex pattern("\"" + key + "\":\"([^\"]*)\"");
    return std::regex_search(json, m, pattern) ? m[1].str() : std::string();
  }
  std::filesystem::path scenario(const std::string& name, const std::string& json) {
    write_file(dir_ / name, json);
    return dir_ / name;
  }
  TempDir dir_;
};

TEST_F(BoothFlow, TwoSamplesOnePositiveRetestedConfirmedSignedAndAudited) {
  ok("init");
  ok("market add --code CN01 --name 城南农贸市场 --township 城南街道");
  ok("vendor add --name 张三");
  ok("stall add --market CN01 --number A-01 --vendor 张三");
  const auto cabbage = field(ok("--json sample register --name 白菜 --market CN01 --stall A-01").out, "number");
  const auto beans = field(ok("--json sample register --name 豇豆 --market CN01 --stall A-01").out, "number");
  ASSERT_FALSE(cabbage.empty());
  ASSERT_FALSE(beans.empty());

  {
    BackgroundSim sim("tl310", scenario("first.json", R"({"samples":[{"channel":1,"name":"白菜","positive":false},
                                                        {"channel":2,"name":"豇豆","positive":true}]})"));
    ASSERT_FALSE(sim.path().empty()) << "the simulator printed no pty path";
    const auto first = ok("batch run --device tl310-1 --port " + sim.path() + " --sample " + cabbage + " --sample " +
                          beans + " --timeout 30");
    EXPECT_NE(first.out.find("channel  2 ← sample " + beans), std::string::npos) << first.out;
    EXPECT_NE(first.out.find("negative"), std::string::npos) << first.out;
    EXPECT_NE(first.out.find("positive"), std::string::npos) << first.out;
    EXPECT_NE(first.out.find("Sample " + beans + ": 2 more retest(s) required"), std::string::npos) << first.out;
    EXPECT_NE(first.out.find("kuaijian batch run --device tl310-1 --retests"), std::string::npos);
  }
  {
    BackgroundSim sim("tl310", scenario("retests.json", R"({"seed":7,"samples":[{"channel":1,"positive":true},
                                                          {"channel":2,"positive":true}]})"));
    ASSERT_FALSE(sim.path().empty());
    const auto retests = ok("batch run --device tl310-1 --port " + sim.path() + " --retests --timeout 30");
    EXPECT_NE(retests.out.find("channel  1 ← sample " + beans), std::string::npos) << retests.out;
    EXPECT_NE(retests.out.find("channel  2 ← sample " + beans), std::string::npos) << retests.out;
    EXPECT_NE(retests.out.find("confirmed: 2/2 retests positive"), std::string::npos) << retests.out;
    EXPECT_NE(retests.out.find("Disposal case R"), std::string::npos) << retests.out;
  }
  // Nothing is owed a retest any more.
  EXPECT_EQ(run("batch run --device tl310-1 --port /dev/null --retests").exit_code, 7);

  const auto results = ok("--json result list");
  std::istringstream lines(results.out);
  int positives = 0, negatives = 0, rows = 0;
  for (std::string line; std::getline(lines, line); ++rows) {
    const auto uuid = field(line, "uuid");
    (field(line, "verdict") == "positive" ? positives : negatives) += 1;
    ok("result sign " + uuid + " --as tester", "wang");
    ok("result sign " + uuid + " --as reviewer", "li");
  }
  EXPECT_EQ(rows, 4);
  EXPECT_EQ(positives, 3);  // the first test and its two retests
  EXPECT_EQ(negatives, 1);
  EXPECT_EQ(ok("--json result list --unsigned").out, "");
  EXPECT_EQ(field(ok("--json case list").out, "state"), "opened");
  const auto audit = ok("audit verify");
  EXPECT_NE(audit.out.find("intact"), std::string::npos) << audit.out;
}

TEST_F(BoothFlow, AnAnalyzerThatSendsNothingStoresNothing) {
  ok("init");
  ok("market add --code CN01 --name 城南农贸市场 --township 城南街道");
  ok("stall add --market CN01 --number A-01");
  const auto sample = field(ok("--json sample register --name 白菜 --market CN01 --stall A-01").out, "number");
  // A pseudo-terminal nobody answers on: the poller's retries run out.
  const int master = posix_openpt(O_RDWR | O_NOCTTY);
  ASSERT_GE(master, 0);
  ASSERT_EQ(grantpt(master), 0);
  ASSERT_EQ(unlockpt(master), 0);
  const std::string silent_port = ptsname(master);
  const auto silent = run("batch run --device tl310-1 --port " + silent_port + " --sample " + sample + " --timeout 8");
  close(master);
  EXPECT_EQ(silent.exit_code, 9) << silent.out << silent.err;
  EXPECT_EQ(ok("--json result list").out, "");
  // Typing mistakes are refused before the analyzer is touched, naming the field.
  const auto typo = run("batch run --device tl310-1 --sample 2099-0001");
  EXPECT_EQ(typo.exit_code, 7) << typo.err;
  const auto bad_channel = run("batch run --device tl310-1 --channel three=" + sample);
  EXPECT_EQ(bad_channel.exit_code, 4);
  EXPECT_NE(bad_channel.err.find("--channel: CH=SAMPLE"), std::string::npos) << bad_channel.err;
  EXPECT_EQ(run("batch run --device nosuch --sample " + sample).exit_code, 7);
}

}  // namespace
}  // namespace kj::test
