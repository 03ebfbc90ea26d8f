// Serial line settings: their short names in logs and config, the checks both back ends
// share, and which baud rates termios can do.
#include <gtest/gtest.h>

#include "drivers/errors.hpp"
#include "drivers/serial/serial_settings.hpp"
#include "drivers/serial/termios_settings.hpp"

namespace kj::test {
namespace {

using drivers::FlowControl;
using drivers::Parity;
using drivers::SerialSettings;

TEST(SerialSettings, DescribeThemselvesTheWayManualsDo) {
  EXPECT_EQ(drivers::to_string(SerialSettings{}), "9600 8N1");
  EXPECT_EQ(drivers::to_string(SerialSettings{19200, 7, Parity::even, 2, FlowControl::rts_cts}), "19200 7E2 rts/cts");
  EXPECT_EQ(drivers::to_string(SerialSettings{115200, 8, Parity::odd, 1, FlowControl::xon_xoff}),
            "115200 8O1 xon/xoff");
  EXPECT_EQ(drivers::to_string(SerialSettings{1200, 5, Parity::mark, 1, FlowControl::none}), "1200 5M1");
  EXPECT_EQ(drivers::to_string(SerialSettings{1200, 6, Parity::space, 1, FlowControl::none}), "1200 6S1");
}

TEST(SerialSettings, NamesRoundTrip) {
  for (Parity parity : {Parity::none, Parity::odd, Parity::even, Parity::mark, Parity::space}) {
    EXPECT_EQ(drivers::parity_from_string(drivers::to_string(parity)), parity);
  }
  for (FlowControl flow : {FlowControl::none, FlowControl::rts_cts, FlowControl::xon_xoff}) {
    EXPECT_EQ(drivers::flow_control_from_string(drivers::to_string(flow)), flow);
  }
  EXPECT_FALSE(drivers::parity_from_string("Even").has_value());
  EXPECT_FALSE(drivers::flow_control_from_string("hardware").has_value());
}

TEST(SerialSettings, ImpossibleFramesAreBadSettings) {
  EXPECT_TRUE(drivers::check_serial_settings("/dev/ttyUSB0", SerialSettings{}).ok());
  const auto bad = [](SerialSettings settings) { return drivers::check_serial_settings("/dev/ttyUSB0", settings); };
  for (const Status& status :
       {bad({9600, 4, Parity::none, 1, FlowControl::none}), bad({9600, 9, Parity::none, 1, FlowControl::none}),
        bad({9600, 8, Parity::none, 0, FlowControl::none}), bad({9600, 8, Parity::none, 3, FlowControl::none}),
        bad({0, 8, Parity::none, 1, FlowControl::none})}) {
    ASSERT_FALSE(status.ok());
    EXPECT_EQ(status.error().code, drivers::make_error_code(drivers::Errc::bad_settings));
    EXPECT_NE(status.error().detail.en.find("/dev/ttyUSB0"), std::string::npos);
    EXPECT_NE(status.error().detail.zh.find("串口 /dev/ttyUSB0"), std::string::npos);
  }
}

TEST(TermiosSpeed, StandardRatesOnly) {
  EXPECT_EQ(drivers::termios_speed(9600), B9600);
  EXPECT_EQ(drivers::termios_speed(115200), B115200);
  EXPECT_EQ(drivers::termios_speed(1200), B1200);
  EXPECT_EQ(drivers::termios_speed(4000000), B4000000);
  EXPECT_FALSE(drivers::termios_speed(0).has_value());
  EXPECT_FALSE(drivers::termios_speed(14400).has_value());
  EXPECT_FALSE(drivers::termios_speed(250000).has_value());
}

}  // namespace
}  // namespace kj::test
