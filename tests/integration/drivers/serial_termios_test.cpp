// The termios serial back end on real pseudo-terminals: bytes both ways unchanged (raw mode),
// line settings applied, the exclusive lock, a vanished peer, and clear errors.
#include <gtest/gtest.h>

#include <fcntl.h>
#include <termios.h>
#include <unistd.h>

#include "drivers/errors.hpp"
#include "drivers/serial/open_serial.hpp"
#include "drivers/serial/serial_termios_stream.hpp"
#include "drivers/serial/termios_settings.hpp"
#include "tests/integration/drivers/drivers_test_support.hpp"
#include "tests/support/test_support.hpp"

namespace kj::test {
namespace {

using drivers::Errc;

TEST(SerialTermiosStream, PtyUsesTheTermiosBackend) {
  PtyPair pty;
  EXPECT_EQ(drivers::serial_backend_for(pty.slave_path()), drivers::SerialBackend::termios);
}

TEST(SerialTermiosStream, CarriesEveryByteValueBothWaysUnchanged) {
  PtyPair pty;
  drivers::IoContext io;
  auto opened = drivers::open_serial(io, pty.slave_path(), drivers::SerialSettings{});
  ASSERT_TRUE(opened.ok()) << opened.error().detail.en;
  std::unique_ptr<drivers::ByteStream> stream = std::move(opened).value();
  EXPECT_NE(stream->description().find(pty.slave_path()), std::string::npos);
  EXPECT_NE(stream->description().find("9600 8N1"), std::string::npos);
  RecordingListener listener;
  stream->start(listener);

  // Bytes a cooked tty would translate or swallow: CR, LF, XON, XOFF, ^C, ^D, DEL, NUL, 0xFF.
  std::vector<std::uint8_t> every_byte(256);
  for (int i = 0; i < 256; ++i) every_byte[static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(i);
  const auto frame = hex("7E 02 04 00 FF 02 10 10 F8 AA 0D 0A 11 13 03 04 7F 00");

  pty.write(frame);
  pty.write(every_byte);
  std::vector<std::uint8_t> expected_in = frame;
  expected_in.insert(expected_in.end(), every_byte.begin(), every_byte.end());
  ASSERT_TRUE(run_until(io, [&] { return listener.received.size() >= expected_in.size(); }));
  EXPECT_EQ(listener.received, expected_in);

  ASSERT_TRUE(stream->write(frame).ok());
  ASSERT_TRUE(stream->write(every_byte).ok());
  std::vector<std::uint8_t> at_device;
  ASSERT_TRUE(run_until(io, [&] {
    pty.read_into(at_device);
    return at_device.size() >= expected_in.size();
  }));
  EXPECT_EQ(at_device, expected_in);
  // The device can read the bytes before the event loop has run the writes' completions,
  // which are what count them: let it run.
  run_until(io, [&] { return stream->health().bytes_out >= expected_in.size(); });

  const drivers::StreamHealth health = stream->health();
  EXPECT_EQ(health.state, drivers::LinkState::open);
  EXPECT_EQ(health.bytes_in, expected_in.size());
  EXPECT_EQ(health.bytes_out, expected_in.size());
  EXPECT_TRUE(health.last_rx.has_value());
  EXPECT_FALSE(listener.closed.has_value());
}

TEST(SerialTermiosStream, AppliesTheConfiguredLineSettings) {
  PtyPair pty;
  const int fd = ::open(pty.slave_path().c_str(), O_RDWR | O_NOCTTY | O_NONBLOCK);
  ASSERT_GE(fd, 0);
  drivers::SerialSettings settings;
  settings.baud = 19200;
  settings.data_bits = 7;
  settings.parity = drivers::Parity::even;
  settings.stop_bits = 2;
  settings.flow_control = drivers::FlowControl::rts_cts;
  {
    const Status applied = drivers::apply_termios_settings(fd, pty.slave_path(), settings);
    ASSERT_TRUE(applied.ok()) << applied.error().detail.en;
  }

  termios tio{};
  ASSERT_EQ(::tcgetattr(fd, &tio), 0);
  EXPECT_EQ(::cfgetospeed(&tio), B19200);
  EXPECT_EQ(::cfgetispeed(&tio), B19200);
  // Data bits and parity cannot be seen here: a pty has no line, Linux forces CS8 and no parity.
  EXPECT_TRUE(tio.c_cflag & CSTOPB);
  EXPECT_TRUE(tio.c_cflag & CRTSCTS);
  // Raw: no canonical mode, echo, signals, CR/LF translation or output processing.
  EXPECT_FALSE(tio.c_lflag & (ICANON | ECHO | ISIG | IEXTEN));
  EXPECT_FALSE(tio.c_iflag & (ICRNL | INLCR | IGNCR | IXON | ISTRIP));
  EXPECT_FALSE(tio.c_oflag & OPOST);

  settings = drivers::SerialSettings{};
  settings.parity = drivers::Parity::odd;
  settings.flow_control = drivers::FlowControl::xon_xoff;
  {
    const Status applied = drivers::apply_termios_settings(fd, pty.slave_path(), settings);
    ASSERT_TRUE(applied.ok()) << applied.error().detail.en;
  }
  ASSERT_EQ(::tcgetattr(fd, &tio), 0);
  EXPECT_EQ(::cfgetospeed(&tio), B9600);
  EXPECT_FALSE(tio.c_cflag & (CSTOPB | CRTSCTS));
  EXPECT_TRUE(tio.c_iflag & IXON);
  EXPECT_TRUE(tio.c_iflag & IXOFF);
  ::close(fd);
}

TEST(SerialTermiosStream, UnsupportedBaudRateIsAClearError) {
  PtyPair pty;
  drivers::IoContext io;
  drivers::SerialSettings settings;
  settings.baud = 12345;
  auto opened = drivers::open_serial(io, pty.slave_path(), settings);
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.error().code, drivers::make_error_code(Errc::bad_settings));
  EXPECT_NE(opened.error().detail.en.find("12345"), std::string::npos) << opened.error().detail.en;
  EXPECT_NE(opened.error().detail.zh.find("波特率 12345"), std::string::npos) << opened.error().detail.zh;

  settings = drivers::SerialSettings{};
  settings.data_bits = 9;
  opened = drivers::open_serial(io, pty.slave_path(), settings);
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.error().code, drivers::make_error_code(Errc::bad_settings));
  EXPECT_NE(opened.error().detail.zh.find("数据位"), std::string::npos);
}

TEST(SerialTermiosStream, SecondOpenIsPortBusyUntilTheFirstCloses) {
  PtyPair pty;
  drivers::IoContext io;
  auto first = drivers::open_serial(io, pty.slave_path(), {});
  ASSERT_TRUE(first.ok()) << first.error().detail.en;

  auto second = drivers::open_serial(io, pty.slave_path(), {});
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.error().code, drivers::make_error_code(Errc::port_busy));
  EXPECT_NE(second.error().detail.en.find("in use"), std::string::npos) << second.error().detail.en;
  EXPECT_NE(second.error().detail.zh.find("占用"), std::string::npos) << second.error().detail.zh;

