#include "drivers/simulators/sim_runner.hpp"

namespace kj::drivers {

namespace {
// Long enough for the last answer to be written to a pty or socket, short enough not to notice.
constexpr auto kLinger = std::chrono::milliseconds(300);
}  // namespace

SimRunner::SimRunner(IoContext& io, std::unique_ptr<ByteStream> stream, std::unique_ptr<DeviceSimulator> device,
                     DoneHandler on_done)
    : stream_(std::move(stream)), device_(std::move(device)), on_done_(std::move(on_done)), timer_(io) {}

SimRunner::~SimRunner() {
  *alive_ = false;
  timer_.cancel();
  stream_->close();
}

void SimRunner::start() {
  stream_->start(*this);
  device_->start(SimClock::now());
  pump();
}

void SimRunner::close() {
  timer_.cancel();
  stream_->close();
}

void SimRunner::on_bytes(std::span<const std::uint8_t> bytes) {
  device_->feed(bytes, SimClock::now());
  pump();
}

void SimRunner::on_closed(const Error& reason) {
  timer_.cancel();
  SimRunResult result;
  result.finished = device_->finished();
  result.closed = reason;
  done(result);
}

void SimRunner::pump() {
  const auto out = device_->take_output();
  if (!out.empty()) {
    // A full queue means the host stopped reading; the device, like a real one, carries on.
    (void)stream_->write(out);
  }
  if (device_->finished() || device_->wants_close()) {
    if (!lingering_) {
      lingering_ = true;
      timer_.expires_after(kLinger);
      timer_.async_wait([this, alive = alive_](const IoError& error) {
        if (error || !*alive) return;
        if (device_->wants_close()) stream_->close();
        SimRunResult result;
        result.finished = device_->finished();
        done(result);
      });
    }
    return;
  }
  arm();
}

void SimRunner::arm() {
  const auto due = device_->deadline();
  if (!due) {
    timer_.cancel();
    return;
  }
  timer_.expires_at(*due);
  timer_.async_wait([this, alive = alive_](const IoError& error) {
    if (error || !*alive) return;
    device_->on_timeout(SimClock::now());
    pump();
  });
}

void SimRunner::done(SimRunResult result) {
  // A finished sequence is reported once; the end of the link is reported even after it.
  if (result.closed ? closed_reported_ : reported_) return;
  (result.closed ? closed_reported_ : reported_) = true;
  if (on_done_) on_done_(result);
}

}  // namespace kj::drivers
