// A serial device that vanishes and comes back (socat killed and restarted under the same link
// names, as a USB adapter unplugged and replugged): the ReconnectingStream notices, backs off,
// reopens the same path and goes on delivering bytes.
#include <gtest/gtest.h>

#include <algorithm>

#include "drivers/errors.hpp"
#include "drivers/reconnect/reconnecting_stream.hpp"
#include "drivers/serial/open_serial.hpp"
#include "tests/integration/drivers/drivers_test_support.hpp"
#include "tests/support/test_support.hpp"

namespace kj::test {
namespace {

using namespace std::chrono_literals;
using drivers::LinkState;

drivers::Backoff fast_backoff() {
  return drivers::Backoff{20ms, 200ms, 2.0, 0.2};
}

TEST(SerialReconnect, ReopensThePortAfterItVanishedAndCameBack) {
  TempDir dir;
  SocatPair socat(dir / "ttyA", dir / "ttyB");
  ASSERT_TRUE(socat.start());

  drivers::IoContext io;
  drivers::ReconnectingStream stream(
      io, std::make_unique<drivers::SerialOpener>(io, (dir / "ttyA").string(), drivers::SerialSettings{}),
      fast_backoff(), [] { return 0.5; });
  RecordingListener listener;
  stream.start(listener);
  ASSERT_TRUE(run_until(io, [&] { return stream.health().state == LinkState::open; }));

  int device = socat.open_b();
  write_fully(device, to_bytes("ping1"));
  ASSERT_TRUE(run_until(io, [&] { return listener.received.size() >= 5; }));
  ASSERT_TRUE(stream.write(to_bytes("pong1")).ok());
  std::vector<std::uint8_t> at_device;
  ASSERT_TRUE(run_until(io, [&] {
    drain(device, at_device);
    return at_device.size() >= 5;
  }));
  EXPECT_EQ(at_device, to_bytes("pong1"));

  // Unplug: the read fails, the stream backs off and keeps trying while the path is missing.
  ::close(device);
  socat.stop();
  ASSERT_TRUE(run_until(io, [&] { return stream.health().state == LinkState::backoff; }));
  const drivers::StreamHealth down = stream.health();
  ASSERT_TRUE(down.last_error.has_value());
  EXPECT_EQ(down.last_error->code, drivers::make_error_code(drivers::Errc::disconnected));
  EXPECT_TRUE(down.next_attempt.has_value());
  const Status while_down = stream.write(to_bytes("lost"));
  ASSERT_FALSE(while_down.ok());
  EXPECT_EQ(while_down.error().code, drivers::make_error_code(drivers::Errc::disconnected));
  // At least one reopen fails on the missing path before the device comes back.
  ASSERT_TRUE(run_until(io, [&] {
    const auto health = stream.health();
    return health.last_error && health.last_error->code == drivers::make_error_code(drivers::Errc::port_not_found);
  }));

  // Replug under the same name.
  ASSERT_TRUE(socat.start());
  ASSERT_TRUE(run_until(io, [&] { return stream.health().state == LinkState::open; }));
  // Under load a reopen can fail once more before socat's links exist again: at least one.
  EXPECT_GE(stream.health().reconnects, 1u);

  device = socat.open_b();
  write_fully(device, to_bytes("ping2"));
  ASSERT_TRUE(run_until(io, [&] { return listener.received.size() >= 10; }));
  EXPECT_EQ(listener.text(), "ping1ping2");
  ASSERT_TRUE(stream.write(to_bytes("pong2")).ok());
  at_device.clear();
  ASSERT_TRUE(run_until(io, [&] {
    drain(device, at_device);
    return at_device.size() >= 5;
  }));
  EXPECT_EQ(at_device, to_bytes("pong2"));
  ::close(device);
  // The device can read the bytes before the event loop has run the write's completion, which
  // is what counts them: let it run.
  run_until(io, [&] { return stream.health().bytes_out >= 10; });

  const drivers::StreamHealth health = stream.health();
  EXPECT_EQ(health.bytes_in, 10u);
  EXPECT_EQ(health.bytes_out, 10u);
  EXPECT_FALSE(listener.closed.has_value()) << "a reconnecting stream never reports closed";
  // connecting → open → backoff → connecting → (backoff → connecting)* → open
  ASSERT_GE(listener.states.size(), 5u);
  EXPECT_EQ(listener.states.front(), LinkState::connecting);
  EXPECT_EQ(listener.states[1], LinkState::open);
  EXPECT_EQ(listener.states[2], LinkState::backoff);
  EXPECT_EQ(listener.states.back(), LinkState::open);

  stream.close();
  EXPECT_EQ(stream.health().state, LinkState::closed);
}

TEST(SerialReconnect, KeepsRetryingAPortThatNeverAppearsAndStopsWhenClosed) {
  TempDir dir;
  drivers::IoContext io;
  auto stream = std::make_unique<drivers::ReconnectingStream>(
      io, std::make_unique<drivers::SerialOpener>(io, (dir / "ttyNEVER").string(), drivers::SerialSettings{}),
      drivers::Backoff{5ms, 10ms, 2.0, 0.0});
  RecordingListener listener;
  stream->start(listener);
  ASSERT_TRUE(run_until(
      io, [&] { return std::count(listener.states.begin(), listener.states.end(), LinkState::connecting) >= 4; }));
  const auto health = stream->health();
  ASSERT_TRUE(health.last_error.has_value());
  EXPECT_EQ(health.last_error->code, drivers::make_error_code(drivers::Errc::port_not_found));
  EXPECT_EQ(health.reconnects, 0u);

  stream.reset();  // destroying it mid-backoff cancels the timer; nothing runs afterwards
  const std::size_t seen = listener.states.size();
  run_for(io, 50ms);
  EXPECT_EQ(listener.states.size(), seen);
}

}  // namespace
}  // namespace kj::test
