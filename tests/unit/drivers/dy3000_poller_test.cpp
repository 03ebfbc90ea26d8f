// The DY-3000 read sequence as a state machine: link test, item table pages, the record
// window of the days asked, one record request per index; `last` stepping back over deleted
// records; 1 s per answer with two retries; the link closing mid-frame.
#include <gtest/gtest.h>

#include "drivers/errors.hpp"
#include "drivers/sessions/dy3000_poller.hpp"
#include "drivers/simulators/dy3000_simulator.hpp"
#include "protocols/dy3000/dy3000_messages.hpp"
#include "tests/unit/drivers/poller_test_util.hpp"

namespace kj::test {
namespace {

using namespace std::chrono_literals;
namespace dy = protocols::dy3000;
using drivers::Dy3000Poller;
using protocols::DeviceTime;

const DeviceTime kDay{2026, 11, 23, 0, 0, 0};
const DeviceTime kFirstDay{2000, 1, 1, 0, 0, 0};
const DeviceTime kLastDay{2099, 12, 31, 0, 0, 0};

drivers::ReadRequest read_of(std::string_view text) {
  return *drivers::parse_read_request(text);
}

std::size_t record_count() {
  return (drivers::default_scenario("dy3000").samples.size() + 7) / 8;
}

// Answers link test and item table (one item, inhibition) and the window [first, end).
void answer_up_to_window(Dy3000Poller& poller, std::uint16_t first, std::uint16_t end) {
  poller.feed(dy::encode_link_answer(std::vector<std::uint8_t>{'P', 'R', 'N'}));
  const auto slot = dy::make_item_slot("农药残留", "%", dy::kMethodInhibition);
  poller.feed(dy::encode_item_page_answer(0, std::vector<dy::ItemSlot>{*slot}));
  dy::WindowAnswer window;
  window.first_index = first;
  window.end_index = end;
  poller.feed(dy::encode_window_answer(window));
}

dy::RecordAnswer record(std::uint32_t index, bool valid) {
  dy::RecordAnswer r;
  r.index = index;
  r.valid = valid ? 1 : 0;
  r.time = dy::pack_time({2026, 11, 23, 10, 0, 0});
  if (valid) {
    dy::ChannelEntry entry;
    entry.channel = 1;
    entry.value = dy::inhibition_value(12.5);
    r.channels.push_back(entry);
  }
  return r;
}

TEST(Dy3000Poller, ReadsEveryRecordOfTheWindow) {
  auto device = simulator_for("dy3000", kDay);
  Dy3000Poller poller(read_of("all"), decoder_for("dy3000"));
  const auto log = converse(poller, *device);
  ASSERT_EQ(log.requests.size(), 3 + record_count());
  EXPECT_EQ(log.requests[0], dy::encode_link_test());
  EXPECT_EQ(log.requests[1], dy::encode_read_item_page(0));
  EXPECT_EQ(log.requests[2], dy::encode_find_window(kFirstDay, kLastDay));
  EXPECT_EQ(log.requests[3], dy::encode_read_record(drivers::Dy3000Simulator::kFirstIndex));
  EXPECT_EQ(log.observations.size(), drivers::default_scenario("dy3000").samples.size());
  EXPECT_TRUE(log.errors.empty());
  EXPECT_TRUE(log.failures.empty());
  EXPECT_TRUE(poller.done());
}

TEST(Dy3000Poller, OneByteAtATimeGivesTheSameRead) {
  auto device = simulator_for("dy3000", kDay);
  Dy3000Poller poller(read_of("all"), decoder_for("dy3000"));
  const auto log = converse(poller, *device, true);
  EXPECT_EQ(log.observations.size(), drivers::default_scenario("dy3000").samples.size());
  EXPECT_TRUE(log.errors.empty());
  EXPECT_TRUE(log.failures.empty());
}

TEST(Dy3000Poller, ADateAsksThatDaysWindowAndAnEmptyWindowEndsWell) {
  auto device = simulator_for("dy3000", kDay);
  Dy3000Poller poller(read_of("date:2026-11-24"), decoder_for("dy3000"));
  const auto log = converse(poller, *device);
  ASSERT_EQ(log.requests.size(), 3U);
  const DeviceTime next{2026, 11, 24, 0, 0, 0};
  EXPECT_EQ(log.requests[2], dy::encode_find_window(next, next));
  EXPECT_TRUE(log.observations.empty());
  EXPECT_TRUE(log.failures.empty());
  EXPECT_TRUE(poller.done());
}

TEST(Dy3000Poller, ItemTablePagesGoOnWhileAPageIsFull) {
  Dy3000Poller poller(read_of("all"), decoder_for("dy3000"));
  PollLog log;
  poller.begin();
  poller.feed(dy::encode_link_answer(std::vector<std::uint8_t>{'P'}));
  const auto slot = dy::make_item_slot("农药残留", "%", dy::kMethodInhibition);
  poller.feed(dy::encode_item_page_answer(0, std::vector<dy::ItemSlot>{*slot, *slot}));
  log.take(poller);
  ASSERT_EQ(log.requests.size(), 3U);
  EXPECT_EQ(log.requests[2], dy::encode_read_item_page(1));
  poller.feed(dy::encode_item_page_answer(1, {}));
  log.take(poller);
  ASSERT_EQ(log.requests.size(), 4U);
  EXPECT_EQ(log.requests[3], dy::encode_find_window(kFirstDay, kLastDay));
}

TEST(Dy3000Poller, LastStepsBackOverDeletedRecords) {
  Dy3000Poller poller(read_of("last"), decoder_for("dy3000"));
  PollLog log;
  poller.begin();
  answer_up_to_window(poller, 5, 8);
  log.take(poller);
  ASSERT_EQ(log.requests.back(), dy::encode_read_record(7));
  poller.feed(dy::encode_record_answer(record(7, false)));
  log.take(poller);
  ASSERT_EQ(log.requests.back(), dy::encode_read_record(6));
  poller.feed(dy::encode_record_answer(record(6, true)));
  log.take(poller);
  EXPECT_EQ(log.requests.size(), 5U);
  ASSERT_EQ(log.observations.size(), 1U);
  EXPECT_EQ(log.observations[0].value, protocols::ObservedValue(12.5));
  EXPECT_TRUE(log.failures.empty());
  EXPECT_TRUE(poller.done());
}

TEST(Dy3000Poller, AnAnswerForAnotherIndexDoesNotAdvanceTheRead) {
  Dy3000Poller poller(read_of("all"), decoder_for("dy3000"));
  PollLog log;
  poller.begin();
  answer_up_to_window(poller, 5, 7);
  poller.feed(dy::encode_record_answer(record(9, true)));  // stale or stray
  log.take(poller);
  EXPECT_EQ(log.requests.back(), dy::encode_read_record(5));
  EXPECT_FALSE(poller.done());
}

// The answer to index 5 comes after the request was sent again: the device answers twice.
// The reading is one test, handed on once; a stray answer for an index not asked is not part
// of this read.
TEST(Dy3000Poller, ALateAnswerAfterARetryIsOneReadingNotTwo) {
  Dy3000Poller poller(read_of("all"), decoder_for("dy3000"));
  PollLog log;
  poller.begin();
  answer_up_to_window(poller, 5, 7);
  poller.on_timeout();                                     // no answer in time: index 5 is asked again
  poller.feed(dy::encode_record_answer(record(5, true)));  // the first answer, late
  poller.feed(dy::encode_record_answer(record(9, true)));  // stray
  poller.feed(dy::encode_record_answer(record(5, true)));  // the answer to the repeated request
  poller.feed(dy::encode_record_answer(record(6, true)));
  log.take(poller);
  ASSERT_EQ(log.observations.size(), 2U);
  EXPECT_NE(log.observations[0].raw, log.observations[1].raw);
  EXPECT_EQ(log.observations[0].raw, dy::encode_record_answer(record(5, true)));
  EXPECT_EQ(log.observations[1].raw, dy::encode_record_answer(record(6, true)));
  EXPECT_TRUE(log.failures.empty());
  EXPECT_TRUE(poller.done());
}

TEST(Dy3000Poller, ARepeatedAnswerInTheSameChunkIsOneReadingToo) {
  Dy3000Poller poller(read_of("all"), decoder_for("dy3000"));
  PollLog log;
  poller.begin();
  answer_up_to_window(poller, 5, 6);
  poller.on_timeout();
  auto twice = dy::encode_record_answer(record(5, true));
  const auto again = twice;
  twice.insert(twice.end(), again.begin(), again.end());
  poller.feed(twice);
  log.take(poller);
  EXPECT_EQ(log.observations.size(), 1U);
  EXPECT_TRUE(poller.done());
}

TEST(Dy3000Poller, RetriesEachRequestTwiceThenFails) {
  Dy3000Poller poller(read_of("all"), decoder_for("dy3000"));
  EXPECT_EQ(poller.wait(), 1000ms);
  PollLog log;
  poller.begin();
  answer_up_to_window(poller, 5, 7);
  log.take(poller);
  const auto asked = log.requests.size();
  poller.on_timeout();
  poller.on_timeout();
  log.take(poller);
  EXPECT_EQ(log.requests.size(), asked + 2);
  EXPECT_EQ(log.requests.back(), dy::encode_read_record(5));
  poller.on_timeout();
  log.take(poller);
  ASSERT_EQ(log.failures.size(), 1U);
  EXPECT_EQ(log.failures[0].code, drivers::make_error_code(drivers::Errc::timed_out));
  EXPECT_FALSE(log.failures[0].detail.zh.empty());
  EXPECT_TRUE(log.observations.empty());
  EXPECT_TRUE(poller.done());
}

TEST(Dy3000Poller, TheLinkClosingMidFrameIsAnErrorNotAnObservation) {
  Dy3000Poller poller(read_of("all"), decoder_for("dy3000"));
  PollLog log;
  poller.begin();
  answer_up_to_window(poller, 5, 7);
  poller.feed(dy::encode_record_answer(record(5, true)));
  const auto cut = dy::encode_record_answer(record(6, true));
  poller.feed(std::span<const std::uint8_t>(cut).first(cut.size() - 3));
  poller.on_closed();
  log.take(poller);
  EXPECT_EQ(log.observations.size(), 1U);
  ASSERT_EQ(log.errors.size(), 1U);
  EXPECT_EQ(log.errors[0].code, protocols::Errc::truncated);
  ASSERT_EQ(log.failures.size(), 1U);
  EXPECT_EQ(log.failures[0].code, drivers::make_error_code(drivers::Errc::disconnected));
}

}  // namespace
}  // namespace kj::test
