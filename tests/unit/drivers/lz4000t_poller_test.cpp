// The LZ4000T read sequence as a state machine: comm test, then per day the record count and
// (when not 0) the day's records; which days `all`, `last` and date:D ask; the rest before each
// request; retries and their end; records stopping short and the link closing mid-frame.
#include <gtest/gtest.h>

#include "drivers/errors.hpp"
#include "drivers/sessions/lz4000t_poller.hpp"
#include "protocols/lz4000t/lz4000t_messages.hpp"
#include "tests/unit/drivers/poller_test_util.hpp"

namespace kj::test {
namespace {

using namespace std::chrono_literals;
namespace lz = protocols::lz4000t;
using drivers::Lz4000tPoller;
using drivers::ReadRequest;
using protocols::DeviceTime;

const DeviceTime kDay{2026, 11, 23, 0, 0, 0};
constexpr std::chrono::year_month_day kYmd{std::chrono::year(2026), std::chrono::November, std::chrono::day(23)};
constexpr drivers::Lz4000tScan kNoRest{0ms, 31};

ReadRequest read_of(std::string_view text) {
  return *drivers::parse_read_request(text);
}

DeviceTime plus_days(int n) {
  const std::chrono::year_month_day d{std::chrono::sys_days(kYmd) + std::chrono::days(n)};
  return {static_cast<int>(d.year()),
          static_cast<int>(static_cast<unsigned>(d.month())),
          static_cast<int>(static_cast<unsigned>(d.day())),
          0,
          0,
          0};
}

lz::Record record(std::uint16_t index, std::uint16_t count) {
  lz::Record r;
  r.day_count = count;
  r.index = index;
  r.sample_number = static_cast<std::uint16_t>(10 + index);
  r.measured_at = {2026, 11, 23, 9, 0, index};
  r.inhibition_x100 = static_cast<std::uint16_t>(1000 * index);
  return r;
}

TEST(Lz4000tPoller, ReadsOneDayByCountThenRecords) {
  auto device = simulator_for("lz4000t", kDay);
  Lz4000tPoller poller(read_of("date:2026-11-23"), kYmd, decoder_for("lz4000t"), {}, kNoRest);
  const auto log = converse(poller, *device);
  ASSERT_EQ(log.requests.size(), 3U);
  EXPECT_EQ(log.requests[0], lz::encode_comm_test());
  EXPECT_EQ(log.requests[1], lz::encode_count_day(kDay));
  EXPECT_EQ(log.requests[2], lz::encode_send_day(kDay));
  const auto expected = drivers::default_scenario("lz4000t").samples.size();
  EXPECT_EQ(log.observations.size(), expected);
  EXPECT_TRUE(log.errors.empty());
  EXPECT_TRUE(log.failures.empty());
  EXPECT_EQ(log.frames, static_cast<int>(2 + expected));
  EXPECT_TRUE(poller.done());
}

TEST(Lz4000tPoller, OneByteAtATimeGivesTheSameRead) {
  auto device = simulator_for("lz4000t", kDay);
  Lz4000tPoller poller(read_of("date:2026-11-23"), kYmd, decoder_for("lz4000t"), {}, kNoRest);
  const auto log = converse(poller, *device, true);
  EXPECT_EQ(log.observations.size(), drivers::default_scenario("lz4000t").samples.size());
  EXPECT_TRUE(log.errors.empty());
  EXPECT_TRUE(log.failures.empty());
}

TEST(Lz4000tPoller, AllAsksEveryDayOfTheSpanOldestFirst) {
  auto device = simulator_for("lz4000t", kDay);
  const std::chrono::year_month_day today{std::chrono::sys_days(kYmd) + std::chrono::days(2)};
  Lz4000tPoller poller(read_of("all"), today, decoder_for("lz4000t"), {}, {0ms, 5});
  const auto log = converse(poller, *device);
  // comm test; counts of day −2 … +2, with the send of day 0 right after its count.
  ASSERT_EQ(log.requests.size(), 7U);
  EXPECT_EQ(log.requests[1], lz::encode_count_day(plus_days(-2)));
  EXPECT_EQ(log.requests[3], lz::encode_count_day(kDay));
  EXPECT_EQ(log.requests[4], lz::encode_send_day(kDay));
  EXPECT_EQ(log.requests[6], lz::encode_count_day(plus_days(2)));
  EXPECT_EQ(log.observations.size(), drivers::default_scenario("lz4000t").samples.size());
  EXPECT_TRUE(log.failures.empty());
}

TEST(Lz4000tPoller, LastReadsTheLatestDayWithRecordsAndHandsOnItsLastRecord) {
  auto device = simulator_for("lz4000t", kDay);
  const std::chrono::year_month_day today{std::chrono::sys_days(kYmd) + std::chrono::days(1)};
  Lz4000tPoller poller(read_of("last"), today, decoder_for("lz4000t"), {}, kNoRest);
  const auto log = converse(poller, *device);
  ASSERT_EQ(log.requests.size(), 4U);
  EXPECT_EQ(log.requests[1], lz::encode_count_day(plus_days(1)));
  EXPECT_EQ(log.requests[2], lz::encode_count_day(kDay));
  EXPECT_EQ(log.requests[3], lz::encode_send_day(kDay));
  ASSERT_EQ(log.observations.size(), 1U);
  const auto samples = drivers::default_scenario("lz4000t").samples;
  EXPECT_EQ(log.observations[0].sample_id, samples.back().sample_id);
  EXPECT_TRUE(log.failures.empty());
}

TEST(Lz4000tPoller, RestsBeforeEachRequestAfterTheFirst) {
  Lz4000tPoller poller(read_of("date:2026-11-23"), kYmd, decoder_for("lz4000t"), {}, {50ms, 31});
  PollLog log;
  poller.begin();
  log.take(poller);
  ASSERT_EQ(log.requests.size(), 1U);
  poller.feed(lz::encode_comm_answer({}));
  log.take(poller);
  EXPECT_EQ(log.requests.size(), 1U);  // resting
  EXPECT_EQ(poller.wait(), 50ms);
  poller.on_timeout();
  log.take(poller);
  ASSERT_EQ(log.requests.size(), 2U);
  EXPECT_EQ(log.requests[1], lz::encode_count_day(kDay));
  EXPECT_EQ(poller.wait(), 2000ms);
}

TEST(Lz4000tPoller, RetriesTheCommTestThenFails) {
  Lz4000tPoller poller(read_of("all"), kYmd, decoder_for("lz4000t"), {100ms, 100ms, 2}, kNoRest);
  PollLog log;
  poller.begin();
  for (int i = 0; i < 3; ++i) {
    log.take(poller);
    EXPECT_FALSE(poller.done());
    poller.on_timeout();
  }
  log.take(poller);
  EXPECT_EQ(log.requests.size(), 3U);
  ASSERT_EQ(log.failures.size(), 1U);
  EXPECT_EQ(log.failures[0].code, drivers::make_error_code(drivers::Errc::timed_out));
  EXPECT_FALSE(log.failures[0].detail.en.empty());
  EXPECT_FALSE(log.failures[0].detail.zh.empty());
  EXPECT_TRUE(log.observations.empty());
  EXPECT_TRUE(poller.done());
}

TEST(Lz4000tPoller, NoDayWithRecordsEndsWellWithNothing) {
  Lz4000tPoller poller(read_of("date:2026-11-23"), kYmd, decoder_for("lz4000t"), {}, kNoRest);
  PollLog log;
  poller.begin();
  poller.feed(lz::encode_comm_answer({}));
  poller.feed(lz::encode_count_answer({kDay, 0}));
  log.take(poller);
  EXPECT_EQ(log.requests.size(), 2U);
  EXPECT_TRUE(log.failures.empty());
  EXPECT_TRUE(poller.done());
}

TEST(Lz4000tPoller, RecordsStoppingShortAreAnErrorAndTheCutRecordNoObservation) {
  Lz4000tPoller poller(read_of("date:2026-11-23"), kYmd, decoder_for("lz4000t"), {}, kNoRest);
  PollLog log;
  poller.begin();
  poller.feed(lz::encode_comm_answer({}));
  poller.feed(lz::encode_count_answer({kDay, 3}));
  poller.feed(lz::encode_record(record(1, 3)));
  const auto second = lz::encode_record(record(2, 3));
  poller.feed(std::span<const std::uint8_t>(second).first(12));
  log.take(poller);
  EXPECT_EQ(poller.wait(), 2000ms);  // the gap between records
  poller.on_timeout();
  log.take(poller);
  ASSERT_EQ(log.observations.size(), 1U);
  EXPECT_EQ(log.observations[0].sample_id, "0011");
  ASSERT_EQ(log.errors.size(), 1U);
  EXPECT_EQ(log.errors[0].code, protocols::Errc::truncated);
  ASSERT_EQ(log.failures.size(), 1U);
  EXPECT_EQ(log.requests.size(), 3U);  // no retry once records flow
  EXPECT_TRUE(poller.done());
}

TEST(Lz4000tPoller, TheLinkClosingMidFrameIsAnErrorNotAnObservation) {
  Lz4000tPoller poller(read_of("date:2026-11-23"), kYmd, decoder_for("lz4000t"), {}, kNoRest);
  PollLog log;
  poller.begin();
  poller.feed(lz::encode_comm_answer({}));
  poller.feed(lz::encode_count_answer({kDay, 1}));
  const auto only = lz::encode_record(record(1, 1));
  poller.feed(std::span<const std::uint8_t>(only).first(20));
  poller.on_closed();
  log.take(poller);
  EXPECT_TRUE(log.observations.empty());
  ASSERT_EQ(log.errors.size(), 1U);
  EXPECT_EQ(log.errors[0].code, protocols::Errc::truncated);
  ASSERT_EQ(log.failures.size(), 1U);
  EXPECT_EQ(log.failures[0].code, drivers::make_error_code(drivers::Errc::disconnected));
  EXPECT_TRUE(poller.done());
}

}  // namespace
}  // namespace kj::test
