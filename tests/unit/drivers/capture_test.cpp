// The raw capture format: exact lines, writing and reading back identically, rx offsets that
// index the concatenated received bytes (also across a reopened file), and malformed files
// rejected with the line number.
#include <gtest/gtest.h>

#include "drivers/capture/capture_file.hpp"
#include "drivers/capture/capture_format.hpp"
#include "drivers/capture/capture_writer.hpp"
#include "drivers/errors.hpp"
#include "tests/support/test_support.hpp"

namespace kj::test {
namespace {

using drivers::CaptureChunk;
using drivers::CaptureTime;
using drivers::Direction;
using namespace std::chrono;

CaptureTime at(int h, int m, int s, int us) {
  return CaptureTime{sys_days{year{2026} / 11 / 23}} + hours{h} + minutes{m} + seconds{s} + microseconds{us};
}

TEST(CaptureFormat, LinesAreExactlyAsSpecified) {
  EXPECT_EQ(drivers::format_capture_line({at(15, 10, 36, 123456), Direction::rx, hex("7e020400ff021010f8aa")}),
            "2026-11-23T15:10:36.123456Z < 7e020400ff021010f8aa\n");
  EXPECT_EQ(drivers::format_capture_line({at(15, 10, 36, 223456), Direction::tx, hex("7E010100FF71AA")}),
            "2026-11-23T15:10:36.223456Z > 7e010100ff71aa\n");
  EXPECT_EQ(drivers::format_capture_time(at(0, 0, 0, 7)), "2026-11-23T00:00:00.000007Z");
  EXPECT_EQ(drivers::format_capture_header({"dy3000-1", "dy3000"}),
            "# kuaijian capture v1 device=dy3000-1 protocol=dy3000\n");
}

TEST(CaptureFormat, TimesRoundTripAndBadOnesAreRejected) {
  const CaptureTime time = at(23, 59, 59, 999999);
  EXPECT_EQ(drivers::parse_capture_time(drivers::format_capture_time(time)), time);
  EXPECT_EQ(drivers::parse_capture_time("2024-02-29T12:00:00.000000Z"),
            CaptureTime{sys_days{year{2024} / 2 / 29}} + hours{12});
  for (const char* bad : {"2026-13-01T00:00:00.000000Z", "2026-02-30T00:00:00.000000Z", "2026-11-23T24:00:00.000000Z",
                          "2026-11-23T15:10:36.12345Z", "2026-11-23T15:10:36.123456", "2026-11-23 15:10:36.123456Z",
                          "2026-11-23T15:1a:36.123456Z", ""}) {
    EXPECT_FALSE(drivers::parse_capture_time(bad).has_value()) << bad;
  }
}

TEST(CaptureFormat, HeaderValuesWithSpacesAreEscaped) {
  const drivers::CaptureHeader header{"lab 2 = bench%1", "astm"};
  const std::string line = drivers::format_capture_header(header);
  EXPECT_EQ(line, "# kuaijian capture v1 device=lab%202%20%3D%20bench%251 protocol=astm\n");
  auto parsed = drivers::parse_capture_header(line.substr(0, line.size() - 1));
  ASSERT_TRUE(std::holds_alternative<drivers::CaptureHeader>(parsed));
  EXPECT_EQ(std::get<drivers::CaptureHeader>(parsed), header);
}

TEST(CaptureFile, WrittenAndReadBackIdentically) {
  TempDir dir;
  const auto path = dir / "devices" / "dy3000-1.capture";  // the folder is created
  auto writer = drivers::CaptureWriter::open(path, {"dy3000-1", "dy3000"});
  ASSERT_TRUE(writer.ok()) << writer.error().detail.en;
  const std::vector<CaptureChunk> chunks{
      {at(15, 10, 36, 123456), Direction::rx, hex("7e020400ff021010f8aa")},
      {at(15, 10, 36, 223456), Direction::tx, hex("7e010100ff71aa")},
      {at(15, 10, 37, 0), Direction::rx, hex("0d0a00ff")},
  };
  std::vector<std::uint64_t> rx_offsets;
  for (const CaptureChunk& chunk : chunks) {
    if (chunk.direction == Direction::rx) rx_offsets.push_back(writer->rx_bytes());
    ASSERT_TRUE(writer->append(chunk.direction, chunk.bytes, chunk.time).ok());
  }
  EXPECT_TRUE(writer->append(Direction::rx, {}, at(15, 10, 38, 0)).ok());  // empty: no line
  EXPECT_EQ(writer->rx_bytes(), 14u);
  EXPECT_EQ(writer->tx_bytes(), 7u);
  EXPECT_EQ(rx_offsets, (std::vector<std::uint64_t>{0, 10}));

  // Every line is on disk as soon as append returns.
  EXPECT_EQ(read_file(path),
            "# kuaijian capture v1 device=dy3000-1 protocol=dy3000\n"
            "2026-11-23T15:10:36.123456Z < 7e020400ff021010f8aa\n"
            "2026-11-23T15:10:36.223456Z > 7e010100ff71aa\n"
            "2026-11-23T15:10:37.000000Z < 0d0a00ff\n");

  auto file = drivers::read_capture_file(path);
  ASSERT_TRUE(file.ok()) << file.error().detail.en;
  EXPECT_EQ(file->header, (drivers::CaptureHeader{"dy3000-1", "dy3000"}));
  EXPECT_EQ(file->chunks, chunks);
  auto read = drivers::read_capture(path);
  ASSERT_TRUE(read.ok());
  EXPECT_EQ(*read, chunks);

  const std::vector<std::uint8_t> rx = drivers::received_bytes(*read);
  EXPECT_EQ(rx, hex("7e020400ff021010f8aa 0d0a00ff"));
  EXPECT_EQ(drivers::sent_bytes(*read), hex("7e010100ff71aa"));
  // "capture file + rx offset + length" finds a chunk's bytes again.
  EXPECT_EQ(std::vector<std::uint8_t>(rx.begin() + static_cast<long>(rx_offsets[1]), rx.end()), hex("0d0a00ff"));
}

TEST(CaptureFile, ReopeningAppendsAndRxOffsetsGoOn) {
  TempDir dir;
  const auto path = dir / "tl310.capture";
  {
    auto writer = drivers::CaptureWriter::open(path, {"tl310", "tl310"});
    ASSERT_TRUE(writer.ok());
    ASSERT_TRUE(writer->append(Direction::rx, hex("01 02 03"), at(8, 0, 0, 0)).ok());
    ASSERT_TRUE(writer->append(Direction::tx, hex("06"), at(8, 0, 0, 1)).ok());
  }
  auto writer = drivers::CaptureWriter::open(path, {"tl310", "tl310"});
  ASSERT_TRUE(writer.ok()) << writer.error().detail.en;
  EXPECT_EQ(writer->rx_bytes(), 3u);
  EXPECT_EQ(writer->tx_bytes(), 1u);
  ASSERT_TRUE(writer->append(Direction::rx, hex("04 05"), at(9, 0, 0, 0)).ok());
  EXPECT_EQ(writer->rx_bytes(), 5u);

  const std::string text = read_file(path);
  EXPECT_EQ(text.find("# kuaijian capture v1"), 0u);
  EXPECT_NE(text.find("# kuaijian capture v1", 1), std::string::npos) << "the new session is marked";
  auto chunks = drivers::read_capture(path);
  ASSERT_TRUE(chunks.ok()) << chunks.error().detail.en;
  EXPECT_EQ(chunks->size(), 3u);
  EXPECT_EQ(drivers::received_bytes(*chunks), hex("01 02 03 04 05"));
}

TEST(CaptureFile, ReopeningAFileWithoutFinalNewlineKeepsLinesApart) {
  TempDir dir;
  const auto path = dir / "edited.capture";
  write_file(path, "# kuaijian capture v1 device=d protocol=p\n2026-11-23T15:10:36.123456Z < 0102");
  auto writer = drivers::CaptureWriter::open(path, {"d", "p"});
  ASSERT_TRUE(writer.ok()) << writer.error().detail.en;
  EXPECT_EQ(writer->rx_bytes(), 2u);
  ASSERT_TRUE(writer->append(Direction::rx, hex("03"), at(16, 0, 0, 0)).ok());
  auto chunks = drivers::read_capture(path);
  ASSERT_TRUE(chunks.ok()) << chunks.error().detail.en;
  EXPECT_EQ(drivers::received_bytes(*chunks), hex("01 02 03"));
}

void expect_rejected_at_line(const std::string& content, int line, const std::string& reason_en) {
  TempDir dir;
  const auto path = dir / "bad.capture";
  write_file(path, content);
  auto read = drivers::read_capture(path);
  ASSERT_FALSE(read.ok()) << content;
  EXPECT_EQ(read.error().code, drivers::make_error_code(drivers::Errc::capture_unreadable));
  const std::string n = std::to_string(line);
  EXPECT_NE(read.error().detail.en.find("line " + n + ":"), std::string::npos) << read.error().detail.en;
  EXPECT_NE(read.error().detail.zh.find("第 " + n + " 行"), std::string::npos) << read.error().detail.zh;
  EXPECT_NE(read.error().detail.en.find(reason_en), std::string::npos) << read.error().detail.en;
  EXPECT_NE(read.error().detail.en.find(path.string()), std::string::npos);
}

TEST(CaptureFile, MalformedLinesAreRejectedWithTheirLineNumber) {
  const std::string header = "# kuaijian capture v1 device=d protocol=p\n";
  const std::string good = "2026-11-23T15:10:36.123456Z < 0102\n";
  expect_rejected_at_line(header + good + "2026-11-23T15:10:36.123456Z ? 0102\n", 3, "'<' (received) or '>'");
  expect_rejected_at_line(header + good + "\n# comment\n2026-11-23T15:10:36.123456Z < 010\n", 5, "even");
  expect_rejected_at_line(header + "2026-11-23T15:10:36.123456Z > 01zz\n", 2, "not a hex digit at column 33");
  expect_rejected_at_line(header + "2026-11-23T15:10:36Z < 0102\n", 2, "bad time");
  expect_rejected_at_line(header + "2026-11-23T15:10:36.123456Z <\n", 2, "'<' (received)");
  expect_rejected_at_line(header + "garbage\n", 2, "expected \"<time> <direction> <hex>\"");
  expect_rejected_at_line(good, 1, "expected the header");
  expect_rejected_at_line("# kuaijian capture v2 device=d protocol=p\n", 1, "unsupported capture version \"v2\"");
  expect_rejected_at_line("# kuaijian capture v1 device=d\n", 1, "protocol=");
  expect_rejected_at_line("", 1, "empty");
}

TEST(CaptureFile, CommentsBlankLinesAndCrLfAreAccepted) {
  TempDir dir;
  const auto path = dir / "ok.capture";
  write_file(path,
             "# kuaijian capture v1 device=d protocol=p extra=ignored\r\n"
             "# a note\r\n\r\n"
             "2026-11-23T15:10:36.123456Z < 0A0b\r\n");
  auto file = drivers::read_capture_file(path);
  ASSERT_TRUE(file.ok()) << file.error().detail.en;
  ASSERT_EQ(file->chunks.size(), 1u);
  EXPECT_EQ(file->chunks[0].bytes, hex("0a 0b"));
}

TEST(CaptureFile, MissingFileIsUnreadable) {
  TempDir dir;
  auto read = drivers::read_capture(dir / "absent.capture");
  ASSERT_FALSE(read.ok());
  EXPECT_EQ(read.error().code, drivers::make_error_code(drivers::Errc::capture_unreadable));
  EXPECT_NE(read.error().detail.zh.find("无法打开"), std::string::npos);
}

TEST(CaptureWriter, RefusesToAppendToAMalformedFile) {
  TempDir dir;
  const auto path = dir / "bad.capture";
  write_file(path, "not a capture\n");
  auto writer = drivers::CaptureWriter::open(path, {"d", "p"});
  ASSERT_FALSE(writer.ok());
  EXPECT_EQ(writer.error().code, drivers::make_error_code(drivers::Errc::capture_unreadable));
  EXPECT_EQ(read_file(path), "not a capture\n") << "left untouched";
}

TEST(CaptureWriter, UncreatableFileIsUnwritable) {
  TempDir dir;
  write_file(dir / "plain-file", "x");
  auto writer = drivers::CaptureWriter::open(dir / "plain-file" / "cap.capture", {"d", "p"});
  ASSERT_FALSE(writer.ok());
  EXPECT_EQ(writer.error().code, drivers::make_error_code(drivers::Errc::capture_unwritable));
  EXPECT_NE(writer.error().detail.en.find("cap.capture"), std::string::npos);
}

}  // namespace
}  // namespace kj::test
