// A real serial port, named by KJ_TEST_SERIAL_PORT (e.g. /dev/ttyUSB0); skipped where none is
// set. With KJ_TEST_SERIAL_LOOPBACK=1 (TX wired to RX) bytes written must come back.
#include <gtest/gtest.h>

#include <cstdlib>

#include "drivers/errors.hpp"
#include "drivers/serial/open_serial.hpp"
#include "tests/integration/drivers/drivers_test_support.hpp"

namespace kj::test {
namespace {

const char* test_port() {
  return std::getenv("KJ_TEST_SERIAL_PORT");
}

TEST(SerialPortHardware, OpensExclusivelyAtTheConfiguredSettings) {
  if (test_port() == nullptr) GTEST_SKIP() << "set KJ_TEST_SERIAL_PORT to a real serial port";
  drivers::IoContext io;
  const drivers::SerialSettings settings{115200, 8, drivers::Parity::none, 1, drivers::FlowControl::none};
  auto opened = drivers::open_serial(io, test_port(), settings);
  ASSERT_TRUE(opened.ok()) << opened.error().detail.en;
  EXPECT_NE(opened.value()->description().find("115200 8N1"), std::string::npos);

  auto second = drivers::open_serial(io, test_port(), settings);
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.error().code, drivers::make_error_code(drivers::Errc::port_busy));

  drivers::SerialSettings seven_even = settings;
  seven_even.data_bits = 7;
  seven_even.parity = drivers::Parity::even;
  opened.value()->close();
  auto reopened = drivers::open_serial(io, test_port(), seven_even);
  EXPECT_TRUE(reopened.ok()) << reopened.error().detail.en;
}

TEST(SerialPortHardware, LoopbackReturnsWhatWasWritten) {
  if (test_port() == nullptr) GTEST_SKIP() << "set KJ_TEST_SERIAL_PORT to a real serial port";
  const char* loopback = std::getenv("KJ_TEST_SERIAL_LOOPBACK");
  if (loopback == nullptr || std::string(loopback) != "1")
    GTEST_SKIP() << "set KJ_TEST_SERIAL_LOOPBACK=1 (TX wired to RX)";
  drivers::IoContext io;
  auto opened = drivers::open_serial(io, test_port(), {});
  ASSERT_TRUE(opened.ok()) << opened.error().detail.en;
  RecordingListener listener;
  opened.value()->start(listener);
  std::vector<std::uint8_t> bytes(256);
  for (int i = 0; i < 256; ++i) bytes[static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(i);
  ASSERT_TRUE(opened.value()->write(bytes).ok());
  ASSERT_TRUE(run_until(
      io, [&] { return listener.received.size() >= bytes.size(); }, std::chrono::seconds(3)));
  EXPECT_EQ(listener.received, bytes);
}

}  // namespace
}  // namespace kj::test
