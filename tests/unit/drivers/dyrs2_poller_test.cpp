// The DYRS2 read as a state machine: version query, then the 3rd generation's `R` range read
// ('D' frames closed by 'E') or the 2nd generation's `U` send-all; which range each request
// asks and what the host picks for the 2nd generation; retries, a list stopping short, the link
// closing mid-frame.
#include <gtest/gtest.h>

#include "drivers/errors.hpp"
#include "drivers/sessions/dyrs2_poller.hpp"
#include "protocols/dyrs2/dyrs2_messages.hpp"
#include "tests/unit/drivers/poller_test_util.hpp"

namespace kj::test {
namespace {

using namespace std::chrono_literals;
namespace rs = protocols::dyrs2;
using drivers::Dyrs2Poller;
using protocols::DeviceTime;

const DeviceTime kDay{2026, 11, 23, 0, 0, 0};

drivers::ReadRequest read_of(std::string_view text) {
  return *drivers::parse_read_request(text);
}

rs::DataRecord data(std::string id, std::uint16_t x10) {
  return rs::DataRecord{std::move(id), x10, '1', "261123", "101500"};
}

TEST(Dyrs2Poller, ThirdGenerationReadsTheWholeRangeUntilTheEndFrame) {
  auto device = simulator_for("dyrs2", kDay);
  Dyrs2Poller poller(read_of("all"), decoder_for("dyrs2"));
  const auto log = converse(poller, *device);
  ASSERT_EQ(log.requests.size(), 2U);
  EXPECT_EQ(log.requests[0], rs::encode_version_query());
  EXPECT_EQ(log.requests[1], rs::encode_read_range({2000, 1, 1, 0, 0, 0}, {2099, 12, 31, 0, 0, 0}));
  EXPECT_EQ(poller.third_generation(), true);
  EXPECT_EQ(log.observations.size(), drivers::default_scenario("dyrs2").samples.size());
  EXPECT_TRUE(log.errors.empty());
  EXPECT_TRUE(log.failures.empty());
  EXPECT_TRUE(poller.done());
}

TEST(Dyrs2Poller, OneByteAtATimeGivesTheSameRead) {
  auto device = simulator_for("dyrs2", kDay);
  Dyrs2Poller poller(read_of("all"), decoder_for("dyrs2"));
  const auto log = converse(poller, *device, true);
  EXPECT_EQ(log.observations.size(), drivers::default_scenario("dyrs2").samples.size());
  EXPECT_TRUE(log.failures.empty());
}

TEST(Dyrs2Poller, ADateAsksThatDayOnlyAndLastHandsOnTheLastRecord) {
  {
    auto device = simulator_for("dyrs2", kDay);
    Dyrs2Poller poller(read_of("date:2026-11-24"), decoder_for("dyrs2"));
    const auto log = converse(poller, *device);
    ASSERT_EQ(log.requests.size(), 2U);
    EXPECT_EQ(log.requests[1], rs::encode_read_range({2026, 11, 24, 0, 0, 0}, {2026, 11, 24, 0, 0, 0}));
    EXPECT_TRUE(log.observations.empty());
    EXPECT_TRUE(log.failures.empty());
  }
  auto device = simulator_for("dyrs2", kDay);
  Dyrs2Poller poller(read_of("last"), decoder_for("dyrs2"));
  const auto log = converse(poller, *device);
  ASSERT_EQ(log.observations.size(), 1U);
  const auto samples = drivers::default_scenario("dyrs2").samples;
  EXPECT_EQ(log.observations[0].sample_id.value_or(""), samples.back().sample_id);
  EXPECT_TRUE(log.failures.empty());
}

TEST(Dyrs2Poller, AnAnswerWithoutVersionIsTheSecondGenerationWhichSendsAllAndTheHostPicks) {
  Dyrs2Poller poller(read_of("date:2018-03-15"), decoder_for("dyrs2"));
  PollLog log;
  poller.begin();
  poller.feed(rs::encode_end_of_list());  // answers, but not with V
  log.take(poller);
  ASSERT_EQ(log.requests.size(), 2U);
  EXPECT_EQ(log.requests[1], rs::encode_send_all());
  EXPECT_EQ(poller.third_generation(), false);
  // instruments.md §7 example: #001 18-03-15 and #002 18-03-15; one more of another day.
  const std::vector<rs::SecondGenRecord> records{
      {"001", 185, '1', "18-03-15"}, {"002", 762, '4', "18-03-15"}, {"003", 700, '2', "18-03-16"}};
  poller.feed(rs::encode_second_gen_answer(records));
  log.take(poller);
  EXPECT_EQ(log.observations.size(), 2U);
  EXPECT_TRUE(log.failures.empty());
  EXPECT_TRUE(poller.done());
}

TEST(Dyrs2Poller, RetriesTheVersionQueryThenFails) {
  Dyrs2Poller poller(read_of("all"), decoder_for("dyrs2"), {100ms, 100ms, 2});
  PollLog log;
  poller.begin();
  for (int i = 0; i < 3; ++i) poller.on_timeout();
  log.take(poller);
  EXPECT_EQ(log.requests.size(), 3U);
  ASSERT_EQ(log.failures.size(), 1U);
  EXPECT_EQ(log.failures[0].code, drivers::make_error_code(drivers::Errc::timed_out));
  EXPECT_FALSE(log.failures[0].detail.zh.empty());
  EXPECT_TRUE(poller.done());
}

TEST(Dyrs2Poller, AListStoppingBeforeItsEndFrameIsAnErrorAndTheCutFrameNoObservation) {
  Dyrs2Poller poller(read_of("all"), decoder_for("dyrs2"));
  PollLog log;
  poller.begin();
  poller.feed(rs::encode_version_answer("DYRS2-3.0"));
  poller.feed(rs::encode_data_record(data("0001", 712)));
  const auto cut = rs::encode_data_record(data("0002", 745));
  poller.feed(std::span<const std::uint8_t>(cut).first(10));
  poller.on_timeout();
  log.take(poller);
  EXPECT_EQ(log.requests.size(), 2U);  // no retry once records flow
  ASSERT_EQ(log.observations.size(), 1U);
  ASSERT_EQ(log.errors.size(), 1U);
  EXPECT_EQ(log.errors[0].code, protocols::Errc::truncated);
  ASSERT_EQ(log.failures.size(), 1U);
  EXPECT_EQ(log.failures[0].code, drivers::make_error_code(drivers::Errc::timed_out));
}

TEST(Dyrs2Poller, TheLinkClosingMidFrameIsAnErrorNotAnObservation) {
  Dyrs2Poller poller(read_of("all"), decoder_for("dyrs2"));
  PollLog log;
  poller.begin();
  poller.feed(rs::encode_version_answer("DYRS2-3.0"));
  const auto cut = rs::encode_data_record(data("0002", 745));
  poller.feed(std::span<const std::uint8_t>(cut).first(cut.size() - 1));
  poller.on_closed();
  log.take(poller);
  EXPECT_TRUE(log.observations.empty());
  ASSERT_EQ(log.errors.size(), 1U);
  EXPECT_EQ(log.errors[0].code, protocols::Errc::truncated);
  ASSERT_EQ(log.failures.size(), 1U);
  EXPECT_EQ(log.failures[0].code, drivers::make_error_code(drivers::Errc::disconnected));
}

}  // namespace
}  // namespace kj::test
