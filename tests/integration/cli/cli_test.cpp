// The kuaijian command as a user meets it: help in both languages, one-line errors with the
// documented exit codes, init and demo on real SQLite files.
#include <gtest/gtest.h>

#include "tests/support/test_support.hpp"

namespace kj::test {
namespace {

TEST(Cli, HelpInChineseAndEnglish) {
  const auto zh = run_kuaijian("--lang zh --help");
  EXPECT_EQ(zh.exit_code, 0);
  EXPECT_NE(zh.out.find("用法"), std::string::npos);
  EXPECT_NE(zh.out.find("在新数据库上运行演示"), std::string::npos);
  const auto en = run_kuaijian("--help", {}, "LANG=en_US.UTF-8");
  EXPECT_EQ(en.exit_code, 0);
  EXPECT_NE(en.out.find("Usage"), std::string::npos);
  EXPECT_NE(en.out.find("Run the demonstration on a fresh database"), std::string::npos);
  const auto from_env = run_kuaijian("--help", {}, "LANG=zh_CN.UTF-8");
  EXPECT_NE(from_env.out.find("用法"), std::string::npos);
}

TEST(Cli, VersionIsPrinted) {
  const auto result = run_kuaijian("--version");
  EXPECT_EQ(result.exit_code, 0);
  EXPECT_TRUE(result.out.starts_with("kuaijian ")) << result.out;
}

TEST(Cli, UnknownOptionIsOneLineUsageError) {
  const auto zh = run_kuaijian("--lang zh demo --frobnicate");
  EXPECT_EQ(zh.exit_code, 2);
  EXPECT_EQ(zh.err,
            "kuaijian: 无法识别的参数（The following argument was not expected: --frobnicate）；用 --help 查看用法\n");
  const auto en = run_kuaijian("--lang en demo --frobnicate");
  EXPECT_EQ(en.exit_code, 2);
  EXPECT_EQ(en.err, "kuaijian: The following argument was not expected: --frobnicate (see --help)\n");
}

TEST(Cli, BadConfigIsOneLineErrorWithExitCode5) {
  TempDir dir;
  std::filesystem::copy(source_dir() / "config", dir / "config", std::filesystem::copy_options::recursive);
  std::string devices = read_file(dir / "config" / "devices.json");
  devices.replace(devices.find("\"baud\": 115200"), 14, "\"baud\": -3");
  write_file(dir / "config" / "devices.json", devices);
  const auto result = run_kuaijian("--lang en --config " + (dir / "config").string() + " config check");
  EXPECT_EQ(result.exit_code, 5);
  EXPECT_EQ(result.err,
            "kuaijian: config/devices.json: devices[0].transport.baud: expected a whole number from 50 to "
            "4000000\n");
  const auto zh =
      run_kuaijian("--lang zh --config " + (dir / "config").string() + " init", {}, "KJ_HOME=" + dir.path().string());
  EXPECT_EQ(zh.exit_code, 5);
  EXPECT_NE(zh.err.find("应为介于 50 与 4000000 之间的整数"), std::string::npos) << zh.err;
  EXPECT_FALSE(std::filesystem::exists(dir / "kuaijian.db"));
}

TEST(Cli, UnwritableDatabaseIsOneLineErrorWithExitCode6) {
  const auto result = run_kuaijian("--lang en --db /proc/kuaijian-test/kj.db init");
  EXPECT_EQ(result.exit_code, 6);
  EXPECT_EQ(result.err, "kuaijian: cannot open database /proc/kuaijian-test/kj.db: unable to open database file\n");
  const auto json = run_kuaijian("--json --db /proc/kuaijian-test/kj.db init");
  EXPECT_EQ(json.exit_code, 6);
  EXPECT_NE(json.err.find("\"code\":\"database_unavailable\""), std::string::npos) << json.err;
}

TEST(Cli, InitCreatesThenKeepsTheDatabase) {
  TempDir dir;
  const auto first = run_kuaijian("--lang en init", {}, "KJ_HOME=" + dir.path().string());
  EXPECT_EQ(first.exit_code, 0) << first.err;
  EXPECT_NE(first.out.find("ready: schema version"), std::string::npos) << first.out;
  EXPECT_TRUE(std::filesystem::exists(dir / "kuaijian.db"));
  const auto second = run_kuaijian("--lang en init", {}, "KJ_HOME=" + dir.path().string());
  EXPECT_EQ(second.exit_code, 0);
  EXPECT_NE(second.out.find("is up to date"), std::string::npos) << second.out;
}

TEST(Cli, DemoRunsTheChainOnSimulatedAnalyzers) {
  const auto result = run_kuaijian("--lang en demo");
  ASSERT_EQ(result.exit_code, 0) << result.out << result.err;
  EXPECT_NE(result.out.find("the serial driver read 2 records (errors: 0)"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("retested twice"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("The confirmed positive opened disposal case R"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("sale suspended: "), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("intact"), std::string::npos) << result.out;
  const auto at = result.out.find("The demo data stays in ");
  ASSERT_NE(at, std::string::npos);
  const auto start = at + std::string("The demo data stays in ").size();
  const std::filesystem::path dir = result.out.substr(start, result.out.find(' ', start) - start);
  EXPECT_TRUE(std::filesystem::exists(dir / "kuaijian.db")) << dir;
  EXPECT_TRUE(std::filesystem::exists(dir / "captures" / "tl310-1.kjcap")) << dir;
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace kj::test