  first.value()->close();
  auto third = drivers::open_serial(io, pty.slave_path(), {});
  EXPECT_TRUE(third.ok()) << third.error().detail.en;
}

TEST(SerialTermiosStream, ClosingTheMasterEndsTheStream) {
  PtyPair pty;
  drivers::IoContext io;
  auto opened = drivers::open_serial(io, pty.slave_path(), {});
  ASSERT_TRUE(opened.ok()) << opened.error().detail.en;
  auto stream = std::move(opened).value();
  RecordingListener listener;
  stream->start(listener);
  pty.write(hex("01 02 03"));
  ASSERT_TRUE(run_until(io, [&] { return listener.received.size() == 3; }));

  pty.close_master();
  ASSERT_TRUE(run_until(io, [&] { return listener.closed.has_value(); }));
  EXPECT_EQ(listener.closed->code, drivers::make_error_code(Errc::disconnected));
  EXPECT_NE(listener.closed->detail.en.find(pty.slave_path()), std::string::npos) << listener.closed->detail.en;
  EXPECT_NE(listener.closed->detail.zh.find("连接中断"), std::string::npos) << listener.closed->detail.zh;
  EXPECT_EQ(stream->health().state, drivers::LinkState::closed);
  ASSERT_TRUE(stream->health().last_error.has_value());

  const Status late = stream->write(hex("04"));
  ASSERT_FALSE(late.ok());
  EXPECT_EQ(late.error().code, drivers::make_error_code(Errc::disconnected));
}

TEST(SerialTermiosStream, ListenerMayDestroyTheStreamInsideACallback) {
  PtyPair pty;
  drivers::IoContext io;
  auto opened = drivers::open_serial(io, pty.slave_path(), {});
  ASSERT_TRUE(opened.ok());
  std::unique_ptr<drivers::ByteStream> stream = std::move(opened).value();

  class DestroyOnFirstByte : public drivers::StreamListener {
   public:
    explicit DestroyOnFirstByte(std::unique_ptr<drivers::ByteStream>& owned) : owned_(owned) {}
    void on_bytes(std::span<const std::uint8_t> bytes) override {
      seen += bytes.size();
      owned_.reset();
    }
    void on_closed(const Error&) override { closed = true; }
    std::size_t seen = 0;
    bool closed = false;

   private:
    std::unique_ptr<drivers::ByteStream>& owned_;
  } listener(stream);

  stream->start(listener);
  pty.write(hex("AA"));
  ASSERT_TRUE(run_until(io, [&] { return listener.seen > 0; }));
  EXPECT_EQ(stream, nullptr);
  pty.write(hex("BB"));
  run_for(io, std::chrono::milliseconds(50));
  EXPECT_EQ(listener.seen, 1u);
  EXPECT_FALSE(listener.closed);
}

TEST(SerialTermiosStream, MissingPathIsPortNotFound) {
  drivers::IoContext io;
  TempDir dir;
  auto opened = drivers::open_serial(io, (dir / "ttyNOPE").string(), {});
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.error().code, drivers::make_error_code(Errc::port_not_found));
  EXPECT_NE(opened.error().detail.zh.find("串口不存在"), std::string::npos) << opened.error().detail.zh;
}

TEST(SerialTermiosStream, RegularFileIsNotASerialPort) {
  drivers::IoContext io;
  TempDir dir;
  write_file(dir / "not-a-tty", "x");
  auto opened = drivers::open_serial(io, (dir / "not-a-tty").string(), {});
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.error().code, drivers::make_error_code(Errc::port_failed));
  EXPECT_NE(opened.error().detail.zh.find("不是终端"), std::string::npos) << opened.error().detail.zh;
}

}  // namespace
}  // namespace kj::test
