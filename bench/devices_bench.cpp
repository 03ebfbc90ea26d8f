// 32 simulated ASTM analyzers on one io_context, each on its own pseudo-terminal, the "device"
// side writing frames made by the codec's encoder: CPU per device and the latency from a
// frame's last byte written to its observation handed on (p50/p99).
#include <benchmark/benchmark.h>
#include <fcntl.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "drivers/asio.hpp"
#include "drivers/sessions/device_session.hpp"
#include "protocols/astm/frame.hpp"

namespace {

using Clock = std::chrono::steady_clock;
constexpr int kDevices = 32;

struct Device {
  int master = -1;
  std::string slave;
  std::unique_ptr<kj::drivers::DeviceSession> session;
  Clock::time_point sent;
  std::size_t observed = 0;
  std::size_t replies = 0;
};

int open_pty(std::string& slave) {
  const int master = ::posix_openpt(O_RDWR | O_NOCTTY | O_NONBLOCK);
  if (master < 0 || ::grantpt(master) != 0 || ::unlockpt(master) != 0) throw std::runtime_error("posix_openpt");
  std::array<char, 128> name{};
  if (::ptsname_r(master, name.data(), name.size()) != 0) throw std::runtime_error("ptsname_r");
  slave = name.data();
  return master;
}

void write_all(int fd, const std::vector<std::uint8_t>& bytes) {
  std::size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t put = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (put > 0) done += static_cast<std::size_t>(put);
  }
}

std::size_t drain(int fd) {
  std::array<std::uint8_t, 256> buffer{};
  std::size_t n = 0;
  for (;;) {
    const ssize_t got = ::read(fd, buffer.data(), buffer.size());
    if (got <= 0) return n;
    n += static_cast<std::size_t>(got);
  }
}

double cpu_seconds() {
  rusage usage{};
  ::getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
         static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

void BM_ThirtyTwoAstmDevices(benchmark::State& state) {
  kj::drivers::IoContext io;
  std::vector<Device> devices(kDevices);
  std::vector<double> latencies_us;
  for (int i = 0; i < kDevices; ++i) {
    auto& d = devices[static_cast<std::size_t>(i)];
    d.master = open_pty(d.slave);
    kj::drivers::DeviceSpec spec;
    spec.name = "dev" + std::to_string(i);
    spec.protocol = "astm";
    spec.transport = kj::drivers::SerialLink{d.slave, {}};
    kj::drivers::SessionHandlers handlers;
    handlers.on_observation = [&d, &latencies_us](const kj::protocols::Observation&, const kj::drivers::RawRef&) {
      latencies_us.push_back(std::chrono::duration<double, std::micro>(Clock::now() - d.sent).count());
      ++d.observed;
    };
    auto session = kj::drivers::make_session(io, spec, handlers);
    if (!session) throw std::runtime_error(session.error().detail.en);
    d.session = std::move(*session);
    d.session->start();
  }
  for (int i = 0; i < 50; ++i) io.run_for(std::chrono::milliseconds(2));

  const std::string text =
      "H|\\^&|||Analyzer^1.0|||||||P|LIS2-A2|20261123101500\rP|1\rO|1|S001||^^^PEST\r"
      "R|1|^^^PEST^Pesticide|35.6|%||N||F||||20261123101500\rL|1|N\r";
  const auto frame = kj::protocols::astm::encode_frames(text).front();
  const std::vector<std::uint8_t> enq{0x05};
  const std::vector<std::uint8_t> eot{0x04};
  auto run_until = [&](auto done) {
    const auto limit = Clock::now() + std::chrono::seconds(5);
    while (!done()) {
      if (Clock::now() > limit) throw std::runtime_error("timeout");
      io.restart();
      io.poll();
    }
  };

  std::size_t rounds = 0;
  const double cpu_start = cpu_seconds();
  const auto wall_start = Clock::now();
  for (auto _ : state) {
    for (auto& d : devices) write_all(d.master, enq);
    run_until([&] {
      bool all = true;
      for (auto& d : devices) {
        d.replies += drain(d.master);
        all = all && d.replies >= 1;
      }
      return all;
    });
    for (auto& d : devices) {
      d.replies = 0;
      write_all(d.master, frame);
      d.sent = Clock::now();
    }
    const std::size_t want = rounds + 1;
    run_until([&] {
      for (auto& d : devices)
        if (d.observed < want) return false;
      return true;
    });
    for (auto& d : devices) {
      drain(d.master);
      write_all(d.master, eot);
    }
    ++rounds;
  }
  const double cpu = cpu_seconds() - cpu_start;
  const double wall = std::chrono::duration<double>(Clock::now() - wall_start).count();
  std::sort(latencies_us.begin(), latencies_us.end());
  auto pct = [&](double p) {
    return latencies_us.empty()
               ? 0.0
               : latencies_us[static_cast<std::size_t>(p * static_cast<double>(latencies_us.size() - 1))];
  };
  state.counters["latency_p50_us"] = pct(0.50);
  state.counters["latency_p99_us"] = pct(0.99);
  state.counters["cpu_us_per_device_per_message"] =
      cpu * 1e6 / static_cast<double>(kDevices * std::max<std::size_t>(rounds, 1));
  state.counters["observations/s"] =
      benchmark::Counter(static_cast<double>(latencies_us.size()), benchmark::Counter::kIsRate);
  state.counters["wall_s"] = wall;
  for (auto& d : devices) {
    d.session->stop();
    ::close(d.master);
  }
}
BENCHMARK(BM_ThirtyTwoAstmDevices)->Iterations(300)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
