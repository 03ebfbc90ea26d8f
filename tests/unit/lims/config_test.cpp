// Loading config/: the shipped files are valid; each kind of mistake is refused with the file,
// the key and what was expected.
#include <gtest/gtest.h>

#include "lims/config/config.hpp"
#include "lims/config/json_fields.hpp"
#include "lims/errors.hpp"
#include "tests/support/test_support.hpp"

namespace kj::lims::config {
namespace {

using test::TempDir;

TEST(Config, ShippedConfigIsValid) {
  const auto config = load_config(test::source_dir() / "config");
  ASSERT_TRUE(config.ok()) << config.error().detail.en;
  EXPECT_EQ(config->installation.utc_offset, std::chrono::minutes(480));
  EXPECT_GE(config->devices.size(), 1u);
  EXPECT_NE(config->catalogue.find_item("OPC"), nullptr);
  EXPECT_EQ(config->catalogue.find_item("OPC")->standard, "GB/T 5009.199-2003");
  EXPECT_TRUE(config->calendars.contains(2025));
  EXPECT_TRUE(config->calendars.contains(2026));
  const auto& cal = config->calendars.at(2025);
  using namespace std::chrono;
  EXPECT_TRUE(cal.holidays.contains(sys_days(2025y / October / 8)));
  EXPECT_TRUE(cal.working_weekends.contains(sys_days(2025y / September / 28)));
}

class BrokenConfig : public ::testing::Test {
 protected:
  void SetUp() override {
    std::filesystem::copy(test::source_dir() / "config", dir.path() / "config",
                          std::filesystem::copy_options::recursive);
  }
  void replace(const std::string& file, const std::string& from, const std::string& to) {
    const auto path = dir.path() / "config" / file;
    std::string text = test::read_file(path);
    const auto at = text.find(from);
    ASSERT_NE(at, std::string::npos) << from;
    text.replace(at, from.size(), to);
    test::write_file(path, text);
  }
  Error load_error() {
    const auto config = load_config(dir.path() / "config");
    EXPECT_FALSE(config.ok());
    return config.ok() ? Error{} : config.error();
  }
  TempDir dir;
};

TEST_F(BrokenConfig, WrongTypeNamesFileKeyAndExpectation) {
  replace("devices.json", "\"baud\": 115200", "\"baud\": \"fast\"");
  const Error error = load_error();
  EXPECT_EQ(error.code, Errc::config_invalid);
  EXPECT_EQ(error.detail.en, "config/devices.json: devices[0].transport.baud: expected a number");
  EXPECT_EQ(error.detail.zh, "config/devices.json: devices[0].transport.baud：应为数字");
}

TEST_F(BrokenConfig, UnknownProtocolListsTheKnownOnes) {
  replace("devices.json", "\"protocol\": \"tl310\"", "\"protocol\": \"tl999\"");
  const Error error = load_error();
  EXPECT_NE(error.detail.en.find("devices[0].protocol: expected one of astm, hl7, tl310"), std::string::npos)
      << error.detail.en;
}

TEST_F(BrokenConfig, MisspeltKeyIsRefused) {
  replace("judgement.json", "\"positive_at_or_above\": 50", "\"positive_at_or_abov\": 50");
  const Error error = load_error();
  EXPECT_NE(error.detail.en.find("config/judgement.json: enzyme_inhibition[0].positive_at_or_abov"),
            std::string::npos)
      << error.detail.en;
}

TEST_F(BrokenConfig, SyntaxErrorNamesTheFile) {
  replace("catalogue.json", "\"categories\": [", "\"categories\" [");
  const Error error = load_error();
  EXPECT_TRUE(error.detail.en.starts_with("config/catalogue.json: not valid JSON")) << error.detail.en;
}

TEST_F(BrokenConfig, LimitMustReferToAKnownCommodity) {
  replace("catalogue.json", "{ \"commodity\": \"牛蛙\"", "{ \"commodity\": \"青蛙\"");
  const Error error = load_error();
  EXPECT_NE(error.detail.zh.find("limits[4].commodity：应为“commodities”中列出的品种"), std::string::npos)
      << error.detail.zh;
}

TEST_F(BrokenConfig, ImpossibleDateIsRefused) {
  replace("calendar/2025.json", "\"2025-01-01\"", "\"2025-02-30\"");
  const Error error = load_error();
  EXPECT_EQ(error.detail.en, "config/calendar/2025.json: holidays[0]: expected a date YYYY-MM-DD in 2025");
}

TEST_F(BrokenConfig, MakeUpWorkingDayMustBeAWeekend) {
  replace("calendar/2025.json", "\"2025-01-26\"", "\"2025-01-27\"");
  const Error error = load_error();
  EXPECT_EQ(error.detail.en, "config/calendar/2025.json: working_weekends[0]: expected a Saturday or Sunday");
}

TEST_F(BrokenConfig, DeviceItemMappingMustNameACatalogueItem) {
  replace("devices.json", "\"pesticide\": \"OPC\"", "\"pesticide\": \"NOPE\"");
  const Error error = load_error();
  EXPECT_EQ(error.detail.en, "config/devices.json: devices[0].items.pesticide: expected an item code of catalogue.json");
}

TEST_F(BrokenConfig, MissingFileIsNamed) {
  std::filesystem::remove(dir.path() / "config" / "deadlines.json");
  const Error error = load_error();
  EXPECT_EQ(error.detail.en, "config/deadlines.json: cannot read the file");
}

TEST(JsonComments, StrippedOutsideStringsOnly) {
  EXPECT_EQ(strip_json_comments("{\"u\": \"http://x\"} // c"), "{\"u\": \"http://x\"}     ");
  EXPECT_EQ(strip_json_comments("/* a\nb */1"), "    \n    1");
  EXPECT_EQ(strip_json_comments("\"a\\\"//\""), "\"a\\\"//\"");
}

TEST(ParseDate, StrictFormatAndRealDates) {
  EXPECT_TRUE(parse_date("2024-02-29").has_value());
  EXPECT_FALSE(parse_date("2025-02-29").has_value());
  EXPECT_FALSE(parse_date("2025-1-01").has_value());
  EXPECT_FALSE(parse_date("2025-01-01T00:00").has_value());
}

}  // namespace
}  // namespace kj::lims::config
