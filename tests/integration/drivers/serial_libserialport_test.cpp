// The libserialport side on whatever machine runs the tests: enumeration works (the list may be
// empty), and a port that does not exist is a clear, bilingual port_not_found.
#include <gtest/gtest.h>

#include "drivers/errors.hpp"
#include "drivers/serial/open_serial.hpp"
#include "drivers/serial/port_enumeration.hpp"
#include "drivers/serial/serial_libserialport_stream.hpp"

namespace kj::test {
namespace {

using drivers::Errc;

TEST(SerialLibserialport, ListingPortsSucceeds) {
  auto ports = drivers::list_serial_ports();
  ASSERT_TRUE(ports.ok()) << ports.error().detail.en;
  for (const auto& port : *ports) {
    EXPECT_FALSE(port.path.empty());
    EXPECT_TRUE(port.transport == "native" || port.transport == "usb" || port.transport == "bluetooth");
    EXPECT_TRUE(drivers::libserialport_knows(port.path)) << port.path;
  }
}

TEST(SerialLibserialport, NonexistentPortIsPortNotFound) {
  drivers::IoContext io;
  EXPECT_FALSE(drivers::libserialport_knows("/dev/ttyUSB99"));
  // Through the factory (which falls back to termios for a path libserialport does not know) and
  // through libserialport directly: the same error either way.
  for (int backend = 0; backend < 2; ++backend) {
    const auto opened = backend == 0 ? drivers::open_serial(io, "/dev/ttyUSB99", {})
                                     : drivers::SerialLibserialportStream::open(io, "/dev/ttyUSB99", {});
    ASSERT_FALSE(opened.ok());
    const Error& error = opened.error();
    EXPECT_EQ(error.code, drivers::make_error_code(Errc::port_not_found));
    EXPECT_EQ(error.detail.en, "serial port /dev/ttyUSB99: cannot open: no such port (unplugged or wrong path)");
    EXPECT_EQ(error.detail.zh, "串口 /dev/ttyUSB99：无法打开：串口不存在（未连接或路径错误）");
  }
}

}  // namespace
}  // namespace kj::test
