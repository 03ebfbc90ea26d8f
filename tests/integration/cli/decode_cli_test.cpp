// `kuaijian decode` as observation.md specifies it: every capture in samples/captures/ replayed
// through the command gives exactly its expected observations (stdout) and errors (stderr),
// with exit 0 or 3; usage errors exit 2; --list names every protocol.
#include <gtest/gtest.h>

#include "protocols/registry.hpp"
#include "tests/support/test_support.hpp"

namespace kj::test {
namespace {

std::string read_or_empty(const std::filesystem::path& path) {
  return std::filesystem::exists(path) ? read_file(path) : std::string{};
}

TEST(DecodeCli, ListNamesEveryProtocol) {
  const auto result = run_kuaijian("--lang en decode --list");
  EXPECT_EQ(result.exit_code, 0);
  for (const auto& p : protocols::known_protocols()) {
    EXPECT_NE(result.out.find(std::string(p.name) + " "), std::string::npos) << p.name;
  }
  EXPECT_EQ(protocols::known_protocols().size(), 9u);
}

TEST(DecodeCli, EveryCaptureDecodesToItsExpectedOutput) {
  int replayed = 0;
  for (const auto& folder : std::filesystem::directory_iterator(source_dir() / "samples" / "captures")) {
    if (!folder.is_directory()) continue;
    const std::string protocol = folder.path().filename().string();
    if (protocols::find_protocol(protocol) == nullptr) continue;
    for (const auto& entry : std::filesystem::directory_iterator(folder.path())) {
      if (entry.path().extension() != ".hex") continue;
      SCOPED_TRACE(entry.path().string());
      const auto stem = entry.path().parent_path() / entry.path().stem();
      const std::string expected_errors = read_or_empty(stem.string() + ".expected-errors.jsonl");
      const auto result = run_kuaijian("decode --protocol " + protocol + " --hex " + entry.path().string());
      EXPECT_EQ(result.out, read_file(stem.string() + ".expected.jsonl"));
      EXPECT_EQ(result.err, expected_errors);
      EXPECT_EQ(result.exit_code, expected_errors.empty() ? 0 : 3);
      ++replayed;
    }
  }
  EXPECT_GE(replayed, 9);
}

TEST(DecodeCli, ReadsRawBytesFromStandardInput) {
  // TL310 record 1 of instruments.md, raw on stdin.
  const std::string frame(
      "\x7e\x16\x15\x00\xff\x02\x00\x01\x00\x03\x00\x12\x03\x0f\x0a\x14\x1e\x00\x05\x00\x00\x64\x01\x02\x00\x32\xaa",
      27);
  const auto result = run_kuaijian("decode --protocol tl310", frame);
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.out.find("\"value\":35.6"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("\"channel\":3"), std::string::npos) << result.out;
}

TEST(DecodeCli, UsageErrorsExit2) {
  const auto unknown = run_kuaijian("--lang en decode --protocol nope --hex /dev/null");
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_NE(unknown.err.find("unknown protocol \"nope\""), std::string::npos) << unknown.err;
  const auto missing = run_kuaijian("--lang en decode --protocol tl310 /no/such/file");
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_EQ(missing.err, "kuaijian: cannot read /no/such/file\n");
  TempDir dir;
  write_file(dir / "bad.hex", "7e 0g");
  const auto bad_hex = run_kuaijian("--lang en decode --protocol tl310 --hex " + (dir / "bad.hex").string());
  EXPECT_EQ(bad_hex.exit_code, 2);
  EXPECT_NE(bad_hex.err.find("not hex text"), std::string::npos);
}

TEST(DecodeCli, GarbageIsReportedWithItsOffsetAndExit3) {
  const auto result = run_kuaijian("decode --protocol tl310 --hex", "00 01 02 7e 01 01 00 ff 71 aa");
  EXPECT_EQ(result.exit_code, 3);
  EXPECT_NE(result.err.find("\"offset\":0"), std::string::npos) << result.err;
}

}  // namespace
}  // namespace kj::test
