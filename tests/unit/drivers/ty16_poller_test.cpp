// The Tianyang keypad read as a state machine: link test, start download, `24` per group until
// `1B FE`, then `1B FF`; the `1B CF` variant, an unknown model, the host's pick of date/last,
// the `24` sent again once when nothing came, and a group cut off by silence or by the link.
#include <gtest/gtest.h>

#include "drivers/errors.hpp"
#include "drivers/sessions/ty16_poller.hpp"
#include "protocols/tianyang/tianyang_link.hpp"
#include "protocols/tianyang/ty16_group.hpp"
#include "tests/support/test_support.hpp"
#include "tests/unit/drivers/poller_test_util.hpp"

namespace kj::test {
namespace {

using namespace std::chrono_literals;
namespace ty = protocols::tianyang;
using drivers::Ty16Poller;
using protocols::DeviceTime;

const DeviceTime kDay{2026, 11, 23, 0, 0, 0};

drivers::ReadRequest read_of(std::string_view text) {
  return *drivers::parse_read_request(text);
}

ty::Ty16Group group(int second, float result) {
  ty::Ty16Group g;
  g.time = {2026, 11, 23, 10, 0, second};
  g.sample_type = 1;
  g.slots[0] = ty::Ty16Slot{0.8f, result};
  g.channel_mask = ty::mask_of_present_slots(g, ty::MaskBitOrder::lsb);
  return g;
}

std::size_t group_count() {
  // The simulator puts up to 8 samples in a group, one per slot.
  return (drivers::default_scenario("ty16").samples.size() + 7) / 8;
}

TEST(Ty16Poller, ReadsEveryGroupThenEndsTheSession) {
  auto device = simulator_for("ty16", kDay);
  Ty16Poller poller(read_of("all"), decoder_for("ty16"));
  const auto log = converse(poller, *device);
  const auto groups = group_count();
  ASSERT_EQ(log.requests.size(), 2 + groups + 1);
  EXPECT_EQ(log.requests[0], ty::encode_link_test());
  EXPECT_EQ(log.requests[1], ty::encode_start_download());
  EXPECT_EQ(log.requests[2], ty::encode_next_group());
  EXPECT_EQ(log.requests.back(), ty::encode_end_session());
  EXPECT_EQ(poller.model(), 0x02);
  EXPECT_EQ(log.observations.size(), drivers::default_scenario("ty16").samples.size());
  EXPECT_TRUE(log.errors.empty());
  EXPECT_TRUE(log.failures.empty());
  EXPECT_TRUE(device->finished());
  EXPECT_TRUE(poller.done());
}

TEST(Ty16Poller, OneByteAtATimeGivesTheSameRead) {
  auto device = simulator_for("ty16", kDay);
  Ty16Poller poller(read_of("all"), decoder_for("ty16"));
  const auto log = converse(poller, *device, true);
  EXPECT_EQ(log.observations.size(), drivers::default_scenario("ty16").samples.size());
  EXPECT_TRUE(log.failures.empty());
}

TEST(Ty16Poller, TheHostPicksTheDateAndTheLast) {
  {
    auto device = simulator_for("ty16", kDay);
    Ty16Poller poller(read_of("date:2026-11-24"), decoder_for("ty16"));
    const auto log = converse(poller, *device);
    EXPECT_TRUE(log.observations.empty());
    EXPECT_TRUE(log.failures.empty());
  }
  auto device = simulator_for("ty16", kDay);
  Ty16Poller poller(read_of("last"), decoder_for("ty16"));
  const auto log = converse(poller, *device);
  EXPECT_EQ(log.observations.size(), 1U);
  EXPECT_TRUE(log.failures.empty());
}

TEST(Ty16Poller, SkipsNoiseAndTheCfVariantBeforeTheModelAnswer) {
  Ty16Poller poller(read_of("all"), decoder_for("ty16"));
  PollLog log;
  poller.begin();
  poller.feed(hex("00 55 1B CF 1B 01"));
  log.take(poller);
  ASSERT_EQ(log.requests.size(), 2U);
  EXPECT_EQ(poller.model(), 0x01);
  poller.feed(ty::encode_no_more_data());  // an instrument holding nothing
  log.take(poller);
  EXPECT_EQ(log.requests.back(), ty::encode_end_session());
  EXPECT_TRUE(log.failures.empty());
  EXPECT_TRUE(poller.done());
}

TEST(Ty16Poller, AnUnknownModelCodeEndsTheRead) {
  Ty16Poller poller(read_of("all"), decoder_for("ty16"));
  PollLog log;
  poller.begin();
  poller.feed(hex("1B 77"));
  log.take(poller);
  ASSERT_EQ(log.failures.size(), 1U);
  EXPECT_EQ(log.failures[0].code, drivers::make_error_code(drivers::Errc::bad_settings));
  EXPECT_TRUE(poller.done());
}

TEST(Ty16Poller, SendsTwentyFourAgainOnceWhenNothingCameThenFails) {
  Ty16Poller poller(read_of("all"), decoder_for("ty16"));
  PollLog log;
  poller.begin();
  poller.feed(ty::encode_model_answer(0x02));
  poller.feed(ty::encode_ty16_first_reply(group(1, 20.5f)));
  log.take(poller);
  ASSERT_EQ(log.requests.size(), 3U);
  EXPECT_EQ(log.observations.size(), 1U);
  EXPECT_EQ(poller.wait(), 2000ms);
  poller.on_timeout();
  log.take(poller);
  ASSERT_EQ(log.requests.size(), 4U);
  EXPECT_EQ(log.requests[3], ty::encode_next_group());
  poller.on_timeout();
  log.take(poller);
  ASSERT_EQ(log.failures.size(), 1U);
  EXPECT_EQ(log.failures[0].code, drivers::make_error_code(drivers::Errc::timed_out));
  EXPECT_FALSE(log.failures[0].detail.zh.empty());
}

TEST(Ty16Poller, AGroupCutOffBySilenceIsAnErrorNotAnObservation) {
  Ty16Poller poller(read_of("all"), decoder_for("ty16"));
  PollLog log;
  poller.begin();
  poller.feed(ty::encode_model_answer(0x02));
  poller.feed(ty::encode_ty16_first_reply(group(1, 20.5f)));
  const auto second = ty::encode_ty16_group(group(2, 30.5f));
  poller.feed(std::span<const std::uint8_t>(second).first(40));
  EXPECT_EQ(poller.wait(), 1000ms);  // between the bytes of a group
  poller.on_timeout();
  log.take(poller);
  EXPECT_EQ(log.requests.size(), 3U);  // no 24 into a half group
  EXPECT_EQ(log.observations.size(), 1U);
  ASSERT_EQ(log.errors.size(), 1U);
  EXPECT_EQ(log.errors[0].code, protocols::Errc::truncated);
  ASSERT_EQ(log.failures.size(), 1U);
  EXPECT_TRUE(poller.done());
}

TEST(Ty16Poller, TheLinkClosingMidGroupIsAnErrorNotAnObservation) {
  Ty16Poller poller(read_of("all"), decoder_for("ty16"));
  PollLog log;
  poller.begin();
  poller.feed(ty::encode_model_answer(0x02));
  const auto first = ty::encode_ty16_first_reply(group(1, 20.5f));
  poller.feed(std::span<const std::uint8_t>(first).first(60));
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
