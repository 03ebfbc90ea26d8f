// The Tianyang smart-series read as a state machine: link test, the 200 ms pause, start
// download, `24`, then listening to the pushed 501-byte groups until `1B FE`; the host's pick
// of date/last; no second `24` once groups flow; silence and the link closing mid-group.
#include <gtest/gtest.h>

#include "drivers/errors.hpp"
#include "drivers/sessions/tyz24_poller.hpp"
#include "protocols/tianyang/tianyang_link.hpp"
#include "protocols/tianyang/tyz24_group.hpp"
#include "tests/unit/drivers/poller_test_util.hpp"

namespace kj::test {
namespace {

using namespace std::chrono_literals;
namespace ty = protocols::tianyang;
using drivers::Tyz24Poller;
using protocols::DeviceTime;

const DeviceTime kDay{2026, 11, 23, 0, 0, 0};

drivers::ReadRequest read_of(std::string_view text) {
  return *drivers::parse_read_request(text);
}

std::vector<std::uint8_t> group(std::uint32_t number, float result) {
  ty::Tyz24Group g;
  g.record_number = number;
  g.date_text = std::string("2026-11-23");
  ty::Tyz24Record r;
  r.channel_code = 0x21;
  r.sample_name = std::string("白菜");
  r.absorbance = 0.8f;
  r.delta_a = 0.3f;
  r.result = result;
  r.verdict = ty::kTyz24Pass;
  g.records[0] = r;
  return *ty::encode_tyz24_group(g);
}

// Up to the `24`, with no pause after `1B 05`.
void start(Tyz24Poller& poller, PollLog& log) {
  poller.begin();
  poller.feed(ty::encode_model_answer(0x05));
  poller.feed(ty::encode_download_started());
  log.take(poller);
}

TEST(Tyz24Poller, ListensToThePushedGroupsUntilTheEndMarker) {
  auto device = simulator_for("tyz24", kDay);
  Tyz24Poller poller(read_of("all"), decoder_for("tyz24"));
  const auto log = converse(poller, *device);
  ASSERT_EQ(log.requests.size(), 3U);
  EXPECT_EQ(log.requests[0], ty::encode_link_test());
  EXPECT_EQ(log.requests[1], ty::encode_start_download());
  EXPECT_EQ(log.requests[2], ty::encode_next_group());
  EXPECT_EQ(log.observations.size(), drivers::default_scenario("tyz24").samples.size());
  EXPECT_TRUE(log.errors.empty());
  EXPECT_TRUE(log.failures.empty());
  EXPECT_TRUE(poller.done());
}

TEST(Tyz24Poller, OneByteAtATimeGivesTheSameRead) {
  auto device = simulator_for("tyz24", kDay);
  Tyz24Poller poller(read_of("all"), decoder_for("tyz24"));
  const auto log = converse(poller, *device, true);
  EXPECT_EQ(log.observations.size(), drivers::default_scenario("tyz24").samples.size());
  EXPECT_TRUE(log.failures.empty());
}

TEST(Tyz24Poller, PausesAfterTheModelAnswerBeforeStartingTheDownload) {
  Tyz24Poller poller(read_of("all"), decoder_for("tyz24"));
  PollLog log;
  poller.begin();
  poller.feed(ty::encode_model_answer(0x05));
  log.take(poller);
  EXPECT_EQ(log.requests.size(), 1U);
  EXPECT_EQ(poller.wait(), 200ms);
  poller.on_timeout();
  log.take(poller);
  ASSERT_EQ(log.requests.size(), 2U);
  EXPECT_EQ(log.requests[1], ty::encode_start_download());
}

TEST(Tyz24Poller, TheHostPicksTheDateAndTheLast) {
  {
    Tyz24Poller poller(read_of("date:2026-11-24"), decoder_for("tyz24"), drivers::kTyz24Timers, 0ms);
    PollLog log;
    start(poller, log);
    poller.feed(group(1, 0.2f));
    poller.feed(ty::encode_no_more_data());
    log.take(poller);
    EXPECT_TRUE(log.observations.empty());
    EXPECT_TRUE(log.failures.empty());
    EXPECT_TRUE(poller.done());
  }
  Tyz24Poller poller(read_of("last"), decoder_for("tyz24"), drivers::kTyz24Timers, 0ms);
  PollLog log;
  start(poller, log);
  poller.feed(group(1, 0.2f));
  poller.feed(group(2, 0.6f));
  poller.feed(ty::encode_no_more_data());
  log.take(poller);
  ASSERT_EQ(log.observations.size(), 1U);
  EXPECT_EQ(log.observations[0].value, protocols::ObservedValue(60.0));
}

TEST(Tyz24Poller, SilenceAfterAGroupIsAnErrorWithoutASecondTwentyFour) {
  Tyz24Poller poller(read_of("all"), decoder_for("tyz24"), drivers::kTyz24Timers, 0ms);
  PollLog log;
  start(poller, log);
  EXPECT_EQ(poller.wait(), 2000ms);
  poller.feed(group(1, 0.2f));
  EXPECT_EQ(poller.wait(), 5000ms);
  poller.on_timeout();
  log.take(poller);
  EXPECT_EQ(log.requests.size(), 3U);
  EXPECT_EQ(log.observations.size(), 1U);
  ASSERT_EQ(log.failures.size(), 1U);
  EXPECT_EQ(log.failures[0].code, drivers::make_error_code(drivers::Errc::timed_out));
  EXPECT_FALSE(log.failures[0].detail.zh.empty());
}

TEST(Tyz24Poller, NothingAfterTwentyFourIsAskedAgainThenFails) {
  Tyz24Poller poller(read_of("all"), decoder_for("tyz24"), {100ms, 100ms, 2}, 0ms);
  PollLog log;
  start(poller, log);
  for (int i = 0; i < 3; ++i) poller.on_timeout();
  log.take(poller);
  EXPECT_EQ(log.requests.size(), 5U);
  EXPECT_EQ(log.requests.back(), ty::encode_next_group());
  ASSERT_EQ(log.failures.size(), 1U);
  EXPECT_TRUE(poller.done());
}

TEST(Tyz24Poller, TheLinkClosingMidGroupIsAnErrorNotAnObservation) {
  Tyz24Poller poller(read_of("all"), decoder_for("tyz24"), drivers::kTyz24Timers, 0ms);
  PollLog log;
  start(poller, log);
  poller.feed(group(1, 0.2f));
  const auto cut = group(2, 0.6f);
  poller.feed(std::span<const std::uint8_t>(cut).first(300));
  poller.on_closed();
  log.take(poller);
  EXPECT_EQ(log.observations.size(), 1U);
  ASSERT_EQ(log.errors.size(), 1U);
  EXPECT_EQ(log.errors[0].code, protocols::Errc::truncated);
  ASSERT_EQ(log.failures.size(), 1U);
  EXPECT_EQ(log.failures[0].code, drivers::make_error_code(drivers::Errc::disconnected));
}

TEST(Tyz24Poller, AnotherModelEndsTheRead) {
  Tyz24Poller poller(read_of("all"), decoder_for("tyz24"));
  PollLog log;
  poller.begin();
  poller.feed(ty::encode_model_answer(0x02));
  log.take(poller);
  ASSERT_EQ(log.failures.size(), 1U);
  EXPECT_EQ(log.failures[0].code, drivers::make_error_code(drivers::Errc::bad_settings));
}

}  // namespace
}  // namespace kj::test
