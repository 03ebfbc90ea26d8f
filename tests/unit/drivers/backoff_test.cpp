// The reconnect wait as a pure function: exponential growth, the cap, the jitter band, and
// sane answers for odd inputs — time and randomness are arguments, nothing sleeps.
#include <gtest/gtest.h>

#include <cmath>

#include "drivers/reconnect/backoff.hpp"

namespace kj::test {
namespace {

using drivers::Backoff;
using drivers::backoff_delay;
using std::chrono::milliseconds;

constexpr double kMiddle = 0.5;  // the draw that adds no jitter

TEST(Backoff, DoublesFromHalfASecondUpToThirtySeconds) {
  const Backoff backoff;  // 0.5 s, 30 s, ×2, ±20 %
  const long long expected[] = {500, 1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000};
  for (unsigned failures = 1; failures <= 9; ++failures) {
    EXPECT_EQ(backoff_delay(backoff, failures, kMiddle), milliseconds(expected[failures - 1])) << failures;
  }
}

TEST(Backoff, JitterSpreadsTwentyPercentEitherWay) {
  const Backoff backoff;
  EXPECT_EQ(backoff_delay(backoff, 1, 0.0), milliseconds(400));
  EXPECT_EQ(backoff_delay(backoff, 1, 0.75), milliseconds(550));
  EXPECT_EQ(backoff_delay(backoff, 1, 0.999999), milliseconds(600));
  EXPECT_EQ(backoff_delay(backoff, 3, 0.25), milliseconds(1800));
  // Once capped, devices that failed together still spread between 24 s and 36 s.
  EXPECT_EQ(backoff_delay(backoff, 20, 0.0), milliseconds(24000));
  EXPECT_EQ(backoff_delay(backoff, 20, 0.999999), milliseconds(36000));
}

TEST(Backoff, EveryDrawStaysInsideTheBand) {
  const Backoff backoff;
  for (unsigned failures = 1; failures < 40; ++failures) {
    const double base = std::min(30000.0, 500.0 * std::pow(2.0, failures - 1));
    for (double u = 0.0; u < 1.0; u += 0.01) {
      const auto wait = backoff_delay(backoff, failures, u).count();
      EXPECT_GE(wait, std::llround(base * 0.8)) << failures << " " << u;
      EXPECT_LE(wait, std::llround(base * 1.2)) << failures << " " << u;
    }
  }
}

TEST(Backoff, LongOutagesNeitherOverflowNorSpin) {
  const Backoff backoff;
  EXPECT_EQ(backoff_delay(backoff, 4'000'000'000u, kMiddle), milliseconds(30000));
  const Backoff flat{milliseconds(100), milliseconds(1000), 1.0, 0.0};
  EXPECT_EQ(backoff_delay(flat, 4'000'000'000u, kMiddle), milliseconds(100));
  const Backoff zero{milliseconds(0), milliseconds(1000), 2.0, 0.2};
  EXPECT_EQ(backoff_delay(zero, 4'000'000'000u, 0.9), milliseconds(0));
}

TEST(Backoff, OddInputsAreClamped) {
  const Backoff backoff;
  EXPECT_EQ(backoff_delay(backoff, 0, kMiddle), milliseconds(500)) << "0 failures counts as the first";
  EXPECT_EQ(backoff_delay(backoff, 1, -3.0), milliseconds(400));
  EXPECT_EQ(backoff_delay(backoff, 1, 7.0), milliseconds(600));
  EXPECT_EQ(backoff_delay(backoff, 1, std::nan("")), milliseconds(500));
  const Backoff inverted{milliseconds(5000), milliseconds(1000), 0.5, 3.0};  // max < initial, factor < 1, jitter > 1
  EXPECT_EQ(backoff_delay(inverted, 1, kMiddle), milliseconds(5000));
  EXPECT_EQ(backoff_delay(inverted, 9, 0.0), milliseconds(0));
  EXPECT_EQ(backoff_delay(inverted, 9, 0.75), milliseconds(7500));
}

}  // namespace
}  // namespace kj::test
