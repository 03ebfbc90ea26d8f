// Raw capture around a live stream: every byte in and out lands in the capture file in wire
// order, and the writer's rx count turns a decoder's offsets into capture offsets.
#include <gtest/gtest.h>

#include "drivers/capture/capture_file.hpp"
#include "drivers/capture/capturing_stream.hpp"
#include "drivers/serial/open_serial.hpp"
#include "tests/integration/drivers/drivers_test_support.hpp"
#include "tests/support/test_support.hpp"

namespace kj::test {
namespace {

using drivers::CaptureTime;
using drivers::Direction;
using namespace std::chrono;

TEST(CapturingStream, RecordsEveryByteInAndOutInOrder) {
  TempDir dir;
  PtyPair pty;
  drivers::IoContext io;
  auto serial = drivers::open_serial(io, pty.slave_path(), {});
  ASSERT_TRUE(serial.ok()) << serial.error().detail.en;
  auto writer = drivers::CaptureWriter::open(dir / "lz4000t.capture", {"lz4000t-1", "lz4000t"});
  ASSERT_TRUE(writer.ok()) << writer.error().detail.en;

  // A clock that ticks one millisecond per chunk, so the times in the file are known.
  CaptureTime now = CaptureTime{sys_days{year{2026} / 11 / 23}} + hours{15} + minutes{10};
  drivers::CapturingStream stream(std::move(serial).value(), std::move(writer).value(), [&] {
    now += milliseconds{1};
    return now;
  });
  EXPECT_NE(stream.description().find(pty.slave_path()), std::string::npos);

  // The session's decoder starts now: its offsets are relative to this rx position.
  const std::uint64_t decoder_base = stream.capture().rx_bytes();
  std::vector<std::uint64_t> rx_seen_in_callback;
  class Listener : public RecordingListener {
   public:
    Listener(drivers::CapturingStream& s, std::vector<std::uint64_t>& seen) : stream_(s), seen_(seen) {}
    void on_bytes(std::span<const std::uint8_t> bytes) override {
      RecordingListener::on_bytes(bytes);
      seen_.push_back(stream_.capture().rx_bytes());
    }

   private:
    drivers::CapturingStream& stream_;
    std::vector<std::uint64_t>& seen_;
  } listener(stream, rx_seen_in_callback);
  stream.start(listener);

  pty.write(hex("7e020400ff021010f8aa"));
  ASSERT_TRUE(run_until(io, [&] { return listener.received.size() == 10; }));
  ASSERT_TRUE(stream.write(hex("7e010100ff71aa")).ok());
  std::vector<std::uint8_t> at_device;
  ASSERT_TRUE(run_until(io, [&] {
    pty.read_into(at_device);
    return at_device.size() == 7;
  }));
  pty.write(hex("0d0a"));
  ASSERT_TRUE(run_until(io, [&] { return listener.received.size() == 12; }));

  EXPECT_EQ(stream.capture().rx_bytes(), 12u);
  EXPECT_EQ(stream.capture().tx_bytes(), 7u);
  EXPECT_EQ(rx_seen_in_callback.back(), 12u) << "received bytes are captured before the listener sees them";
  EXPECT_FALSE(stream.capture_error().has_value());
  EXPECT_EQ(stream.health().bytes_in, 12u);
  EXPECT_EQ(stream.health().bytes_out, 7u);

  auto file = drivers::read_capture_file(dir / "lz4000t.capture");
  ASSERT_TRUE(file.ok()) << file.error().detail.en;
  EXPECT_EQ(file->header, (drivers::CaptureHeader{"lz4000t-1", "lz4000t"}));
  ASSERT_GE(file->chunks.size(), 3u);
  EXPECT_EQ(file->chunks.front().direction, Direction::rx);
  EXPECT_EQ(file->chunks.front().time,
            CaptureTime{sys_days{year{2026} / 11 / 23}} + hours{15} + minutes{10} + milliseconds{1});
  EXPECT_EQ(drivers::received_bytes(file->chunks), hex("7e020400ff021010f8aa 0d0a"));
  EXPECT_EQ(drivers::sent_bytes(file->chunks), hex("7e010100ff71aa"));
  // Wire order: the rx frame, then the reply, then the later rx bytes.
  std::vector<Direction> order;
  for (const auto& chunk : file->chunks) {
    if (order.empty() || order.back() != chunk.direction) order.push_back(chunk.direction);
  }
  EXPECT_EQ(order, (std::vector<Direction>{Direction::rx, Direction::tx, Direction::rx}));

  // An observation the decoder reports at offset 10, 2 bytes long, is at decoder_base + 10 in the capture.
  const auto rx = drivers::received_bytes(file->chunks);
  const std::uint64_t capture_offset = decoder_base + 10;
  EXPECT_EQ(std::vector<std::uint8_t>(rx.begin() + static_cast<long>(capture_offset), rx.begin() + 12), hex("0d0a"));
}

}  // namespace
}  // namespace kj::test
