// `kuaijian device status` in one terminal sees the health of `kuaijian device listen NAME`
// running in another: listening, link open, frames and results counted; once the listener
// stops, the device is shown as not listening with its last counters — never as live.
#include <gtest/gtest.h>

#include <fstream>
#include <regex>
#include <thread>

#include "tests/support/test_support.hpp"

namespace kj::test {
namespace {

TEST(DeviceStatus, ShowsTheLiveHealthOfAListenerInAnotherProcess) {
  TempDir dir;
  // The shipped config, with an ASTM analyzer on a simulator's pseudo-terminal.
  std::filesystem::copy(source_dir() / "config", dir / "config", std::filesystem::copy_options::recursive);
  BackgroundKuaijian sim({"--lang", "en", "sim", "astm", "--pty"});
  const auto pty = sim.line_after("pty: ");
  ASSERT_FALSE(pty.empty());
  write_file(dir / "config" / "devices.json",
             R"({"devices":[{"name":"astm-1","maker":"X","model":"XN","protocol":"astm",
                "transport":{"type":"serial","path":")" +
                 pty + R"(","baud":9600},"items":{"PEST":"OPC"}}]})");
  const std::string env = "KJ_HOME=" + dir.path().string() + " KJ_CONFIG=" + (dir / "config").string();
  const std::vector<std::string> env_list{"KJ_HOME=" + dir.path().string(), "KJ_CONFIG=" + (dir / "config").string()};

  auto status = run_kuaijian("--lang en --json device status", {}, env);
  ASSERT_EQ(status.exit_code, 0) << status.err;
  EXPECT_NE(status.out.find(R"("name":"astm-1")"), std::string::npos);
  EXPECT_NE(status.out.find(R"("listening":false,"state":"idle")"), std::string::npos) << status.out;

  BackgroundKuaijian listener({"--lang", "en", "--json", "device", "listen", "astm-1"}, env_list);
  ASSERT_FALSE(listener.line_after("{").empty()) << "no observation arrived";
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));  // a health write after it
  status = run_kuaijian("--lang en --json device status", {}, env);
  EXPECT_NE(status.out.find(R"("listening":true,"state":"running","link":"open")"), std::string::npos) << status.out;
  std::smatch m;
  ASSERT_TRUE(std::regex_search(status.out, m, std::regex(R"("observations":(\d+))"))) << status.out;
  EXPECT_GE(std::stoi(m[1].str()), 1);
  const auto text = run_kuaijian("--lang en device status", {}, env);
  EXPECT_NE(text.out.find("listening (pid "), std::string::npos) << text.out;

  EXPECT_EQ(listener.stop(), 0);
  status = run_kuaijian("--lang en --json device status", {}, env);
  EXPECT_NE(status.out.find(R"("listening":false,"state":"stopped","link":"closed")"), std::string::npos) << status.out;
  const auto zh = run_kuaijian("--lang zh device status", {}, env);
  EXPECT_NE(zh.out.find("未监听（上次运行结束于"), std::string::npos) << zh.out;
}

}  // namespace
}  // namespace kj::test
