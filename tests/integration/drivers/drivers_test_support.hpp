// Helpers for the drivers' integration tests: a pty pair made in-process, a socat null-modem
// pair that can be killed and restarted (a "re-plug"), a listener that records what it hears,
// and a bounded loop that runs the io_context until a condition holds — nothing waits blindly.
#pragma once

#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <functional>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "drivers/asio.hpp"
#include "drivers/byte_stream.hpp"

extern char** environ;

namespace kj::test {

inline std::vector<std::uint8_t> to_bytes(std::string_view text) {
  return {text.begin(), text.end()};
}

// Runs `io` in short slices until `done()` holds or `limit` passes; false on timeout.
inline bool run_until(drivers::IoContext& io, const std::function<bool()>& done,
                      std::chrono::milliseconds limit = std::chrono::seconds(5)) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (!done()) {
    if (std::chrono::steady_clock::now() >= deadline) return false;
    io.restart();
    io.run_for(std::chrono::milliseconds(5));
    // Out of work (the condition waits on something outside the io_context): do not spin.
    if (io.stopped()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  return true;
}

// Runs `io` for exactly `span` (to check that something does NOT happen).
inline void run_for(drivers::IoContext& io, std::chrono::milliseconds span) {
  const auto deadline = std::chrono::steady_clock::now() + span;
  while (std::chrono::steady_clock::now() < deadline) {
    io.restart();
    io.run_for(std::chrono::milliseconds(5));
    if (io.stopped()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
}

class RecordingListener : public drivers::StreamListener {
 public:
  void on_bytes(std::span<const std::uint8_t> bytes) override {
    received.insert(received.end(), bytes.begin(), bytes.end());
  }
  void on_closed(const Error& reason) override { closed = reason; }
  void on_state(const drivers::StreamHealth& health) override { states.push_back(health.state); }

  [[nodiscard]] std::string text() const { return {received.begin(), received.end()}; }

  std::vector<std::uint8_t> received;
  std::optional<Error> closed;
  std::vector<drivers::LinkState> states;
};

// Reads what is available on a non-blocking fd without waiting.
inline void drain(int fd, std::vector<std::uint8_t>& into) {
  std::array<std::uint8_t, 4096> buffer{};
  for (;;) {
    const ssize_t got = ::read(fd, buffer.data(), buffer.size());
    if (got <= 0) return;
    into.insert(into.end(), buffer.begin(), buffer.begin() + got);
  }
}

inline void write_fully(int fd, std::span<const std::uint8_t> bytes) {
  std::size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t put = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (put < 0 && (errno == EAGAIN || errno == EINTR)) {
      pollfd p{fd, POLLOUT, 0};
      ::poll(&p, 1, 100);
      continue;
    }
    if (put < 0) throw std::runtime_error("write failed: " + std::string(std::strerror(errno)));
    done += static_cast<std::size_t>(put);
  }
}

// A pseudo-terminal made with posix_openpt (no libutil needed): the test holds the master
// (the "device"), the code under test opens slave_path.
class PtyPair {
 public:
  PtyPair() {
    master_ = ::posix_openpt(O_RDWR | O_NOCTTY | O_NONBLOCK);
    if (master_ < 0 || ::grantpt(master_) != 0 || ::unlockpt(master_) != 0) throw std::runtime_error("posix_openpt");
    std::array<char, 128> name{};
    if (::ptsname_r(master_, name.data(), name.size()) != 0) throw std::runtime_error("ptsname_r");
    slave_path_ = name.data();
  }
  ~PtyPair() { close_master(); }
  PtyPair(const PtyPair&) = delete;
  PtyPair& operator=(const PtyPair&) = delete;

  [[nodiscard]] const std::string& slave_path() const { return slave_path_; }
  [[nodiscard]] int master() const { return master_; }
  void write(std::span<const std::uint8_t> bytes) const { write_fully(master_, bytes); }
  void read_into(std::vector<std::uint8_t>& into) const { drain(master_, into); }
  void close_master() {
    if (master_ >= 0) ::close(master_);
    master_ = -1;
  }

 private:
  int master_ = -1;
  std::string slave_path_;
};

// `socat pty,raw,echo=0,link=A pty,raw,echo=0,link=B`: a null-modem pair of links that can be
// stopped and started again under the same names, like a USB adapter unplugged and replugged.
class SocatPair {
 public:
  SocatPair(std::filesystem::path a, std::filesystem::path b) : a_(std::move(a)), b_(std::move(b)) {}
  ~SocatPair() { stop(); }
  SocatPair(const SocatPair&) = delete;
  SocatPair& operator=(const SocatPair&) = delete;

  // Starts socat and waits (at most 5 s) until both links exist; false if they never appear.
  bool start() {
    const std::string left = "pty,raw,echo=0,link=" + a_.string();
    const std::string right = "pty,raw,echo=0,link=" + b_.string();
    std::string program = "socat";
    std::vector<char*> argv{program.data(), const_cast<char*>(left.c_str()), const_cast<char*>(right.c_str()), nullptr};
    if (::posix_spawnp(&pid_, "socat", nullptr, nullptr, argv.data(), environ) != 0) return false;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    while (!(std::filesystem::exists(a_) && std::filesystem::exists(b_))) {
      if (std::chrono::steady_clock::now() > deadline) return false;
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return true;
  }

  void stop() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGTERM);
    int status = 0;
    ::waitpid(pid_, &status, 0);
    pid_ = -1;
    std::error_code ignored;  // socat removes its links; make sure, so a restart can make them again
    std::filesystem::remove(a_, ignored);
    std::filesystem::remove(b_, ignored);
  }

  // Opens the B end as the test's "device": raw, non-blocking.
  [[nodiscard]] int open_b() const {
    const int fd = ::open(b_.c_str(), O_RDWR | O_NOCTTY | O_NONBLOCK);
    if (fd < 0) throw std::runtime_error("open " + b_.string());
    termios tio{};
    ::tcgetattr(fd, &tio);
    ::cfmakeraw(&tio);
    ::tcsetattr(fd, TCSANOW, &tio);
    return fd;
  }

 private:
  std::filesystem::path a_;
  std::filesystem::path b_;
  pid_t pid_ = -1;
};

}  // namespace kj::test
