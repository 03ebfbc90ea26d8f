// `kuaijian sim tl310 --pty --once` as a child process, used the way a driver would: read the
// `pty: PATH` line, open the slave raw at 115200, send the TL310 identify and read-all
// requests, decode the records with the TL310 decoder; the simulator then exits by itself.
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <string>
#include <vector>

#include "drivers/simulators/scenario.hpp"
#include "protocols/registry.hpp"
#include "protocols/tl310/tl310_messages.hpp"
#include "tests/support/test_support.hpp"

namespace kj::drivers {
namespace {

// KJ_KUAIJIAN (environment) lets the test run against another build of the binary.
std::string kuaijian() {
  const char* override_path = std::getenv("KJ_KUAIJIAN");
  return override_path != nullptr ? override_path : KJ_KUAIJIAN_BIN;
}

struct Child {
  pid_t pid = -1;
  int out = -1;  // the child's stdout
  ~Child() {
    if (pid > 0) {
      kill(pid, SIGTERM);
      waitpid(pid, nullptr, 0);
    }
    if (out >= 0) close(out);
  }
};

bool start(Child& child, const std::vector<std::string>& args) {
  int pipe_fds[2];
  if (pipe(pipe_fds) != 0) return false;
  child.pid = fork();
  if (child.pid == 0) {
    dup2(pipe_fds[1], STDOUT_FILENO);
    close(pipe_fds[0]);
    close(pipe_fds[1]);
    std::vector<char*> argv;
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    execv(argv[0], argv.data());
    _exit(127);
  }
  close(pipe_fds[1]);
  child.out = pipe_fds[0];
  return child.pid > 0;
}

// Reads from `fd` until `done(buffer)` or the time is up.
template <class Done>
std::vector<std::uint8_t> read_until(int fd, std::chrono::milliseconds limit, Done done) {
  std::vector<std::uint8_t> buffer;
  const auto until = std::chrono::steady_clock::now() + limit;
  while (!done(buffer)) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(until - std::chrono::steady_clock::now());
    if (left.count() <= 0) break;
    pollfd p{fd, POLLIN, 0};
    if (poll(&p, 1, static_cast<int>(left.count())) <= 0) break;
    std::uint8_t chunk[512];
    const auto n = read(fd, chunk, sizeof chunk);
    if (n <= 0) break;
    buffer.insert(buffer.end(), chunk, chunk + n);
  }
  return buffer;
}

TEST(SimPty, Tl310ReadAllOverAPseudoTerminal) {
  Child child;
  ASSERT_TRUE(start(child, {kuaijian(), "--lang", "en", "sim", "tl310", "--pty", "--once"}));
  const auto line = read_until(child.out, std::chrono::seconds(10), [](const std::vector<std::uint8_t>& b) {
    return std::find(b.begin(), b.end(), '\n') != b.end();
  });
  const std::string first(line.begin(), std::find(line.begin(), line.end(), '\n'));
  if (first.empty()) GTEST_SKIP() << "kuaijian has no `sim` subcommand in this build";
  ASSERT_TRUE(first.starts_with("pty: /dev/")) << first;
  const std::string path = first.substr(5);

  const int fd = open(path.c_str(), O_RDWR | O_NOCTTY);
  ASSERT_GE(fd, 0) << path;
  termios tio{};
  ASSERT_EQ(tcgetattr(fd, &tio), 0);
  cfmakeraw(&tio);
  cfsetispeed(&tio, B115200);
  cfsetospeed(&tio, B115200);
  ASSERT_EQ(tcsetattr(fd, TCSANOW, &tio), 0);

  const auto identify = protocols::tl310::encode_comm_test();
  ASSERT_EQ(write(fd, identify.data(), identify.size()), static_cast<ssize_t>(identify.size()));
  const auto answer = read_until(fd, std::chrono::seconds(5), [](const auto& b) { return b.size() >= 10; });
  EXPECT_EQ(answer, test::hex("7E 02 04 00 FF 02 10 10 F8 AA"));

  const auto read_all = protocols::tl310::encode_read_all();
  ASSERT_EQ(write(fd, read_all.data(), read_all.size()), static_cast<ssize_t>(read_all.size()));
  const auto expected = default_scenario("tl310").samples.size();
  const auto records =
      read_until(fd, std::chrono::seconds(5), [expected](const auto& b) { return b.size() >= 27 * expected; });
  close(fd);

  auto decoder = protocols::make_decoder("tl310");
  ASSERT_TRUE(decoder.ok());
  const auto events = test::decode_all(**decoder, records);
  EXPECT_TRUE(test::errors(events).empty());
  const auto obs = test::observations(events);
  ASSERT_EQ(obs.size(), expected);
  const auto scenario = default_scenario("tl310");
  for (std::size_t i = 0; i < obs.size(); ++i) {
    EXPECT_EQ(obs[i].channel, scenario.samples[i].channel);
    EXPECT_EQ(obs[i].verdict,
              scenario.samples[i].positive ? protocols::Verdict::positive : protocols::Verdict::negative);
  }

  // --once: the simulator exits by itself once the read is answered.
  int status = -1;
  for (int i = 0; i < 50 && waitpid(child.pid, &status, WNOHANG) == 0; ++i) usleep(100 * 1000);
  ASSERT_TRUE(WIFEXITED(status)) << "kuaijian sim did not exit after --once";
  EXPECT_EQ(WEXITSTATUS(status), 0);
  child.pid = -1;
}

}  // namespace
}  // namespace kj::drivers
